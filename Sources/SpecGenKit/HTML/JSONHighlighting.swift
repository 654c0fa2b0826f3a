/// JSON colouring done when the page is built, so that a reader needs no script to see it.
///
/// The scan is lenient: examples are JSON as people write it, with `...` and comments, and a
/// request example starts with its HTTP lines. Only what is certainly a token is marked: a string
/// closed on its line (a key when a `:` follows it), a number and `true`, `false` or `null` standing
/// alone. Everything else is written as text, so the text of the block never changes.
extension HTMLWriter {
    /// The kinds of token, by the class their `<span>` carries.
    enum JSONToken: String {
        case key = "k"
        case string = "s"
        case number = "n"
        case literal = "l"
    }

    /// Writes `code` with its JSON tokens in spans, from the line where JSON starts: the first
    /// line when it opens with `{` or `[`, or else the first such line after a blank one (a
    /// request's body after its HTTP lines). Text with no JSON in it is written as it is.
    package mutating func highlightedJSON(_ code: String) {
        var code = code
        code.withUTF8 { bytes in
            let start = Self.jsonStart(bytes)
            appendEscaped(bytes[..<start])
            var index = start
            var plain = start
            func flush(_ writer: inout HTMLWriter, upTo end: Int) {
                if plain < end { writer.appendEscaped(bytes[plain..<end]) }
            }
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\""), let end = Self.stringEnd(bytes, from: index) {
                    var after = end
                    while after < bytes.count, bytes[after] == 0x20 || bytes[after] == 0x09 { after += 1 }
                    let kind: JSONToken = after < bytes.count && bytes[after] == UInt8(ascii: ":") ? .key : .string
                    flush(&self, upTo: index)
                    span(kind, bytes[index..<end])
                    index = end
                    plain = end
                } else if Self.startsToken(bytes, at: index), let end = Self.scalarEnd(bytes, from: index) {
                    flush(&self, upTo: index)
                    span(Self.isDigitOrMinus(byte) ? .number : .literal, bytes[index..<end])
                    index = end
                    plain = end
                } else {
                    index += 1
                }
            }
            flush(&self, upTo: bytes.count)
        }
    }

    private mutating func span(_ kind: JSONToken, _ token: Slice<UnsafeBufferPointer<UInt8>>) {
        let open: StaticString =
            switch kind {
            case .key: #"<span class="k">"#
            case .string: #"<span class="s">"#
            case .number: #"<span class="n">"#
            case .literal: #"<span class="l">"#
            }
        open.withUTF8Buffer { bytes.append(contentsOf: $0) }
        appendEscaped(token)
        ("</span>" as StaticString).withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Code is text: escaped as all text is (``HTMLWriter/appendEscaped(_:inAttribute:)``).
    private mutating func appendEscaped(_ slice: Slice<UnsafeBufferPointer<UInt8>>) {
        appendEscaped(UnsafeBufferPointer(rebasing: slice), inAttribute: false)
    }

    /// Where JSON starts in `bytes`, or its end when nothing in it looks like JSON.
    private static func jsonStart(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var index = 0
        var lineIsBlank = true
        var previousLineBlank = true
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\n") {
                previousLineBlank = lineIsBlank
                lineIsBlank = true
            } else if byte != 0x20 && byte != 0x09 && byte != 0x0D {
                if lineIsBlank && previousLineBlank && (byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[")) {
                    return index
                }
                lineIsBlank = false
            }
            index += 1
        }
        return bytes.count
    }

    /// The index after the quote that closes the string opened at `start`, if it closes on its line.
    private static func stringEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        var index = start + 1
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\\"): index += 2
            case UInt8(ascii: "\""): return index + 1
            case UInt8(ascii: "\n"): return nil
            default: index += 1
            }
        }
        return nil
    }

    private static func isWordByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_")
            || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-") || byte >= 0x80
    }

    private static func isDigitOrMinus(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-")
    }

    /// Whether a number or literal could start at `index`: not in the middle of a word.
    private static func startsToken(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        let byte = bytes[index]
        guard
            isDigitOrMinus(byte) || byte == UInt8(ascii: "t") || byte == UInt8(ascii: "f") || byte == UInt8(ascii: "n")
        else { return false }
        return index == 0 || !isWordByte(bytes[index - 1])
    }

    private static let literals: [[UInt8]] = [Array("true".utf8), Array("false".utf8), Array("null".utf8)]

    /// The end of the number or literal at `start` when it stands alone, followed by no word byte.
    private static func scalarEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        var end = start
        if isDigitOrMinus(bytes[start]) {
            if bytes[start] == UInt8(ascii: "-") { end += 1 }
            let digitsStart = end
            while end < bytes.count,
                (bytes[end] >= UInt8(ascii: "0") && bytes[end] <= UInt8(ascii: "9")) || bytes[end] == UInt8(ascii: ".")
                    || bytes[end] == UInt8(ascii: "e") || bytes[end] == UInt8(ascii: "E")
                    || ((bytes[end] == UInt8(ascii: "+") || bytes[end] == UInt8(ascii: "-"))
                        && (bytes[end - 1] == UInt8(ascii: "e") || bytes[end - 1] == UInt8(ascii: "E")))
            {
                end += 1
            }
            guard end > digitsStart, bytes[digitsStart] >= UInt8(ascii: "0"), bytes[digitsStart] <= UInt8(ascii: "9")
            else { return nil }
        } else {
            guard
                let literal = literals.first(where: { literal in
                    start + literal.count <= bytes.count
                        && literal.indices.allSatisfy { bytes[start + $0] == literal[$0] }
                })
            else { return nil }
            end = start + literal.count
        }
        if end < bytes.count, isWordByte(bytes[end]) { return nil }
        return end
    }
}
