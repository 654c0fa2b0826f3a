import Foundation

/// Everything in the site that text can link to, by site-relative address
/// (`events/index.html#m.room.member`), and who mentions each endpoint.
public struct LinkIndex: Sendable {
    /// Event type to its entry.
    public var events: [String: String] = [:]
    /// Proposal number to its page and title.
    public var proposals: [Int: (href: String, title: String)] = [:]
    /// Where proposals without a local page live: the number is appended.
    public var proposalUpstream = "https://github.com/matrix-org/matrix-spec-proposals/pull/"
    var endpoints = EndpointMatcher([])
    /// Endpoint address to the proposals and changelog entries that mention it.
    public var mentions: [String: [Mention]] = [:]
    /// Proposal number to the endpoints of the spec that it mentions.
    public var endpointsOfProposal: [Int: [EndpointReference]] = [:]
    /// The source root, and where its files can be read online, for relative links in proposals.
    public var root = ""
    public var sourceURL: String?
    /// The published spec site (`https://spec.matrix.org/v1.8`), for links to its prose pages.
    public var specURL: String?
    /// Every endpoint and event address, and the same keyed by the anchors the Hugo spec site
    /// gives them (`get_matrixclientv3sync`, `mroomcreate`), which matrix-spec sources link to.
    var anchors: Set<String> = []
    var hugoAnchors: [String: String] = [:]
    /// Each API's operation ids, by document, in the spec's order.
    public var operationIDs: [String: [[String]]] = [:]
    /// Changes whenever anything a page could link to changes; part of every render cache key.
    public var fingerprint = ""

    /// The Hugo site's anchor for a heading text: lower case, only letters, digits, `_` and `-`.
    static func hugoAnchor(_ text: String) -> String {
        String(text.lowercased().unicodeScalars.filter { scalar in
            scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || scalar == "_" || scalar == "-")
        }.map(Character.init))
    }

    /// The spec site's page for an API folder: `client-server` is `client-server-api`.
    static func specPage(forAPI name: String) -> String {
        name == "identity" ? "identity-service-api" : name + "-api"
    }

    public init() {}

    public static func build(for spec: Spec) -> LinkIndex {
        var index = LinkIndex()
        index.root = spec.layout.root
        index.sourceURL = spec.layout.sourceURL
        index.specURL = spec.layout.specURL
        for event in spec.events.events {
            let href = EventsPageRenderer.pagePath + "#" + EventsPageRenderer.anchor(for: event.type)
            index.events[event.type] = href
            index.anchors.insert(href)
            index.hugoAnchors[hugoAnchor(event.type)] = href
        }
        var entries: [(reference: EndpointReference, relativePath: String)] = []
        for api in spec.apis {
            let ids = SiteRenderer.operationIDs(for: api)
            index.operationIDs[api.name] = ids
            for (document, documentIDs) in zip(api.documents, ids) {
                for (operation, id) in zip(document.operations, documentIDs) {
                    index.anchors.insert("\(api.name)/index.html#\(id)")
                    index.hugoAnchors[hugoAnchor(operation.method + " " + operation.fullPath)] = "\(api.name)/index.html#\(id)"
                    entries.append(
                        (EndpointReference(method: operation.method, fullPath: operation.fullPath, api: api.name, href: "\(api.name)/index.html#\(id)"), operation.path))
                }
            }
        }
        index.endpoints = EndpointMatcher(entries)
        for proposal in spec.proposals {
            index.proposals[proposal.number] = (ProposalPageRenderer.pagePath(for: proposal), proposal.title)
        }
        index.collectMentions(spec)
        var hasher = Hasher()
        for (type, href) in index.events.sorted(by: { $0.key < $1.key }) { hasher.combine(type); hasher.combine(href) }
        for anchor in index.anchors.sorted() { hasher.combine(anchor) }
        for (number, proposal) in index.proposals.sorted(by: { $0.key < $1.key }) { hasher.combine(number); hasher.combine(proposal.title) }
        for (href, mentions) in index.mentions.sorted(by: { $0.key < $1.key }) {
            hasher.combine(href)
            for mention in mentions { hasher.combine(mention.label); hasher.combine(mention.href) }
        }
        hasher.combine(index.specURL)
        hasher.combine(index.sourceURL)
        index.fingerprint = String(hasher.finalize())
        return index
    }

    /// Finds the endpoints that proposals and changelog entries mention, for links both ways.
    private mutating func collectMentions(_ spec: Spec) {
        for proposal in spec.proposals {
            var seen = Set<EndpointReference>()
            for (_, method, path) in MentionScanner.endpoints(in: proposal.text) {
                guard let endpoint = endpoint(method: method, path: path, preferring: nil), seen.insert(endpoint).inserted else { continue }
                endpointsOfProposal[proposal.number, default: []].append(endpoint)
                let label = proposal.title.contains(String(proposal.number)) ? proposal.title : "MSC\(proposal.number): \(proposal.title)"
                mentions[endpoint.href, default: []].append(Mention(label: label, href: ProposalPageRenderer.pagePath(for: proposal)))
            }
        }
        for history in spec.changelogs {
            let page = ChangelogPageRenderer.pagePath(for: history)
            let api = ChangelogLayout.apiFolder(for: history.name)
            func scan(_ entry: ChangelogEntry, label: String, href: String) {
                var seen = Set<String>()
                for (_, method, path) in MentionScanner.endpoints(in: entry.text) {
                    guard let endpoint = endpoint(method: method, path: path, preferring: api), seen.insert(endpoint.href).inserted else { continue }
                    mentions[endpoint.href, default: []].append(Mention(label: label, href: href))
                }
            }
            for entry in history.unreleased.flatMap(\.entries) {
                let issues = entry.issues.map { "#" + $0.id }.joined(separator: ", ")
                let id = entry.fragments.first.map(ChangelogPageRenderer.entryID(forFragment:)) ?? "unreleased"
                scan(entry, label: "Unreleased change \(issues)".trimming(" "), href: page + "#" + id)
            }
            for release in history.releases {
                let id = AnchorAllocator.slug(release.version, keep: ".")
                for entry in release.sections.flatMap(\.categories).flatMap(\.entries) {
                    let issues = entry.issues.map { "#" + $0.id }.joined(separator: ", ")
                    scan(entry, label: "\(release.version) \(issues)".trimming(" "), href: page + "#" + id)
                }
            }
        }
    }

    /// The endpoint a mention means, if the spec has it.
    func endpoint(method: String, path: String, preferring api: String?) -> EndpointReference? {
        endpoints.match(method: method, path: path, preferring: api)
    }

    func proposalHref(_ number: Int) -> (href: String, isLocal: Bool) {
        if let local = proposals[number] { return (local.href, true) }
        return (proposalUpstream + String(number), false)
    }
}

/// Links mentions in the Markdown of one page, relative to that page.
struct PageLinker: MarkdownLinking {
    let index: LinkIndex
    /// The page's path in the site, e.g. `client-server/index.html`.
    let pagePath: String
    /// The API whose endpoints win when a mention matches several.
    var preferredAPI: String?
    /// The proposal the page shows, which does not link to itself.
    var currentProposal: Int?
    /// The folder of the Markdown file, for relative links (proposals).
    var sourceFolder: String?

    func href(forCode code: String) -> String? {
        if let event = index.events[code] { return relative(event) }
        let endpoints = MentionScanner.endpoints(in: code)
        if endpoints.count == 1, endpoints[0].range == code.startIndex..<code.endIndex,
            let endpoint = index.endpoint(method: endpoints[0].method, path: endpoints[0].path, preferring: preferredAPI)
        {
            return relative(endpoint.href)
        }
        let proposals = MentionScanner.proposals(in: code)
        if proposals.count == 1, proposals[0].range == code.startIndex..<code.endIndex, proposals[0].number != currentProposal {
            let (href, isLocal) = index.proposalHref(proposals[0].number)
            return isLocal ? relative(href) : href
        }
        return nil
    }

    func mentions(in text: String) -> [(text: String, href: String?)]? {
        var links: [(Range<String.Index>, String)] = []
        for (range, method, path) in MentionScanner.endpoints(in: text) {
            if let endpoint = index.endpoint(method: method, path: path, preferring: preferredAPI) {
                links.append((range, relative(endpoint.href)))
            }
        }
        for (range, number) in MentionScanner.proposals(in: text) where number != currentProposal {
            let (href, isLocal) = index.proposalHref(number)
            links.append((range, isLocal ? relative(href) : href))
        }
        if !index.events.isEmpty, text.containsBytes("m.") {
            links += eventTypes(in: text).map { ($0, relative(index.events[String(text[$0])]!)) }
        }
        guard !links.isEmpty else { return nil }
        links.sort { $0.0.lowerBound < $1.0.lowerBound }
        var segments: [(text: String, href: String?)] = []
        var position = text.startIndex
        for (range, href) in links where range.lowerBound >= position {
            if position < range.lowerBound { segments.append((String(text[position..<range.lowerBound]), nil)) }
            segments.append((String(text[range]), href))
            position = range.upperBound
        }
        if position < text.endIndex { segments.append((String(text[position...]), nil)) }
        return segments
    }

    /// Local pages for proposals and files the site carries; the source online for other relative
    /// links; `""` (no link) when neither exists.
    func rewrite(destination: String) -> String? {
        if let number = MentionScanner.proposalNumber(inURL: destination), let local = index.proposals[number] {
            return relative(local.href)
        }
        if destination.hasPrefix("#") && sourceFolder != nil { return nil }
        if sourceFolder == nil, destination.hasPrefix("#") || (destination.hasPrefix("/") && !destination.hasPrefix("//")) {
            return rewriteSiteLink(destination)
        }
        if sourceFolder == nil, !destination.contains(":"), !destination.hasPrefix("//") {
            // Relative to the spec site's page for this API: `../#specification-versions`.
            let page = "/" + (preferredAPI.map(LinkIndex.specPage(forAPI:)) ?? "client-server-api") + "/"
            let hash = destination.firstIndex(of: "#")
            let path = hash.map { String(destination[..<$0]) } ?? destination
            let fragment = hash.map { String(destination[$0...]) } ?? ""
            let absolute = SourceTree.normalize(page + path) + (path.hasSuffix("/") || path.isEmpty || path.hasSuffix("..") ? "/" : "")
            return rewriteSiteLink(absolute.replacingOccurrences(of: "//", with: "/") + fragment)
        }
        let isRelative = !destination.contains(":") && !destination.hasPrefix("//")
        guard isRelative, let sourceFolder else { return nil }
        let pathPart = String(destination.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
        let absolute = SourceTree.normalize(destination.hasPrefix("/") ? index.root + pathPart : sourceFolder + "/" + pathPart)
        let name = absolute.split(separator: "/").last.map(String.init) ?? ""
        if SourceTree.parentDirectory(absolute) == sourceFolder {
            if name.hasSuffix(".md"), let number = Int(name.prefix { $0.isNumber }), let local = index.proposals[number] {
                return relative(local.href)
            }
            if !name.hasSuffix(".md"), FileManagerShim.exists(absolute), SourceTree.canonical(absolute).hasPrefix(SourceTree.canonical(index.root) + "/") {
                return relative(ProposalPageRenderer.folder + "/" + name)
            }
        }
        if let sourceURL = index.sourceURL, absolute.hasPrefix(index.root + "/") {
            return sourceURL + absolute.dropFirst(index.root.count + 1)
        }
        return ""
    }

    /// A link written for the published spec site: its endpoint and event anchors come here,
    /// anything else goes to that site, and without one the link is dropped.
    private func rewriteSiteLink(_ destination: String) -> String {
        let hash = destination.firstIndex(of: "#")
        let path = hash.map { String(destination[..<$0]) } ?? destination
        let fragment = hash.map { String(destination[destination.index(after: $0)...]) } ?? ""
        if !fragment.isEmpty {
            if path.isEmpty, index.anchors.contains(pagePath + "#" + fragment) { return "#" + fragment }
            if let local = index.hugoAnchors[fragment.lowercased()] { return relative(local) }
        }
        guard let specURL = index.specURL else { return "" }
        if path.isEmpty {
            let page = preferredAPI.map(LinkIndex.specPage(forAPI:)) ?? "client-server-api"
            return "\(specURL)/\(page)/#\(fragment)"
        }
        return specURL + destination
    }

    /// Whole words that are known event types.
    private func eventTypes(in text: String) -> [Range<String.Index>] {
        var found: [Range<String.Index>] = []
        var searchStart = text.startIndex
        while let start = text[searchStart...].range(of: "m.")?.lowerBound {
            let isWordStart = start == text.startIndex || !Self.isNameCharacter(text[text.index(before: start)])
            var end = start
            while end < text.endIndex, Self.isNameCharacter(text[end]) { end = text.index(after: end) }
            var candidate = text[start..<end]
            while candidate.hasSuffix(".") { candidate = candidate.dropLast() }
            if isWordStart, index.events[String(candidate)] != nil { found.append(start..<candidate.endIndex) }
            searchStart = end > start ? end : text.index(after: start)
        }
        return found
    }

    private static func isNameCharacter(_ character: Character) -> Bool {
        character.isASCII && (character.isLetter || character.isNumber || character == "." || character == "_")
    }

    /// A site-relative address as seen from this page.
    func relative(_ target: String) -> String {
        let hash = target.firstIndex(of: "#")
        let path = hash.map { String(target[..<$0]) } ?? target
        if path == pagePath { return hash.map { String(target[$0...]) } ?? "" }
        let from = pagePath.split(separator: "/").dropLast()
        var to = path.split(separator: "/")
        var common = 0
        while common < from.count, common < to.count - 1, from[from.startIndex + common] == to[common] { common += 1 }
        to.removeFirst(common)
        let fragment = hash.map { String(target[$0...]) } ?? ""
        return String(repeating: "../", count: from.count - common) + to.joined(separator: "/") + fragment
    }
}
