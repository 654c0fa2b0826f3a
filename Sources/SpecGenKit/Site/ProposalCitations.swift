/// Which proposals introduced or changed what the site shows, and where each one landed.
///
/// The spec's own statements come first: a changelog entry "Add `GET /…`, as per MSC2666" names
/// the endpoint (or event, or section it links) that the proposal brought, and an endpoint's
/// `x-addedInMatrixVersion` ties it to the entries of that release that name its path. A
/// proposal's own mention of an endpoint is weaker evidence, ranked after. Only proposals this
/// site has a page for are cited: their opening words are what the reader is shown.
package struct ProposalCitations: Sendable, Hashable {
    package struct Citation: Sendable, Hashable {
        package var number: Int
        /// The changelog that states it (`the v1.19 changelog`); `nil` when only the proposal mentions it.
        package var statedIn: String?
    }

    /// A changelog entry that cites a proposal.
    package struct Landing: Sendable, Hashable {
        /// `v1.19`, `Client-Server API r0.6.0`, `the next release (Client-Server API)`.
        package var release: String
        /// False for a newsfragment not released yet.
        package var isReleased: Bool
        /// The release's part of its changelog page, site-relative.
        package var href: String
        package var text: String
        package var markup: ChangelogMarkup
    }

    /// Something of the site that a changelog entry says a proposal brought.
    package struct Target: Sendable, Hashable {
        package var href: String
        package var label: String
        /// The changelog that says so: `the v1.19 changelog`.
        package var phrase: String
    }

    /// By the href of what is cited (`client-server-api/index.html#get_…`): stated ones first.
    package var byTarget: [String: [Citation]] = [:]
    package var landings: [Int: [Landing]] = [:]
    /// By proposal: what the changelogs say it brought.
    package var targets: [Int: [Target]] = [:]

    mutating func cite(_ number: Int, at href: String, statedIn release: String?) {
        var list = byTarget[href, default: []]
        if let index = list.firstIndex(where: { $0.number == number }) {
            guard list[index].statedIn == nil, release != nil else { return }
            list.remove(at: index)
        }
        let citation = Citation(number: number, statedIn: release)
        // Stated ones before the proposals' own mentions, each kind in the order found.
        let position = release == nil ? list.endIndex : list.firstIndex { $0.statedIn == nil } ?? list.endIndex
        list.insert(citation, at: position)
        byTarget[href] = list
    }
}

/// One entry of a changelog, with the release it belongs to and where that is on the site.
private struct CitingEntry {
    var release: String
    /// The changelog as a sentence names it: `the v1.19 changelog`, `the unreleased changes`.
    var phrase: String
    /// The version as `x-addedInMatrixVersion` gives it (`v1.7`), for releases of the whole spec.
    var specVersion: String?
    var href: String
    var entry: ChangelogEntry
    var markup: ChangelogMarkup
    var isReleased = true
    /// The API whose endpoints a path the entry names is first taken for (`server-server`).
    var api: String?
}

extension SiteMap {
    /// The changelogs' entries, newest release first, then the unreleased ones.
    private func citingEntries(_ spec: Spec) -> [CitingEntry] {
        var found: [CitingEntry] = []
        func place(page path: String, anchors candidates: [String]) -> String {
            guard let page = page(atPath: path) else { return path }
            return candidates.first(where: page.anchors.contains).map { path + "#" + $0 } ?? path
        }
        for release in spec.changelogs.releases {
            guard let content = spec.content.first(where: { $0.file == release.file }) else { continue }
            let path = paths.path(of: .content(url: content.url))
            for section in release.sections {
                let href = place(page: path, anchors: [HugoAnchor.anchorize(section.name)])
                let api = SpecLoader.apiTitles.first { $0.value == section.name }?.key
                for entry in section.categories.flatMap(\.entries) {
                    found.append(
                        CitingEntry(
                            release: release.version, phrase: "the \(release.version) changelog",
                            specVersion: release.version, href: href, entry: entry, markup: release.markup, api: api))
                }
            }
        }
        for history in spec.changelogs.histories {
            let path = paths.releasedChangesPage(of: history, layout: spec.layout.kind)
            for release in history.releases {
                let href = place(page: path, anchors: [release.version, HugoAnchor.anchorize(release.version)])
                for entry in release.sections.flatMap(\.categories).flatMap(\.entries) {
                    found.append(
                        CitingEntry(
                            release: "\(history.title) \(release.version)",
                            phrase: "the \(history.title) \(release.version) changelog", href: href, entry: entry,
                            markup: release.markup, api: ChangelogLayout.apiFolder(for: history.name)))
                }
            }
        }
        for api in spec.changelogs.unreleased {
            for entry in api.categories.flatMap(\.entries) {
                guard
                    let href = paths.unreleasedEntry(api: api.name, firstFragment: entry.fragments.first)
                else { continue }
                found.append(
                    CitingEntry(
                        release: "the next release (\(api.title))", phrase: "the unreleased changes",
                        href: href,
                        entry: entry, markup: api.markup, isReleased: false,
                        api: ChangelogLayout.apiFolder(for: api.name)))
            }
        }
        return found
    }

    /// What each proposal with a page here brought, as the changelogs state it, then what the
    /// proposals mention themselves.
    func collectCitations(_ spec: Spec, versionsOfEndpoint: [String: Set<String>]) -> ProposalCitations {
        var citations = ProposalCitations()
        guard !proposals.isEmpty else { return citations }
        // Each entry is scanned on its own, in parallel; what they cite is gathered in order.
        let entries = citingEntries(spec)
        let scanned = parallelMap(entries) { scan($0, versionsOfEndpoint: versionsOfEndpoint) }
        for (citing, (numbers, named)) in zip(entries, scanned) where !numbers.isEmpty {
            let text = citing.entry.text.text
            for number in numbers {
                citations.landings[number, default: []].append(
                    ProposalCitations.Landing(
                        release: citing.release, isReleased: citing.isReleased, href: citing.href, text: text,
                        markup: citing.markup))
                for (href, label) in named {
                    citations.cite(number, at: href, statedIn: citing.phrase)
                    if !(citations.targets[number]?.contains { $0.href == href } ?? false) {
                        citations.targets[number, default: []].append(
                            ProposalCitations.Target(href: href, label: label, phrase: citing.phrase))
                    }
                }
            }
        }
        for (number, endpoints) in endpointsOfProposal.sorted(by: { $0.key < $1.key }) {
            for endpoint in endpoints { citations.cite(number, at: endpoint.href, statedIn: nil) }
        }
        return citations
    }

    /// The proposals a changelog entry cites, and the endpoints, events and sections it names.
    private func scan(_ citing: CitingEntry, versionsOfEndpoint: [String: Set<String>]) -> (
        numbers: [Int], named: [(href: String, label: String)]
    ) {
        let text = citing.entry.text.text
        var numbers: [Int] = []
        for (_, number) in MentionScanner.proposals(in: text)
        where proposals[number] != nil && !numbers.contains(number) {
            numbers.append(number)
        }
        guard !numbers.isEmpty else { return ([], []) }
        let preferred = citing.api
        var named: [(href: String, label: String)] = []
        for (_, method, path) in MentionScanner.endpoints(in: text) {
            if let endpoint = endpoint(method: method, path: path, preferring: preferred) {
                named.append((endpoint.href, "\(endpoint.method) \(endpoint.fullPath)"))
            }
        }
        // A path without its method names an endpoint that the release added or changed.
        if let version = citing.specVersion {
            for path in Self.codePaths(in: text) {
                if let endpoint = endpoint(method: nil, path: path, preferring: preferred),
                    versionsOfEndpoint[endpoint.href]?.contains(version) == true
                {
                    named.append((endpoint.href, "\(endpoint.method) \(endpoint.fullPath)"))
                }
            }
        }
        for type in Self.eventTypes(in: text) {
            if let href = events[type] { named.append((href, type)) }
        }
        for (label, destination) in Self.links(in: text) {
            if let href = sectionHref(destination) { named.append((href, label)) }
        }
        var seen = Set<String>()
        return (numbers, named.filter { seen.insert($0.href).inserted })
    }

    /// A link of a changelog entry to a section of this site (`/client-server-api/#spaces`).
    private func sectionHref(_ destination: String) -> String? {
        guard destination.hasPrefix("/"), let hash = destination.firstIndex(of: "#") else { return nil }
        let fragment = String(destination[destination.index(after: hash)...])
        guard !fragment.isEmpty, let page = page(atURL: String(destination[..<hash])),
            let id = anchor(fragment, on: page)
        else { return nil }
        return page.path + "#" + id
    }

    /// Code spans that are paths: `` `/rooms/{roomId}/context/{eventId}` ``.
    static func codePaths(in text: String) -> [String] {
        text.split(separator: "`", omittingEmptySubsequences: false).enumerated().compactMap { index, part in
            index % 2 == 1 && part.hasPrefix("/") && !part.containsByte(UInt8(ascii: " ")) ? String(part) : nil
        }
    }

    /// Words that could be event types: `m.room.image_pack`, `m.key.verification.accept`. An
    /// ASCII text, as most entries are, is read byte by byte with the same rules.
    static func eventTypes(in text: String) -> [String] {
        asciiEventTypes(in: text) ?? characterEventTypes(in: text)
    }

    /// The words of ``eventTypes(in:)`` in an ASCII text; `nil` for any other text.
    static func asciiEventTypes(in text: String) -> [String]? {
        var text = text
        return text.withUTF8 { bytes -> [String]? in
            func isLetter(_ byte: UInt8) -> Bool {
                (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
            }
            var found: [String] = []
            var start = 0
            for index in 0...bytes.count {
                let byte = index < bytes.count ? bytes[index] : UInt8(ascii: " ")
                guard byte < 0x80 else { return nil }
                if isLetter(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "_")
                    || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "$")
                {
                    continue
                }
                var end = index
                if end > start, bytes[end - 1] == UInt8(ascii: ".") { end -= 1 }
                let word = UnsafeBufferPointer(rebasing: bytes[start..<end])
                if let first = word.first, isLetter(first), word.contains(UInt8(ascii: ".")) {
                    found.append(String(decoding: word, as: UTF8.self))
                }
                start = index + 1
            }
            return found
        }
    }

    /// The words of ``eventTypes(in:)`` by Unicode's letters and numbers: the rule itself.
    static func characterEventTypes(in text: String) -> [String] {
        text.split { !($0.isLetter || $0.isNumber || $0 == "_" || $0 == "." || $0 == "$") }.compactMap { word in
            let trimmed = word.hasSuffix(".") ? word.dropLast() : word
            return trimmed.contains(".") && trimmed.first?.isLetter == true ? String(trimmed) : nil
        }
    }

    /// Markdown links `[label](destination)` and RST links `` `label <destination>`_ ``.
    static func links(in text: String) -> [(label: String, destination: String)] {
        var found: [(String, String)] = []
        var rest = text[...]
        while let open = rest.firstIndex(of: "[") {
            let afterOpen = rest[rest.index(after: open)...]
            guard let close = afterOpen.firstIndex(of: "]") else { break }
            let after = afterOpen[afterOpen.index(after: close)...]
            if after.hasPrefix("("), let end = after.firstIndex(of: ")") {
                found.append(
                    (
                        String(afterOpen[..<close]).replacingOccurrences(of: "`", with: ""),
                        String(after[after.index(after: after.startIndex)..<end])
                    ))
                rest = after[end...]
            } else {
                rest = after
            }
        }
        guard text.containsBytes(">`_") else { return found }
        rest = text[...]
        while let end = rest.range(of: ">`_") {
            let before = rest[..<end.lowerBound]
            if let open = before.lastIndex(of: "<"), let tick = before[..<open].lastIndex(of: "`") {
                found.append(
                    (
                        String(before[before.index(after: tick)..<open]).trimming(" "),
                        String(before[before.index(after: open)...])
                    ))
            }
            rest = rest[end.upperBound...]
        }
        return found
    }
}
