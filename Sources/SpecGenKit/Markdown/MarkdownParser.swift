internal import CCmark

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Parses Markdown with libcmark and turns cmark's tree into a ``MarkdownDocument``.
///
/// This is the only place that calls libcmark. Each parse has its own cmark parser, so parses
/// run in parallel safely. On the parse tree it adds what CommonMark lacks and the Matrix spec
/// uses: GFM pipe tables (from paragraphs and their source lines), Goldmark's heading attributes
/// (`## Title {#id}`), and Hugo shortcodes.
package struct MarkdownParser: Sendable {
    /// Whether a shortcode that encloses nothing stands as a block of its own (`http-api`) rather
    /// than inside a paragraph's text (`added-in`). A shortcode that encloses text is a block unless
    /// it sits inside a sentence and encloses one paragraph.
    package var isBlockShortcode: @Sendable (String) -> Bool = { _ in false }
    /// The text a shortcode that stands for a value is replaced by (a page's URL for `relref`),
    /// or `nil` for a shortcode that is not one.
    package var shortcodeValue: @Sendable (String, [String: String]) -> String? = { _, _ in nil }
    /// Whether to look for shortcodes at all (matrix-spec text has them; proposals do not).
    package var recognisesShortcodes = true
    /// The deepest nesting of blocks or inlines kept; deeper content is kept as text.
    package var maxDepth = 48
    /// The deepest nesting of shortcodes that enclose text (`boxes/note` in `boxes/note` …); what
    /// a deeper one encloses is not shown, and reported.
    package static let maxShortcodeDepth = 32
    /// Whether Goldmark's definition lists are read (Hugo turns them on unless the config says not).
    package var definitionLists = false
    /// The delimiters of Goldmark's passthrough extension, when the tree's Hugo config turns it on:
    /// the TeX between them is kept as written, not read as Markdown.
    package var passthrough: PassthroughDelimiters?
    /// What the shortcode closures were made from (the config's output formats), which a key of
    /// parses must hold since closures cannot be compared.
    package var shortcodeSettings = ""

    package init() {}

    /// Every setting that changes what a text parses to: texts parsed by two parsers with the same
    /// key parse alike, so a parse cached under one serves the other.
    package var settingsKey: String {
        "\(recognisesShortcodes) \(definitionLists) \(maxDepth) \(String(describing: passthrough)) \(shortcodeSettings)"
    }

    /// A problem found while parsing, at a position in the text.
    package struct Problem: Sendable, Hashable {
        package var location: SourceLocation
        package var finding: Finding
    }

    package func parse(_ text: String) -> (document: MarkdownDocument, problems: [Problem]) {
        var problems: [Problem] = []
        let document = parse(text, problems: &problems)
        return (document, problems)
    }

    func parse(_ text: String, problems: inout [Problem], shortcodeDepth: Int = 0) -> MarkdownDocument {
        let extraction: ShortcodeSyntax.Extraction
        if recognisesShortcodes {
            extraction = ShortcodeSyntax.extract(text, value: shortcodeValue)
        } else {
            extraction = ShortcodeSyntax.Extraction(text: text, calls: [], problems: [])
        }
        problems += extraction.problems.map { Problem(location: $0.location, finding: $0.finding) }
        var calls: [ShortcodeCall] = []
        for call in extraction.calls {
            var inner: MarkdownDocument?
            if let innerText = call.innerText, shortcodeDepth >= Self.maxShortcodeDepth {
                inner = .empty
                problems.append(
                    Problem(
                        location: call.location,
                        finding: Finding(
                            .limitExceeded,
                            "shortcodes nest more than \(Self.maxShortcodeDepth) deep; what '\(call.name)' encloses (\(innerText.utf8.count) bytes) is not shown"
                        )))
            } else if let innerText = call.innerText {
                var innerProblems: [Problem] = []
                inner = parse(innerText, problems: &innerProblems, shortcodeDepth: shortcodeDepth + 1)
                problems += innerProblems.map {
                    Problem(location: $0.location.relative(to: call.innerOrigin), finding: $0.finding)
                }
            }
            calls.append(
                ShortcodeCall(
                    name: call.name, parameters: call.parameters, parameterLocations: call.parameterLocations,
                    inner: inner, location: call.location,
                    innerOrigin: call.innerOrigin, isMarkdownForm: call.isMarkdownForm, source: call.source))
        }
        var converter = Converter(parser: self, source: extraction.text, calls: calls, rawCalls: extraction.calls)
        return MarkdownDocument(blocks: converter.document())
    }
}

/// Walks one cmark tree into Swift values.
private struct Converter {
    let parser: MarkdownParser
    let source: String
    let bytes: [UInt8]
    let lineStarts: [Int]
    let calls: [ShortcodeCall]
    let rawCalls: [ShortcodeSyntax.Call]
    /// Link reference definitions of the whole text, for table cells parsed on their own.
    lazy var referenceDefinitions: String = Self.referenceDefinitions(in: source)
    /// For a text parsed inside another (a definition's): where its first line starts in the
    /// outer text, and how many columns its further lines were indented by there.
    var origin = SourceLocation(line: 1, column: 1)
    var indent = 0

    init(parser: MarkdownParser, source: String, calls: [ShortcodeCall], rawCalls: [ShortcodeSyntax.Call]) {
        self.parser = parser
        self.source = source
        self.bytes = Array(source.utf8)
        self.lineStarts = bytes.lineStartOffsets
        self.calls = calls
        self.rawCalls = rawCalls
    }

    mutating func document() -> [MarkdownBlock] {
        guard let root = Self.parseCmark(source) else { return [] }
        defer { cmark_node_free(root) }
        return blocks(of: root, depth: 0)
    }

    static func parseCmark(_ text: String) -> OpaquePointer? {
        var text = text
        return text.withUTF8 { utf8 in
            utf8.withMemoryRebound(to: CChar.self) {
                // A Swift string is valid UTF-8 already: cmark need not check it again.
                cmark_parse_document($0.baseAddress, $0.count, CMARK_OPT_SOURCEPOS)
            }
        }
    }

    private static func literal(_ node: OpaquePointer) -> String {
        cmark_node_get_literal(node).map { String(cString: $0) } ?? ""
    }

    private func location(_ node: OpaquePointer) -> SourceLocation {
        let line = Int(cmark_node_get_start_line(node)), column = Int(cmark_node_get_start_column(node))
        if line <= 1 { return SourceLocation(line: origin.line, column: origin.column + column - 1) }
        return SourceLocation(line: origin.line + line - 1, column: indent + column)
    }

    private func restore(_ text: String) -> String { ShortcodeSyntax.restore(text, calls: rawCalls) }

    // MARK: Blocks

    private mutating func blocks(of parent: OpaquePointer, depth: Int) -> [MarkdownBlock] {
        var result: [MarkdownBlock] = []
        var child = cmark_node_first_child(parent)
        while let node = child {
            if parser.definitionLists, depth < parser.maxDepth,
                let next = definition(at: node, after: &result, depth: depth)
            {
                child = next
                continue
            }
            result += block(node, depth: depth)
            child = cmark_node_next(node)
        }
        return result
    }

    // MARK: Definition lists

    /// Goldmark's definition lists, found on cmark's tree: a paragraph whose line starts with `:`
    /// defines the terms before it (the lines of the paragraph before, or the paragraph just
    /// before); what follows, indented to the definition's text, belongs to it and is parsed on
    /// its own. Consecutive items make one list.
    /// - Returns: the node after the definition, or `nil` when `node` starts none.
    private mutating func definition(at node: OpaquePointer, after result: inout [MarkdownBlock], depth: Int)
        -> OpaquePointer??
    {
        guard cmark_node_get_type(node) == CMARK_NODE_PARAGRAPH else { return nil }
        let first = Int(cmark_node_get_start_line(node)), last = Int(cmark_node_get_end_line(node))
        guard first >= 1, last >= first, last <= lineStarts.count else { return nil }
        // Inside a list item the paragraph starts further in: its lines are read from there.
        let base = Int(cmark_node_get_start_column(node)) - 1
        // Most paragraphs have no line that starts with ':' at all: a byte test says so first.
        func mayStartDefinition(_ number: Int) -> Bool {
            let end = number < lineStarts.count ? lineStarts[number] : bytes.count
            var index = lineStarts[number - 1] + (number == first ? base : 0)
            while index < end, bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "\t") { index += 1 }
            return index < end && bytes[index] == UInt8(ascii: ":")
        }
        guard (first...last).contains(where: mayStartDefinition) else { return nil }
        func line(_ number: Int) -> Substring {
            number == first ? rawLine(number).dropFirst(base) : Self.dropIndent(base, of: rawLine(number))
        }
        let lines = (first...last).map(line)
        guard let markerLine = lines.firstIndex(where: { Self.definitionMarkerWidth($0) != nil }) else { return nil }
        var terms: [[MarkdownInline]] = []
        var extendsList = false
        if markerLine > 0 {
            terms = lines[..<markerLine].map { inlineContent(String($0)) }
        } else if case .paragraph(let inlines)? = result.last {
            terms = Self.lines(of: inlines)
            result.removeLast()
        } else if case .definitionList? = result.last {
            extendsList = true
        } else {
            return nil
        }
        // Each marker line of the paragraph starts a definition; the last one also takes the
        // blocks after the paragraph that are indented to its text.
        let markers = lines.indices.filter { $0 >= markerLine && Self.definitionMarkerWidth(lines[$0]) != nil }
        var end = last
        var next = cmark_node_next(node)
        let lastWidth = Self.definitionMarkerWidth(lines[markers.last!])!
        while let sibling = next, Int(cmark_node_get_start_column(sibling)) - 1 >= base + lastWidth {
            end = max(end, Int(cmark_node_get_end_line(sibling)))
            next = cmark_node_next(sibling)
        }
        var definitions: [[MarkdownBlock]] = []
        for (index, marker) in markers.enumerated() {
            let width = Self.definitionMarkerWidth(lines[marker])!
            let lastLine = index + 1 < markers.count ? first + markers[index + 1] - 1 : min(end, lineStarts.count)
            var text: [Substring] = []
            for number in (first + marker)...lastLine {
                text.append(
                    number == first + marker ? line(number).dropFirst(width) : Self.dropIndent(width, of: line(number)))
            }
            while text.last?.allSatisfy(\.isWhitespace) == true { text.removeLast() }
            var nested = Converter(
                parser: parser, source: text.joined(separator: "\n"), calls: calls, rawCalls: rawCalls)
            nested.origin = SourceLocation(line: origin.line + first + marker - 1, column: base + width + 1)
            nested.indent = indent + base + width
            if let root = Self.parseCmark(nested.source) {
                definitions.append(nested.blocks(of: root, depth: depth + 1))
                cmark_node_free(root)
            } else {
                definitions.append([])
            }
        }
        if extendsList || terms.isEmpty, case .definitionList(var items)? = result.last, !items.isEmpty {
            items[items.count - 1].definitions += definitions
            result[result.count - 1] = .definitionList(items)
        } else if case .definitionList(var items)? = result.last {
            items.append(MarkdownDefinition(terms: terms, definitions: definitions))
            result[result.count - 1] = .definitionList(items)
        } else {
            result.append(.definitionList([MarkdownDefinition(terms: terms, definitions: definitions)]))
        }
        return .some(next)
    }

    /// A line of the text as written, without its line break.
    private func rawLine(_ number: Int) -> Substring {
        let start = lineStarts[number - 1]
        var end = number < lineStarts.count ? lineStarts[number] - 1 : bytes.count
        if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return Substring(String(decoding: bytes[start..<max(start, end)], as: UTF8.self))
    }

    /// `:   text`: the columns up to the text, for a line that starts a definition; else `nil`.
    private static func definitionMarkerWidth(_ line: Substring) -> Int? {
        let spaces = line.prefix { $0 == " " }.count
        guard spaces < 4, line.dropFirst(spaces).first == ":" else { return nil }
        let after = line.dropFirst(spaces + 1)
        let gap = after.prefix { $0 == " " || $0 == "\t" }.count
        guard gap > 0, after.count > gap else { return nil }
        // Past four spaces the text is indented code inside the definition, as in a list item.
        return spaces + 1 + (gap > 4 ? 1 : gap)
    }

    /// A line with up to `width` columns of leading spaces taken off.
    private static func dropIndent(_ width: Int, of line: Substring) -> Substring {
        var rest = line
        var columns = 0
        while columns < width, let first = rest.first, first == " " || first == "\t" {
            columns += first == "\t" ? 4 - columns % 4 : 1
            rest = rest.dropFirst()
        }
        return rest
    }

    /// A paragraph's inlines split at its line breaks: each line is a term.
    private static func lines(of inlines: [MarkdownInline]) -> [[MarkdownInline]] {
        var lines: [[MarkdownInline]] = [[]]
        for inline in inlines {
            if case .softBreak = inline { lines.append([]) } else { lines[lines.count - 1].append(inline) }
        }
        return lines.filter { !$0.isEmpty }
    }

    private mutating func block(_ node: OpaquePointer, depth: Int) -> [MarkdownBlock] {
        let type = cmark_node_get_type(node)
        if depth >= parser.maxDepth,
            type == CMARK_NODE_BLOCK_QUOTE || type == CMARK_NODE_LIST || type == CMARK_NODE_ITEM
        {
            return [.paragraph([.text(Self.plainText(node))])]
        }
        switch type {
        case CMARK_NODE_PARAGRAPH:
            if let table = table(node) { return table }
            if let passthrough = parser.passthrough, let blocks = paragraphWithMaths(node, passthrough) {
                return blocks
            }
            return splitBlockShortcodes(inlines(of: node, depth: depth))
        case CMARK_NODE_HEADING:
            var content = inlines(of: node, depth: depth)
            let (explicitID, classes) = Self.takeAttributes(&content)
            var heading = MarkdownHeading(
                level: Int(cmark_node_get_heading_level(node)), content: content, explicitID: explicitID,
                classes: classes, id: nil, location: location(node))
            heading.anchorText = anchorText(node)
            return [.heading(heading)]
        case CMARK_NODE_BLOCK_QUOTE:
            return [.blockQuote(blocks(of: node, depth: depth + 1))]
        case CMARK_NODE_LIST:
            var items: [[MarkdownBlock]] = []
            var item = cmark_node_first_child(node)
            while let current = item {
                items.append(blocks(of: current, depth: depth + 1))
                item = cmark_node_next(current)
            }
            return [
                .list(
                    MarkdownList(
                        ordered: cmark_node_get_list_type(node) == CMARK_ORDERED_LIST,
                        start: Int(cmark_node_get_list_start(node)), tight: cmark_node_get_list_tight(node) != 0,
                        items: items))
            ]
        case CMARK_NODE_CODE_BLOCK:
            let info = cmark_node_get_fence_info(node).map { String(cString: $0) } ?? ""
            return [.code(info: restore(info), literal: restore(Self.literal(node)))]
        case CMARK_NODE_HTML_BLOCK:
            return htmlPieces(Self.literal(node), at: location(node)).map { piece in
                switch piece {
                case .html(let html, let location): return .html(html, location)
                case .shortcode(let call): return .shortcode(call)
                default: return .html("", location(node))
                }
            }
        case CMARK_NODE_THEMATIC_BREAK:
            return [.thematicBreak]
        default:
            return []
        }
    }

    /// A paragraph's inlines, with shortcodes that stand as blocks taken out of it.
    private func splitBlockShortcodes(_ inlines: [MarkdownInline]) -> [MarkdownBlock] {
        var result: [MarkdownBlock] = []
        var run: [MarkdownInline] = []
        func flush() {
            if let start = run.firstIndex(where: { !Self.isBlank($0) }),
                let end = run.lastIndex(where: { !Self.isBlank($0) })
            {
                result.append(.paragraph(start == 0 && end == run.count - 1 ? run : Array(run[start...end])))
            }
            run = []
        }
        // Most paragraphs hold no shortcode: the whole paragraph is the one run.
        guard inlines.contains(where: { if case .shortcode = $0 { return true } else { return false } }) else {
            run = inlines
            flush()
            return result
        }
        let hasText = inlines.contains { inline in
            if case .shortcode = inline { return false }
            return !Self.isBlank(inline)
        }
        for inline in inlines {
            if case .shortcode(let call) = inline,
                parser.isBlockShortcode(call.name)
                    || (call.inner != nil && !Self.staysInline(call, besideText: hasText))
            {
                flush()
                result.append(.shortcode(call))
            } else {
                run.append(inline)
            }
        }
        flush()
        return result
    }

    /// An enclosing shortcode inside a sentence (`a {{% x %}}b{{% /x %}} c`) stays in it when
    /// what it encloses is one paragraph.
    private static func staysInline(_ call: ShortcodeCall, besideText: Bool) -> Bool {
        guard besideText, let inner = call.inner else { return false }
        return inner.blocks.count <= 1
            && inner.blocks.allSatisfy { if case .paragraph = $0 { return true } else { return false } }
    }

    private static func isBlank(_ inline: MarkdownInline) -> Bool {
        switch inline {
        case .softBreak, .lineBreak: return true
        case .text(let text): return text.allSatisfy { $0 == " " || $0 == "\t" }
        default: return false
        }
    }

    // MARK: Inlines

    private mutating func inlines(of parent: OpaquePointer, depth: Int) -> [MarkdownInline] {
        var result: [MarkdownInline] = []
        var child = cmark_node_first_child(parent)
        while let node = child {
            result += inline(node, depth: depth)
            child = cmark_node_next(node)
        }
        return result
    }

    private mutating func inline(_ node: OpaquePointer, depth: Int) -> [MarkdownInline] {
        let type = cmark_node_get_type(node)
        if depth >= parser.maxDepth, type == CMARK_NODE_EMPH || type == CMARK_NODE_STRONG || type == CMARK_NODE_LINK {
            return [.text(Self.plainText(node))]
        }
        switch type {
        case CMARK_NODE_TEXT:
            return textPieces(Self.literal(node))
        case CMARK_NODE_CODE:
            return [.code(restore(Self.literal(node)))]
        case CMARK_NODE_SOFTBREAK:
            return [.softBreak]
        case CMARK_NODE_LINEBREAK:
            return [.lineBreak]
        case CMARK_NODE_EMPH:
            return [.emphasis(inlines(of: node, depth: depth + 1))]
        case CMARK_NODE_STRONG:
            return [.strong(inlines(of: node, depth: depth + 1))]
        case CMARK_NODE_LINK:
            return [
                .link(
                    destination: restore(cmark_node_get_url(node).map { String(cString: $0) } ?? ""),
                    title: restore(cmark_node_get_title(node).map { String(cString: $0) } ?? ""),
                    content: inlines(of: node, depth: depth + 1), location: location(node))
            ]
        case CMARK_NODE_IMAGE:
            return [
                .image(
                    source: restore(cmark_node_get_url(node).map { String(cString: $0) } ?? ""),
                    title: restore(cmark_node_get_title(node).map { String(cString: $0) } ?? ""),
                    alt: inlines(of: node, depth: depth + 1), location: location(node))
            ]
        case CMARK_NODE_HTML_INLINE:
            return htmlPieces(Self.literal(node), at: location(node))
        default:
            return []
        }
    }

    /// Text with shortcode placeholders turned into calls, continuation markers dropped.
    private func textPieces(_ text: String) -> [MarkdownInline] {
        guard ShortcodeSyntax.mayHoldPlaceholder(text) else { return [.text(text)] }
        return ShortcodeSyntax.split(text).compactMap { piece in
            if let literal = piece.text { return .text(literal) }
            if let call = piece.call, call < calls.count { return .shortcode(calls[call]) }
            return nil
        }
    }

    private func htmlPieces(_ html: String, at location: SourceLocation) -> [MarkdownInline] {
        guard ShortcodeSyntax.mayHoldPlaceholder(html) else { return [.html(html, location)] }
        return ShortcodeSyntax.split(html).compactMap { piece in
            if let literal = piece.text { return .html(literal, location) }
            if let call = piece.call, call < calls.count { return .shortcode(calls[call]) }
            return nil
        }
    }

    /// The text of a node and everything in it, for content nested too deep to keep its structure.
    private static func plainText(_ node: OpaquePointer) -> String {
        var parts: [String] = []
        let iterator = cmark_iter_new(node)
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard event == CMARK_EVENT_ENTER, let current = cmark_iter_get_node(iterator) else { continue }
            switch cmark_node_get_type(current) {
            case CMARK_NODE_TEXT, CMARK_NODE_CODE, CMARK_NODE_CODE_BLOCK: parts.append(literal(current))
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK, CMARK_NODE_PARAGRAPH: parts.append(" ")
            default: break
            }
        }
        return parts.joined().trimming(" ")
    }

    // MARK: Heading attributes

    /// A heading's text as Goldmark gives it to Hugo for the heading's id: the source as written,
    /// character references included (`-&gt;` gives `gt`), backslash escapes resolved, code as its
    /// content, markup and attributes left out.
    private func anchorText(_ heading: OpaquePointer) -> String {
        var text = ""
        func visit(_ parent: OpaquePointer) {
            var child = cmark_node_first_child(parent)
            while let node = child {
                switch cmark_node_get_type(node) {
                case CMARK_NODE_TEXT:
                    text += rawText(node) ?? Self.literal(node)
                case CMARK_NODE_CODE:
                    text += restore(Self.literal(node))
                case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
                    text += " "
                case CMARK_NODE_HTML_INLINE:
                    break
                default:
                    visit(node)
                }
                child = cmark_node_next(node)
            }
        }
        visit(heading)
        if text.hasSuffix("}"), let open = text.lastRangeOfBytes("{")?.lowerBound { text = String(text[..<open]) }
        return ShortcodeSyntax.split(text).compactMap(\.text).joined().trimming(" ")
    }

    /// A text node's source, when cmark gives its position on one line, with `\X` escapes resolved.
    private func rawText(_ node: OpaquePointer) -> String? {
        let line = Int(cmark_node_get_start_line(node)), endLine = Int(cmark_node_get_end_line(node))
        let start = Int(cmark_node_get_start_column(node)), end = Int(cmark_node_get_end_column(node))
        guard line >= 1, line == endLine, line <= lineStarts.count, start >= 1, end >= start else { return nil }
        let from = lineStarts[line - 1] + start - 1, to = lineStarts[line - 1] + end
        guard to <= bytes.count else { return nil }
        var out: [UInt8] = []
        var index = from
        while index < to {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\\"), index + 1 < to, (0x21...0x7E).contains(bytes[index + 1]),
                !(bytes[index + 1] >= 0x30 && bytes[index + 1] <= 0x39)
                    && !((bytes[index + 1] | 0x20) >= 0x61 && (bytes[index + 1] | 0x20) <= 0x7A)
            {
                out.append(bytes[index + 1])
                index += 2
                continue
            }
            out.append(byte)
            index += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Goldmark's `{#id .class}` at the end of a heading: taken off the text, returned.
    private static func takeAttributes(_ content: inout [MarkdownInline]) -> (id: String?, classes: [String]) {
        guard case .text(let text)? = content.last, text.hasSuffix("}"), let open = text.lastIndex(of: "{") else {
            return (nil, [])
        }
        let body = text[text.index(after: open)..<text.index(before: text.endIndex)]
        var id: String?
        var classes: [String] = []
        for token in body.split(separator: " ", omittingEmptySubsequences: true) {
            if token.hasPrefix("#"), token.count > 1 {
                id = String(token.dropFirst())
            } else if token.hasPrefix("."), token.count > 1 {
                classes.append(String(token.dropFirst()))
            } else if let equals = token.firstIndex(of: "=") {
                // `{id="x"}` and `{class="y"}`; other attributes are not kept.
                let key = token[..<equals]
                let value = token[token.index(after: equals)...].trimming("\"").trimming("'")
                if key == "id", !value.isEmpty { id = value }
                if key == "class" { classes += value.split(separator: " ").map(String.init) }
            } else {
                return (nil, [])
            }
        }
        guard id != nil || !classes.isEmpty else { return (nil, []) }
        var rest = String(text[..<open])
        while rest.hasSuffix(" ") { rest.removeLast() }
        content.removeLast()
        if !rest.isEmpty { content.append(.text(rest)) }
        return (id, classes)
    }

    // MARK: Passthrough maths

    /// A paragraph that holds passthrough delimiters, rebuilt from its source lines as tables are:
    /// the TeX between the delimiters as written (inline, or a block of its own), the text around
    /// it parsed as Markdown. `nil` when the paragraph holds none.
    private mutating func paragraphWithMaths(_ node: OpaquePointer, _ passthrough: PassthroughDelimiters)
        -> [MarkdownBlock]?
    {
        let first = Int(cmark_node_get_start_line(node)), last = Int(cmark_node_get_end_line(node))
        guard first >= 1, last >= first, last <= lineStarts.count else { return nil }
        let end = last < lineStarts.count ? lineStarts[last] : bytes.count
        let holdsDelimiter = bytes[lineStarts[first - 1]..<end].withUnsafeBufferPointer { source in
            passthrough.all.contains { pair in
                var open = pair.open
                return open.withUTF8 { firstOffset(of: $0, in: source) != nil }
            }
        }
        guard holdsDelimiter else { return nil }
        let pieces = passthrough.split(sourceLines(node).joined(separator: "\n"))
        guard pieces.contains(where: { if case .text = $0 { return false } else { return true } }) else { return nil }
        var blocks: [MarkdownBlock] = []
        var inlines: [MarkdownInline] = []
        func flush() {
            if !inlines.isEmpty { blocks += splitBlockShortcodes(inlines) }
            inlines = []
        }
        for piece in pieces {
            switch piece {
            case .text(let text):
                // Parsed on its own, the text loses the spaces at its ends: they go back as a space,
                // or as a line break where the source broke the line.
                func space(_ blank: some Sequence<Character>) -> MarkdownInline {
                    blank.contains("\n") ? .softBreak : .text(" ")
                }
                let leading = text.prefix(while: \.isWhitespace)
                if !leading.isEmpty { inlines.append(space(leading)) }
                guard leading.count < text.count else { continue }
                inlines += inlineContent(text)
                let trailing = text.reversed().prefix(while: \.isWhitespace)
                if !trailing.isEmpty { inlines.append(space(trailing)) }
            case .inline(let tex):
                inlines.append(.math(tex, location(node)))
            case .block(let tex):
                flush()
                blocks.append(.math(tex, location(node)))
            }
        }
        flush()
        return blocks
    }

    // MARK: Tables

    /// The paragraph's lines as written, with the markers of enclosing block quotes taken off.
    private func sourceLines(_ node: OpaquePointer) -> [Substring] {
        let first = Int(cmark_node_get_start_line(node)), last = Int(cmark_node_get_end_line(node))
        guard first >= 1, last >= first, last <= lineStarts.count else { return [] }
        var quotes = 0
        var ancestor = cmark_node_parent(node)
        while let current = ancestor {
            if cmark_node_get_type(current) == CMARK_NODE_BLOCK_QUOTE { quotes += 1 }
            ancestor = cmark_node_parent(current)
        }
        var lines: [Substring] = []
        for number in first...last {
            let start = lineStarts[number - 1]
            var end = number < lineStarts.count ? lineStarts[number] - 1 : bytes.count
            if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
            var line = Substring(String(decoding: bytes[start..<max(start, end)], as: UTF8.self))
            if number == first {
                line =
                    line.utf8.count >= Int(cmark_node_get_start_column(node)) - 1
                    ? Substring(line.utf8.dropFirst(Int(cmark_node_get_start_column(node)) - 1)) : line
            } else {
                for _ in 0..<quotes {
                    let stripped = line.drop { $0 == " " || $0 == "\t" }
                    if stripped.first == ">" { line = stripped.dropFirst() } else { break }
                }
                line = line.drop { $0 == " " || $0 == "\t" }
            }
            lines.append(line)
        }
        return lines
    }

    private mutating func table(_ node: OpaquePointer) -> [MarkdownBlock]? {
        let first = Int(cmark_node_get_start_line(node)), last = Int(cmark_node_get_end_line(node))
        guard last > first, first >= 1, last <= lineStarts.count else { return nil }
        // Cheap test first, on the source bytes: a delimiter row needs a '-' and a line needs a '|'.
        let start = lineStarts[first - 1], end = last < lineStarts.count ? lineStarts[last] : bytes.count
        let mayBeTable = bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress, start < end else { return false }
            return memchr(base + start, Int32(UInt8(ascii: "|")), end - start) != nil
                && memchr(base + start, Int32(UInt8(ascii: "-")), end - start) != nil
        }
        guard mayBeTable else { return nil }
        let lines = sourceLines(node)
        guard let (header, alignments) = PipeTable.find(in: lines) else { return nil }
        var result: [MarkdownBlock] = []
        if header > 0 {
            let before = lines[..<header].joined(separator: "\n")
            result += splitBlockShortcodes(inlineContent(before))
        }
        let columns = alignments.count
        func row(_ line: Substring) -> [[MarkdownInline]] {
            var cells = PipeTable.cells(line).prefix(columns).map { inlineContent($0) }
            while cells.count < columns { cells.append([]) }
            return Array(cells)
        }
        result.append(
            .table(
                MarkdownTable(
                    alignments: alignments, header: row(lines[header]), rows: lines[(header + 2)...].map(row),
                    location: SourceLocation(
                        line: first + header, column: header == 0 ? Int(cmark_node_get_start_column(node)) : 1))))
        return result
    }

    /// A table cell's (or a paragraph's) text parsed as inline Markdown on its own, with the
    /// document's link reference definitions, and never as a block (`1.` or `#` at its start).
    private mutating func inlineContent(_ text: String) -> [MarkdownInline] {
        let trimmed = text.trimming(" ")
        guard !trimmed.isEmpty else { return [] }
        // Only a text with a bracket can use the document's link reference definitions.
        let definitions = trimmed.utf8.contains(UInt8(ascii: "[")) ? referenceDefinitions : ""
        for attempt in [trimmed, Self.escapingBlockStart(trimmed)] {
            guard let root = Self.parseCmark(attempt + (definitions.isEmpty ? "" : "\n\n" + definitions)) else {
                continue
            }
            defer { cmark_node_free(root) }
            if let first = cmark_node_first_child(root), cmark_node_get_type(first) == CMARK_NODE_PARAGRAPH,
                cmark_node_next(first) == nil
                    || Int(cmark_node_get_start_line(cmark_node_next(first)!))
                        > attempt.splittingBytes("\n").count
            {
                return inlines(of: first, depth: 0)
            }
        }
        return [.text(trimmed)]
    }

    /// The text with its first character escaped, so that it cannot open a block.
    private static func escapingBlockStart(_ text: String) -> String {
        guard let first = text.first else { return text }
        if first.isASCII && first.isPunctuation || first.isASCII && first.isSymbol { return "\\" + text }
        if first.isNumber, let delimiter = text.firstIndex(where: { $0 == "." || $0 == ")" }),
            text[..<delimiter].allSatisfy(\.isNumber)
        {
            var escaped = text
            escaped.insert("\\", at: delimiter)
            return escaped
        }
        return text
    }

    /// `[label]: destination` lines of the text, outside fenced code.
    private static func referenceDefinitions(in text: String) -> String {
        guard text.containsBytes("]:") else { return "" }
        var found: [Substring] = []
        var inFence = false
        for line in text.splittingBytes("\n") {
            let trimmed = line.drop { $0 == " " }
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") { inFence.toggle() }
            guard !inFence, line.utf8.count - trimmed.utf8.count <= 3, trimmed.hasPrefix("["),
                let close = trimmed.range(of: "]:"),
                close.lowerBound > trimmed.utf8.index(after: trimmed.startIndex)
            else { continue }
            found.append(trimmed)
        }
        return found.joined(separator: "\n")
    }
}

/// The delimiters of Goldmark's passthrough extension (`markup.goldmark.extensions.passthrough`):
/// what lies between them is TeX for KaTeX, which Goldmark leaves as written. A block pair (`\[`,
/// `\]`) gives display maths, an inline pair (`\(`, `\)`) maths in the line.
package struct PassthroughDelimiters: Sendable, Hashable {
    package struct Pair: Sendable, Hashable {
        package var open: String
        package var close: String
        package var isBlock: Bool
    }

    package var all: [Pair]

    package init(block: [(String, String)], inline: [(String, String)]) {
        all =
            block.map { Pair(open: $0.0, close: $0.1, isBlock: true) }
            + inline.map { Pair(open: $0.0, close: $0.1, isBlock: false) }
        all.removeAll { $0.open.isEmpty || $0.close.isEmpty }
    }

    enum Piece: Equatable {
        case text(String)
        case inline(String)
        case block(String)
    }

    /// The text cut at each delimited span, outside code spans: the spans' TeX without its
    /// delimiters. An opening delimiter that is never closed stays text.
    func split(_ text: String) -> [Piece] {
        let bytes = Array(text.utf8)
        let pairs = all.map { (open: Array($0.open.utf8), close: Array($0.close.utf8), isBlock: $0.isBlock) }
        var pieces: [Piece] = []
        var start = 0
        var index = 0
        func matches(_ delimiter: [UInt8], at offset: Int) -> Bool {
            offset + delimiter.count <= bytes.count && bytes[offset..<offset + delimiter.count].elementsEqual(delimiter)
        }
        func string(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }
        // Where a search for a closing delimiter (by pair) or backtick run (by length) already
        // failed: no later search from there on can succeed, so many unclosed openings stay linear.
        var noCloseFrom = [Int](repeating: Int.max, count: pairs.count)
        var noTicksFrom: [Int: Int] = [:]
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "`") {
                // A code span: as long a run of backticks closes it; passthrough does not reach into it.
                var run = index
                while run < bytes.count, bytes[run] == UInt8(ascii: "`") { run += 1 }
                let ticks = run - index
                var close = run
                var found: Int?
                if run >= noTicksFrom[ticks, default: Int.max] { close = bytes.count }
                while close < bytes.count {
                    if bytes[close] == UInt8(ascii: "`") {
                        var end = close
                        while end < bytes.count, bytes[end] == UInt8(ascii: "`") { end += 1 }
                        if end - close == ticks { found = end; break }
                        close = end
                    } else {
                        close += 1
                    }
                }
                if found == nil { noTicksFrom[ticks] = min(run, noTicksFrom[ticks, default: Int.max]) }
                index = found ?? run
                continue
            }
            guard let which = pairs.firstIndex(where: { matches($0.open, at: index) }) else {
                index += 1
                continue
            }
            let pair = pairs[which]
            let contentStart = index + pair.open.count
            var closeAt = contentStart >= noCloseFrom[which] ? bytes.count : contentStart
            while closeAt < bytes.count, !matches(pair.close, at: closeAt) { closeAt += 1 }
            if closeAt >= bytes.count { noCloseFrom[which] = min(contentStart, noCloseFrom[which]) }
            guard closeAt < bytes.count, closeAt > contentStart else {
                index += 1
                continue
            }
            if start < index { pieces.append(.text(string(start..<index))) }
            let tex = string(contentStart..<closeAt)
            pieces.append(pair.isBlock ? .block(tex.trimmingWhitespace) : .inline(tex))
            index = closeAt + pair.close.count
            start = index
        }
        if start < bytes.count { pieces.append(.text(string(start..<bytes.count))) }
        return pieces
    }
}
