/// Composes every page of the site from the spec: the prose pages of a matrix-spec tree at their
/// Hugo URLs, or the API reference pages of a matrix-doc tree, and the pages both have (changelogs,
/// proposals). Each page is composed on its own, in parallel.
struct SiteComposer {
    let spec: Spec
    var diff: SpecDiff?
    let scheme: AnchorScheme
    let layout: ComponentLayout
    let resources: ContentResources

    init(spec: Spec, diff: SpecDiff? = nil) {
        self.spec = spec
        self.diff = diff
        scheme = AnchorScheme(layout: spec.layout.kind, traits: spec.traits)
        layout = ComponentLayout(scheme: scheme, formats: spec.stringFormats)
        resources = ContentResources(
            byFile: Dictionary(spec.content.map { ($0.file, $0) }, uniquingKeysWith: { a, _ in a }),
            bundles: spec.traits.includeBundles, contentDirectory: spec.layout.contentDirectory ?? "content")
    }

    private func composer(parameters: [String: String] = [:]) -> DocumentComposer {
        var composer = DocumentComposer(spec: spec, layout: layout, scheme: scheme, resources: resources)
        composer.parameters = parameters
        composer.tocLevels = Self.tocLevels(spec.config)
        return composer
    }

    /// The heading levels "On this page" lists: the tree's `markup.tableOfContents`, down to h3 at
    /// most, so that the long API pages keep a table of contents a reader can scan.
    static func tocLevels(_ config: SiteConfig) -> ClosedRange<Int> {
        let start = min(config.tocStartLevel, 3)
        return start...max(start, min(config.tocEndLevel, 3))
    }

    /// A page's job: one closure per page, run in parallel.
    private typealias Job = @Sendable () -> (PagePlan, PageComposition)

    /// A job that ``PageCache`` may skip: the page it makes depends only on the parts it notes in
    /// `PageComposition.parts` and on what every page depends on.
    private struct CacheableJob {
        var id: String
        /// What the page is made from, in bytes of source, roughly: the pass starts the costliest first.
        var cost = 0
        var run: Job
    }

    /// What `specgen serve` keeps between builds; `nil` composes every page.
    var pageCache: PageCache?

    /// Adds a job per page to the pass; what it returns gives the pages once the pass has run.
    func compose(in pass: ParallelPass) -> () -> (pages: [PagePlan], diagnostics: [Diagnostic]) {
        var jobs: [Job] = []
        var cacheable: [CacheableJob] = []
        if spec.content.isEmpty {
            // A matrix-doc tree, or a matrix-spec tree without prose: one reference page per API.
            jobs.append(homeJob())
            cacheable += spec.apis.map { api in
                CacheableJob(id: "api-page:" + api.name, cost: api.operationCount * Self.bytesPerOperation) {
                    apiPage(api)
                }
            }
            if !spec.events.schemas.isEmpty {
                cacheable.append(
                    CacheableJob(id: "events-page", cost: spec.events.schemas.count * Self.bytesPerOperation) {
                        eventsPage()
                    })
            }
        } else {
            cacheable += spec.content.filter { [.home, .section, .page].contains($0.kind) }.map { page in
                CacheableJob(id: "content-page:" + page.file, cost: page.body.text.utf8.count) { contentPage(page) }
            }
        }
        cacheable += changelogJobs()
        cacheable += proposalJobs()
        if let diff { jobs.append { changesPage(diff) } }
        if let pageCache, diff == nil {
            cacheable = cacheable.map { job in
                CacheableJob(id: job.id, cost: job.cost) { pageCache.page(job.id, compose: job.run) }
            }
        }
        let composed = jobs.map { pass.add(cost: 0, $0) } + cacheable.map { pass.add(cost: $0.cost, $0.run) }
        return {
            var results = composed.values()
            results += fallbackPages(after: results)
            var diagnostics = results.flatMap(\.1.diagnostics)
            var pages: [PagePlan] = []
            var paths: [String: String] = [:]
            for (plan, _) in results {
                if let other = paths[plan.path] {
                    diagnostics.append(
                        .error(
                            "two pages would be written to \(plan.path): \(other) and \(plan.source?.file ?? plan.title)",
                            file: plan.source?.file ?? ""))
                    continue
                }
                paths[plan.path] = plan.source?.file ?? plan.title
                pages.append(plan)
            }
            return (pages, diagnostics)
        }
    }

    /// About what one operation or event takes in YAML, to weigh a reference page against prose.
    private static let bytesPerOperation = 2000

    /// A plan from a composed document.
    private func plan(
        path: String, url: String, title: String, navigationTitle: String? = nil, parent: String?, weight: Int,
        listed: Bool = true, document: MarkdownDocument, source: SourceText? = nil, page: PageComposition,
        preferredAPI: String? = nil
    ) -> PagePlan {
        PagePlan(
            path: path, url: url, title: title, navigationTitle: navigationTitle ?? title, parent: parent,
            weight: weight, listed: listed,
            document: document, source: source, components: page.components,
            anchors: page.anchors.ids.subtracting(PageComposition.chromeIDs).sorted(), toc: page.toc,
            searchEntries: [SearchEntry(kind: .page, title: title, detail: "", anchor: nil)] + page.search,
            preferredAPI: preferredAPI)
    }

    private static func heading(_ level: Int, _ text: String, id: String? = nil) -> MarkdownBlock {
        .heading(
            MarkdownHeading(
                level: level, content: [.text(text)], explicitID: id, classes: [], id: nil, location: .start))
    }

    // MARK: matrix-doc pages

    private func homeJob() -> Job {
        {
            var page = PageComposition()
            var entries = spec.apis.map { api in
                APIIndexEntry(
                    title: api.title, href: "\(api.name)/index.html",
                    detail: "\(api.operationCount) endpoint\(api.operationCount == 1 ? "" : "s")")
            }
            if !spec.events.schemas.isEmpty {
                entries.append(
                    APIIndexEntry(
                        title: "Events", href: "events/index.html", detail: "\(spec.events.events.count) event types"))
            }
            if !spec.proposals.isEmpty {
                entries.append(
                    APIIndexEntry(
                        title: "Proposals", href: "proposals/index.html", detail: "\(spec.proposals.count) proposals"))
            }
            if !spec.changelogs.isEmpty {
                entries.append(
                    APIIndexEntry(
                        title: "Changelog", href: "changelog/index.html", detail: "unreleased changes and every release"
                    ))
            }
            let index = page.add(.apiIndex(entries))
            let document = composer().compose(
                MarkdownDocument(blocks: [Self.heading(2, "Contents"), .component(index)]), source: nil, into: &page)
            return (
                plan(
                    path: "index.html", url: "", title: spec.layout.title, parent: nil, weight: 0, document: document,
                    page: page), page
            )
        }
    }

    /// The groups an API's endpoints are listed under.
    func groups(of api: API) -> [(title: String, operations: [Operation])] {
        APIGrouping.groups(of: api)
    }

    private func apiPage(_ api: API) -> (PagePlan, PageComposition) {
        var page = PageComposition()
        for document in api.documents { page.parts.insert(PageCache.part(api: document.path)) }
        var blocks: [MarkdownBlock] = []
        let groups = groups(of: api)
        let lead = page.add(
            .lead(
                "\(api.operationCount) endpoint\(api.operationCount == 1 ? "" : "s") in \(groups.count) group\(groups.count == 1 ? "" : "s").",
                className: "lead"))
        blocks.append(.component(lead))
        let composer = composer()
        var document = composer.compose(MarkdownDocument(blocks: blocks), source: nil, into: &page)
        for group in groups {
            // The composer lists the group's heading in the table of contents.
            document.blocks +=
                composer.compose(MarkdownDocument(blocks: [Self.heading(2, group.title)]), source: nil, into: &page)
                .blocks
            var plans: [OperationPlan] = []
            for operation in group.operations {
                let plan = layout.operation(
                    operation, api: api.name, level: 3, anchors: &page.anchors, change: change(of: operation))
                page.toc.append(TOCEntry(level: 3, text: operation.endpoint, id: plan.id))
                page.search += DocumentComposer.searchEntries(plan)
                plans.append(plan)
            }
            document.blocks.append(.component(page.add(.operations(plans))))
        }
        page.embeddedDocuments.formUnion(api.documents.map(\.path))
        let weight = (SpecLoader.apiOrder.firstIndex(of: api.name) ?? 50) + 1
        return (
            plan(
                path: "\(api.name)/index.html", url: "\(api.name)/", title: api.title, parent: "", weight: weight,
                document: document,
                page: page, preferredAPI: api.name), page
        )
    }

    private func change(of operation: Operation) -> (kind: String, notes: [String])? {
        guard let diff else { return nil }
        if diff.addedEndpoints.contains(where: { $0.method == operation.method && $0.path == operation.fullPath }) {
            return ("added", [])
        }
        if let changed = diff.changedEndpoints.first(where: {
            $0.method == operation.method && $0.path == operation.fullPath
        }) {
            return ("changed", changed.notes)
        }
        return nil
    }

    /// `m.room.member` is in `m.room`; `m.key.verification.start` in `m.key.verification`.
    static func prefix(of type: String) -> String {
        guard let dot = type.lastIndex(of: "."), type[..<dot].contains(".") else { return type }
        return String(type[..<dot])
    }

    private func eventsPage(only names: Set<String>? = nil, path: String = "events/index.html", url: String = "events/")
        -> (PagePlan, PageComposition)
    {
        var page = PageComposition()
        let composer = composer()
        let events = spec.events.events.filter { names == nil || names!.contains($0.name) }
        var document = MarkdownDocument(blocks: [])
        document.blocks.append(
            .component(page.add(.lead("\(events.count) event types, by kind and namespace.", className: "lead"))))
        func heading(_ level: Int, _ text: String) -> String {
            let composed = composer.compose(
                MarkdownDocument(blocks: [Self.heading(level, text)]), source: nil, into: &page)
            document.blocks += composed.blocks
            guard case .heading(let heading)? = composed.blocks.first, let id = heading.id else { return "" }
            return id
        }
        var commonIDs: [EventKind: String] = [:]
        if !spec.events.common.isEmpty && names == nil {
            _ = heading(2, "Common fields")
            var inherited: (title: String, id: String, names: [String])?
            for common in spec.events.common {
                let id = heading(3, common.title)
                commonIDs[common.kind] = id
                let plan = layout.commonFields(
                    common, shown: inherited?.names ?? [], id: id, idBase: id,
                    inherits: inherited.map { ($0.title, $0.id) },
                    anchors: &page.anchors)
                document.blocks.append(.component(page.add(.commonFields(plan))))
                inherited = (common.title, id, common.schema.properties.map(\.name))
            }
        }
        for kind in EventKind.allCases {
            let ofKind = events.filter { $0.kind == kind }
            guard !ofKind.isEmpty else { continue }
            _ = heading(2, kind.title)
            let prefixes = Dictionary(grouping: ofKind) { Self.prefix(of: $0.type) }
            for prefix in prefixes.keys.sorted() {
                let members = prefixes[prefix]!
                _ = heading(3, members.count == 1 && members[0].type == prefix ? prefix : prefix + ".*")
                let plans = members.map { schema -> EventPlan in
                    page.embeddedEvents.insert(schema.name)
                    let plan = layout.event(
                        schema, level: 4, examples: spec.events.examples(for: schema.name), anchors: &page.anchors,
                        commonFieldsID: commonIDs[schema.kind], variants: spec.events.variants(of: schema.type),
                        catalog: spec.events)
                    page.search += DocumentComposer.searchEntries(plan)
                    for variant in spec.events.variants(of: schema.type) { page.embeddedEvents.insert(variant.name) }
                    return plan
                }
                document.blocks.append(.component(page.add(.events(plans))))
            }
        }
        return (
            plan(path: path, url: url, title: "Events", parent: "", weight: 80, document: document, page: page), page
        )
    }

    // MARK: matrix-spec pages

    private func contentPage(_ content: ContentPage) -> (PagePlan, PageComposition) {
        var page = PageComposition()
        page.parts.insert(PageCache.part(content: content.file))
        var composer = composer(parameters: content.frontMatter.params)
        composer.tocLevels = Self.tocLevels(spec.config)
        var document: MarkdownDocument
        if content.frontMatter.layout == "changelog-index" {
            // Hugo redirects this page to the newest release; specgen lists every release and the unreleased changes.
            document = MarkdownDocument(blocks: [
                .component(page.add(.changelogIndex(ChangelogPlans.index(spec: spec, page: &page))))
            ])
        } else {
            document = composer.compose(content.document, source: content.body, into: &page)
        }
        if content.frontMatter.layout == "changelog",
            let release = spec.changelogs.releases.first(where: { $0.file == content.file })
        {
            let info = release.date.map { "Released \($0)." } ?? ""
            document.blocks.insert(.component(page.add(.lead(info, className: "release-date"))), at: 0)
        }
        let path = content.url.isEmpty ? "index.html" : content.url + "index.html"
        let parent = Self.parentURL(of: content.url)
        var result = plan(
            path: path, url: content.url, title: content.title, navigationTitle: content.linkTitle,
            parent: content.kind == .home ? nil : parent,
            weight: content.frontMatter.weight ?? 0, document: document, source: content.body, page: page,
            preferredAPI: Self.api(forURL: content.url))
        result.parameters = content.frontMatter.params
        return (result, page)
    }

    /// `rooms/v11/` is under `rooms/`; `appendices/` under the home page.
    static func parentURL(of url: String) -> String {
        let parts = url.split(separator: "/")
        return parts.count <= 1 ? "" : parts.dropLast().joined(separator: "/") + "/"
    }

    /// The API a prose page is about: `client-server-api/` is `client-server`.
    static func api(forURL url: String) -> String? {
        let first = url.split(separator: "/").first.map(String.init) ?? ""
        guard first.hasSuffix("-api") else { return nil }
        let name = String(first.dropLast(4))
        return name == "identity-service" ? "identity" : name
    }

    // MARK: Changelogs

    /// The id of an unreleased entry, from its first fragment's name: `change-2282.new`.
    static func entryID(forFragment path: String) -> String {
        "change-" + AnchorAllocator.slug(SourcePath.name(path), keep: "._+")
    }

    /// The changelog pages. They are made from the changelogs alone, whose files every page
    /// depends on (``PageCache``), so they note no part.
    private func changelogJobs() -> [CacheableJob] {
        let changelogs = spec.changelogs
        guard !changelogs.isEmpty else { return [] }
        var jobs: [CacheableJob] = []
        let hasContentIndex = spec.content.contains { $0.url == "changelog/" }
        if !hasContentIndex {
            jobs.append(
                CacheableJob(id: "changelog-index") {
                    var page = PageComposition()
                    let index = page.add(.changelogIndex(ChangelogPlans.index(spec: spec, page: &page)))
                    return (
                        plan(
                            path: "changelog/index.html", url: "changelog/", title: "Changelog", parent: "",
                            weight: 1000,
                            document: MarkdownDocument(blocks: [.component(index)]), page: page), page
                    )
                })
        }
        if spec.layout.kind == .matrixDoc {
            for unreleased in changelogs.unreleased {
                jobs.append(
                    CacheableJob(id: "changelog-page:" + unreleased.name) {
                        changelogAPIPage(
                            unreleased: unreleased, history: changelogs.histories.first { $0.name == unreleased.name })
                    })
            }
        }
        for history in changelogs.histories where spec.layout.kind == .matrixSpec || history.isLegacy {
            jobs.append(CacheableJob(id: "history-page:" + history.name) { historyPage(history) })
        }
        return jobs
    }

    private func entries(
        _ categories: [ChangelogCategory], markup: ChangelogMarkup, notes: [String], unreleased: Bool, idPrefix: String,
        page: inout PageComposition
    ) -> ChangelogEntriesPlan {
        var categoryIDs: [String?] = []
        var entryIDs: [[String?]] = []
        for category in categories {
            categoryIDs.append(
                category.title.isEmpty
                    ? nil : page.anchors.unique(idPrefix + "-" + HugoAnchor.anchorize(category.title)))
            entryIDs.append(
                category.entries.map { entry in
                    guard unreleased, let fragment = entry.fragments.first else { return nil }
                    return page.anchors.unique(Self.entryID(forFragment: fragment))
                })
            for entry in category.entries {
                page.search.append(
                    SearchEntry(
                        kind: .change, title: String(entry.text.text.prefix(80)), detail: category.title, anchor: nil))
            }
        }
        return ChangelogEntriesPlan(
            categories: categories, categoryIDs: categoryIDs, entryIDs: entryIDs, markup: markup, notes: notes)
    }

    /// A matrix-doc API's changelog: its unreleased fragments, then each release.
    private func changelogAPIPage(unreleased: UnreleasedChanges, history: Changelogs.APIHistory?) -> (
        PagePlan, PageComposition
    ) {
        var page = PageComposition()
        let composer = composer()
        var document = MarkdownDocument(blocks: [])
        @discardableResult
        func heading(_ text: String, level: Int = 2, id: String? = nil) -> String {
            let composed = composer.compose(
                MarkdownDocument(blocks: [Self.heading(level, text, id: id)]), source: nil, into: &page)
            document.blocks += composed.blocks
            guard case .heading(let heading)? = composed.blocks.first, let id = heading.id else { return "" }
            return id
        }
        heading("Unreleased changes")
        if unreleased.categories.isEmpty {
            document.blocks.append(.component(page.add(.lead("No unreleased changes.", className: "none"))))
        } else {
            document.blocks.append(
                .component(
                    page.add(
                        .lead("What the next release adds, from the newsfragments not yet released.", className: "lead")
                    )))
            let plan = entries(
                unreleased.categories, markup: unreleased.markup, notes: [], unreleased: true, idPrefix: "unreleased",
                page: &page)
            document.blocks.append(.component(page.add(.changelogEntries(plan))))
        }
        for release in history?.releases ?? [] {
            // matrix-doc's release anchors are the version itself (`#r0.5.0`), as they always were.
            let releaseID = heading(release.version, id: spec.layout.kind == .matrixDoc ? release.version : nil)
            if let date = release.date {
                document.blocks.append(.component(page.add(.lead("Released \(date)", className: "release-date"))))
            }
            let plan = entries(
                release.sections.flatMap(\.categories), markup: release.markup,
                notes: release.sections.flatMap(\.notes), unreleased: false,
                idPrefix: releaseID, page: &page)
            document.blocks.append(.component(page.add(.changelogEntries(plan))))
        }
        let path = ChangelogPaths.apiPage(unreleased.name)
        return (
            plan(
                path: path, url: path, title: "\(unreleased.title) changelog", navigationTitle: unreleased.title,
                parent: "changelog/",
                weight: 0, document: document, page: page, preferredAPI: ChangelogLayout.apiFolder(for: unreleased.name)
            ), page
        )
    }

    /// A per-API history: matrix-spec's legacy r0.x changelogs.
    private func historyPage(_ history: Changelogs.APIHistory) -> (PagePlan, PageComposition) {
        var page = PageComposition()
        let composer = composer()
        var document = MarkdownDocument(blocks: [])
        for release in history.releases {
            let composed = composer.compose(
                MarkdownDocument(blocks: [Self.heading(2, release.version)]), source: nil, into: &page)
            document.blocks += composed.blocks
            var releaseID = ""
            if case .heading(let heading)? = composed.blocks.first, let id = heading.id {
                releaseID = id
            }
            let plan = entries(
                release.sections.flatMap(\.categories), markup: release.markup,
                notes: release.sections.flatMap(\.notes), unreleased: false,
                idPrefix: releaseID, page: &page)
            document.blocks.append(.component(page.add(.changelogEntries(plan))))
        }
        let url = ChangelogPaths.historyURL(history)
        return (
            plan(
                path: url + "index.html", url: url,
                title: "\(history.title) changelog (\(history.isLegacy ? "before v1.1" : "releases"))",
                navigationTitle: history.title, parent: "changelog/", weight: 2000, listed: false, document: document,
                page: page,
                preferredAPI: ChangelogLayout.apiFolder(for: history.name)), page
        )
    }

    // MARK: Proposals

    private func proposalJobs() -> [CacheableJob] {
        guard !spec.proposals.isEmpty else { return [] }
        let folder = ProposalPaths.folder(spec: spec)
        var jobs: [CacheableJob] = [
            CacheableJob(id: "proposal-index") {
                var page = PageComposition()
                for proposal in spec.proposals { page.parts.insert(PageCache.part(proposal: proposal.path)) }
                let entries = spec.proposals.filter { !$0.isTemplate }.map { proposal in
                    ProposalIndexEntry(proposal: proposal, href: ProposalPaths.page(proposal, spec: spec), endpoints: 0)
                }
                for proposal in spec.proposals where !proposal.isTemplate {
                    page.search.append(
                        SearchEntry(
                            kind: .proposal, title: proposal.fullTitle, detail: proposal.authors ?? "", anchor: nil))
                }
                let template = spec.proposals.first(where: \.isTemplate).map { ProposalPaths.page($0, spec: spec) }
                let index = page.add(.proposalIndex(entries, template: template))
                return (
                    plan(
                        path: folder + "index.html", url: folder, title: "Proposals", parent: "", weight: 900,
                        document: MarkdownDocument(blocks: [.component(index)]), page: page), page
                )
            }
        ]
        for proposal in spec.proposals {
            jobs.append(
                CacheableJob(id: "proposal-page:" + proposal.path) {
                    var page = PageComposition()
                    page.parts.insert(PageCache.part(proposal: proposal.path))
                    var composer = composer()
                    composer.tocLevels = 2...3
                    var blocks = proposal.document.blocks
                    // The page starts with the proposal's title (its first heading as written, shown as
                    // the page's title), then what is known about it.
                    if case .heading(let heading)? = blocks.first, heading.level == 1 { blocks.removeFirst() }
                    let meta = page.add(.proposalMeta(ProposalMetaPlan(proposal: proposal, endpoints: [])))
                    let body = composer.compose(MarkdownDocument(blocks: blocks), source: proposal.text, into: &page)
                    var result = plan(
                        path: ProposalPaths.page(proposal, spec: spec), url: ProposalPaths.page(proposal, spec: spec),
                        title: proposal.isTemplate || proposal.title.contains(String(proposal.number))
                            ? proposal.title : proposal.fullTitle,
                        parent: folder, weight: proposal.number, listed: false,
                        document: MarkdownDocument(blocks: [.component(meta)] + body.blocks), source: proposal.text,
                        page: page)
                    result.proposalNumber = proposal.isTemplate ? nil : proposal.number
                    result.relativeLinkBase = SourcePath.parent(proposal.path)
                    return (result, page)
                })
        }
        return jobs
    }

    // MARK: Diff

    private func changesPage(_ diff: SpecDiff) -> (PagePlan, PageComposition) {
        var page = PageComposition()
        let component = page.add(.changes(ChangesPlan(diff: diff)))
        for id in [
            "added", "removed", "changed", "events-added", "events-removed", "events-changed", "fragments",
            "proposals-added", "proposals-changed",
        ] {
            page.anchors.reserve(id)
        }
        return (
            plan(
                path: "changes.html", url: "changes.html", title: "Changes", parent: "", weight: -1, listed: true,
                document: MarkdownDocument(blocks: [.component(component)]), page: page), page
        )
    }

    // MARK: Fallbacks

    /// Endpoints and events that no page shows get a page of their own, with a warning, so that
    /// nothing is dropped silently.
    private func fallbackPages(after results: [(PagePlan, PageComposition)]) -> [(PagePlan, PageComposition)] {
        guard spec.layout.kind == .matrixSpec, !spec.content.isEmpty else { return [] }
        let shownDocuments = results.reduce(into: Set<String>()) { $0.formUnion($1.1.embeddedDocuments) }
        let shownEvents = results.reduce(into: Set<String>()) { $0.formUnion($1.1.embeddedEvents) }
        var extra: [(PagePlan, PageComposition)] = []
        for api in spec.apis {
            let missing = api.documents.filter { !shownDocuments.contains($0.path) }
            guard !missing.isEmpty else { continue }
            var page = PageComposition()
            var document = MarkdownDocument(blocks: [])
            for file in missing {
                page.diagnostics.append(
                    .warning(
                        "no page shows this API file with {{% http-api %}}; its endpoints are listed on reference/\(api.name)/",
                        file: file.path))
                document.blocks +=
                    composer().compose(
                        MarkdownDocument(blocks: [Self.heading(2, file.title)]), source: nil, into: &page
                    ).blocks
                let plans = file.operations.map { operation -> OperationPlan in
                    let plan = layout.operation(operation, api: api.name, level: 3, anchors: &page.anchors)
                    page.search += DocumentComposer.searchEntries(plan)
                    return plan
                }
                document.blocks.append(.component(page.add(.operations(plans))))
            }
            extra.append(
                (
                    plan(
                        path: "reference/\(api.name)/index.html", url: "reference/\(api.name)/",
                        title: "\(api.title): other endpoints",
                        parent: "", weight: 5000, document: document, page: page, preferredAPI: api.name), page
                ))
        }
        let missingEvents = spec.events.schemas.filter { !shownEvents.contains($0.name) }
        if !missingEvents.isEmpty {
            var (plan, page) = eventsPage(
                only: Set(missingEvents.map(\.name)), path: "reference/events/index.html", url: "reference/events/")
            for schema in missingEvents {
                page.diagnostics.append(
                    .warning(
                        "no page shows this event schema with {{% event %}}; it is listed on reference/events/",
                        file: schema.file))
            }
            plan.title = "Other events"
            extra.append((plan, page))
        }
        return extra
    }
}

/// The changelog index: each API's unreleased changes, and links to every release.
enum ChangelogPlans {
    /// - Parameter listsReleases: whether the index links every release (a bundle page shows them below instead).
    static func index(spec: Spec, page: inout PageComposition, listsReleases: Bool = true) -> ChangelogIndexPlan {
        func heading(_ title: String, shown: Bool) -> String? {
            guard shown else { return nil }
            let id = page.anchors.unique(HugoAnchor.anchorize(title))
            page.toc.append(TOCEntry(level: 2, text: title, id: id))
            return id
        }
        let unreleasedHeading = heading("Unreleased changes", shown: true)
        var ids: [(String?, [[String?]])] = []
        for api in spec.changelogs.unreleased {
            guard !api.categories.isEmpty else {
                ids.append((nil, []))
                continue
            }
            let section = page.anchors.unique("unreleased-" + AnchorAllocator.slug(api.name))
            let entries = api.categories.map { category in
                category.entries.map { entry in
                    entry.fragments.first.map { page.anchors.unique(SiteComposer.entryID(forFragment: $0)) }
                }
            }
            ids.append((section, entries))
            page.toc.append(TOCEntry(level: 3, text: api.title, id: section))
            for category in api.categories {
                for entry in category.entries {
                    page.search.append(
                        SearchEntry(
                            kind: .change, title: String(entry.text.text.prefix(80)), detail: api.title, anchor: section
                        ))
                }
            }
        }
        let releases = spec.changelogs.releases.map { release in
            ChangelogIndexPlan.Item(
                title: release.version, href: ChangelogPaths.releaseURL(release, spec: spec),
                detail: release.date.map { "released \($0)" } ?? "")
        }
        let histories = spec.changelogs.histories.filter { $0.isLegacy || spec.layout.kind == .matrixDoc }.map {
            history in
            let href = ChangelogPaths.historyURL(history)
            return ChangelogIndexPlan.Item(
                title: history.title + (history.isLegacy ? ", before v1.1" : ""),
                href: href.hasSuffix("/") ? href + "index.html" : href,
                detail: "\(history.releases.count) release\(history.releases.count == 1 ? "" : "s")")
        }
        let headingIDs = [
            unreleasedHeading, heading("Releases", shown: listsReleases && !releases.isEmpty),
            heading(listsReleases ? "Changelogs by API" : "Earlier histories", shown: !histories.isEmpty),
        ]
        return ChangelogIndexPlan(
            unreleased: spec.changelogs.unreleased, headingIDs: headingIDs, unreleasedIDs: ids, releases: releases,
            histories: histories)
    }
}

/// Where the changelog pages are.
enum ChangelogPaths {
    /// A matrix-doc API's changelog page: `changelog/client_server.html`.
    static func apiPage(_ name: String) -> String {
        "changelog/\(AnchorAllocator.slug(name, keep: "_")).html"
    }

    /// A release's page: its own page (later matrix-spec trees), or its section of the changelog page (v1.8).
    static func releaseURL(_ release: ChangelogRelease, spec: Spec) -> String {
        if let page = spec.content.first(where: { $0.file == release.file }), page.kind != .resource {
            return page.url + "index.html"
        }
        return "changelog/index.html#" + HugoAnchor.anchorize(release.version)
    }

    static func historyURL(_ history: Changelogs.APIHistory) -> String {
        history.isLegacy ? "changelog/legacy/\(AnchorAllocator.slug(history.name, keep: "_"))/" : apiPage(history.name)
    }
}

/// Where the proposal pages are: `proposals/2140.html`, or under `msc/` when prose owns `proposals/`.
enum ProposalPaths {
    static func folder(spec: Spec) -> String {
        spec.content.contains { $0.url == "proposals/" } ? "proposals/msc/" : "proposals/"
    }

    static func page(_ proposal: Proposal, spec: Spec) -> String {
        folder(spec: spec) + (proposal.isTemplate ? "template.html" : "\(proposal.number).html")
    }
}
