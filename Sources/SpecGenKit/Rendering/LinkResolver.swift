/// Where a link in the sources goes, from one page: a page and anchor of this site, a file it
/// carries, or another site. Links written for spec.matrix.org (`/client-server-api/#…`) go to
/// this site's pages; only what the sources themselves write goes to other sites.
///
/// A class, not a struct: every text rendered on a page holds the page's resolver, and a copy of
/// the site map and the page's plan would retain each of their dozens of fields.
final class LinkResolver: Sendable {
    let map: SiteMap
    let page: PagePlan
    /// Where the questions asked of the site map are noted, for a rendering that may be reused.
    let questions: SiteMapQuestions?

    /// The same resolver without noting, which answers the questions this one notes.
    private let plain: LinkResolver?

    init(map: SiteMap, page: PagePlan, questions: SiteMapQuestions? = nil) {
        self.map = map
        self.page = page
        self.questions = questions
        plain = questions == nil ? nil : LinkResolver(map: map, page: page)
    }

    /// `question(self)`, noted with its answer. Callers ask only when questions are noted, so
    /// that an unnoted lookup makes no closure.
    private func asking<Answer: Equatable & Sendable>(
        _ question: @escaping @Sendable (LinkResolver) -> Answer
    ) -> Answer {
        guard let questions, let plain else { return question(self) }
        let answer = question(plain)
        questions.note(question, answer)
        return answer
    }

    enum Resolution: Equatable {
        case href(String)
        /// No link: the text is shown alone, and why is reported (`nil`: nothing worth saying).
        case none(Finding?)
    }

    func resolve(_ raw: String) -> Resolution {
        questions == nil ? plainResolve(raw) : asking { $0.plainResolve(raw) }
    }

    private func plainResolve(_ raw: String) -> Resolution {
        let destination = raw.trimmingWhitespace
        guard !destination.isEmpty else { return .none(nil) }
        if destination.hasPrefix(RSTCompatibility.substitutionScheme) {
            return substitution(String(destination.dropFirst(RSTCompatibility.substitutionScheme.count)))
        }
        guard URLPolicy.allows(destination) else {
            // The checker reports it, where the text is read.
            return .none(nil)
        }
        if Self.hasScheme(destination) || destination.hasPrefix("//") {
            if let number = MentionScanner.proposalNumber(inURL: destination), let local = map.proposals[number] {
                // The proposal's own page does not link to itself.
                return local.href == page.path ? .none(nil) : .href(relative(local.href))
            }
            return .href(Self.encodedURL(destination))
        }
        let (path, fragment) = Self.split(destination)
        if path.isEmpty {
            guard let fragment, !fragment.isEmpty else { return .href(destination) }
            guard let current = map.page(atPath: page.path) else { return .href(destination) }
            if let id = map.anchor(fragment, on: current) { return .href("#" + id) }
            return .none(Finding(.brokenAnchor, "the link '#\(fragment)' names no anchor on this page"))
        }
        if let base = page.relativeLinkBase, let beside = ProposalLoader.besideProposal(path, folder: base) {
            return sourceRelative(beside, fragment: fragment, base: base)
        }
        if path.hasPrefix("/") { return siteLink(path, fragment: fragment, written: destination) }
        if let base = page.relativeLinkBase { return sourceRelative(path, fragment: fragment, base: base) }
        // Relative to the page's URL, as the published site resolves it.
        let base = page.url.hasSuffix("/") || page.url.isEmpty ? page.url : SourcePath.parent(page.url) + "/"
        let joined = SourcePath.normalize(base + path) ?? path
        return siteLink(
            "/" + joined + (path.hasSuffix("/") && !joined.isEmpty ? "/" : ""), fragment: fragment, written: destination
        )
    }

    /// A URL as written, with what a URL may not hold percent-encoded: spaces, quotes, brackets,
    /// non-ASCII bytes, and a `#` inside the fragment (`https://matrix.to/#/#room:example.org`).
    static func encodedURL(_ url: String) -> String {
        // Built from the first byte that needs encoding: most URLs are returned as they are.
        var out: [UInt8]?
        var inFragment = false
        for (offset, byte) in url.utf8.enumerated() {
            let encode: Bool
            switch byte {
            case UInt8(ascii: "#"):
                encode = inFragment
                inFragment = true
            case 0..<0x21, 0x7F..., UInt8(ascii: "\""), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\\"),
                UInt8(ascii: "^"), UInt8(ascii: "`"), UInt8(ascii: "{"), UInt8(ascii: "|"), UInt8(ascii: "}"):
                encode = true
            default:
                encode = false
            }
            if encode {
                if out == nil { out = Array(url.utf8.prefix(offset)) }
                out!.append(UInt8(ascii: "%"))
                out!.append(contentsOf: String(byte, radix: 16, uppercase: true).leftPadded(2).utf8)
            } else {
                out?.append(byte)
            }
        }
        return out.map { String(decoding: $0, as: UTF8.self) } ?? url
    }

    /// `/client-server-api/#login`: a page of this site, an asset, or the published site.
    private func siteLink(_ path: String, fragment: String?, written: String) -> Resolution {
        if let target = map.page(atURL: path) {
            guard let fragment, !fragment.isEmpty else { return .href(relative(target.path)) }
            if let id = map.anchor(fragment, on: target) { return .href(relative(target.path + "#" + id)) }
            return .none(
                Finding(
                    .brokenAnchor,
                    "the link '\(written)' names no anchor '\(fragment)' on \(target.url.isEmpty ? "the home page" : target.url)"
                ))
        }
        let file = String(path.dropFirst())
        if map.assets.contains(file) { return .href(relative(file) + (fragment.map { "#" + $0 } ?? "")) }
        if let specURL = map.specURL { return .href(specURL + path + (fragment.map { "#" + $0 } ?? "")) }
        return .none(Finding(.brokenLink, "the link '\(written)' goes to a page this site does not have"))
    }

    /// A proposal's link to a file beside it: its page, the copy the site carries, or the source online.
    private func sourceRelative(_ path: String, fragment: String?, base: String) -> Resolution {
        guard let joined = SourcePath.join(base, path.removingPercentEncodingIfPossible) else {
            return .none(Finding(.outsideRoot, "the link '\(path)' leaves the source tree"))
        }
        let name = SourcePath.name(joined)
        if SourcePath.parent(joined) == base, name.hasSuffix(".md"), let number = Int(name.prefix { $0.isNumber }),
            let local = map.proposals[number]
        {
            return .href(relative(local.href) + (fragment.map { "#" + $0 } ?? ""))
        }
        let copy = SitePaths.proposalFile(
            joined.hasPrefix(base + "/") ? String(joined.dropFirst(base.count + 1)) : joined)
        if map.assets.contains(copy) { return .href(relative(copy)) }
        if let image = map.embeddedImages[copy] { return .href(image) }
        if let sourceURL = map.sourceURL { return .href(sourceURL + joined + (fragment.map { "#" + $0 } ?? "")) }
        return .none(
            Finding(
                .brokenLink,
                "the link '\(path)' goes to a file the site does not carry (set source_url in specgen.yaml to link it online)"
            ))
    }

    /// `|/sync|_`: the endpoint a path names, else what the spec's prose defines the name as.
    private func substitution(_ name: String) -> Resolution {
        if name.hasPrefix("/"), let endpoint = map.endpoint(method: nil, path: name, preferring: page.preferredAPI) {
            return .href(relative(endpoint.href))
        }
        if let target = map.rstTargets[name] { return plainResolve(target) }
        return .none(
            Finding(
                .brokenLink,
                map.rstTargets.isEmpty
                    ? "the substitution '|\(name)|' is defined in the spec's prose, which this tree does not have; it is shown as text"
                    : "the substitution '|\(name)|' names no endpoint and nothing the spec's prose defines; it is shown as text"
            ))
    }

    func relative(_ target: String) -> String {
        SiteMap.relative(target, from: page.path)
    }

    static func hasScheme(_ url: String) -> Bool {
        // Letters, digits, `+`, `-` and `.` up to the first colon, as RFC 3986 writes schemes.
        guard let colon = url.utf8.firstIndex(of: UInt8(ascii: ":")) else { return false }
        let scheme = url.utf8[..<colon]
        return !scheme.isEmpty
            && scheme.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                    UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."):
                    true
                default: false
                }
            }
    }

    static func split(_ destination: String) -> (path: String, fragment: String?) {
        let hash = destination.firstRangeOfBytes("#")?.lowerBound
        var path = hash.map { String(destination[..<$0]) } ?? destination
        if let query = path.firstRangeOfBytes("?")?.lowerBound { path = String(path[..<query]) }
        return (path, hash.map { String(destination[destination.index(after: $0)...]) })
    }

    // MARK: Mentions

    /// The "Mentioned in" list of an anchor (`client-server-api/index.html#id`).
    func mentions(of anchor: String) -> [Mention] {
        questions == nil ? map.mentions[anchor] ?? [] : asking { $0.map.mentions[anchor] ?? [] }
    }

    /// A proposal cited for what a site path and fragment names, with its page here.
    struct ProposalNote: Equatable, Sendable {
        var citation: ProposalCitations.Citation
        var proposal: Proposal
        var href: String
    }

    /// The proposals cited for what `target` (a site path and fragment) names that have a page here.
    func proposalNotes(for target: String) -> [ProposalNote] {
        questions == nil ? plainProposalNotes(for: target) : asking { $0.plainProposalNotes(for: target) }
    }

    private func plainProposalNotes(for target: String) -> [ProposalNote] {
        (map.citations.byTarget[target] ?? []).compactMap { citation in
            guard let proposal = map.proposalsByNumber[citation.number], let local = map.proposals[citation.number]
            else { return nil }
            return ProposalNote(citation: citation, proposal: proposal, href: local.href)
        }
    }

    /// The href for a code span's text: an event, an endpoint, or a proposal.
    func href(forCode code: String) -> String? {
        questions == nil ? plainHref(forCode: code) : asking { $0.plainHref(forCode: code) }
    }

    private func plainHref(forCode code: String) -> String? {
        if let event = map.events[code] { return relative(event) }
        let endpoints = MentionScanner.endpoints(in: code)
        if endpoints.count == 1, endpoints[0].range == code.startIndex..<code.endIndex,
            let endpoint = map.endpoint(
                method: endpoints[0].method, path: endpoints[0].path, preferring: page.preferredAPI)
        {
            return relative(endpoint.href)
        }
        let proposals = MentionScanner.proposals(in: code)
        if proposals.count == 1, proposals[0].range == code.startIndex..<code.endIndex,
            proposals[0].number != page.proposalNumber
        {
            let (href, isLocal) = map.proposalHref(proposals[0].number)
            return isLocal ? relative(href) : href
        }
        return nil
    }

    /// Plain text split where it mentions an endpoint, a proposal or an event type.
    func mentions(in text: String) -> [TextSegment]? {
        questions == nil ? plainMentions(in: text) : asking { $0.plainMentions(in: text) }
    }

    private func plainMentions(in text: String) -> [TextSegment]? {
        var links: [(Range<String.Index>, String)] = []
        for (range, method, path) in MentionScanner.endpoints(in: text) {
            if let endpoint = map.endpoint(method: method, path: path, preferring: page.preferredAPI) {
                links.append((range, relative(endpoint.href)))
            }
        }
        for (range, number) in MentionScanner.proposals(in: text) where number != page.proposalNumber {
            let (href, isLocal) = map.proposalHref(number)
            links.append((range, isLocal ? relative(href) : href))
        }
        if !map.events.isEmpty, text.containsBytes("m.") {
            links += eventTypes(in: text).map { ($0, relative(map.events[String(text[$0])]!)) }
        }
        guard !links.isEmpty else { return nil }
        links.sort { $0.0.lowerBound < $1.0.lowerBound }
        var segments: [TextSegment] = []
        var position = text.startIndex
        for (range, href) in links where range.lowerBound >= position {
            if position < range.lowerBound {
                segments.append(TextSegment(text: String(text[position..<range.lowerBound]), href: nil))
            }
            segments.append(TextSegment(text: String(text[range]), href: href))
            position = range.upperBound
        }
        if position < text.endIndex { segments.append(TextSegment(text: String(text[position...]), href: nil)) }
        return segments
    }

    /// Whole words that are known event types: runs of name characters that start with `m.`,
    /// without their trailing dots. Scanned as UTF-8 bytes; every name character is ASCII.
    private func eventTypes(in text: String) -> [Range<String.Index>] {
        var found: [Range<String.Index>] = []
        let bytes = text.utf8
        var index = bytes.startIndex
        while index < bytes.endIndex {
            guard Self.isNameByte(bytes[index]) else {
                index = bytes.index(after: index)
                continue
            }
            let start = index
            while index < bytes.endIndex, Self.isNameByte(bytes[index]) { index = bytes.index(after: index) }
            var end = index
            while end > start, bytes[bytes.index(before: end)] == UInt8(ascii: ".") { end = bytes.index(before: end) }
            guard bytes[start] == UInt8(ascii: "m"), bytes.distance(from: start, to: end) > 2,
                bytes[bytes.index(after: start)] == UInt8(ascii: ".")
            else { continue }
            if map.events[String(text[start..<end])] != nil { found.append(start..<end) }
        }
        return found
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "."), UInt8(ascii: "_"):
            return true
        default:
            return false
        }
    }
}
