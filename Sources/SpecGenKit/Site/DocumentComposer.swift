/// The state of one page while it is composed: its ids, its components, and what it holds.
struct PageComposition {
    var anchors = AnchorAllocator()
    var components: [PageComponent] = []
    var toc: [TOCEntry] = []
    var search: [SearchEntry] = []
    var diagnostics: [Diagnostic] = []
    /// The level of the last heading, so that an embedded operation sits one level below it.
    var headingLevel = 1
    /// The API documents and event schemas that the page shows.
    var embeddedDocuments: Set<String> = []
    var embeddedEvents: Set<String> = []
    /// The cached parts of the spec the page was made from (see ``PageCache``).
    var parts: Set<String> = []

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
    /// Includes deep enough to be a loop.
    var includeDepth = 0
    let resources: ContentResources

    func compose(_ document: MarkdownDocument, source: SourceText?, into page: inout PageComposition)
        -> MarkdownDocument
    {
        MarkdownDocument(blocks: document.blocks.flatMap { compose($0, source: source, page: &page) })
    }

    private func compose(_ block: MarkdownBlock, source: SourceText?, page: inout PageComposition) -> [MarkdownBlock] {
        switch block {
        case .paragraph(let inlines):
            return [.paragraph(compose(inlines, source: source, page: &page))]
        case .heading(var heading):
            heading.content = compose(heading.content, source: source, page: &page)
            let text = heading.plainText.trimming(" ")
            if let explicit = heading.explicitID {
                if !page.anchors.reserve(explicit) {
                    let location = source.map { $0.fileLocation(heading.location) } ?? .start
                    heading.id = page.anchors.unique(explicit)
                    page.diagnostics.append(
                        .warning(
                            "the heading id '\(explicit)' is already used on this page; this heading gets '\(heading.id!)'",
                            file: source?.file ?? "", at: location))
                } else {
                    heading.id = explicit
                }
            } else {
                heading.id = page.anchors.unique(scheme.heading(heading.anchorText ?? text))
            }
            page.headingLevel = heading.level
            if tocLevels.contains(heading.level) {
                page.toc.append(TOCEntry(level: heading.level, text: text, id: heading.id!))
            }
            page.search.append(SearchEntry(kind: .heading, title: text, detail: "", anchor: heading.id))
            return [.heading(heading)]
        case .blockQuote(let blocks):
            return [.blockQuote(blocks.flatMap { compose($0, source: source, page: &page) })]
        case .list(var list):
            list.items = list.items.map { $0.flatMap { compose($0, source: source, page: &page) } }
            return [.list(list)]
        case .table(var table):
            table.header = table.header.map { compose($0, source: source, page: &page) }
            table.rows = table.rows.map { $0.map { compose($0, source: source, page: &page) } }
            return [.table(table)]
        case .html(let html, let location):
            return [.html(uniqueIDs(in: html, at: location, source: source, page: &page), location)]
        case .shortcode(let call):
            return [.component(component(for: call, inline: false, source: source, page: &page))]
        case .code, .thematicBreak, .component:
            return [block]
        }
    }

    private func compose(_ inlines: [MarkdownInline], source: SourceText?, page: inout PageComposition)
        -> [MarkdownInline]
    {
        inlines.map { inline in
            switch inline {
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
                            .warning(
                                "the id '\(id)' is already used on this page; it is renamed '\(unique)'",
                                file: source?.file ?? "",
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

    private func component(for call: ShortcodeCall, inline: Bool, source: SourceText?, page: inout PageComposition)
        -> Int
    {
        let location = source.map { $0.fileLocation(call.location) } ?? call.location
        let file = source?.file ?? ""
        func warn(_ message: String) {
            page.diagnostics.append(.warning(message, file: file, at: location))
        }
        func innerSource() -> SourceText? {
            guard var inner = source else { return nil }
            inner.origin = source!.fileLocation(call.innerOrigin)
            return inner
        }
        func composedInner() -> MarkdownDocument? {
            call.inner.map { compose($0, source: innerSource(), into: &page) }
        }
        let level = min(6, page.headingLevel + 1)
        switch call.name {
        case "http-api":
            guard let api = call["spec"], let name = call["api"] else {
                warn("'http-api' needs 'spec' and 'api'")
                return page.add(.unknown(document: nil, source: nil))
            }
            guard let (found, document) = spec.document(api: api, name: name) else {
                warn("'http-api': there is no API file '\(api)/\(name)'")
                return page.add(.unknown(document: nil, source: nil))
            }
            page.embeddedDocuments.insert(document.path)
            page.parts.insert(PageCache.part(api: document.path))
            var plans: [OperationPlan] = []
            for operation in document.operations {
                let plan = layout.operation(
                    operation, api: found.name, level: level, anchorBase: call["anchor_base"], anchors: &page.anchors)
                page.search += Self.searchEntries(plan)
                plans.append(plan)
            }
            return page.add(.operations(plans))
        case "event":
            guard let name = call["event"], let schema = spec.events.schema(named: name) else {
                warn("'event': there is no event schema '\(call["event"] ?? "")'")
                return page.add(.unknown(document: nil, source: nil))
            }
            page.embeddedEvents.insert(schema.name)
            let examples =
                call["desired_example_name"].map { desired in spec.events.examples.filter { $0.name == desired } }
                ?? spec.events.examples(for: name)
            let title = call["title"].map { SourceText($0, file: file, origin: location, indent: nil) }
            let plan = layout.event(schema, title: title, level: level, examples: examples, anchors: &page.anchors)
            page.search += Self.searchEntries(plan)
            return page.add(.events([plan]))
        case "event-group":
            let group = call["group_name"] ?? ""
            let members = spec.events.schemas.filter { $0.name.hasPrefix(group) }
                .sorted { ($0.weight ?? 0, $0.name) < ($1.weight ?? 0, $1.name) }
            if members.isEmpty { warn("'event-group': no event schema starts with '\(group)'") }
            let plans = members.map { schema -> EventPlan in
                page.embeddedEvents.insert(schema.name)
                let plan = layout.event(
                    schema, level: level, examples: spec.events.examples(for: schema.name), anchors: &page.anchors)
                page.search += Self.searchEntries(plan)
                return plan
            }
            return page.add(.events(plans))
        case "msgtypes":
            let first = ["m.text", "m.emote", "m.notice", "m.image", "m.file"].map { "m.room.message$" + $0 }
            let excluded = ["m.room.message$m.server_notice", "m.room.message$m.key.verification.request"]
            let others = spec.events.schemas.map(\.name).filter {
                $0.hasPrefix("m.room.message$") && !excluded.contains($0) && !first.contains($0)
            }
            let plans = (first + others).compactMap { name -> EventPlan? in
                guard let schema = spec.events.schema(named: name) else { return nil }
                page.embeddedEvents.insert(schema.name)
                let plan = layout.event(
                    schema, name: schema.variant, level: level,
                    examples: spec.events.examples.filter { $0.name == name },
                    anchors: &page.anchors)
                page.search += Self.searchEntries(plan)
                return plan
            }
            return page.add(.events(plans))
        case "event-fields":
            guard let type = call["event_type"], let fields = spec.events.cores[type] else {
                warn("'event-fields': there is no core event schema '\(call["event_type"] ?? "")'")
                return page.add(.unknown(document: nil, source: nil))
            }
            let plan = layout.commonFields(
                fields, id: nil, idBase: "common-" + type, inherits: nil, anchors: &page.anchors)
            return page.add(.commonFields(plan))
        case "definition", "json-schema":
            guard let path = call.schemaPath, let schema = spec.definitions[path] else {
                let named = call.name == "definition" ? call["path"] ?? "" : "schemas/" + (call["name"] ?? "")
                warn("'\(call.name)': there is no data file '\(named)'")
                return page.add(.unknown(document: nil, source: nil))
            }
            let plan = layout.definition(schema, path: path, level: level, anchors: &page.anchors)
            page.parts.insert(PageCache.part(definition: schema.file))
            page.search.append(SearchEntry(kind: .definition, title: plan.title, detail: "", anchor: plan.id))
            return page.add(.definition(plan))
        case let name where name.hasPrefix("boxes/"):
            let kind = String(name.dropFirst("boxes/".count))
            if !["note", "warning", "rationale", "added-in-paragraph", "info"].contains(kind) {
                warn("'\(name)' is not a box the spec defines (note, warning, rationale); it is shown as a note")
            }
            return page.add(.box(kind: kind, document: composedInner() ?? .empty, source: innerSource()))
        case "added-in", "changed-in":
            let version = call["v"] ?? ""
            let kind = call.name == "added-in" ? "added" : "changed"
            var thisVersion = call["this"] == "true"
            if spec.traits.badgesFollowPageVersion, let pageVersion = parameters["version"] {
                // On a versioned page, only the page's own version is shown, as "this version".
                guard pageVersion == version else { return page.add(.unknown(document: nil, source: nil)) }
                thisVersion = true
            }
            if stripThisVersionBadges && thisVersion { return page.add(.unknown(document: nil, source: nil)) }
            return page.add(.versionBadge(kind: kind, version: version, thisVersion: thisVersion, block: !inline))
        case "cs-module", "rver-fragment":
            guard let name = call["name"] else {
                warn("'\(call.name)' needs a 'name'")
                return page.add(.unknown(document: nil, source: nil))
            }
            guard let included = resources.resource(shortcode: call.name, name: name) else {
                warn("'\(call.name)': there is no page '\(name).md' to include")
                return page.add(.unknown(document: nil, source: nil))
            }
            guard includeDepth < 8 else {
                warn("'\(call.name)' includes '\(name)' inside itself; it is not included again")
                return page.add(.unknown(document: nil, source: nil))
            }
            page.parts.insert(PageCache.part(content: included.file))
            var inner = self
            inner.includeDepth += 1
            inner.stripThisVersionBadges =
                call.name == "rver-fragment" && spec.traits.includesStripVersionBadges
                && call["withVersioning"] != "true"
            let document = inner.compose(included.document, source: included.body, into: &page)
            return page.add(.include(document: document, source: included.body))
        case "sas-emojis":
            let data = spec.dataFiles["data-definitions/sas-emoji.json"]
            if data == nil { warn("'sas-emojis': data-definitions/sas-emoji.json is missing") }
            return page.add(.emojiTable(data))
        case "proposal-tables":
            return page.add(
                .proposalTables(
                    spec.dataFiles[SourcePath.child(spec.layout.dataDirectory ?? "data", "msc/proposals.json")]))
        case "diagram":
            let name = call["name"] ?? ""
            let asset = "diagrams/" + name + ".webp"
            let exists = spec.assets.contains { $0.sitePath == asset }
            if !exists { warn("'diagram': there is no diagram '\(name)' (assets/diagrams/\(name).webp)") }
            return page.add(.diagram(source: exists ? asset : nil, alt: call["alt"] ?? name))
        case "changelog/changelogs":
            var releases: [(MarkdownDocument, SourceText)] = []
            for release in resources.releaseResources(around: source?.file ?? "") {
                page.parts.insert(PageCache.part(content: release.file))
                releases.append((compose(release.document, source: release.body, into: &page), release.body))
            }
            let unreleased =
                spec.changelogs.unreleased.isEmpty
                ? nil : ChangelogPlans.index(spec: spec, page: &page, listsReleases: false)
            return page.add(.releases(ReleasesPlan(unreleased: unreleased, releases: releases)))
        case "changelog/changelog-changes":
            // matrix-spec v1.1 to v1.4: the changes since the last release, from the newsfragments.
            let unreleased =
                spec.changelogs.unreleased.isEmpty
                ? nil : ChangelogPlans.index(spec: spec, page: &page, listsReleases: false)
            return page.add(.releases(ReleasesPlan(unreleased: unreleased, releases: [])))
        case "changelog/changelog-rendered":
            // matrix-spec v1.1 to v1.4: a released changelog kept as a partial (`layouts/partials/<p>`).
            guard let name = call["p"], let included = spec.includedReleases[name] else {
                warn(
                    "'changelog/changelog-rendered': there is no released changelog layouts/partials/\(call["p"] ?? "")"
                )
                return page.add(.unknown(document: nil, source: nil))
            }
            return page.add(
                .releases(
                    ReleasesPlan(
                        unreleased: nil,
                        releases: [(compose(included.document, source: included.body, into: &page), included.body)])))
        case "changelog/changelog-description":
            return page.add(
                .versionDescription(version: spec.config.version, unstable: spec.config.versionStatus == "unstable"))
        default:
            warn("unknown shortcode '\(call.name)'; only the text inside it is shown")
            return page.add(.unknown(document: composedInner(), source: innerSource()))
        }
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
            for row in table.rows where !row.isKeyPattern && seen.insert(row.name + table.id).inserted {
                entries.append(
                    SearchEntry(
                        kind: .field, title: row.name, detail: "\(table.title) · \(operation.endpoint)",
                        anchor: table.id))
            }
        }
        return entries
    }

    static func searchEntries(_ plan: EventPlan) -> [SearchEntry] {
        var entries = [SearchEntry(kind: .event, title: plan.displayName, detail: plan.schema.type, anchor: plan.id)]
        for table in plan.tables + plan.otherTables {
            for row in table.rows where !row.isKeyPattern {
                entries.append(
                    SearchEntry(
                        kind: .field, title: row.name, detail: "\(table.title) · \(plan.displayName)", anchor: table.id)
                )
            }
        }
        return entries
    }
}

/// The pages that other pages include: headless bundles' files, and a bundle's release pages.
struct ContentResources: Sendable {
    /// Content pages by their source file.
    let byFile: [String: ContentPage]
    /// The bundle each including shortcode reads from, as its template names it (`client-server-api/modules`).
    let bundles: [String: String]
    let contentDirectory: String

    func resource(shortcode: String, name: String) -> ContentPage? {
        guard let bundle = bundles[shortcode] else { return nil }
        return byFile[SourcePath.child(SourcePath.child(contentDirectory, bundle), name + ".md")]
    }

    /// The release pages beside a bundle's `index.md`, newest first.
    func releaseResources(around file: String) -> [ContentPage] {
        let folder = SourcePath.parent(file)
        return byFile.values.filter { $0.kind == .resource && SourcePath.parent($0.file) == folder }
            .sorted { ($0.frontMatter.date ?? "", $0.file) > ($1.frontMatter.date ?? "", $1.file) }
    }
}
