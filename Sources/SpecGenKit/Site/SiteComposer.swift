/// Composes every page of the site from the spec: the prose pages of a matrix-spec tree at their
/// Hugo URLs, or the API reference pages of a matrix-doc tree, and the pages both have (changelogs,
/// proposals). Each family of pages is an extension in `Pages/`; each page is composed on its own,
/// in parallel, and placed by ``SitePaths``.
struct SiteComposer {
    let spec: Spec
    var diff: SpecDiff?
    let scheme: AnchorScheme
    let layout: ComponentLayout
    let resources: ContentResources
    let paths: SitePaths
    /// What `specgen serve` keeps between builds; `nil` composes every page.
    var pageCache: PageCache?

    init(spec: Spec, diff: SpecDiff? = nil) {
        self.spec = spec
        self.diff = diff
        scheme = AnchorScheme(layout: spec.layout.kind, traits: spec.traits)
        layout = ComponentLayout(scheme: scheme, formats: spec.stringFormats)
        resources = ContentResources(
            byFile: Dictionary(spec.content.map { ($0.file, $0) }, uniquingKeysWith: { a, _ in a }),
            contentDirectory: spec.layout.contentDirectory ?? "content")
        paths = SitePaths(spec: spec)
    }

    /// A composer of documents for one page.
    func composer(parameters: [String: String] = [:]) -> DocumentComposer {
        var composer = DocumentComposer(
            spec: spec, layout: layout, scheme: scheme, resources: resources, paths: paths)
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
    typealias Job = @Sendable () -> (PagePlan, PageComposition)

    /// A job that ``PageCache`` may skip: the page it makes depends only on the parts it notes in
    /// `PageComposition.parts` and on what every page depends on.
    struct CacheableJob {
        var id: String
        /// What the page is made from, in bytes of source, roughly: the pass starts the costliest first.
        var cost = 0
        var run: Job
    }

    /// About what one operation or event takes in YAML, to weigh a reference page against prose.
    static let bytesPerOperation = 2000

    /// Adds a job per page to the pass; what it returns gives the pages once the pass has run.
    func compose(in pass: ParallelPass) -> () -> (pages: [PagePlan], diagnostics: [Diagnostic]) {
        var jobs: [Job] = []
        var cacheable: [CacheableJob] = []
        if spec.content.isEmpty {
            // A matrix-doc tree, or a matrix-spec tree without prose: one reference page per API.
            jobs.append(homeJob())
            cacheable += referenceJobs()
        } else {
            cacheable += contentJobs()
            // matrix-doc's prose: its API pages replace the reference pages; the events page stays.
            if spec.layout.kind == .matrixDoc {
                let urls = Set(spec.content.map(\.url))
                if !urls.contains("") { jobs.append(homeJob()) }
                let replaced = spec.apis.map(\.name).filter { urls.contains(paths.url(of: .apiReference(api: $0))) }
                cacheable += referenceJobs(skipping: Set(replaced))
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
            var written: [String: String] = [:]
            for (plan, _) in results {
                let origin = plan.source?.file ?? plan.title
                if let other = written[plan.path] {
                    diagnostics.append(
                        Diagnostic(
                            .pageConflict, "two pages would be written to \(plan.path): \(other) and \(origin)",
                            file: plan.source?.file ?? ""))
                    continue
                }
                written[plan.path] = origin
                pages.append(plan)
            }
            return (pages, diagnostics)
        }
    }

    /// A plan from a composed document, placed where its kind goes.
    func plan(
        _ kind: PageKind, title: String, navigationTitle: String? = nil, parent: PageKind?, weight: Int,
        listed: Bool = true, document: MarkdownDocument, source: SourceText? = nil, page: PageComposition,
        preferredAPI: String? = nil
    ) -> PagePlan {
        PagePlan(
            kind: kind, path: paths.path(of: kind), url: paths.url(of: kind), title: title,
            navigationTitle: navigationTitle ?? title, parent: parent.map(paths.url(of:)), weight: weight,
            listed: listed, document: document, source: source, components: page.components,
            anchors: page.anchors.ids.subtracting(PageComposition.chromeIDs).sorted(), toc: page.toc,
            searchEntries: [SearchEntry(kind: .page, title: title, detail: "", anchor: nil)] + page.search,
            preferredAPI: preferredAPI, endpoints: page.endpoints)
    }

    /// A heading the page itself writes.
    static func heading(_ level: Int, _ text: String, id: String? = nil) -> MarkdownBlock {
        .heading(
            MarkdownHeading(
                level: level, content: [.text(text)], explicitID: id, classes: [], id: nil, location: .start))
    }

    /// Composes a generated heading onto the page, so that it gets an id and a place in the contents.
    /// - Returns: its id.
    @discardableResult
    func append(
        heading text: String, level: Int, id: String? = nil, to document: inout MarkdownDocument,
        page: inout PageComposition
    ) -> String {
        let composed = composer().compose(
            MarkdownDocument(blocks: [Self.heading(level, text, id: id)]), source: nil, into: &page)
        document.blocks += composed.blocks
        guard case .heading(let heading)? = composed.blocks.first, let id = heading.id else { return "" }
        return id
    }
}
