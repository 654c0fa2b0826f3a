/// Builds HTML as UTF-8 bytes.
///
/// Every text and attribute value goes through ``appendEscaped(_:inAttribute:)``: `&`, `<`, `>`
/// in text, and `"` as well in attributes. Only ``raw(_:)`` writes unescaped bytes, for markup the
/// caller has built itself.
package struct HTMLWriter: Sendable {
    package internal(set) var bytes: [UInt8]

    package init(capacity: Int = 4096) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    // MARK: Elements

    /// Writes a start tag. Attributes with a `nil` value are left out.
    package mutating func open(_ tag: String, _ attributes: [(String, String?)] = []) {
        bytes.append(UInt8(ascii: "<"))
        appendUTF8(tag)
        writeAttributes(attributes)
        bytes.append(UInt8(ascii: ">"))
    }

    package mutating func close(_ tag: String) {
        bytes.append(UInt8(ascii: "<"))
        bytes.append(UInt8(ascii: "/"))
        appendUTF8(tag)
        bytes.append(UInt8(ascii: ">"))
    }

    /// Writes an element with no content and no end tag (`br`, `img`, `meta`, ...).
    package mutating func void(_ tag: String, _ attributes: [(String, String?)] = []) {
        open(tag, attributes)
    }

    /// Writes `<tag attributes>text</tag>`.
    package mutating func element(_ tag: String, _ attributes: [(String, String?)] = [], text: String) {
        open(tag, attributes)
        self.text(text)
        close(tag)
    }

    /// Writes `<tag attributes>…</tag>` around what `body` writes.
    package mutating func element(
        _ tag: String, _ attributes: [(String, String?)] = [], _ body: (inout HTMLWriter) -> Void
    ) {
        open(tag, attributes)
        body(&self)
        close(tag)
    }

    /// Writes a heading with an id and a `#` self-link after its text.
    package mutating func headingWithAnchor(
        _ tag: String, id: String, text: String, label: String = "Link to this section"
    ) {
        open(tag, [("id", id)])
        self.text(text + " ")
        element("a", [("class", "anchor"), ("href", "#" + id), ("aria-label", label)], text: "#")
        close(tag)
        newline()
    }

    // MARK: Content

    package mutating func text(_ string: String) {
        appendEscaped(string, inAttribute: false)
    }

    package mutating func text(_ string: Substring) {
        appendEscaped(String(string), inAttribute: false)
    }

    /// Writes trusted markup as it is.
    package mutating func raw(_ markup: String) {
        appendUTF8(markup)
    }

    /// A string's UTF-8 appended from its own buffer: one copy, not the generic UTF8View path.
    private mutating func appendUTF8(_ text: String) {
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    package mutating func raw(_ markup: [UInt8]) {
        bytes.append(contentsOf: markup)
    }

    /// Writes text taken from raw HTML: character references stay as they are, while `<`, `>`
    /// and an `&` that starts no reference are escaped.
    package mutating func appendRawText(_ string: String) {
        guard string.containsByte(UInt8(ascii: "&")) else {
            text(string)
            return
        }
        var rest = Substring(string)
        while let amp = rest.firstIndex(of: "&") {
            text(rest[..<amp])
            let after = rest[rest.index(after: amp)...]
            let name = after.prefix { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "#") }
            if !name.isEmpty, name.count <= 32, after.dropFirst(name.count).first == ";" {
                raw("&" + name + ";")
                rest = after.dropFirst(name.count + 1)
            } else {
                raw("&amp;")
                rest = after
            }
        }
        text(rest)
    }

    package mutating func newline() {
        bytes.append(UInt8(ascii: "\n"))
    }

    // MARK: Line breaks

    /// Text that may wrap only at its spaces and right after a `/`, never inside a word: each
    /// piece between them that holds punctuation a browser could break at (`no-support`, `?`)
    /// is kept whole in a `nowrap` span, and a `<wbr>` follows each `/`.
    package mutating func wrappingText(_ string: String) {
        guard string.containsByte(UInt8(ascii: "/")) || string.containsByte(UInt8(ascii: " ")) else {
            text(string)
            return
        }
        var piece: [UInt8] = []
        func flush(_ writer: inout HTMLWriter) {
            guard !piece.isEmpty else { return }
            let value = String(decoding: piece, as: UTF8.self)
            if piece.count > Self.longWord {
                writer.raw("<span class=\"nw long\">")
                writer.text(value)
                writer.raw("</span>")
            } else if piece.contains(where: Self.mayBreakAfter) {
                writer.raw("<span class=\"nw\">")
                writer.text(value)
                writer.raw("</span>")
            } else {
                writer.text(value)
            }
            piece.removeAll(keepingCapacity: true)
        }
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: " "):
                flush(&self)
                bytes.append(byte)
            case UInt8(ascii: "/"):
                piece.append(byte)
                flush(&self)
                raw("<wbr>")
            default:
                piece.append(byte)
            }
        }
        flush(&self)
    }

    /// A code element: kept on one line when it is one word, else wrapping only at its spaces and
    /// after a `/` (``wrappingText(_:)``). A word too long for a phone's line is marked `long`: it
    /// scrolls in its own box rather than widening the page.
    package mutating func code(_ string: String, className: String? = nil) {
        func classes(_ extra: String) -> String { className.map { $0 + " " + extra } ?? extra }
        if string.containsByte(UInt8(ascii: "/")) || string.containsByte(UInt8(ascii: " ")), string.utf8.count > 16 {
            open("code", [("class", classes("wrap"))])
            wrappingText(string)
        } else {
            open("code", [("class", string.utf8.count > Self.longWord ? classes("long") : className)])
            text(string)
        }
        close("code")
    }

    /// Bytes of a word that may not fit a line of a 320 px screen.
    static let longWord = 24

    /// Bytes after which browsers may break a line in Latin text (hyphens, some punctuation).
    private static func mayBreakAfter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "-"), UInt8(ascii: "?"), UInt8(ascii: "!"), UInt8(ascii: "}"), UInt8(ascii: ")"),
            UInt8(ascii: "]"), UInt8(ascii: "%"), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: ":"),
            UInt8(ascii: "|"), UInt8(ascii: "&"), UInt8(ascii: "+"), UInt8(ascii: "="), UInt8(ascii: "{"),
            UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "$"), UInt8(ascii: "#"), UInt8(ascii: "\\"),
            UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "~"), UInt8(ascii: "*"), UInt8(ascii: "'"),
            UInt8(ascii: "\""):
            return true
        default:
            return byte >= 0x80
        }
    }

    // MARK: Escaping

    private mutating func writeAttributes(_ attributes: [(String, String?)]) {
        for (name, value) in attributes {
            // The URL policy, as the last line: a value it refuses is left out, never written.
            guard let value, URLPolicy.allows(value, inAttribute: name) else { continue }
            bytes.append(UInt8(ascii: " "))
            appendUTF8(name)
            bytes.append(UInt8(ascii: "="))
            bytes.append(UInt8(ascii: "\""))
            appendEscaped(value, inAttribute: true)
            bytes.append(UInt8(ascii: "\""))
        }
    }

    /// The string with the characters HTML gives a meaning escaped, quotes included.
    package static func escaped(_ string: String) -> String {
        guard string.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0 }) else {
            return string
        }
        var writer = HTMLWriter(capacity: string.utf8.count + 16)
        writer.appendEscaped(string, inAttribute: true)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    /// Appends the string's UTF-8, escaping the bytes that HTML gives a meaning.
    package mutating func appendEscaped(_ string: String, inAttribute: Bool) {
        var string = string
        string.withUTF8 { appendEscaped($0, inAttribute: inAttribute) }
    }

    /// Appends UTF-8 bytes, escaping those that HTML gives a meaning; a NUL byte is shown as U+FFFD.
    mutating func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>, inAttribute: Bool) {
        var start = 0
        for index in 0..<utf8.count {
            // Every byte to escape is at most '>': letters and the bytes of other scripts pass at once.
            guard utf8[index] <= UInt8(ascii: ">") else { continue }
            let replacement: StaticString
            switch utf8[index] {
            case UInt8(ascii: "&"): replacement = "&amp;"
            case UInt8(ascii: "<"): replacement = "&lt;"
            case UInt8(ascii: ">"): replacement = "&gt;"
            case UInt8(ascii: "\"") where inAttribute: replacement = "&quot;"
            case 0: replacement = "\u{FFFD}"
            default: continue
            }
            if start < index { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index])) }
            bytes.append(contentsOf: replacement.utf8Bytes)
            start = index + 1
        }
        if start < utf8.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...])) }
    }
}
