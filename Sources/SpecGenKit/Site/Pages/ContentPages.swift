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
        if content.frontMatter.layout == "changelog" {
            if let table = spec.traits.releaseTable {
                let info = releaseInfo(content, table: table)
                document.blocks.insert(.component(page.add(.releaseInfo(info))), at: 0)
            } else if let release = spec.changelogs.releases.first(where: { $0.file == content.file }) {
                let info = release.date.map { "Released \($0)." } ?? ""
                document.blocks.insert(.component(page.add(.lead(info, className: "release-date"))), at: 0)
            }
        }
        let outputs =
            outputs(of: content, diagnostics: &page.diagnostics)
            + content.formerPaths.map { Self.redirect(from: $0, to: SitePaths.file(ofURL: content.url)) }
        var result = plan(
            .content(url: content.url), title: content.title, navigationTitle: content.linkTitle,
            parent: content.kind == .home ? nil : .content(url: SitePaths.parentURL(of: content.url)),
            weight: content.frontMatter.weight ?? 0, listed: Self.isListed(content, traits: spec.traits),
            document: document, source: content.body, page: page, preferredAPI: SitePaths.api(ofPageURL: content.url))
        result.parameters = content.frontMatter.params
        result.outputs = outputs
        result.date = content.frontMatter.date
        result.summary = content.description.flatMap { PagePlan.summary(of: $0.blocks) }
        return (result, page)
    }

    /// Whether the sidebar lists the page: not when its front matter says `toc_hide: true` (Docsy's
    /// rule, which every tree's sidebar keeps), nor when the tree's sidebar leaves out its type.
    static func isListed(_ content: ContentPage, traits: LayoutTraits) -> Bool {
        let hidden = FrontMatter.isTrue(content.frontMatter.params["toc_hide"])
        guard !hidden, let type = content.frontMatter.type else { return !hidden }
        return !traits.typesOutOfSidebar.contains(type)
    }

    /// A page at a former address that sends the reader, and the fragment they asked for, to the page's new one.
    static func redirect(from path: String, to target: String) -> RenderedFile {
        let href = HTMLWriter.escaped(SiteMap.relative(target, from: path))
        let html = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>Moved</title>
            <meta name="robots" content="noindex">
            <link rel="canonical" href="\(href)">
            <script>location.replace("\(href)" + location.hash)</script>
            <meta http-equiv="refresh" content="0; url=\(href)">
            </head>
            <body><p>This page is now at <a href="\(href)">\(href)</a>.</p></body>
            </html>

            """
        return RenderedFile(path: path, bytes: Array(html.utf8))
    }

    /// What the release table of a release page says: its tree, its date as Hugo writes it, its checklist.
    private func releaseInfo(_ content: ContentPage, table: ReleaseTable) -> ReleaseInfoPlan {
        let version = content.linkTitle.lowercased()
        let isUnstable = version == VersionStatus.unstable.rawValue
        let revision = isUnstable ? content.frontMatter.params["commit"] ?? "" : version
        var date: String?
        if table.showsDate, !isUnstable, let written = content.frontMatter.date,
            case .date(let year, let month, let day)? = GoTemplate.date(written)
        {
            date = GoTemplate.format(year: year, month: month, day: day, layout: ":date_long")
        }
        var checklist: String?
        if let name = table.linkedFormat, content.frontMatter.outputs.contains(name),
            let format = spec.config.outputFormats[name]
        {
            checklist = SitePaths.output(ofPageURL: content.url, format: format)
        }
        return ReleaseInfoPlan(
            commitURL: table.commitURL.replacingOccurrences(of: "%s", with: revision), date: date,
            checklistHref: checklist)
    }

    /// The page in the formats its front matter asks for besides HTML, from the tree's templates.
    private func outputs(of content: ContentPage, diagnostics: inout [Diagnostic]) -> [RenderedFile] {
        var files: [RenderedFile] = []
        for name in content.frontMatter.outputs {
            guard let format = spec.config.outputFormats[name],
                let template = format.templateCandidates(
                    layoutsDirectory: spec.layout.layoutsDirectory ?? "layouts", type: content.frontMatter.type,
                    layout: content.frontMatter.layout
                ).lazy.compactMap({ spec.outputTemplates[$0] }).first
            else { continue }
            do {
                let text = try template.render(Self.templateContext(content))
                files.append(
                    RenderedFile(
                        path: SitePaths.output(ofPageURL: content.url, format: format), bytes: Array(text.utf8)))
            } catch {
                diagnostics.append(error)
            }
        }
        return files
    }

    /// What a page is to Hugo's templates: `.Title`, `.LinkTitle`, `.Date`, `.RawContent`, `.Params`.
    static func templateContext(_ content: ContentPage) -> GoValue {
        let frontMatter = content.frontMatter
        var params = frontMatter.params.mapValues { GoValue.string($0) }
        params["title"] = .string(content.title)
        let date = frontMatter.date.flatMap(GoTemplate.date) ?? .null
        return .map([
            "Title": .string(content.title), "LinkTitle": .string(content.linkTitle), "Date": date,
            "RawContent": .string(content.body.text), "Params": .map(params), "Type": .string(frontMatter.type ?? ""),
            "Layout": .string(frontMatter.layout ?? ""),
        ])
    }
}
