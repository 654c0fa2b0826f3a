import Foundation

/// A file of the rendered site, relative to its root.
public struct RenderedFile: Sendable {
    public var path: String
    public var bytes: [UInt8]
    /// Identifies the bytes when a ``BuildCache`` keeps them: same revision, same bytes.
    public var revision: String?

    public init(path: String, bytes: [UInt8], revision: String? = nil) {
        self.path = path
        self.bytes = bytes
        self.revision = revision
    }
}

/// The whole site in memory, before anything is written.
public struct RenderedSite: Sendable {
    public var files: [RenderedFile]
    public var pageCount: Int { files.filter { $0.path.hasSuffix(".html") }.count }
}

/// Turns the ``Spec`` into pages: the site index and one page per API.
public struct SiteRenderer: Sendable {
    public let spec: Spec
    public let shell: PageShell
    public let links: LinkIndex
    /// Sections and pages kept from the previous build (`specgen serve`); only what changed is rendered.
    public var cache: BuildCache?
    /// What `specgen diff --output` marks: endpoints added and changed get badges, and a changes page lists all.
    public var diff: SpecDiff?

    public init(spec: Spec, shell: PageShell) {
        self.spec = spec
        self.shell = shell
        self.links = LinkIndex.build(for: spec)
    }

    /// The Markdown renderer for one page, linking mentions relative to it.
    func markdown(forPage path: String, headingLevelOffset: Int, api: String? = nil) -> MarkdownRenderer {
        MarkdownRenderer(headingLevelOffset: headingLevelOffset, linking: linker(forPage: path, api: api))
    }

    func linker(forPage path: String, api: String? = nil) -> PageLinker {
        PageLinker(index: links, pagePath: path, preferredAPI: api)
    }

    /// The id of every operation on its API's page, in the spec's order.
    public static func operationIDs(for api: API) -> [[String]] {
        var anchors = AnchorAllocator()
        return api.documents.map { document in
            document.operations.map { anchors.unique(AnchorAllocator.slug("\($0.method) \($0.fullPath)")) }
        }
    }

    public func render() -> RenderedSite {
        let headerSections = self.headerSections
        let ids = spec.apis.map { self.links.operationIDs[$0.name] ?? Self.operationIDs(for: $0) }
        // Every page and operation that does not depend on another goes into one parallel batch;
        // whole pages first, so that the many small operations fill in around them.
        var jobs: [Job] = pageJobs(headerSections)
        for (apiIndex, api) in spec.apis.enumerated() {
            for (documentIndex, document) in api.documents.enumerated() {
                for (operationIndex, operation) in document.operations.enumerated() {
                    jobs.append(.operation(OperationJob(
                        api: apiIndex, document: documentIndex, operation: operation,
                        id: ids[apiIndex][documentIndex][operationIndex], revision: document.revision)))
                }
            }
        }
        let renderers = spec.apis.map {
            OperationRenderer(markdown: markdown(forPage: "\($0.name)/index.html", headingLevelOffset: 3, api: $0.name))
        }
        let links = self.links
        let apis = spec.apis
        let cache = self.cache
        let outputs = parallelMap(jobs) { job -> Output in
            switch job {
            case .pages(let name, let key, let render):
                guard let cache, let key else { return .files(render()) }
                let fullKey = key + links.fingerprint
                if let files = cache.rendered(name, key: fullKey) { return .files(files) }
                let files = render().map { RenderedFile(path: $0.path, bytes: $0.bytes, revision: name + "|" + fullKey) }
                cache.storeRendered(name, key: fullKey, files: files)
                return .files(files)
            case .operation(let job):
                let page = "\(apis[job.api].name)/index.html"
                let linker = PageLinker(index: links, pagePath: page)
                let mentions = (links.mentions[page + "#" + job.id] ?? []).map { Mention(label: $0.label, href: linker.relative($0.href)) }
                let name = page + "#" + job.id
                let key = job.revision + "|" + mentions.map { $0.label + ">" + $0.href }.joined(separator: "|") + "|" + links.fingerprint
                if let cache, !job.revision.isEmpty, let cached = cache.rendered(name, key: key) { return .section(cached[0].bytes) }
                let endpoint = "\(job.operation.method) \(job.operation.fullPath)"
                var change: (kind: String, notes: [String])?
                if let diff {
                    if diff.addedEndpoints.contains(where: { "\($0.method) \($0.path)" == endpoint }) { change = ("added", []) }
                    if let changed = diff.changedEndpoints.first(where: { "\($0.method) \($0.path)" == endpoint }) { change = ("changed", changed.notes) }
                }
                let bytes = renderers[job.api].render(job.operation, id: job.id, mentions: mentions, change: change)
                if let cache, !job.revision.isEmpty { cache.storeRendered(name, key: key, files: [RenderedFile(path: name, bytes: bytes)]) }
                return .section(bytes)
            }
        }
        // An API page is the same when all its sections are: its revision combines theirs.
        var pageRevisions: [Hasher] = spec.apis.map { _ in
            var hasher = Hasher()
            hasher.combine(links.fingerprint)
            return hasher
        }
        var cacheable = spec.apis.map { _ in cache != nil }
        for job in jobs where cache != nil {
            if case .operation(let job) = job {
                pageRevisions[job.api].combine(job.id)
                pageRevisions[job.api].combine(job.revision)
                for mention in links.mentions["\(apis[job.api].name)/index.html#\(job.id)"] ?? [] {
                    pageRevisions[job.api].combine(mention.label)
                    pageRevisions[job.api].combine(mention.href)
                }
                if job.revision.isEmpty { cacheable[job.api] = false }
            }
        }
        var byDocument: [[[[UInt8]]]] = spec.apis.map { $0.documents.map { _ in [] } }
        var files: [RenderedFile] = []
        files += [
            RenderedFile(
                path: "index.html",
                bytes: shell.render(title: spec.layout.title, depth: 0, sections: headerSections, current: nil, content: indexPage()))
        ]
        if let diff { files.append(RenderedFile(path: "changes.html", bytes: shell.render(title: "Changes", depth: 0, sections: headerSections, current: nil, content: changesPage(diff)))) }
        for (job, output) in zip(jobs, outputs) {
            switch (job, output) {
            case (.operation(let job), .section(let bytes)): byDocument[job.api][job.document].append(bytes)
            case (_, .files(let rendered)): files += rendered
            default: break
            }
        }
        for (apiIndex, api) in spec.apis.enumerated() {
            let path = "\(api.name)/index.html"
            let revision = cacheable[apiIndex] ? String(pageRevisions[apiIndex].finalize()) : nil
            if let cache, let revision, let cached = cache.rendered(path, key: revision) {
                files += cached
                continue
            }
            let content = apiPage(api, ids: ids[apiIndex], sections: byDocument[apiIndex])
            let page = RenderedFile(
                path: path, bytes: shell.render(title: api.title, depth: 1, sections: headerSections, current: api.title, content: content),
                revision: revision)
            if let cache, let revision { cache.storeRendered(path, key: revision, files: [page]) }
            files.append(page)
        }
        return RenderedSite(files: files)
    }

    private enum Job: Sendable {
        case operation(OperationJob)
        /// Pages, with a name and a key for the cache (`nil`: always rendered).
        case pages(name: String, key: String?, @Sendable () -> [RenderedFile])
    }

    private enum Output {
        case section([UInt8])
        case files([RenderedFile])
    }

    /// The events page, proposal pages and changelog pages, each a job of its own.
    private func pageJobs(_ headerSections: [PageShell.Section]) -> [Job] {
        var jobs: [Job] = []
        let eventsKey = cache.map { _ in BuildCache.revision(ofFolder: spec.layout.eventSchemaDirectory.map(SourceTree.parentDirectory)) }
        let changelogKey = cache.map { _ in
            BuildCache.revision(ofFolder: spec.layout.changelogDirectory) + "|" + BuildCache.revision(ofFolder: spec.layout.root + "/content/changelog")
        }
        if !spec.events.events.isEmpty {
            jobs.append(.pages(name: "events", key: eventsKey) {
                let events = EventsPageRenderer(
                    catalog: spec.events, markdown: markdown(forPage: EventsPageRenderer.pagePath, headingLevelOffset: 4))
                let page = shell.render(title: "Events", depth: 1, sections: headerSections, current: "Events", content: events.render())
                return [RenderedFile(path: EventsPageRenderer.pagePath, bytes: page)]
            })
        }
        if !spec.changelogs.isEmpty {
            let changelog = ChangelogPageRenderer(histories: spec.changelogs)
            jobs.append(.pages(name: "changelog", key: changelogKey) {
                let indexPath = ChangelogPageRenderer.folder + "/index.html"
                return [RenderedFile(path: indexPath, bytes: shell.render(title: "Changelog", depth: 1, sections: headerSections, current: "Changelog", content: changelog.index()))]
            })
            for history in spec.changelogs {
                jobs.append(.pages(name: "changelog/" + history.name, key: changelogKey) {
                    let path = ChangelogPageRenderer.pagePath(for: history)
                    var entries = markdown(forPage: path, headingLevelOffset: 3, api: ChangelogLayout.apiFolder(for: history.name))
                    entries.inlineCodeAsSpan = true
                    let content = changelog.page(history, markdown: entries)
                    return [RenderedFile(path: path, bytes: shell.render(title: "\(history.title) changelog", depth: 1, sections: headerSections, current: "Changelog", content: content))]
                })
            }
        }
        if !spec.proposals.isEmpty {
            jobs += proposalJobs(headerSections)
        }
        return jobs
    }

    private func proposalJobs(_ headerSections: [PageShell.Section]) -> [Job] {
        let renderer = ProposalPageRenderer(proposals: spec.proposals, links: links)
        let folder = spec.layout.proposalsDirectory ?? ""
        let folderKey = cache.map { _ in BuildCache.revision(ofFolder: folder) }
        var jobs: [Job] = [
            .pages(name: "proposals", key: folderKey) {
                let indexPath = ProposalPageRenderer.folder + "/index.html"
                // Titles sit inside links, so nothing in them links again.
                var titles = MarkdownRenderer()
                titles.inlineCodeAsSpan = true
                var files = [
                    RenderedFile(
                        path: indexPath,
                        bytes: shell.render(title: "Proposals", depth: 1, sections: headerSections, current: "Proposals", content: renderer.index(markdown: titles)))
                ]
                // Images and other files beside the proposals, which their pages show or link to.
                // Only files that really lie inside the source root: a symbolic link out of it is skipped.
                let root = SourceTree.canonical(spec.layout.root)
                for name in SpecLayout.contents(of: folder) where !name.hasSuffix(".md") && !name.hasPrefix(".") {
                    let path = folder + "/" + name
                    guard !SpecLayout.isDirectory(path), SourceTree.canonical(path).hasPrefix(root + "/"),
                        let bytes = FileManager.default.contents(atPath: path)
                    else { continue }
                    files.append(RenderedFile(path: ProposalPageRenderer.folder + "/" + name, bytes: [UInt8](bytes)))
                }
                return files
            }
        ]
        for proposal in spec.proposals {
            let key = cache.map { _ in
                (FileStamp.of(folder + "/" + proposal.file).map { "\($0.modified):\($0.size)" } ?? "") + "|" + SpecLayout.contents(of: folder).joined(separator: ",")
            }
            jobs.append(.pages(name: "proposal/" + proposal.file, key: key) {
                let path = ProposalPageRenderer.pagePath(for: proposal)
                var linker = self.linker(forPage: path)
                linker.currentProposal = proposal.number
                linker.sourceFolder = folder
                let content = renderer.page(proposal, markdown: MarkdownRenderer(linking: linker), linker: linker)
                let title = proposal.title.contains(String(proposal.number)) ? proposal.title : "MSC\(proposal.number): \(proposal.title)"
                return [RenderedFile(path: path, bytes: shell.render(title: title, depth: 1, sections: headerSections, current: "Proposals", content: content))]
            })
        }
        return jobs
    }

    private struct OperationJob: Sendable {
        var api: Int
        var document: Int
        var operation: Operation
        var id: String
        /// The document's file stamps; empty when nothing is cached.
        var revision: String
    }

    public var headerSections: [PageShell.Section] {
        var sections = spec.apis.map { PageShell.Section(label: $0.title, href: "\($0.name)/index.html") }
        if !spec.events.events.isEmpty { sections.append(PageShell.Section(label: "Events", href: EventsPageRenderer.pagePath)) }
        if !spec.proposals.isEmpty { sections.append(PageShell.Section(label: "Proposals", href: ProposalPageRenderer.folder + "/index.html")) }
        if !spec.changelogs.isEmpty { sections.append(PageShell.Section(label: "Changelog", href: ChangelogPageRenderer.folder + "/index.html")) }
        return sections
    }

    // MARK: Pages

    /// The changes page of `specgen diff --output`: every change, linked into the head site.
    private func changesPage(_ diff: SpecDiff) -> [UInt8] {
        var html = HTMLWriter()
        html.element("h1", text: "Changes")
        func list(_ title: String, id: String, _ items: [(text: String, href: String?, notes: [String])]) {
            guard !items.isEmpty else { return }
            html.element("h2", [("id", id)], text: "\(title) (\(items.count))")
            html.open("ul", [("class", "changes")])
            for item in items {
                html.open("li")
                if let href = item.href { html.element("a", [("href", href)], text: item.text) } else { html.text(item.text) }
                if !item.notes.isEmpty {
                    html.open("ul")
                    for note in item.notes { html.element("li", text: note) }
                    html.close("ul")
                }
                html.close("li")
            }
            html.close("ul")
            html.newline()
        }
        func href(_ method: String, _ path: String) -> String? {
            links.endpoint(method: method, path: path, preferring: nil).map(\.href)
        }
        if diff.isEmpty { html.element("p", text: "No changes to endpoints, events, newsfragments or proposals.") }
        list("Endpoints added", id: "added", diff.addedEndpoints.map { ("\($0.method) \($0.path)", href($0.method, $0.path), []) })
        list("Endpoints removed", id: "removed", diff.removedEndpoints.map { ("\($0.method) \($0.path)", nil, []) })
        list("Endpoints changed", id: "changed", diff.changedEndpoints.map { ("\($0.method) \($0.path)", href($0.method, $0.path), $0.notes) })
        list("Events added", id: "events-added", diff.addedEvents.map { ($0, links.events[$0], []) })
        list("Events removed", id: "events-removed", diff.removedEvents.map { ($0, nil, []) })
        list("Events changed", id: "events-changed", diff.changedEvents.map { ($0.type, links.events[$0.type], $0.notes) })
        list("Newsfragments added", id: "fragments", diff.addedFragments.map { ($0, nil, []) })
        list("Proposals added", id: "proposals-added", diff.addedProposals.map { ($0, nil, []) })
        list("Proposals changed", id: "proposals-changed", diff.changedProposals.map { ($0, nil, []) })
        return html.bytes
    }

    private func indexPage() -> [UInt8] {
        var html = HTMLWriter()
        html.element("h1", text: spec.layout.title)
        html.newline()
        html.element("h2", [("id", "apis")], text: "APIs")
        html.open("ul", [("class", "api-list")])
        for api in spec.apis {
            html.open("li")
            html.element("a", [("href", "\(api.name)/index.html")], text: api.title)
            let count = api.operationCount
            html.text(" — \(count) endpoint\(count == 1 ? "" : "s")")
            html.close("li")
            html.newline()
        }
        html.close("ul")
        html.newline()
        if !spec.events.events.isEmpty || !spec.changelogs.isEmpty || !spec.proposals.isEmpty {
            html.element("h2", [("id", "reference")], text: "Reference")
            html.open("ul", [("class", "api-list")])
            if !spec.events.events.isEmpty {
                html.open("li")
                html.element("a", [("href", EventsPageRenderer.pagePath)], text: "Events")
                html.text(" — \(spec.events.events.count) event types")
                html.close("li")
            }
            if !spec.proposals.isEmpty {
                html.open("li")
                html.element("a", [("href", ProposalPageRenderer.folder + "/index.html")], text: "Proposals")
                html.text(" — \(spec.proposals.count) proposals")
                html.close("li")
            }
            if !spec.changelogs.isEmpty {
                html.open("li")
                html.element("a", [("href", ChangelogPageRenderer.folder + "/index.html")], text: "Changelog")
                html.text(" — \(spec.changelogs.count) changelogs")
                html.close("li")
            }
            html.close("ul")
            html.newline()
        }
        return html.bytes
    }

    private func apiPage(_ api: API, ids: [[String]], sections: [[[UInt8]]]) -> [UInt8] {
        var html = HTMLWriter(capacity: sections.joined().reduce(8192) { $0 + $1.count })
        var anchors = AnchorAllocator()
        anchors.reserve("toc-title")
        for id in ids.joined() { anchors.reserve(id) }
        let groupIDs = api.documents.map { anchors.unique("group-" + AnchorAllocator.slug(groupTitle($0, in: api))) }

        html.element("h1", text: api.title)
        let count = api.operationCount
        html.element("p", [("class", "lead")], text: "\(count) endpoint\(count == 1 ? "" : "s") in \(api.documents.count) group\(api.documents.count == 1 ? "" : "s").")
        html.newline()
        html.open("div", [("class", "api-layout")])
        html.open("nav", [("class", "toc"), ("aria-labelledby", "toc-title")])
        html.element("h2", [("id", "toc-title"), ("class", "toc-title")], text: "Endpoints")
        for (documentIndex, document) in api.documents.enumerated() {
            html.open("h3", [("class", "toc-group")])
            html.element("a", [("href", "#" + groupIDs[documentIndex])], text: groupTitle(document, in: api))
            html.close("h3")
            html.open("ul")
            for (operation, id) in zip(document.operations, ids[documentIndex]) {
                html.open("li")
                html.open("a", [("href", "#" + id), ("class", "endpoint-link"), ("title", "\(operation.method) \(operation.fullPath)")])
                html.element("span", [("class", "method method-\(operation.method.lowercased())")], text: operation.method)
                html.element("span", [("class", "path")], text: operation.path)
                html.close("a")
                html.close("li")
            }
            html.close("ul")
            html.newline()
        }
        html.close("nav")
        html.newline()
        html.open("article", [("class", "api")])
        for (documentIndex, document) in api.documents.enumerated() {
            html.open("section", [("class", "group"), ("aria-labelledby", groupIDs[documentIndex])])
            html.headingWithAnchor("h2", id: groupIDs[documentIndex], text: groupTitle(document, in: api), label: "Link to this group")
            for section in sections[documentIndex] { html.raw(section) }
            html.close("section")
            html.newline()
        }
        html.close("article")
        html.close("div")
        html.newline()
        return html.bytes
    }

    /// "Matrix Client-Server Account Administrative Contact API" reads "Account Administrative Contact".
    func groupTitle(_ document: APIDocument, in api: API) -> String {
        var title = Substring(document.title)
        for prefix in ["Matrix ", api.title.replacingOccurrences(of: " API", with: "") + " "] where title.hasPrefix(prefix) {
            title = title.dropFirst(prefix.count)
        }
        if title.hasSuffix(" API") { title = title.dropLast(4) }
        return title.isEmpty ? document.path : String(title)
    }
}
