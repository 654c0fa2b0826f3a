/// Every page of the site, every id on each, and every target a link can name: the one authority
/// for paths and anchors. Built once from the composed pages; renderers, the link resolver, the
/// search index and the checks ask it, and nothing reads ids back from written HTML.
package struct SiteMap: Sendable {
    package struct Page: Sendable {
        package var path: String
        package var url: String
        package var title: String
        package var navigationTitle: String
        package var parent: String?
        package var weight: Int
        /// The front matter's date (see ``PagePlan/date``).
        package var date: String?
        package var listed: Bool
        package var anchors: Set<String>
    }

    /// Where every kind of page and file goes.
    let paths: SitePaths
    package private(set) var pages: [Page] = []
    private var byPath: [String: Int] = [:]
    private var byURL: [String: Int] = [:]
    /// Endpoints by `METHOD fullPath`.
    package private(set) var endpoints: [String: EndpointReference] = [:]
    var endpointMatcher = EndpointMatcher([])
    /// Events by schema name (`m.room.member`, `m.room.message$m.text`) and by type.
    package private(set) var events: [String: String] = [:]
    /// Proposal pages by number, with their titles.
    package private(set) var proposals: [Int: (href: String, title: String)] = [:]
    /// The proposals with a page, for their opening words wherever they are cited.
    private(set) var proposalsByNumber: [Int: Proposal] = [:]
    /// Where proposals without a page here live: the number is appended.
    package var proposalUpstream = "https://github.com/matrix-org/matrix-spec-proposals/pull/"
    /// Ids that spec.matrix.org gives what a matrix-doc page shows under another id, by page path.
    private var hugoAliases: [String: [String: String]] = [:]
    /// Endpoint href to the proposals and changelog entries that mention it.
    package private(set) var mentions: [String: [Mention]] = [:]
    /// What proposals brought, as the changelogs state it, and where each one landed.
    package internal(set) var citations = ProposalCitations()
    /// Proposal number to the endpoints of the spec that it mentions.
    package private(set) var endpointsOfProposal: [Int: [EndpointReference]] = [:]
    /// The published spec site, for links to pages this tree does not have.
    package var specURL: String?
    /// Where the sources can be read online.
    package var sourceURL: String?
    /// Files the site carries as they are (assets), by site path.
    package private(set) var assets: Set<String> = []
    /// The SVG images proposals show, as the `data:` URLs their `<img>` carry, by site path.
    private(set) var embeddedImages: [String: String] = [:]
    /// Substitution targets of the 2019 prose.
    var rstTargets: [String: String] = [:]

    package func page(atPath path: String) -> Page? { byPath[path].map { pages[$0] } }

    /// The page at a Hugo URL (`client-server-api/`, `rooms/v11`), aliases included.
    package func page(atURL url: String) -> Page? {
        var key = url.hasPrefix("/") ? String(url.dropFirst()) : url
        if !key.isEmpty && !key.hasSuffix("/") && !key.hasSuffix(".html") { key += "/" }
        if key.hasSuffix("index.html") { return page(atPath: key) }
        return byURL[key].map { pages[$0] } ?? page(atPath: key)
    }

    /// The id on a page that a fragment names: itself, or the id of what spec.matrix.org names so.
    package func anchor(_ fragment: String, on page: Page) -> String? {
        if page.anchors.contains(fragment) { return fragment }
        return hugoAliases[page.path]?[fragment.lowercased()]
    }

    func endpoint(method: String?, path: String, preferring api: String?) -> EndpointReference? {
        endpointMatcher.match(method: method, path: path, preferring: api)
    }

    func proposalHref(_ number: Int) -> (href: String, isLocal: Bool) {
        if let local = proposals[number] { return (local.href, true) }
        return (proposalUpstream + String(number), false)
    }

    // MARK: Building

    /// The site map of composed pages.
    static func build(_ plans: [PagePlan], spec: Spec, paths: SitePaths) -> SiteMap {
        var map = SiteMap(paths: paths)
        map.specURL = spec.layout.specURL
        map.sourceURL = spec.layout.sourceURL
        map.rstTargets = spec.rstTargets
        map.assets = Set(
            spec.assets.filter { !$0.isEmbeddedImage }.map(\.sitePath) + plans.flatMap { $0.outputs.map(\.path) })
        for asset in spec.assets where asset.isEmbeddedImage {
            map.embeddedImages[asset.sitePath] = URLPolicy.imageDataURL(svg: asset.bytes)
        }
        if spec.layout.kind == .matrixSpec {
            for api in spec.apis {
                map.assets.insert(SitePaths.apiDocument(ofPageURL: SitePaths.publishedURL(ofAPI: api.name)))
            }
        }
        var entries: [(EndpointReference, String)] = []
        let proposalsByNumber = Dictionary(
            spec.proposals.map { ($0.number, $0) }, uniquingKeysWith: { first, _ in first })
        // What each page holds is gathered in parallel (anchor sets, endpoint versions, Hugo's
        // ids), then merged in page order: the first page to claim an endpoint or event keeps it.
        let withProposals = !spec.proposals.isEmpty
        let gathered = parallelMap(plans) { PageEntries($0, withVersions: withProposals) }
        var versionsOfEndpoint: [String: Set<String>] = [:]
        for (plan, found) in zip(plans, gathered) {
            let index = map.pages.count
            map.pages.append(found.page)
            map.byPath[plan.path] = index
            if map.byURL[plan.url] == nil { map.byURL[plan.url] = index }
            for (endpoint, reference, path, versions) in found.endpoints {
                if withProposals { versionsOfEndpoint[reference.href] = versions }
                if map.endpoints[endpoint] == nil {
                    map.endpoints[endpoint] = reference
                    entries.append((reference, path))
                }
            }
            for (name, href) in found.events where map.events[name] == nil { map.events[name] = href }
            if !found.hugoAliases.isEmpty {
                map.hugoAliases[plan.path, default: [:]].merge(found.hugoAliases) { _, later in later }
            }
            if let number = plan.proposalNumber, let proposal = proposalsByNumber[number] {
                map.proposals[number] = (plan.path, proposal.fullTitle)
                map.proposalsByNumber[number] = proposal
            }
        }
        // A matrix-doc site answers links written for the published site's pages.
        if spec.layout.kind == .matrixDoc {
            for api in spec.apis {
                let url = SitePaths.publishedURL(ofAPI: api.name)
                if map.byURL[url] == nil, let index = map.byPath[paths.path(of: .apiReference(api: api.name))] {
                    map.byURL[url] = index
                }
            }
        }
        map.endpointMatcher = EndpointMatcher(entries)
        map.collectMentions(spec)
        map.citations = map.collectCitations(spec, versionsOfEndpoint: versionsOfEndpoint)
        return map
    }

    /// Changes whenever anything a page could link to changes: part of every render cache key.
    /// Computed only where pages are cached (`serve`, `--cache`); `plans` are those it was built from.
    package func fingerprint(of plans: [PagePlan]) -> Int {
        var hasher = Hasher()
        for (page, plan) in zip(pages, plans) {
            hasher.combine(page.path)
            hasher.combine(page.url)
            hasher.combine(page.title)
            hasher.combine(page.navigationTitle)
            hasher.combine(page.weight)
            hasher.combine(page.date)
            // The plan's anchors are the page's, sorted.
            hasher.combine(plan.anchors)
        }
        for (key, value) in events.sorted(by: { $0.key < $1.key }) { hasher.combine(key); hasher.combine(value) }
        for (key, value) in endpoints.sorted(by: { $0.key < $1.key }) {
            hasher.combine(key); hasher.combine(value.href)
        }
        for (number, proposal) in proposals.sorted(by: { $0.key < $1.key }) {
            hasher.combine(number); hasher.combine(proposal.title)
        }
        for (href, mentions) in mentions.sorted(by: { $0.key < $1.key }) {
            hasher.combine(href); hasher.combine(mentions)
        }
        for page in pages {
            hasher.combine(page.parent)
            hasher.combine(page.listed)
        }
        for (path, aliases) in hugoAliases.sorted(by: { $0.key < $1.key }) {
            hasher.combine(path)
            for (alias, id) in aliases.sorted(by: { $0.key < $1.key }) { hasher.combine(alias); hasher.combine(id) }
        }
        for (number, endpoints) in endpointsOfProposal.sorted(by: { $0.key < $1.key }) {
            hasher.combine(number); hasher.combine(endpoints)
        }
        hasher.combine(citations)
        // A cited proposal's opening is shown beside what it brought: its text is part of those pages.
        let cited = Set(citations.byTarget.values.joined().map(\.number))
        for number in cited.sorted() {
            hasher.combine(proposalsByNumber[number]?.text.text)
        }
        for (name, target) in rstTargets.sorted(by: { $0.key < $1.key }) {
            hasher.combine(name); hasher.combine(target)
        }
        hasher.combine(assets.sorted())
        hasher.combine(embeddedImages.keys.sorted())
        hasher.combine(embeddedImages.values.sorted())
        hasher.combine(specURL)
        hasher.combine(sourceURL)
        return hasher.finalize()
    }

    /// Finds the endpoints that proposals and changelog entries mention, for links both ways.
    private mutating func collectMentions(_ spec: Spec) {
        // Proposals are long: they are scanned in parallel, and their findings kept in order.
        let map = self
        let scanned = parallelMap(spec.proposals.filter { proposals[$0.number] != nil }) { proposal in
            var seen = Set<EndpointReference>()
            let endpoints = MentionScanner.endpoints(in: proposal.text.text).compactMap { _, method, path in
                map.endpoint(method: method, path: path, preferring: nil).flatMap {
                    seen.insert($0).inserted ? $0 : nil
                }
            }
            return (proposal.number, endpoints)
        }
        for (number, endpoints) in scanned where !endpoints.isEmpty {
            endpointsOfProposal[number, default: []] += endpoints
        }
        for api in spec.changelogs.unreleased {
            let preferred = ChangelogLayout.apiFolder(for: api.name)
            for entry in api.categories.flatMap(\.entries) {
                guard
                    let href = paths.unreleasedEntry(api: api.name, firstFragment: entry.fragments.first)
                else { continue }
                var seen = Set<String>()
                for (_, method, path) in MentionScanner.endpoints(in: entry.text.text) {
                    guard let endpoint = endpoint(method: method, path: path, preferring: preferred),
                        seen.insert(endpoint.href).inserted
                    else { continue }
                    let issues = entry.issues.map { "#" + $0.id }.joined(separator: ", ")
                    mentions[endpoint.href, default: []].append(
                        Mention(label: "Unreleased change \(issues)".trimming(" "), href: href))
                }
            }
        }
    }
}

/// What one composed page adds to the site map, gathered on its own so that pages can be read in
/// parallel: its ``SiteMap/Page``, its endpoints and events in order, and Hugo's ids for them.
private struct PageEntries {
    var page: SiteMap.Page
    /// `METHOD fullPath`, the reference, the path as written, and the versions its notes name.
    var endpoints: [(String, EndpointReference, String, Set<String>)] = []
    /// Schema names and types with their hrefs, in the order a first claim wins.
    var events: [(String, String)] = []
    var hugoAliases: [String: String] = [:]

    init(_ plan: PagePlan, withVersions: Bool) {
        page = SiteMap.Page(
            path: plan.path, url: plan.url, title: plan.title, navigationTitle: plan.navigationTitle,
            parent: plan.parent, weight: plan.weight, date: plan.date, listed: plan.listed, anchors: Set(plan.anchors))
        for component in plan.components { visit(component, on: plan, withVersions: withVersions) }
    }

    private mutating func visit(_ component: PageComponent, on plan: PagePlan, withVersions: Bool) {
        switch component {
        case .operations(let operations):
            for operation in operations {
                let reference = EndpointReference(
                    method: operation.operation.method, fullPath: operation.operation.fullPath, api: operation.api,
                    href: plan.path + "#" + operation.id)
                let versions = withVersions ? Set(operation.operation.notedVersions.map(VersionNotes.display)) : []
                endpoints.append((operation.operation.endpoint, reference, operation.operation.path, versions))
                let hugo = operation.operation.method.lowercased() + HugoAnchor.anchorize(operation.operation.fullPath)
                if hugo != operation.id { hugoAliases[hugo] = operation.id }
            }
        case .events(let plans):
            func add(_ event: EventPlan) {
                let href = plan.path + "#" + event.id
                events.append((event.schema.name, href))
                if event.schema.variant == nil { events.append((event.schema.type, href)) }
                let hugo = HugoAnchor.anchorize(event.schema.name)
                if hugo != event.id { hugoAliases[hugo] = event.id }
                event.variants.forEach(add)
            }
            plans.forEach(add)
        default:
            break
        }
    }
}

extension SiteMap {
    /// A site-relative address as seen from a page: `../events/index.html#m.room.member`.
    /// Works on the UTF-8 bytes: it runs for every link of every page, the sidebar's included.
    static func relative(_ written: String, from pagePath: String) -> String {
        let target = Array(written.utf8)
        let page = Array(pagePath.utf8)
        let slash = UInt8(ascii: "/")
        let hash = target.firstIndex(of: UInt8(ascii: "#")) ?? target.endIndex
        let path = target[..<hash]
        let fragment = target[hash...]
        if path.elementsEqual(page) { return String(decoding: fragment, as: UTF8.self) }
        guard path.first != slash, page.first != slash else { return relativeBySegments(written, from: pagePath) }
        // The folders both are in: the longest shared prefix that ends at a slash in each.
        let pageFolder = page[..<((page.lastIndex(of: slash) ?? -1) + 1)]
        let pathFolder = path[..<((path.lastIndex(of: slash) ?? -1) + 1)]
        var common = 0
        var index = 0
        while index < pageFolder.count, index < pathFolder.count, pageFolder[index] == pathFolder[index] {
            if pageFolder[index] == slash { common = index + 1 }
            index += 1
        }
        let ups = pageFolder[common...].reduce(0) { $1 == slash ? $0 + 1 : $0 }
        var out: [UInt8] = []
        out.reserveCapacity(ups * 3 + path.count - common + fragment.count)
        for _ in 0..<ups { out += "../".utf8 }
        out += path[common...]
        if out.isEmpty { out += "./".utf8 }
        out += fragment
        return String(decoding: out, as: UTF8.self)
    }

    /// The same for paths that are not site-relative (`/x`), segment by segment.
    static func relativeBySegments(_ target: String, from pagePath: String) -> String {
        let hash = target.firstIndex(of: "#")
        let path = hash.map { String(target[..<$0]) } ?? target
        if path == pagePath { return hash.map { String(target[$0...]) } ?? "" }
        let from = pagePath.split(separator: "/").dropLast()
        var to = path.split(separator: "/")
        var common = 0
        while common < from.count, common < to.count - 1, from[from.startIndex + common] == to[common] { common += 1 }
        to.removeFirst(common)
        let fragment = hash.map { String(target[$0...]) } ?? ""
        let relative = String(repeating: "../", count: from.count - common) + to.joined(separator: "/")
        return (relative.isEmpty ? "./" : relative) + fragment
    }
}
