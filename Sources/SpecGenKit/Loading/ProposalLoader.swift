/// Reads `proposals/NNNN-*.md`, and the files beside them that they show or link to.
struct ProposalLoader {
    let context: LoadContext
    let directory: String

    /// Adds the proposals to the pass; what it returns gives them once the pass has run.
    func load(in pass: ParallelPass) -> () -> (proposals: [Proposal], assets: [SiteAsset]) {
        let reader = context.reader
        let names = reader.list(directory).filter { $0.hasSuffix(".md") && !$0.hasPrefix(".") }
        let loaded = pass.map(names, cost: { reader.size(SourcePath.child(directory, $0)) }) {
            [context, directory] name -> (Proposal, [SiteAsset])? in
            let path = SourcePath.child(directory, name)
            return context.part("proposal:" + path) { context in read(path, name: name, context: context) }
        }
        return {
            let loaded = loaded.values()
            let proposals = loaded.compactMap { $0?.0 }.sorted { ($0.number, $0.path) < ($1.number, $1.path) }
            var seen = Set<String>()
            let assets = loaded.compactMap { $0?.1 }.joined().filter { seen.insert($0.sitePath).inserted }
            return (proposals, Array(assets))
        }
    }

    private func read(_ path: String, name: String, context: LoadContext) -> (Proposal, [SiteAsset])? {
        let digits = name.prefix { $0.isNumber }
        guard let number = Int(digits), !digits.isEmpty else { return nil }
        // The template (0000-proposal-template.md) is shown for authors, but is not a proposal.
        let isTemplate = number == 0 || name.contains("proposal-template")
        guard let text = context.text(path) else { return nil }
        var parser = MarkdownParser()
        parser.recognisesShortcodes = false
        let (document, _) = parser.parse(text)
        let title = Self.firstHeading(document)
        if title == nil {
            context.diagnostics.emit(
                Diagnostic(.proposalTitle, "the proposal has no heading to take its title from", file: path))
        }
        var assets: [SiteAsset] = []
        for (written, isImage) in Self.destinations(in: document.blocks) {
            let destination = Self.besideProposal(written, folder: directory) ?? written
            guard !destination.containsByte(UInt8(ascii: ":")), !destination.hasPrefix("#"), !destination.hasPrefix("/")
            else { continue }
            let file =
                String(destination.split(separator: "#", maxSplits: 1).first ?? "").split(separator: "?").first.map(
                    String.init) ?? ""
            guard !file.isEmpty, !file.hasSuffix(".md"),
                let target = SourcePath.join(directory, file.removingPercentEncodingIfPossible),
                target.hasPrefix(directory + "/")
            else { continue }
            switch context.reader.read(target) {
            case .success(let bytes):
                var asset = SiteAsset(
                    sitePath: SitePaths.proposalFile(String(target.dropFirst(directory.count + 1))), bytes: bytes)
                if URLPolicy.isActiveContent(path: target, bytes: bytes) {
                    // A file that could run script is never published; an SVG image is carried in its `<img>`.
                    guard isImage, target.lowercased().hasSuffix(".svg") else {
                        context.diagnostics.emit(
                            Diagnostic(
                                .activeContent,
                                "'\(file)' is not published or linked: a browser would run its script in the site's origin",
                                file: path))
                        continue
                    }
                    asset.isEmbeddedImage = true
                }
                assets.append(asset)
            case .failure(.missing):
                continue
            case .failure(let error):
                context.diagnostics.emit(Diagnostic(.proposalFile, "'\(file)': \(error.message)", file: path))
            }
        }
        var proposal = Proposal(
            number: number, title: title ?? Self.title(fromFileName: name), path: path,
            text: SourceText(text, file: path), authors: Self.field("author", in: text),
            shepherd: Self.field("shepherd", in: text),
            status: Self.field("status", in: text), document: document)
        proposal.isTemplate = isTemplate
        proposal.opening = Self.opening(of: document)
        return (proposal, assets)
    }

    /// The most blocks an opening keeps: a proposal with no heading after its introduction is
    /// not shown whole beside every endpoint it changed.
    static let openingLimit = 8

    /// The introduction or summary: after the title, the first run of blocks that are not
    /// headings (a note, paragraphs, a list), up to the next heading. A proposal that starts with
    /// "## Introduction" gives that section's text.
    static func opening(of document: MarkdownDocument) -> [MarkdownBlock] {
        var blocks = document.blocks[...]
        if case .heading(let heading)? = blocks.first, heading.level == 1 { blocks = blocks.dropFirst() }
        var opening: [MarkdownBlock] = []
        for block in blocks {
            switch block {
            case .heading:
                if !opening.isEmpty { return opening }
            case .thematicBreak,
                .html where opening.isEmpty:
                // A rule or an HTML comment before the text is not its opening.
                continue
            case .paragraph(let inlines) where opening.isEmpty && isMetadata(inlines):
                // "Author: …", "Status: …": shown with the proposal's details, not as its words.
                continue
            default:
                guard opening.count < openingLimit else { return opening }
                opening.append(block)
            }
        }
        return opening
    }

    /// On GitHub, where proposals are written, a path from `/` starts at the repository's top,
    /// which holds the proposals' folder: `/proposals/images/x.png` is `images/x.png` beside a
    /// proposal of `proposals/`. `nil` for any other destination.
    static func besideProposal(_ destination: String, folder: String) -> String? {
        let prefix = "/" + folder + "/"
        return destination.hasPrefix(prefix) ? String(destination.dropFirst(prefix.count)) : nil
    }

    static func firstHeading(_ document: MarkdownDocument) -> String? {
        for block in document.blocks {
            if case .heading(let heading) = block { return heading.plainText.trimming(" ") }
        }
        return nil
    }

    /// Every link and image destination in the blocks, raw HTML's `href` and `src` included, and
    /// whether it is shown as an image.
    static func destinations(in blocks: [MarkdownBlock]) -> [(destination: String, isImage: Bool)] {
        var found: [(destination: String, isImage: Bool)] = []
        MarkdownDocument.walk(
            blocks,
            block: { block in
                guard case .html(let html, _) = block else { return }
                for case .start(let name, let attributes, _) in RawHTML.tokenize(html) {
                    for attribute in attributes where attribute.name == "src" || attribute.name == "href" {
                        if let value = attribute.value {
                            found.append((value, name == "img" && attribute.name == "src"))
                        }
                    }
                }
            },
            inline: { inline in
                switch inline {
                case .link(let destination, _, _, _): found.append((destination, false))
                case .image(let destination, _, _, _): found.append((destination, true))
                default: break
                }
            })
        return found
    }

    static func title(fromFileName name: String) -> String {
        let stem = name.dropLast(3).drop { $0.isNumber || $0 == "-" }
        return stem.replacingOccurrences(of: "-", with: " ")
    }

    /// The labels of the lines a proposal's header gives about itself.
    static let metadataLabels: Set<String> = [
        "author", "authors", "author(s)", "co-author", "co-authors", "shepherd", "status", "created", "date",
        "updated", "last updated",
    ]

    /// A paragraph whose every line is `Label: value` with a label of ``metadataLabels``.
    static func isMetadata(_ inlines: [MarkdownInline]) -> Bool {
        let lines = inlines.split { inline in
            switch inline {
            case .softBreak, .lineBreak: return true
            default: return false
            }
        }.map { MarkdownInline.plainText(Array($0)) }
        return !lines.isEmpty
            && lines.allSatisfy { line in
                guard let colon = line.firstIndex(of: ":") else { return false }
                return metadataLabels.contains(line[..<colon].trimming(" ").lowercased())
            }
    }

    /// A `Author: …` (or `Authors:`, `Shepherd:`, `Status:`) line in the first 40 lines, bold or not.
    /// Lines are found by byte search, and only one that may start with the name is read as text.
    static func field(_ name: String, in text: String) -> String? {
        var copy = text
        let candidates: [Range<Int>] = copy.withUTF8 { bytes in
            var found: [Range<Int>] = []
            var start = 0
            var lines = 0
            while lines < 40, start < bytes.count {
                let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
                let line = UnsafeBufferPointer(rebasing: bytes[start..<end])
                if line.count > name.utf8.count, mayStart(line, with: name) { found.append(start..<end) }
                start = end + 1
                lines += 1
            }
            return found
        }
        let utf8 = text.utf8
        for range in candidates {
            let lower = utf8.index(utf8.startIndex, offsetBy: range.lowerBound)
            let line = text[lower..<utf8.index(lower, offsetBy: range.count)]
            let plain = line.filter { $0 != "*" && $0 != "_" }.trimming(" ").trimming("-").trimming(" ")
            let lowercased = plain.lowercased()
            for label in [name + "s:", name + ":", name + "(s):"] where lowercased.hasPrefix(label) {
                let value = plain.dropFirst(label.count).trimming(" ")
                return value.isEmpty ? nil : value
            }
        }
        return nil
    }

    /// Whether the line starts with `name` (lower-case ASCII letters), in any case, once its `*`
    /// and `_` and its leading spaces and dashes are left out: the byte test ``field(_:in:)`` runs
    /// on each line before its exact test, which works on characters.
    private static func mayStart(_ line: UnsafeBufferPointer<UInt8>, with name: String) -> Bool {
        var wanted = name.utf8.makeIterator()
        var started = false
        for byte in line where byte != UInt8(ascii: "*") && byte != UInt8(ascii: "_") {
            if !started, byte == UInt8(ascii: " ") || byte == UInt8(ascii: "-") { continue }
            started = true
            guard let letter = wanted.next() else { return true }
            guard byte | 0x20 == letter else { return false }
        }
        return wanted.next() == nil
    }
}
