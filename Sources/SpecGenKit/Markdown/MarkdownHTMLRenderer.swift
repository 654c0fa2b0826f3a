/// What a page gives the Markdown renderer: where links go, and how to show shortcodes.
/// A run of plain text, and where it links to, if anywhere.
package struct TextSegment: Sendable, Equatable {
    package var text: String
    package var href: String?
}

package protocol MarkdownRenderingContext {
    /// The href for a link or image destination as written; `nil` shows the content without a link.
    func href(forDestination destination: String, at location: SourceLocation) -> String?
    /// The href for a code span's text, such as an endpoint or an event type, or `nil`.
    func href(forCode code: String) -> String?
    /// Splits plain text where it mentions something linkable (`MSC2140`); `nil` when it mentions nothing.
    func mentions(in text: String) -> [TextSegment]?
    /// Writes a shortcode that was not composed into a component.
    func renderShortcode(_ call: ShortcodeCall, inline: Bool, into html: inout HTMLWriter)
    /// Writes a formula as MathML, or as written when it cannot be converted.
    func renderMath(_ tex: String, display: Bool, at location: SourceLocation, into html: inout HTMLWriter)
    /// Writes a composed component.
    func renderComponent(_ index: Int, inline: Bool, into html: inout HTMLWriter)
    /// Writes what goes under a heading with this id, before its text (the proposals behind a section).
    func writeAfterHeading(id: String, into html: inout HTMLWriter)
}

extension MarkdownRenderingContext {
    package func href(forDestination destination: String, at location: SourceLocation) -> String? {
        URLPolicy.allows(destination) ? destination : nil
    }
    package func href(forCode code: String) -> String? { nil }
    package func mentions(in text: String) -> [TextSegment]? { nil }
    package func renderShortcode(_ call: ShortcodeCall, inline: Bool, into html: inout HTMLWriter) {}

    package func renderMath(_ tex: String, display: Bool, at location: SourceLocation, into html: inout HTMLWriter) {
        MathWriter.write(tex, display: display, into: &html)
    }
    package func renderComponent(_ index: Int, inline: Bool, into html: inout HTMLWriter) {}
    package func writeAfterHeading(id: String, into html: inout HTMLWriter) {}
}

/// A context that links nothing and shows no shortcode: plain CommonMark with tables.
package struct PlainMarkdownContext: MarkdownRenderingContext {
    package init() {}
}

/// Writes a ``MarkdownDocument`` as HTML.
///
/// Raw HTML goes through ``RawHTML``'s allowlist, and the elements it opens are closed by the
/// end of the document, so raw HTML can never unbalance the page around it.
package struct MarkdownHTMLRenderer<Context: MarkdownRenderingContext> {
    package let context: Context
    /// Added to every heading level: a `#` in a description sits below the page's own headings.
    package var headingLevelOffset = 0
    /// Writes a `#` self-link in every heading that has an id.
    package var headingSelfLinks = true

    private var openRawElements: [String] = []
    private var linkDepth = 0
    /// Inside a heading that holds a `/`: text wraps only at spaces and after slashes.
    private var wrapsAtSlashes = false

    package init(context: Context) {
        self.context = context
    }

    /// Writes the document's blocks.
    package mutating func render(_ document: MarkdownDocument, into html: inout HTMLWriter) {
        let outer = openRawElements
        openRawElements = []
        for block in document.blocks { render(block, tight: false, into: &html) }
        closeRawElements(into: &html)
        openRawElements = outer
    }

    /// Writes a document that is one paragraph without the `<p>` around it: table cells, summaries.
    package mutating func renderInline(_ document: MarkdownDocument, into html: inout HTMLWriter) {
        if document.blocks.count == 1, case .paragraph(let inlines) = document.blocks[0] {
            let outer = openRawElements
            openRawElements = []
            render(inlines, into: &html)
            closeRawElements(into: &html)
            openRawElements = outer
        } else {
            render(document, into: &html)
        }
    }

    // MARK: Blocks

    private mutating func render(_ block: MarkdownBlock, tight: Bool, into html: inout HTMLWriter) {
        switch block {
        case .paragraph(let inlines):
            if tight {
                render(inlines, into: &html)
            } else {
                html.open("p")
                render(inlines, into: &html)
                html.close("p")
                html.newline()
            }
        case .heading(let heading):
            let level = min(6, max(1, heading.level + headingLevelOffset))
            html.open(
                "h\(level)",
                [("id", heading.id), ("class", heading.classes.isEmpty ? nil : heading.classes.joined(separator: " "))])
            // A heading that names a path wraps only at its spaces and slashes.
            let outer = wrapsAtSlashes
            wrapsAtSlashes = heading.plainText.containsByte(UInt8(ascii: "/"))
            render(heading.content, into: &html)
            wrapsAtSlashes = outer
            if let id = heading.id, headingSelfLinks {
                html.text(" ")
                html.element(
                    "a", [("class", "anchor"), ("href", "#" + id), ("aria-label", "Link to this section")], text: "#")
            }
            html.close("h\(level)")
            html.newline()
            if let id = heading.id { context.writeAfterHeading(id: id, into: &html) }
        case .blockQuote(let blocks):
            html.open("blockquote")
            html.newline()
            for child in blocks { render(child, tight: false, into: &html) }
            html.close("blockquote")
            html.newline()
        case .list(let list):
            let tag = list.ordered ? "ol" : "ul"
            html.open(tag, [("start", list.ordered && list.start != 1 ? String(list.start) : nil)])
            html.newline()
            for item in list.items {
                html.open("li")
                for (index, child) in item.enumerated() {
                    let flowsInline = list.tight && Self.isParagraph(child)
                    if !flowsInline && index == 0 { html.newline() }
                    render(child, tight: list.tight, into: &html)
                    if flowsInline && index < item.count - 1 { html.newline() }
                }
                html.close("li")
                html.newline()
            }
            html.close(tag)
            html.newline()
        case .code(let info, let literal):
            let language = info.split(separator: " ").first.map(String.init)
            html.open("pre")
            html.open("code", [("class", language.map { "language-" + $0 })])
            if language?.lowercased() == "json" { html.highlightedJSON(literal) } else { html.text(literal) }
            html.close("code")
            html.close("pre")
            html.newline()
        case .html(let raw, let location):
            writeRaw(raw, at: location, into: &html)
            html.newline()
        case .thematicBreak:
            html.void("hr")
            html.newline()
        case .table(let table):
            writeTable(table, into: &html)
        case .math(let tex, let location):
            context.renderMath(tex, display: true, at: location, into: &html)
            html.newline()
        case .definitionList(let items):
            html.open("dl")
            html.newline()
            for item in items {
                for term in item.terms {
                    html.open("dt")
                    render(term, into: &html)
                    html.close("dt")
                    html.newline()
                }
                for definition in item.definitions {
                    html.open("dd")
                    html.newline()
                    for child in definition { render(child, tight: false, into: &html) }
                    html.close("dd")
                    html.newline()
                }
            }
            html.close("dl")
            html.newline()
        case .shortcode(let call):
            context.renderShortcode(call, inline: false, into: &html)
        case .component(let index):
            context.renderComponent(index, inline: false, into: &html)
        }
    }

    private static func isParagraph(_ block: MarkdownBlock) -> Bool {
        if case .paragraph = block { return true }
        return false
    }

    private mutating func writeTable(_ table: MarkdownTable, into html: inout HTMLWriter) {
        html.open("table")
        html.newline()
        // A table without a header row (an RST grid or list table can have none) has no head.
        if !table.header.isEmpty {
            html.open("thead")
            html.newline()
            writeRow(table.header, cell: "th", alignments: table.alignments, into: &html)
            html.close("thead")
            html.newline()
        }
        if !table.rows.isEmpty {
            html.open("tbody")
            html.newline()
            for row in table.rows { writeRow(row, cell: "td", alignments: table.alignments, into: &html) }
            html.close("tbody")
            html.newline()
        }
        html.close("table")
        html.newline()
    }

    private mutating func writeRow(
        _ cells: [[MarkdownInline]], cell tag: String, alignments: [MarkdownTable.Alignment?],
        into html: inout HTMLWriter
    ) {
        html.open("tr")
        html.newline()
        for (index, cell) in cells.enumerated() {
            let alignment = index < alignments.count ? alignments[index] : nil
            html.open(tag, [("style", alignment.map { "text-align: \($0.rawValue)" })])
            let outer = openRawElements
            openRawElements = []
            render(cell, into: &html)
            closeRawElements(into: &html)
            openRawElements = outer
            html.close(tag)
            html.newline()
        }
        html.close("tr")
        html.newline()
    }

    // MARK: Inlines

    private mutating func render(_ inlines: [MarkdownInline], into html: inout HTMLWriter) {
        for inline in inlines { render(inline, into: &html) }
    }

    private mutating func render(_ inline: MarkdownInline, into html: inout HTMLWriter) {
        switch inline {
        case .text(let text):
            writeText(text, into: &html)
        case .code(let code):
            if linkDepth == 0, let href = context.href(forCode: code) {
                html.open("a", [("href", href)])
                html.code(code)
                html.close("a")
            } else {
                html.code(code)
            }
        case .math(let tex, let location):
            context.renderMath(tex, display: false, at: location, into: &html)
        case .softBreak:
            html.newline()
        case .lineBreak:
            html.void("br")
            html.newline()
        case .emphasis(let children):
            html.open("em")
            render(children, into: &html)
            html.close("em")
        case .strong(let children):
            html.open("strong")
            render(children, into: &html)
            html.close("strong")
        case .link(let destination, let title, let content, let location):
            let href = linkDepth == 0 ? context.href(forDestination: destination, at: location) : nil
            if let href { html.open("a", [("href", href), ("title", title.isEmpty ? nil : title)]) }
            linkDepth += 1
            render(content, into: &html)
            linkDepth -= 1
            if href != nil { html.close("a") }
        case .image(let source, let title, let alt, let location):
            let text = MarkdownInline.plainText(alt)
            if let href = context.href(forDestination: source, at: location), !href.isEmpty {
                html.void("img", [("src", href), ("alt", text), ("title", title.isEmpty ? nil : title)])
            } else {
                html.element("span", [("class", "missing-image")], text: "[image: \(text)]")
            }
        case .html(let raw, let location):
            writeRaw(raw, at: location, into: &html)
        case .shortcode(let call):
            context.renderShortcode(call, inline: true, into: &html)
        case .component(let index):
            context.renderComponent(index, inline: true, into: &html)
        }
    }

    private func writeText(_ text: String, into html: inout HTMLWriter) {
        func write(_ text: String) {
            if wrapsAtSlashes { html.wrappingText(text) } else { html.text(text) }
        }
        guard linkDepth == 0, let segments = context.mentions(in: text) else {
            write(text)
            return
        }
        for segment in segments {
            if let href = segment.href {
                html.open("a", [("href", href)])
                write(segment.text)
                html.close("a")
            } else {
                write(segment.text)
            }
        }
    }

    // MARK: Raw HTML

    private mutating func writeRaw(_ raw: String, at location: SourceLocation, into html: inout HTMLWriter) {
        for (token, line) in RawHTML.tokenizeWithLines(raw) {
            switch token {
            case .text(let text):
                html.appendRawText(text)
            case .comment:
                continue
            case .start(let name, let attributes, let selfClosing):
                switch RawHTML.verdict(name: name, attributes: attributes) {
                case .showAsText:
                    html.text(Self.source(name: name, attributes: attributes, selfClosing: selfClosing))
                case .allow(let kept):
                    var values = kept.map { ($0.name, Optional($0.value ?? "")) }
                    // A link or an image goes where one written in Markdown goes.
                    let linking = name == "a" ? "href" : name == "img" ? "src" : nil
                    if let index = values.firstIndex(where: { $0.0 == linking }), let url = values[index].1 {
                        values[index].1 = context.href(forDestination: url, at: location.movedDown(line))
                    }
                    closeImplied(before: name, into: &html)
                    html.open(name, values)
                    if !RawHTML.voidTags.contains(name) && !selfClosing { openRawElements.append(name) }
                    if selfClosing && !RawHTML.voidTags.contains(name) { html.close(name) }
                }
            case .end(let name):
                guard let index = openRawElements.lastIndex(of: name) else {
                    if !RawHTML.allowedTags.contains(name) { html.text("</\(name)>") }
                    continue
                }
                while openRawElements.count > index {
                    html.close(openRawElements.removeLast())
                }
            }
        }
    }

    /// HTML's optional end tags: a new `<tr>` ends the open row (`<tr>…<tr>`), a new cell the open
    /// cell, a new `<li>` the open item, as a browser reads them; written out, so the page stays valid.
    private mutating func closeImplied(before name: String, into html: inout HTMLWriter) {
        let (closes, scope): (Set<String>, Set<String>)
        switch name {
        case "tr": (closes, scope) = (["tr", "td", "th"], ["table", "thead", "tbody", "tfoot"])
        case "td", "th": (closes, scope) = (["td", "th"], ["tr", "table"])
        case "thead", "tbody", "tfoot": (closes, scope) = (["thead", "tbody", "tfoot", "tr", "td", "th"], ["table"])
        case "li": (closes, scope) = (["li"], ["ul", "ol"])
        case "dt", "dd": (closes, scope) = (["dt", "dd"], ["dl"])
        default: return
        }
        guard let index = openRawElements.lastIndex(where: { closes.contains($0) || scope.contains($0) }),
            closes.contains(openRawElements[index])
        else { return }
        while openRawElements.count > index { html.close(openRawElements.removeLast()) }
    }

    private mutating func closeRawElements(into html: inout HTMLWriter) {
        while let name = openRawElements.popLast() { html.close(name) }
    }

    /// A tag written back as text, for showing markup that is not passed through.
    static func source(name: String, attributes: [RawHTML.Attribute], selfClosing: Bool) -> String {
        var text = "<" + name
        for attribute in attributes {
            text += " " + attribute.name
            if let value = attribute.value { text += "=\"" + value + "\"" }
        }
        return text + (selfClosing ? " />" : ">")
    }
}
