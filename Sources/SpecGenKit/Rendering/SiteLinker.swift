/// Everything in the site that text can link to, by site-relative address (`events/index.html#m.room.member`).
public struct LinkIndex: Sendable {
    /// Event type to its entry.
    public var events: [String: String] = [:]

    public init(events: [String: String] = [:]) {
        self.events = events
    }

    public static func build(for spec: Spec) -> LinkIndex {
        var index = LinkIndex()
        for event in spec.events.events {
            index.events[event.type] = EventsPageRenderer.pagePath + "#" + EventsPageRenderer.anchor(for: event.type)
        }
        return index
    }
}

/// Links mentions in the Markdown of one page, relative to that page.
struct PageLinker: MarkdownLinking {
    let index: LinkIndex
    /// The page's path in the site, e.g. `client-server/index.html`.
    let pagePath: String

    func href(forCode code: String) -> String? {
        index.events[code].map(relative)
    }

    func mentions(in text: String) -> [(text: String, href: String?)]? {
        guard !index.events.isEmpty, text.containsBytes("m.") else { return nil }
        var segments: [(text: String, href: String?)] = []
        var rest = text[...]
        var found = false
        while let range = nextEventType(in: rest) {
            found = true
            if rest.startIndex < range.lowerBound { segments.append((String(rest[..<range.lowerBound]), nil)) }
            let type = String(rest[range])
            segments.append((type, relative(index.events[type]!)))
            rest = rest[range.upperBound...]
        }
        guard found else { return nil }
        if !rest.isEmpty { segments.append((String(rest), nil)) }
        return segments
    }

    /// The next whole word that is a known event type.
    private func nextEventType(in text: Substring) -> Range<Substring.Index>? {
        var searchStart = text.startIndex
        while let start = text[searchStart...].range(of: "m.")?.lowerBound {
            let isWordStart = start == text.startIndex || !Self.isNameCharacter(text[text.index(before: start)])
            var end = start
            while end < text.endIndex, Self.isNameCharacter(text[end]) { end = text.index(after: end) }
            var candidate = text[start..<end]
            while candidate.hasSuffix(".") { candidate = candidate.dropLast() }
            if isWordStart, index.events[String(candidate)] != nil { return start..<candidate.endIndex }
            searchStart = end > start ? end : text.index(after: start)
        }
        return nil
    }

    private static func isNameCharacter(_ character: Character) -> Bool {
        character.isASCII && (character.isLetter || character.isNumber || character == "." || character == "_")
    }

    /// A site-relative address as seen from this page.
    func relative(_ target: String) -> String {
        let (path, fragment) = Self.split(target)
        if path == pagePath { return fragment.map { "#" + $0 } ?? "" }
        let depth = pagePath.split(separator: "/").count - 1
        return String(repeating: "../", count: depth) + target
    }

    private static func split(_ target: String) -> (String, String?) {
        guard let hash = target.firstIndex(of: "#") else { return (target, nil) }
        return (String(target[..<hash]), String(target[target.index(after: hash)...]))
    }
}
