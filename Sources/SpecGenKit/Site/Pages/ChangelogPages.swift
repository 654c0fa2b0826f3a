/// The changelog's pages: its index where the prose has none, a matrix-doc API's changelog, and
/// the released histories of each API.
extension SiteComposer {
    /// The changelog pages. They are made from the changelogs alone, whose files every page
    /// depends on (``PageCache``), so they note no part.
    func changelogJobs() -> [CacheableJob] {
        let changelogs = spec.changelogs
        guard !changelogs.isEmpty else { return [] }
        var jobs: [CacheableJob] = []
        if paths.contentChangelogURL == nil {
            jobs.append(
                CacheableJob(id: "changelog-index") {
                    var page = PageComposition()
                    let index = page.add(.changelogIndex(ChangelogPlans.index(spec: spec, paths: paths, page: &page)))
                    return (
                        plan(
                            .changelogIndex, title: "Changelog", parent: .home, weight: 1000,
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
                    return page.anchors.unique(SitePaths.changelogEntryID(forFragment: fragment))
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
        var document = MarkdownDocument(blocks: [])
        append(heading: "Unreleased changes", level: 2, to: &document, page: &page)
        if unreleased.categories.isEmpty {
            document.blocks.append(.component(page.add(.lead("No unreleased changes.", className: "none"))))
        } else {
            document.blocks.append(
                .component(page.add(.lead(UnreleasedChanges.lead(of: [unreleased]), className: "lead"))))
            let plan = entries(
                unreleased.categories, markup: unreleased.markup, notes: [], unreleased: true, idPrefix: "unreleased",
                page: &page)
            document.blocks.append(.component(page.add(.changelogEntries(plan))))
        }
        for release in history?.releases ?? [] {
            // matrix-doc's release anchors are the version itself (`#r0.5.0`), as they always were.
            let releaseID = append(
                heading: release.version, level: 2, id: spec.layout.kind == .matrixDoc ? release.version : nil,
                to: &document, page: &page)
            if let date = release.date {
                document.blocks.append(.component(page.add(.lead("Released \(date)", className: "release-date"))))
            }
            appendEntries(of: release, idPrefix: releaseID, to: &document, page: &page)
        }
        return (
            plan(
                .changelogAPI(name: unreleased.name), title: "\(unreleased.title) changelog",
                navigationTitle: unreleased.title, parent: .changelogIndex,
                weight: 0, document: document, page: page, preferredAPI: ChangelogLayout.apiFolder(for: unreleased.name)
            ), page
        )
    }

    /// A released version's entries, after its heading.
    private func appendEntries(
        of release: ChangelogRelease, idPrefix: String, to document: inout MarkdownDocument,
        page: inout PageComposition
    ) {
        let plan = entries(
            release.sections.flatMap(\.categories), markup: release.markup,
            notes: release.sections.flatMap(\.notes), unreleased: false, idPrefix: idPrefix, page: &page)
        document.blocks.append(.component(page.add(.changelogEntries(plan))))
    }

    /// A per-API history: matrix-spec's legacy r0.x changelogs.
    private func historyPage(_ history: Changelogs.APIHistory) -> (PagePlan, PageComposition) {
        var page = PageComposition()
        var document = MarkdownDocument(blocks: [])
        for release in history.releases {
            let releaseID = append(heading: release.version, level: 2, to: &document, page: &page)
            appendEntries(of: release, idPrefix: releaseID, to: &document, page: &page)
        }
        return (
            plan(
                .changelogHistory(name: history.name, isLegacy: history.isLegacy),
                title: "\(history.title) changelog (\(history.isLegacy ? "before v1.1" : "releases"))",
                navigationTitle: history.title, parent: .changelogIndex, weight: 2000, listed: false,
                document: document,
                page: page,
                preferredAPI: ChangelogLayout.apiFolder(for: history.name)), page
        )
    }
}

/// The changelog index: each API's unreleased changes, and links to every release.
enum ChangelogPlans {
    /// - Parameter listsReleases: whether the index links every release (a bundle page shows them below instead).
    static func index(
        spec: Spec, paths: SitePaths, page: inout PageComposition, listsReleases: Bool = true
    ) -> ChangelogIndexPlan {
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
                    entry.fragments.first.map { page.anchors.unique(SitePaths.changelogEntryID(forFragment: $0)) }
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
                title: release.version, href: paths.releaseHref(release, pageURL: spec.releasePageURL(release)),
                detail: release.date.map { "released \($0)" } ?? "")
        }
        let histories = spec.changelogs.histories.filter { $0.isLegacy || spec.layout.kind == .matrixDoc }.map {
            history in
            ChangelogIndexPlan.Item(
                title: history.title + (history.isLegacy ? ", before v1.1" : ""),
                href: paths.path(of: .changelogHistory(name: history.name, isLegacy: history.isLegacy)),
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
