internal import CCmark

/// Finds link targets for what Markdown text mentions.
public protocol MarkdownLinking: Sendable {
    /// The href for a code span's text, such as an endpoint or an event type, or `nil`.
    func href(forCode code: String) -> String?
    /// The href to use for a link's destination; `nil` keeps it as written, `""` drops the link.
    func rewrite(destination: String) -> String?
    /// Splits plain text where it mentions something linkable (`MSC2140`); `nil` when it mentions nothing.
    func mentions(in text: String) -> [(text: String, href: String?)]?
}

extension MarkdownLinking {
    public func href(forCode code: String) -> String? { nil }
    public func rewrite(destination: String) -> String? { nil }
    public func mentions(in text: String) -> [(text: String, href: String?)]? { nil }
}

/// A heading met while rendering, for a table of contents.
public struct MarkdownHeading: Sendable, Hashable {
    public var level: Int
    public var text: String
    public var id: String
}

/// Renders CommonMark with libcmark into an ``HTMLWriter``.
///
/// Raw HTML in the source is written as escaped text, never passed through, and links with
/// script-running schemes lose their href.
public struct MarkdownRenderer: Sendable {
    /// Added to every heading level (a `#` in a description sits below the page's own headings).
    public var headingLevelOffset = 0
    /// When set, headings get ids, made unique with the allocator passed to ``render(_:into:anchors:)``.
    public var headingIDPrefix: String?
    public var linking: (any MarkdownLinking)?
    /// Writes inline code as `<span class="code">` rather than `<code>`: changelog entries use it,
    /// so that their whole text reads as text (search, the site checker) while looking the same.
    public var inlineCodeAsSpan = false
    /// Resolves `#fragment` links against the document's own heading ids (and the GitHub-style
    /// anchors authors write), found in a first walk over the same parsed tree; unknown ones lose their href.
    public var resolvesFragments = false

    public init(headingLevelOffset: Int = 0, headingIDPrefix: String? = nil, linking: (any MarkdownLinking)? = nil) {
        self.headingLevelOffset = headingLevelOffset
        self.headingIDPrefix = headingIDPrefix
        self.linking = linking
    }

    /// Renders `source` and returns the headings it wrote.
    @discardableResult
    public func render(_ source: String, into html: inout HTMLWriter, anchors: inout AnchorAllocator) -> [MarkdownHeading] {
        var source = source
        let document: OpaquePointer? = source.withUTF8 { utf8 in
            utf8.withMemoryRebound(to: CChar.self) { chars in
                cmark_parse_document(chars.baseAddress, chars.count, CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8)
            }
        }
        guard let document else { return [] }
        defer { cmark_node_free(document) }
        var walk = Walk(options: self, html: html, anchors: anchors)
        if resolvesFragments, headingIDPrefix != nil {
            walk.fragments = Walk.headingFragments(document, prefix: headingIDPrefix!, anchors: anchors)
        }
        walk.run(document)
        html = walk.html
        anchors = walk.anchors
        return walk.headings
    }

    /// Renders a one-paragraph text without the `<p>` around it, for table cells and summaries.
    public func renderInline(_ source: String, into html: inout HTMLWriter) {
        var anchors = AnchorAllocator()
        var inner = HTMLWriter(capacity: source.utf8.count + 64)
        render(source, into: &inner, anchors: &anchors)
        var bytes = inner.bytes[...]
        let open = Array("<p>".utf8), close = Array("</p>\n".utf8)
        if bytes.starts(with: open), bytes.reversed().starts(with: close.reversed()),
            bytes.dropFirst(3).firstRange(of: open) == nil
        {
            bytes = bytes.dropFirst(open.count).dropLast(close.count)
        }
        html.raw(Array(bytes))
    }
}

private struct Walk {
    let options: MarkdownRenderer
    var html: HTMLWriter
    var anchors: AnchorAllocator
    var headings: [MarkdownHeading] = []
    var linkDepth = 0
    /// For each open link, whether an `<a>` was written (script URLs leave only their text).
    var openLinks: [Bool] = []
    /// Image alt text is written as an attribute, so its children are collected, not written.
    var imageAlt: [String]?
    /// Fragment to heading id, when the renderer resolves fragments.
    var fragments: [String: String]?

    /// The ids the document's headings will get, keyed by themselves and by GitHub-style anchors.
    static func headingFragments(_ document: OpaquePointer, prefix: String, anchors: AnchorAllocator) -> [String: String] {
        var anchors = anchors
        var ids: [String: String] = [:]
        var node = cmark_node_first_child(document)
        var stack: [OpaquePointer] = []
        while let current = node {
            if cmark_node_get_type(current) == CMARK_NODE_HEADING {
                let text = plainText(current)
                let id = anchors.unique(prefix + AnchorAllocator.slug(text))
                ids[id] = id
                let github = text.lowercased().filter { $0.isLetter || $0.isNumber || $0 == " " || $0 == "-" || $0 == "_" }
                    .replacingOccurrences(of: " ", with: "-")
                if ids[github] == nil { ids[github] = id }
            } else if let child = cmark_node_first_child(current), cmark_node_get_type(current) == CMARK_NODE_BLOCK_QUOTE || cmark_node_get_type(current) == CMARK_NODE_LIST || cmark_node_get_type(current) == CMARK_NODE_ITEM {
                if let next = cmark_node_next(current) { stack.append(next) }
                node = child
                continue
            }
            node = cmark_node_next(current) ?? stack.popLast()
        }
        return ids
    }

    init(options: MarkdownRenderer, html: HTMLWriter, anchors: AnchorAllocator) {
        self.options = options
        self.html = html
        self.anchors = anchors
    }

    mutating func run(_ document: OpaquePointer) {
        let iterator = cmark_iter_new(document)
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard let node = cmark_iter_get_node(iterator) else { continue }
            visit(node, entering: event == CMARK_EVENT_ENTER)
        }
    }

    private mutating func visit(_ node: OpaquePointer, entering: Bool) {
        let type = cmark_node_get_type(node)
        if var alt = imageAlt {
            if type == CMARK_NODE_IMAGE && !entering {
                imageAlt = nil
                finishImage(node, alt: alt.joined())
            } else if entering || type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE {
                alt.append(literal(node))
                imageAlt = alt
            }
            return
        }
        switch type {
        case CMARK_NODE_DOCUMENT:
            break
        case CMARK_NODE_PARAGRAPH:
            if isInTightList(node) {
                if !entering, cmark_node_next(node) != nil { html.newline() }
                return
            }
            if entering { html.open("p") } else { html.close("p"); html.newline() }
        case CMARK_NODE_HEADING:
            let level = min(6, max(1, Int(cmark_node_get_heading_level(node)) + options.headingLevelOffset))
            if entering {
                var id: String?
                let text = plainText(node)
                if let prefix = options.headingIDPrefix {
                    id = anchors.unique(prefix + AnchorAllocator.slug(text))
                    headings.append(MarkdownHeading(level: level, text: text, id: id!))
                }
                html.open("h\(level)", [("id", id)])
            } else {
                html.close("h\(level)")
                html.newline()
            }
        case CMARK_NODE_BLOCK_QUOTE:
            if entering { html.open("blockquote"); html.newline() } else { html.close("blockquote"); html.newline() }
        case CMARK_NODE_LIST:
            let ordered = cmark_node_get_list_type(node) == CMARK_ORDERED_LIST
            if entering {
                let start = Int(cmark_node_get_list_start(node))
                html.open(ordered ? "ol" : "ul", [("start", ordered && start != 1 ? String(start) : nil)])
                html.newline()
            } else {
                html.close(ordered ? "ol" : "ul")
                html.newline()
            }
        case CMARK_NODE_ITEM:
            if entering { html.open("li") } else { html.close("li"); html.newline() }
        case CMARK_NODE_CODE_BLOCK:
            let info = cmark_node_get_fence_info(node).map { String(cString: $0) } ?? ""
            let words = info.split(separator: " ")
            if words.first.map(String.init) == TableSyntax.infoPrefix {
                writeTable(TableSyntax.rows(literal(node)), headerRows: words.count > 1 ? Int(words[1]) ?? 0 : 0)
                return
            }
            let language = words.first.map(String.init)
            html.open("pre")
            html.open("code", [("class", language.map { "language-\($0)" })])
            html.text(literal(node))
            html.close("code")
            html.close("pre")
            html.newline()
        case CMARK_NODE_HTML_BLOCK:
            html.element("pre", [("class", "source-html")], text: literal(node))
            html.newline()
        case CMARK_NODE_THEMATIC_BREAK:
            html.void("hr")
            html.newline()
        case CMARK_NODE_TEXT:
            writeText(literal(node))
        case CMARK_NODE_SOFTBREAK:
            html.newline()
        case CMARK_NODE_LINEBREAK:
            html.void("br")
            html.newline()
        case CMARK_NODE_CODE:
            let code = literal(node)
            let (tag, attributes) = options.inlineCodeAsSpan ? ("span", [("class", "code")]) : ("code", [])
            if linkDepth == 0, let href = options.linking?.href(forCode: code) {
                html.open("a", [("href", href)])
                html.element(tag, attributes, text: code)
                html.close("a")
            } else {
                html.element(tag, attributes, text: code)
            }
        case CMARK_NODE_HTML_INLINE:
            html.text(literal(node))
        case CMARK_NODE_EMPH:
            if entering { html.open("em") } else { html.close("em") }
        case CMARK_NODE_STRONG:
            if entering { html.open("strong") } else { html.close("strong") }
        case CMARK_NODE_LINK:
            if entering {
                let href = destination(node)
                let title = cmark_node_get_title(node).map { String(cString: $0) }
                if let href { html.open("a", [("href", href), ("title", title?.isEmpty == false ? title : nil)]) }
                openLinks.append(href != nil)
                linkDepth += 1
            } else {
                if openLinks.removeLast() { html.close("a") }
                linkDepth -= 1
            }
        case CMARK_NODE_IMAGE:
            if entering { imageAlt = [] }
        default:
            break
        }
    }

    /// A table from ``TableSyntax``: each cell's text is inline Markdown.
    private mutating func writeTable(_ rows: [[String]], headerRows: Int) {
        let inline = MarkdownRenderer(linking: options.linking)
        html.open("div", [("class", "table-wrap")])
        html.open("table", [("class", "prose-table")])
        for (index, row) in rows.enumerated() {
            if index == 0 && headerRows > 0 { html.open("thead") }
            if index == headerRows { html.open("tbody") }
            html.open("tr")
            for cell in row {
                let tag = index < headerRows ? "th" : "td"
                html.open(tag)
                inline.renderInline(cell, into: &html)
                html.close(tag)
            }
            html.close("tr")
            if index == headerRows - 1 { html.close("thead") }
        }
        if rows.count > headerRows { html.close("tbody") }
        html.close("table")
        html.close("div")
        html.newline()
    }

    /// An image whose source is unsafe or missing shows its alt text instead.
    private mutating func finishImage(_ node: OpaquePointer, alt: String) {
        guard let source = destination(node), !source.isEmpty else {
            html.element("span", [("class", "missing-image")], text: "[image: \(alt)]")
            return
        }
        let title = cmark_node_get_title(node).map { String(cString: $0) }
        html.void("img", [("src", source), ("alt", alt), ("title", title?.isEmpty == false ? title : nil)])
    }

    private mutating func writeText(_ text: String) {
        guard linkDepth == 0, let segments = options.linking?.mentions(in: text) else {
            html.text(text)
            return
        }
        for segment in segments {
            if let href = segment.href {
                html.element("a", [("href", href)], text: segment.text)
            } else {
                html.text(segment.text)
            }
        }
    }

    /// The link's destination, rewritten by the linker, or `nil` when its scheme could run script.
    private func destination(_ node: OpaquePointer) -> String? {
        let url = cmark_node_get_url(node).map { String(cString: $0) } ?? ""
        guard URLSafety.isSafe(url) else { return nil }
        if let fragments, url.hasPrefix("#") {
            return fragments[String(url.dropFirst()).lowercased()].map { "#" + $0 }
        }
        guard let rewritten = options.linking?.rewrite(destination: url) else { return url }
        return rewritten.isEmpty ? nil : rewritten
    }

    private func literal(_ node: OpaquePointer) -> String {
        cmark_node_get_literal(node).map { String(cString: $0) } ?? ""
    }

    private func plainText(_ node: OpaquePointer) -> String {
        Self.plainText(node)
    }

    fileprivate static func literal(_ node: OpaquePointer) -> String {
        cmark_node_get_literal(node).map { String(cString: $0) } ?? ""
    }

    fileprivate static func plainText(_ node: OpaquePointer) -> String {
        var parts: [String] = []
        var child = cmark_node_first_child(node)
        while let current = child {
            let type = cmark_node_get_type(current)
            if type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE {
                parts.append(literal(current))
            } else if type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK {
                parts.append(" ")
            } else {
                parts.append(plainText(current))
            }
            child = cmark_node_next(current)
        }
        return parts.joined()
    }

    private func isInTightList(_ node: OpaquePointer) -> Bool {
        guard let item = cmark_node_parent(node), cmark_node_get_type(item) == CMARK_NODE_ITEM,
            let list = cmark_node_parent(item)
        else { return false }
        return cmark_node_get_list_tight(list) != 0
    }
}

/// Decides which URLs may become an href.
enum URLSafety {
    /// False for `javascript:`, `vbscript:`, `file:` and non-image `data:` URLs, as cmark's safe mode decides.
    static func isSafe(_ url: String) -> Bool {
        let lowered = url.trimmingPrefix(while: { $0 == " " || $0 == "\t" }).lowercased()
        let scheme = lowered.prefix { $0 != ":" && $0 != "/" && $0 != "?" && $0 != "#" }
        guard scheme.count < lowered.count, lowered[scheme.endIndex] == ":" else { return true }
        let stripped = scheme.filter { !$0.isWhitespace && $0 != "\0" }
        switch stripped {
        case "javascript", "vbscript", "file": return false
        case "data":
            return lowered.hasPrefix("data:image/png") || lowered.hasPrefix("data:image/gif")
                || lowered.hasPrefix("data:image/jpeg") || lowered.hasPrefix("data:image/webp")
        default: return true
        }
    }
}

extension String {
    fileprivate func trimmingPrefix(while predicate: (Character) -> Bool) -> Substring {
        self[...].drop(while: predicate)
    }
}
