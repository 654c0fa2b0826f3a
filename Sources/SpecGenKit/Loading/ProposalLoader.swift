internal import CCmark

/// Reads `proposals/NNNN-*.md`.
struct ProposalLoader {
    let tree: SourceTree
    let directory: String

    func load() -> [Proposal] {
        let names = SpecLayout.contents(of: directory).filter { $0.hasSuffix(".md") }
        let proposals = parallelMap(names) { name -> Proposal? in
            let digits = name.prefix { $0.isNumber }
            guard let number = Int(digits), !digits.isEmpty else { return nil }
            let path = directory + "/" + name
            let display = tree.displayPath(path)
            guard let bytes = tree.readFile(path, display: display) else { return nil }
            guard let text = String(validatingUTF8Bytes: bytes) else {
                tree.diagnostics.emit(.error("the proposal is not UTF-8", file: display))
                return nil
            }
            if let found = HostileMarkup.find(in: text) {
                tree.diagnostics.emit(HostileMarkup.warning(found, in: "the proposal", file: display, at: Self.line(of: found, in: text)))
            }
            let title = Self.firstHeading(text)
            if title == nil {
                tree.diagnostics.emit(.warning("the proposal has no heading to take its title from", file: display, at: SourceLocation(line: 1, column: 1)))
            }
            return Proposal(
                number: number, title: title ?? Self.title(fromFileName: name), path: display, file: name, text: text,
                authors: Self.field("author", in: text), shepherd: Self.field("shepherd", in: text))
        }
        return proposals.compactMap { $0 }.sorted { ($0.number, $0.file) < ($1.number, $1.file) }
    }

    /// The text of the document's first heading, from cmark's tree. Only the lines up to the first
    /// line that can make a heading are parsed, and the whole text if that finds none.
    static func firstHeading(_ markdown: String) -> String? {
        var end = markdown.startIndex
        var lines = 0
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            end = line.endIndex
            lines += 1
            let trimmed = line.drop { $0 == " " }
            if trimmed.hasPrefix("#") || (!trimmed.isEmpty && (trimmed.allSatisfy { $0 == "=" } || trimmed.allSatisfy { $0 == "-" })) { break }
        }
        if end < markdown.endIndex, let heading = parseFirstHeading(String(markdown[..<end])) { return heading }
        return parseFirstHeading(markdown)
    }

    private static func parseFirstHeading(_ markdown: String) -> String? {
        var source = markdown
        let document: OpaquePointer? = source.withUTF8 { utf8 in
            utf8.withMemoryRebound(to: CChar.self) { cmark_parse_document($0.baseAddress, $0.count, CMARK_OPT_DEFAULT) }
        }
        guard let document else { return nil }
        defer { cmark_node_free(document) }
        var node = cmark_node_first_child(document)
        while let current = node {
            if cmark_node_get_type(current) == CMARK_NODE_HEADING {
                return collectText(current).trimming(" ")
            }
            node = cmark_node_next(current)
        }
        return nil
    }

    private static func collectText(_ node: OpaquePointer) -> String {
        var text = ""
        var child = cmark_node_first_child(node)
        while let current = child {
            switch cmark_node_get_type(current) {
            case CMARK_NODE_TEXT, CMARK_NODE_CODE, CMARK_NODE_HTML_INLINE:
                text += cmark_node_get_literal(current).map { String(cString: $0) } ?? ""
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
                text += " "
            default:
                text += collectText(current)
            }
            child = cmark_node_next(current)
        }
        return text
    }

    /// Where `needle` first appears, ignoring case, as a line and column.
    static func line(of needle: String, in text: String) -> SourceLocation {
        guard let range = text.lowercased().range(of: needle) else { return SourceLocation(line: 1, column: 1) }
        let before = text.lowercased()[..<range.lowerBound]
        let line = before.reduce(1) { $1 == "\n" ? $0 + 1 : $0 }
        let column = before.distance(from: before.lastIndex(of: "\n").map { before.index(after: $0) } ?? before.startIndex, to: before.endIndex) + 1
        return SourceLocation(line: line, column: column)
    }

    static func title(fromFileName name: String) -> String {
        let stem = name.dropLast(3).drop { $0.isNumber || $0 == "-" }
        return stem.replacingOccurrences(of: "-", with: " ")
    }

    /// A `Author: …` (or `Authors:`, `Shepherd:`) line in the first 40 lines, bold or not.
    static func field(_ name: String, in text: String) -> String? {
        for line in text.utf8.split(separator: UInt8(ascii: "\n"), maxSplits: 40, omittingEmptySubsequences: false).prefix(40) {
            // Only lines that name the field are worth the work below.
            guard line.count > name.count, let first = line.first(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "*") && $0 != UInt8(ascii: "_") }),
                first | 0x20 == name.utf8.first!
            else { continue }
            let plain = String(decoding: line, as: UTF8.self).filter { $0 != "*" && $0 != "_" }.trimming(" ")
            let lower = plain.lowercased()
            for label in [name + "s:", name + ":", name + "(s):"] where lower.hasPrefix(label) {
                let value = plain.dropFirst(label.count).trimming(" ")
                return value.isEmpty ? nil : value
            }
        }
        return nil
    }
}
