/// The state of one page while it is composed: its ids, its components, and what it holds.
struct PageComposition {
    var anchors = AnchorAllocator()
    var components: [PageComponent] = []
    var toc: [TOCEntry] = []
    var search: [SearchEntry] = []
    /// The id of the last heading composed: where the text after it is.
    var currentHeadingID: String?
    /// Error codes (`M_LIMIT_EXCEEDED`) indexed for search, with their entry's index and whether
    /// it is where the code starts a paragraph or item (its definition, most likely).
    var indexedErrorCodes: [String: (entry: Int, leading: Bool)] = [:]
    var diagnostics: [Diagnostic] = []
    /// The level of the last heading, so that an embedded operation sits one level below it.
    var headingLevel = 1
    /// The API documents and event schemas that the page shows.
    var embeddedDocuments: Set<String> = []
    var embeddedEvents: Set<String> = []
    /// The cached parts of the spec the page was made from (see ``PageCache``).
    var parts: Set<String> = []
    /// The endpoints the page shows, in order, for its list of endpoints.
    var endpoints: [EndpointListEntry] = []
    /// How many pages, and how much text, the page has included so far (see ``Include``).
    var includeCount = 0
    var includedBytes = 0
    var includeLimitReported = false

    /// Ids of the page around the content, which content can never take.
    static let chromeIDs = ["Main", "Sidebar", "TOC", "Search", "SearchResults", "Menu"]

    init() {
        for id in Self.chromeIDs { anchors.reserve(id) }
    }

    mutating func add(_ component: PageComponent) -> Int {
        components.append(component)
        return components.count - 1
    }
}

/// Turns a Markdown document into a page's content: headings get ids, shortcodes become
/// components, raw HTML ids are made unique, and what a reader would search for is noted.
struct DocumentComposer {
    let spec: Spec
    let layout: ComponentLayout
    let scheme: AnchorScheme
    /// The page's own Hugo parameters (a room version page's `version`).
    var parameters: [String: String] = [:]
    /// Heading levels that "on this page" lists.
    var tocLevels: ClosedRange<Int> = 2...3
    /// Badges that say "New in this version" inside included text are left out (v1.8's `rver-fragment`).
    var stripThisVersionBadges = false
    /// The files being included, outermost first: an include of one of them is a loop.
    var includeStack: [String] = []
    /// The module being included (`cs-module`'s `name`), which groups the page's list of endpoints.
    var module: String?
    let resources: ContentResources
    let paths: SitePaths

    func compose(_ document: MarkdownDocument, source: SourceText?, into page: inout PageComposition)
        -> MarkdownDocument
    {
        MarkdownDocument(blocks: document.blocks.map { compose($0, source: source, page: &page) })
    }

    /// An error code of the text (`M_LIMIT_EXCEEDED`) becomes a search entry of its own, once a
    /// page, at the section where it starts a paragraph or item, else where it first appears.
    private func indexErrorCode(_ code: String, leading: Bool, page: inout PageComposition) {
        guard code.count > 2, code.hasPrefix("M_"),
            code.utf8.allSatisfy({ ($0 >= 65 && $0 <= 90) || ($0 >= 48 && $0 <= 57) || $0 == 95 })
        else { return }
        if let known = page.indexedErrorCodes[code] {
            guard leading, !known.leading else { return }
            page.search[known.entry].anchor = page.currentHeadingID
            page.indexedErrorCodes[code] = (known.entry, true)
            return
        }
        page.indexedErrorCodes[code] = (page.search.count, leading)
        page.search.append(SearchEntry(kind: .errorCode, title: code, detail: "", anchor: page.currentHeadingID))
    }

    private func compose(_ block: MarkdownBlock, source: SourceText?, page: inout PageComposition) -> MarkdownBlock {
        switch block {
        case .paragraph(let inlines):
            return .paragraph(compose(inlines, source: source, page: &page))
        case .heading(var heading):
            heading.content = compose(heading.content, source: source, page: &page)
            let text = heading.plainText.trimming(" ")
            if let explicit = heading.explicitID {
                if !page.anchors.reserve(explicit) {
                    let location = source.map { $0.fileLocation(heading.location) } ?? .start
                    heading.id = page.anchors.unique(explicit)
                    page.diagnostics.append(
                        Diagnostic(
                            .duplicateID,
                            "the heading id '\(explicit)' is already used on this page; this heading gets '\(heading.id!)'",
                            file: source?.file(at: heading.location) ?? "", at: location))
                } else {
                    heading.id = explicit
                }
            } else {
                heading.id = page.anchors.unique(heading.derivedID ?? scheme.heading(heading.anchorText ?? text))
            }
            page.headingLevel = heading.level
            if tocLevels.contains(heading.level) {
                page.toc.append(TOCEntry(level: heading.level, text: text, id: heading.id!))
            }
            page.search.append(SearchEntry(kind: .heading, title: text, detail: "", anchor: heading.id))
            page.currentHeadingID = heading.id
            return .heading(heading)
        case .blockQuote(let blocks):
            return .blockQuote(blocks.map { compose($0, source: source, page: &page) })
        case .list(var list):
            list.items = list.items.map { $0.map { compose($0, source: source, page: &page) } }
            return .list(list)
        case .definitionList(var items):
            for index in items.indices {
                items[index].terms = items[index].terms.map { compose($0, source: source, page: &page) }
                items[index].definitions = items[index].definitions.map {
                    $0.map { compose($0, source: source, page: &page) }
                }
            }
            return .definitionList(items)
        case .table(var table):
            table.header = table.header.map { compose($0, source: source, page: &page) }
            table.rows = table.rows.map { $0.map { compose($0, source: source, page: &page) } }
            return .table(table)
        case .html(let html, let location):
            return .html(uniqueIDs(in: html, at: location, source: source, page: &page), location)
        case .shortcode(let call):
            return .component(component(for: call, inline: false, source: source, page: &page))
        case .code, .thematicBreak, .component, .math:
            return block
        }
    }

    private func compose(_ inlines: [MarkdownInline], source: SourceText?, page: inout PageComposition)
        -> [MarkdownInline]
    {
        if case .code(let code)? = inlines.first { indexErrorCode(code, leading: true, page: &page) }
        return inlines.map { inline in
            switch inline {
            case .code(let code):
                indexErrorCode(code, leading: false, page: &page)
                return inline
            case .emphasis(let children): return .emphasis(compose(children, source: source, page: &page))
            case .strong(let children): return .strong(compose(children, source: source, page: &page))
            case .link(let destination, let title, let content, let location):
                return .link(
                    destination: destination, title: title, content: compose(content, source: source, page: &page),
                    location: location)
            case .html(let html, let location):
                return .html(uniqueIDs(in: html, at: location, source: source, page: &page), location)
            case .shortcode(let call):
                return .component(component(for: call, inline: true, source: source, page: &page))
            default:
                return inline
            }
        }
    }

    /// Raw HTML with every id it gives made unique on the page.
    private func uniqueIDs(
        in html: String, at location: SourceLocation, source: SourceText?, page: inout PageComposition
    ) -> String {
        guard html.containsBytes("id=") || html.containsBytes("name=") else { return html }
        var changed = false
        var out = ""
        for token in RawHTML.tokenize(html) {
            switch token {
            case .text(let text): out += text
            case .comment: continue
            case .end(let name): out += "</\(name)>"
            case .start(let name, var attributes, let selfClosing):
                if case .allow(let kept) = RawHTML.verdict(name: name, attributes: attributes),
                    let id = kept.first(where: { $0.name == "id" })?.value
                {
                    if !page.anchors.reserve(id) {
                        let unique = page.anchors.unique(id)
                        page.diagnostics.append(
                            Diagnostic(
                                .duplicateID,
                                "the id '\(id)' is already used on this page; it is renamed '\(unique)'",
                                file: source?.file(at: location) ?? "",
                                at: source.map { $0.fileLocation(location) } ?? .start))
                        attributes.removeAll { $0.name == "id" || $0.name == "name" }
                        attributes.append(RawHTML.Attribute(name: "id", value: unique))
                        changed = true
                    }
                }
                out += MarkdownHTMLRenderer<PlainMarkdownContext>.source(
                    name: name, attributes: attributes, selfClosing: selfClosing)
            }
        }
        return changed ? out : html
    }

    // MARK: Shortcodes

    /// A call checked against the registry and composed by its shortcode into a component.
    private func component(
        for call: ShortcodeCall, inline: Bool, source: SourceText?, page: inout PageComposition
    ) -> Int {
        let context = ShortcodeContext(composer: self, call: call, source: source, inline: inline)
        guard let (entry, bound, findings) = ShortcodeRegistry.bind(call, templates: spec.shortcodeTemplates) else {
            page.diagnostics.append(
                ShortcodeRegistry.unknown(call, templates: spec.shortcodeTemplates).at(
                    context.location, in: context.file))
            return page.add(.unknown(document: context.composeInner(on: &page), source: context.innerSource))
        }
        for (finding, location) in findings {
            page.diagnostics.append(
                finding.at(
                    source.map { $0.fileLocation(location) } ?? location, in: source?.file(at: location) ?? context.file
                ))
        }
        if findings.contains(where: { $0.0.id == .missingShortcodeArgument }) {
            return page.add(.unknown(document: context.composeInner(on: &page), source: context.innerSource))
        }
        return page.add(entry.compose(bound, in: context, page: &page))
    }

    // MARK: Search

    static func searchEntries(_ plan: OperationPlan) -> [SearchEntry] {
        let operation = plan.operation
        var entries = [
            SearchEntry(
                kind: .endpoint, title: operation.endpoint,
                detail: [operation.summary?.text, operation.operationID].compactMap { $0 }.joined(separator: " "),
                anchor: plan.id)
        ]
        var tables = plan.parameterTables + (plan.requestBody?.tables ?? [])
        for response in plan.responses { tables += response.headers + (response.body?.tables ?? []) }
        var seen = Set<String>()
        for table in tables {
            let detail = "\(table.title) · \(operation.endpoint)"
            for row in table.rows where !row.isKeyPattern && seen.insert(row.name + table.id).inserted {
                entries.append(SearchEntry(kind: .field, title: row.name, detail: detail, anchor: table.id))
            }
        }
        return entries
    }

    static func searchEntries(_ plan: EventPlan) -> [SearchEntry] {
        var entries = [SearchEntry(kind: .event, title: plan.displayName, detail: plan.schema.type, anchor: plan.id)]
        for table in plan.tables + plan.otherTables {
            let detail = "\(table.title) · \(plan.displayName)"
            for row in table.rows where !row.isKeyPattern {
                entries.append(SearchEntry(kind: .field, title: row.name, detail: detail, anchor: table.id))
            }
        }
        return entries
    }
}

/// The pages that other pages include: headless bundles' files, and a bundle's release pages.
struct ContentResources: Sendable {
    /// Content pages by their source file.
    let byFile: [String: ContentPage]
    let contentDirectory: String

    /// The page `name` of a bundle (`client-server-api/modules`), as `.Resources.GetMatch` finds it.
    func resource(in bundle: String, name: String) -> ContentPage? {
        guard !name.isEmpty, !name.contains("/") || SourcePath.normalize(name) == name else { return nil }
        return byFile[SourcePath.child(SourcePath.child(contentDirectory, bundle), name + ".md")]
    }

    /// The pages whose front matter says `type: <type>`, by weight (matrix-spec v1.1's modules).
    func pages(ofType type: String) -> [ContentPage] {
        byFile.values.filter { $0.frontMatter.type == type }
            .sorted { ($0.frontMatter.weight ?? 0, $0.file) < ($1.frontMatter.weight ?? 0, $1.file) }
    }

    /// The release pages beside a bundle's `index.md`, newest first.
    func releaseResources(around file: String) -> [ContentPage] {
        let folder = SourcePath.parent(file)
        return byFile.values.filter { $0.kind == .resource && SourcePath.parent($0.file) == folder }
            .sorted { ($0.frontMatter.date ?? "", $0.file) > ($1.frontMatter.date ?? "", $1.file) }
    }
}
