/// The pages of a matrix-spec tree's prose, at the URLs Hugo gives them.
extension SiteComposer {
    func contentJobs() -> [CacheableJob] {
        spec.content.filter { [.home, .section, .page].contains($0.kind) }.map { page in
            CacheableJob(id: "content-page:" + page.file, cost: page.body.text.utf8.count) { contentPage(page) }
        }
    }

    private func contentPage(_ content: ContentPage) -> (PagePlan, PageComposition) {
        var page = PageComposition()
        page.parts.insert(PageCache.part(content: content.file))
        let composer = composer(parameters: content.frontMatter.params)
        var document: MarkdownDocument
        if content.frontMatter.layout == "changelog-index" {
            // Hugo redirects this page to the newest release; specgen lists every release and the unreleased changes.
            let index = ChangelogPlans.index(spec: spec, paths: paths, page: &page)
            document = MarkdownDocument(blocks: [.component(page.add(.changelogIndex(index)))])
        } else {
            document = composer.compose(content.document, source: content.body, into: &page)
        }
        var top: [MarkdownBlock] = []
        if let description = content.description {
            let composed = composer.compose(description, source: content.frontMatter.description, into: &page)
            top.append(
                .component(page.add(.pageDescription(document: composed, source: content.frontMatter.description))))
        }
        if spec.traits.listsEndpoints, !page.endpoints.isEmpty {
            top.append(.component(page.add(.endpointList(page.endpoints))))
        }
        document.blocks.insert(contentsOf: top, at: 0)
        if content.frontMatter.layout == "changelog",
            let release = spec.changelogs.releases.first(where: { $0.file == content.file })
        {
            let info = release.date.map { "Released \($0)." } ?? ""
            document.blocks.insert(.component(page.add(.lead(info, className: "release-date"))), at: 0)
        }
        var result = plan(
            .content(url: content.url), title: content.title, navigationTitle: content.linkTitle,
            parent: content.kind == .home ? nil : .content(url: SitePaths.parentURL(of: content.url)),
            weight: content.frontMatter.weight ?? 0, document: document, source: content.body, page: page,
            preferredAPI: SitePaths.api(ofPageURL: content.url))
        result.parameters = content.frontMatter.params
        return (result, page)
    }
}
