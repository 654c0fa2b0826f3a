/// A parsed Markdown document: cmark's tree turned into Swift values, with GFM pipe tables,
/// heading attributes and Hugo shortcodes recognised on it.
///
/// Positions are 1-based lines and UTF-8 byte columns of the text that was parsed; a
/// ``SourceText`` turns them into positions in the file.
package struct MarkdownDocument: Sendable, Equatable {
    package var blocks: [MarkdownBlock]

    package init(blocks: [MarkdownBlock]) {
        self.blocks = blocks
    }

    package static let empty = MarkdownDocument(blocks: [])
}

package indirect enum MarkdownBlock: Sendable, Equatable {
    case paragraph([MarkdownInline])
    case heading(MarkdownHeading)
    case blockQuote([MarkdownBlock])
    case list(MarkdownList)
    case code(info: String, literal: String)
    /// Raw HTML as written; it passes an allowlist when rendered.
    case html(String, SourceLocation)
    case thematicBreak
    case table(MarkdownTable)
    /// A formula of its own, from Goldmark's passthrough extension: its TeX, and where it is.
    case math(String, SourceLocation)
    /// Goldmark's definition list: terms, each with its definitions.
    case definitionList([MarkdownDefinition])
    /// A shortcode standing on its own, with what it encloses.
    case shortcode(ShortcodeCall)
    /// What composing put in a shortcode's place: an index into the page's components.
    case component(Int)
}

package indirect enum MarkdownInline: Sendable, Equatable {
    case text(String)
    case code(String)
    case softBreak
    case lineBreak
    case emphasis([MarkdownInline])
    case strong([MarkdownInline])
    case link(destination: String, title: String, content: [MarkdownInline], location: SourceLocation)
    case image(source: String, title: String, alt: [MarkdownInline], location: SourceLocation)
    case html(String, SourceLocation)
    case shortcode(ShortcodeCall)
    case component(Int)
    /// TeX that Goldmark's passthrough extension hands on untouched, and where it is.
    case math(String, SourceLocation)
}

package struct MarkdownHeading: Sendable, Equatable {
    package var level: Int
    package var content: [MarkdownInline]
    /// The id written in the source: `## Title {#custom-id}`.
    package var explicitID: String?
    /// Classes written in the source: `## Title {.no-numbers}`.
    package var classes: [String]
    /// The id it gets on its page, once composed.
    package var id: String?
    package var location: SourceLocation
    /// The text its id is made from, as Hugo sees it (see ``MarkdownParser``); the plain text when unset.
    package var anchorText: String?
    /// The id the source's own rules give it (docutils' section ids), made unique without a
    /// warning when the page has it already, as docutils does.
    package var derivedID: String?

    package init(
        level: Int, content: [MarkdownInline], explicitID: String?, classes: [String], id: String?,
        location: SourceLocation
    ) {
        self.level = level
        self.content = content
        self.explicitID = explicitID
        self.classes = classes
        self.id = id
        self.location = location
    }

    /// The heading's text without markup, as Hugo makes ids from it.
    package var plainText: String { MarkdownInline.plainText(content) }
}

package struct MarkdownList: Sendable, Equatable {
    package var ordered: Bool
    package var start: Int
    package var tight: Bool
    package var items: [[MarkdownBlock]]
}

/// One item of a definition list: its terms (one a line) and what defines them.
package struct MarkdownDefinition: Sendable, Equatable {
    package var terms: [[MarkdownInline]]
    package var definitions: [[MarkdownBlock]]
}

package struct MarkdownTable: Sendable, Equatable {
    package enum Alignment: String, Sendable {
        case left, center, right
    }

    package var alignments: [Alignment?]
    package var header: [[MarkdownInline]]
    package var rows: [[[MarkdownInline]]]
    package var location: SourceLocation
}

/// A Hugo shortcode call: `{{% boxes/note %}}…{{% /boxes/note %}}`, `{{< added-in v="1.4" >}}`.
package struct ShortcodeCall: Sendable, Equatable {
    package var name: String
    /// Named parameters, and positional ones under `"0"`, `"1"`, ….
    package var parameters: [String: String]
    /// Where each parameter is written, in the text that was parsed.
    package var parameterLocations: [String: SourceLocation] = [:]
    /// What a paired shortcode encloses, parsed as Markdown.
    package var inner: MarkdownDocument?
    /// Where the call starts, in the text that was parsed.
    package var location: SourceLocation
    /// Where the enclosed text starts, in the text that was parsed; its own positions count from there.
    package var innerOrigin: SourceLocation
    /// `{{% … %}}` (Markdown) rather than `{{< … >}}`.
    package var isMarkdownForm: Bool
    /// The call as written, for showing it inside code.
    package var source: String

    package subscript(parameter: String) -> String? { parameters[parameter] }
}

extension MarkdownInline {
    /// Text without markup: code spans keep their text, raw HTML and shortcodes give none.
    package static func plainText(_ inlines: [MarkdownInline]) -> String {
        var text = ""
        for inline in inlines {
            switch inline {
            case .text(let value), .code(let value), .math(let value, _): text += value
            case .softBreak, .lineBreak: text += " "
            case .emphasis(let children), .strong(let children): text += plainText(children)
            case .link(_, _, let children, _): text += plainText(children)
            case .image(_, _, let alt, _): text += plainText(alt)
            case .html, .shortcode, .component: break
            }
        }
        return text
    }
}

extension SourceLocation {
    /// A position relative to `origin` (itself 1-based) as a position in the text `origin` lies in.
    package func relative(to origin: SourceLocation) -> SourceLocation {
        guard line > 0 else { return origin }
        if line == 1 { return SourceLocation(line: origin.line, column: origin.column + column - 1) }
        return SourceLocation(line: origin.line + line - 1, column: column)
    }
}

extension MarkdownDocument {
    /// Calls `block` for every block and `inline` for every inline of `blocks`, depth first:
    /// inside quotes, lists, table cells, links, images' alt text and what shortcodes enclose.
    static func walk(
        _ blocks: [MarkdownBlock], block: (MarkdownBlock) -> Void = { _ in },
        inline: (MarkdownInline) -> Void = { _ in }
    ) {
        walkLocated(blocks, block: { node, _ in block(node) }, inline: { node, _ in inline(node) })
    }

    /// The same, with the origin each node's positions count from: `.start` outside shortcodes,
    /// the enclosed text's start (``ShortcodeCall/innerOrigin``, made absolute) inside one.
    static func walkLocated(
        _ blocks: [MarkdownBlock], block: (MarkdownBlock, SourceLocation) -> Void = { _, _ in },
        inline: (MarkdownInline, SourceLocation) -> Void = { _, _ in }
    ) {
        func visit(_ inlines: [MarkdownInline], _ origin: SourceLocation) {
            for node in inlines {
                inline(node, origin)
                switch node {
                case .emphasis(let children), .strong(let children): visit(children, origin)
                case .link(_, _, let children, _), .image(_, _, let children, _): visit(children, origin)
                case .shortcode(let call):
                    if let inner = call.inner { visit(inner.blocks, call.innerOrigin.relative(to: origin)) }
                default: break
                }
            }
        }
        func visit(_ blocks: [MarkdownBlock], _ origin: SourceLocation) {
            for node in blocks {
                block(node, origin)
                switch node {
                case .paragraph(let inlines): visit(inlines, origin)
                case .heading(let heading): visit(heading.content, origin)
                case .blockQuote(let children): visit(children, origin)
                case .list(let list): list.items.forEach { visit($0, origin) }
                case .table(let table):
                    table.header.forEach { visit($0, origin) }
                    table.rows.joined().forEach { visit($0, origin) }
                case .definitionList(let items):
                    for item in items {
                        item.terms.forEach { visit($0, origin) }
                        item.definitions.forEach { visit($0, origin) }
                    }
                case .shortcode(let call):
                    if let inner = call.inner { visit(inner.blocks, call.innerOrigin.relative(to: origin)) }
                default: break
                }
            }
        }
        visit(blocks, .start)
    }

    /// Every shortcode call in the document, those inside other shortcodes included.
    func shortcodeCalls() -> [ShortcodeCall] {
        var found: [ShortcodeCall] = []
        Self.walk(
            blocks, block: { if case .shortcode(let call) = $0 { found.append(call) } },
            inline: { if case .shortcode(let call) = $0 { found.append(call) } })
        return found
    }
}
