/// Raw HTML written in Markdown, passed through an allowlist.
///
/// Harmless tags (`<sub>`, `<strong>`, `<table>`, `<a href>`, …) keep their allowed attributes;
/// other attributes are dropped, and `name` becomes `id`. A tag that could run script
/// (`<script>`, `<iframe>`, `onload=`, a `javascript:` URL, …) is shown as text and reported.
/// Tags the list does not know (`<room id>` in a placeholder) are shown as text too, quietly.
package enum RawHTML {
    package enum Token: Sendable, Hashable {
        case text(String)
        case start(name: String, attributes: [Attribute], selfClosing: Bool)
        case end(name: String)
        case comment
    }

    package struct Attribute: Sendable, Hashable {
        package var name: String
        package var value: String?
    }

    /// A piece of raw HTML that is shown as text because it could run script.
    package struct Finding: Sendable, Hashable {
        /// The offending markup, shortened.
        package var markup: String
        package var reason: String
        /// The line it starts on, counted from 0 within the raw HTML.
        package var line = 0
    }

    static let allowedTags: Set<String> = [
        "a", "abbr", "b", "bdi", "bdo", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd", "del",
        "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
        "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "picture", "pre", "q", "rp", "rt", "ruby", "s", "samp",
        "section", "small", "source", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th",
        "thead", "time", "tr", "u", "ul", "var", "wbr",
    ]
    static let voidTags: Set<String> = ["br", "col", "hr", "img", "source", "wbr"]
    /// Tags that can run script or pull in other documents: never passed through.
    static let dangerousTags: Set<String> = [
        "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "link", "meta", "form",
        "input", "button", "textarea", "select", "option", "svg", "math", "template", "noscript", "portal", "xmp",
        "plaintext", "noembed", "noframes", "dialog", "audio", "video", "track", "canvas", "html", "head", "body",
        "title",
    ]
    static let globalAttributes: Set<String> = ["id", "class", "title", "lang", "dir", "role"]
    static let tagAttributes: [String: Set<String>] = [
        "a": ["href"], "img": ["src", "alt", "width", "height", "loading"], "td": ["colspan", "rowspan", "headers"],
        "th": ["colspan", "rowspan", "headers", "scope", "abbr"], "ol": ["start", "reversed", "type"], "li": ["value"],
        "details": ["open"], "time": ["datetime"], "q": ["cite"], "blockquote": ["cite"], "del": ["cite", "datetime"],
        "ins": ["cite", "datetime"], "col": ["span"], "colgroup": ["span"],
        "source": ["srcset", "type", "media", "sizes"],
    ]

    /// Splits raw HTML into tokens; anything that is not a well-formed tag stays text.
    package static func tokenize(_ html: String) -> [Token] { tokenizeWithLines(html).map(\.token) }

    /// The tokens, each with the line it starts on, counted from 0 within `html`.
    package static func tokenizeWithLines(_ html: String) -> [(token: Token, line: Int)] {
        let bytes = Array(html.utf8)
        var tokens: [(token: Token, line: Int)] = []
        var text: [UInt8] = []
        var textLine = 0
        var line = 0
        var index = 0
        func flush() {
            if !text.isEmpty { tokens.append((.text(String(decoding: text, as: UTF8.self)), textLine)) }
            text = []
        }
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "<"), let (token, next) = tag(bytes, at: index) {
                flush()
                tokens.append((token, line))
                line += bytes[index..<next].reduce(0) { $1 == 0x0A ? $0 + 1 : $0 }
                index = next
                textLine = line
                continue
            }
            if text.isEmpty { textLine = line }
            if bytes[index] == 0x0A { line += 1 }
            text.append(bytes[index])
            index += 1
        }
        flush()
        return tokens
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
            || byte == UInt8(ascii: "-")
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C
    }

    private static func tag(_ bytes: [UInt8], at start: Int) -> (Token, Int)? {
        var index = start + 1
        guard index < bytes.count else { return nil }
        if bytes[index] == UInt8(ascii: "!") {
            let comment = Array("<!--".utf8)
            if bytes[start...].starts(with: comment) {
                var scan = start + 4
                while scan + 2 < bytes.count {
                    if bytes[scan] == UInt8(ascii: "-"), bytes[scan + 1] == UInt8(ascii: "-"),
                        bytes[scan + 2] == UInt8(ascii: ">")
                    {
                        return (.comment, scan + 3)
                    }
                    scan += 1
                }
            }
            return nil
        }
        var closing = false
        if bytes[index] == UInt8(ascii: "/") {
            closing = true
            index += 1
        }
        let nameStart = index
        guard index < bytes.count,
            (bytes[index] >= 0x61 && bytes[index] <= 0x7A) || (bytes[index] >= 0x41 && bytes[index] <= 0x5A)
        else {
            return nil
        }
        while index < bytes.count, isNameByte(bytes[index]) { index += 1 }
        let name = String(decoding: bytes[nameStart..<index], as: UTF8.self).lowercased()
        if closing {
            while index < bytes.count, isSpace(bytes[index]) { index += 1 }
            guard index < bytes.count, bytes[index] == UInt8(ascii: ">") else { return nil }
            return (.end(name: name), index + 1)
        }
        var attributes: [Attribute] = []
        while true {
            let before = index
            while index < bytes.count, isSpace(bytes[index]) { index += 1 }
            guard index < bytes.count else { return nil }
            if bytes[index] == UInt8(ascii: ">") {
                return (.start(name: name, attributes: attributes, selfClosing: false), index + 1)
            }
            if bytes[index] == UInt8(ascii: "/"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: ">") {
                return (.start(name: name, attributes: attributes, selfClosing: true), index + 2)
            }
            guard index > before else { return nil }
            let attributeStart = index
            while index < bytes.count, !isSpace(bytes[index]), bytes[index] != UInt8(ascii: "="),
                bytes[index] != UInt8(ascii: ">"),
                bytes[index] != UInt8(ascii: "/"), bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "'")
            {
                index += 1
            }
            guard index > attributeStart else { return nil }
            let attributeName = String(decoding: bytes[attributeStart..<index], as: UTF8.self).lowercased()
            var scan = index
            while scan < bytes.count, isSpace(bytes[scan]) { scan += 1 }
            guard scan < bytes.count, bytes[scan] == UInt8(ascii: "=") else {
                attributes.append(Attribute(name: attributeName, value: nil))
                continue
            }
            index = scan + 1
            while index < bytes.count, isSpace(bytes[index]) { index += 1 }
            guard index < bytes.count else { return nil }
            var value: [UInt8] = []
            if bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") {
                let quote = bytes[index]
                index += 1
                while index < bytes.count, bytes[index] != quote {
                    value.append(bytes[index])
                    index += 1
                }
                guard index < bytes.count else { return nil }
                index += 1
            } else {
                while index < bytes.count, !isSpace(bytes[index]), bytes[index] != UInt8(ascii: ">") {
                    value.append(bytes[index])
                    index += 1
                }
            }
            attributes.append(
                Attribute(name: attributeName, value: HTMLEntities.decode(String(decoding: value, as: UTF8.self))))
        }
    }

    /// What becomes of a tag: passed through with these attributes, or shown as text.
    package enum Verdict: Sendable, Hashable {
        case allow([Attribute])
        case showAsText(danger: String?)
    }

    package static func verdict(name: String, attributes: [Attribute]) -> Verdict {
        if dangerousTags.contains(name) { return .showAsText(danger: "the <\(name)> element") }
        for attribute in attributes {
            if attribute.name.hasPrefix("on") { return .showAsText(danger: "the \(attribute.name) attribute") }
            if ["srcdoc", "formaction", "xlink:href", "action", "background", "dynsrc", "lowsrc"].contains(
                attribute.name)
            {
                return .showAsText(danger: "the \(attribute.name) attribute")
            }
            if let value = attribute.value, !URLPolicy.allows(value, inAttribute: attribute.name) {
                return .showAsText(danger: "the URL '\(value.prefix(40))'")
            }
        }
        guard allowedTags.contains(name) else { return .showAsText(danger: nil) }
        var kept: [Attribute] = []
        let specific = tagAttributes[name] ?? []
        let hasID = attributes.contains { $0.name == "id" }
        for attribute in attributes {
            if globalAttributes.contains(attribute.name) || specific.contains(attribute.name)
                || attribute.name.hasPrefix("aria-") || attribute.name.hasPrefix("data-")
            {
                kept.append(attribute)
            } else if attribute.name == "name", !hasID, let value = attribute.value, !value.isEmpty {
                kept.append(Attribute(name: "id", value: value))
            }
        }
        return .allow(kept)
    }

    /// The pieces of raw HTML that would run script, for the checker to report.
    package static func findings(in html: String) -> [Finding] {
        guard html.containsByte(UInt8(ascii: "<")) else { return [] }
        var found: [Finding] = []
        for (token, line) in tokenizeWithLines(html) {
            guard case .start(let name, let attributes, _) = token,
                case .showAsText(let danger?) = verdict(name: name, attributes: attributes)
            else { continue }
            found.append(Finding(markup: "<" + name, reason: danger, line: line))
        }
        return found
    }
}

/// HTML character references, for attribute values read from raw HTML.
enum HTMLEntities {
    static func decode(_ text: String) -> String {
        guard text.containsByte(UInt8(ascii: "&")) else { return text }
        var out = ""
        var rest = Substring(text)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            let after = rest[rest.index(after: amp)...]
            guard let semicolon = after.prefix(12).firstIndex(of: ";") else {
                out += "&"
                rest = after
                continue
            }
            let name = after[..<semicolon]
            var replacement: String?
            if name.hasPrefix("#x") || name.hasPrefix("#X"), let value = UInt32(name.dropFirst(2), radix: 16),
                let scalar = Unicode.Scalar(value)
            {
                replacement = String(scalar)
            } else if name.hasPrefix("#"), let value = UInt32(name.dropFirst()), let scalar = Unicode.Scalar(value) {
                replacement = String(scalar)
            } else {
                replacement =
                    ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}"][String(name)]
            }
            if let replacement {
                out += replacement
                rest = after[after.index(after: semicolon)...]
            } else {
                out += "&"
                rest = after
            }
        }
        return out + rest
    }
}
