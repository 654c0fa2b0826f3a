/// A file of the rendered site, relative to its root.
package struct RenderedFile: Sendable {
    package var path: String
    /// The contents, in pieces written one after another: one piece for most files. A page of
    /// `--all-versions` is its version's page around its version bar, so that no page is copied.
    package var pieces: [ArraySlice<UInt8>]

    package init(path: String, bytes: [UInt8]) {
        self.path = path
        pieces = [bytes[...]]
    }

    package init(path: String, pieces: [ArraySlice<UInt8>]) {
        self.path = path
        self.pieces = pieces
    }

    /// The whole contents (a file of one piece shares its storage).
    package var bytes: [UInt8] { pieces.count == 1 ? Array(pieces[0]) : Array(pieces.joined()) }
}

/// The whole site in memory, before anything is written or served.
package struct RenderedSite: Sendable {
    package var files: [RenderedFile]

    package var pageCount: Int { files.filter { $0.path.hasSuffix(".html") }.count }
}

/// Renders every composed page into its shell, in parallel; a pure function of the spec's plans,
/// the site map and the loaded templates.
struct SiteRenderer {
    let spec: Spec
    let plans: [PagePlan]
    let map: SiteMap
    let shell: PageShell
    let templates: Templates
    let markdown: MarkdownCache
    /// HTML for every page's banner slot (builds of several versions put a marker there).
    var banner: [UInt8]?
    /// Pages rendered by an earlier build of `specgen serve`, reused when their key is unchanged.
    var cache: BuildCache?
    /// How each API's `api.json` is written.
    var export = OpenAPIExport(baseURL: "https://spec.matrix.org/unstable", release: "unstable")

    func render() -> (site: RenderedSite, diagnostics: [Diagnostic]) {
        let navigation = Navigation(map: map)
        let followsGendoc = spec.layout.kind == .matrixDoc
        let ordered = spec.config.tocOrdered
        // A page's HTML is reused when its plan, the site map and the templates are those it had.
        let templatesKey = cache == nil ? 0 : templates.fingerprint
        let mapKey = cache == nil ? 0 : map.fingerprint(of: plans)
        let renderKeys: [Int?] = plans.map { plan in
            guard cache != nil, let key = plan.cacheKey else { return nil }
            var hasher = Hasher()
            hasher.combine(key)
            hasher.combine(banner)
            hasher.combine(mapKey)
            hasher.combine(templatesKey)
            return hasher.finalize()
        }
        let reused: [BuildCache.RenderedPage?] = zip(plans, renderKeys).map { plan, key in
            guard let key, let entry = cache?.renders.withLock({ $0[plan.path] }), entry.key == key else { return nil }
            return entry
        }
        let renderers = plans.map {
            PageRenderer(
                map: map, plan: $0, markdown: markdown, followsGendoc: followsGendoc,
                shortcodeTemplates: spec.shortcodeTemplates, versionBanner: spec.versionBanner)
        }
        // The endpoints, events and definitions of every page first, all in one parallel pass (a
        // pass nested in another runs serially) with the search index, the longest job, first.
        var timer = StageTimer()
        defer { timer.report() }
        let components = ParallelPass()
        let searchIndex = components.add(cost: .max) {
            RenderedFile(path: SitePaths.searchIndex, bytes: SearchIndex.build(plans))
        }
        // Each API's published OpenAPI document, beside its page (matrix-spec trees).
        let apiDocuments = (spec.layout.kind == .matrixSpec ? spec.apis : []).map { api in
            components.add(cost: api.operationCount * 4000) {
                RenderedFile(
                    path: SitePaths.apiDocument(ofPageURL: SitePaths.publishedURL(ofAPI: api.name)),
                    bytes: export.document(for: api))
            }
        }
        let jobs = renderers.indices.filter { reused[$0] == nil }.flatMap { page in
            renderers[page].heavyComponents.map { (page, $0) }
        }
        let memo = cache?.components
        memo?.startBuild()
        let componentHTML = components.map(jobs, cost: { _ in 0 }) { job in
            renderers[job.0].renderComponent(job.1, memo: memo)
        }
        components.run()
        timer.lap("components")
        var byPage: [Int: [Int: [UInt8]]] = [:]
        for (job, bytes) in zip(jobs, componentHTML.values()) { byPage[job.0, default: [:]][job.1] = bytes }
        for (page, rendered) in byPage { renderers[page].prerender(rendered) }
        // Then each page's text around them, the longest texts first.
        let pages = ParallelPass()
        let files = pages.map(Array(renderers.indices), cost: { renderers[$0].plan.source?.text.utf8.count ?? 0 }) {
            index -> (RenderedFile, [Diagnostic]) in
            let renderer = renderers[index]
            let plan = renderer.plan
            if let entry = reused[index] {
                return (RenderedFile(path: plan.path, bytes: entry.bytes), entry.diagnostics)
            }
            let content = renderer.content()
            let depth = plan.path.split(separator: "/").count - 1
            var slots: [PageShell.Slot: [UInt8]] = [
                .title: Array(plan.title.utf8),
                .content: Self.main(plan, breadcrumbs: navigation.breadcrumbs(for: plan), content: content),
                .sidebar: navigation.sidebar(for: plan),
                .toc: Navigation.tableOfContents(plan.toc, ordered: ordered),
                .description: Array((plan.summary ?? spec.config.description ?? spec.layout.title).utf8),
            ]
            if let banner { slots[.banner] = banner }
            let bytes = shell.render(depth: depth, current: navigation.section(of: plan.url), slots: slots)
            if let key = renderKeys[index] {
                // What it replaces is freed after the lock is let go, not while others wait for it.
                let replaced = cache?.renders.withLock {
                    $0.updateValue(
                        BuildCache.RenderedPage(key: key, bytes: bytes, diagnostics: renderer.diagnostics),
                        forKey: plan.path)
                }
                _ = replaced
            }
            return (RenderedFile(path: plan.path, bytes: bytes), renderer.diagnostics)
        }
        pages.run()
        timer.lap("pages")
        let rendered = files.values()
        var site = rendered.map(\.0)
        site += plans.flatMap(\.outputs)
        site += spec.assets.filter { !$0.isEmbeddedImage }.map { RenderedFile(path: $0.sitePath, bytes: $0.bytes) }
        site += templates.files.sorted(by: { $0.key < $1.key }).map { RenderedFile(path: $0.key, bytes: $0.value) }
        site.append(searchIndex.value)
        site += apiDocuments.map(\.value)
        return (RenderedSite(files: site), rendered.flatMap(\.1))
    }

    /// Where the page sits, its title, then its content.
    private static func main(_ plan: PagePlan, breadcrumbs: [UInt8], content: [UInt8]) -> [UInt8] {
        var html = HTMLWriter(capacity: content.count + breadcrumbs.count + 256)
        html.raw(breadcrumbs)
        html.element("h1", [("class", "page-title")], text: plan.title)
        html.newline()
        html.raw(content)
        return html.bytes
    }
}
