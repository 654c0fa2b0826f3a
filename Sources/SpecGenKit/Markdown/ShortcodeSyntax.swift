/// Finds Hugo shortcodes in a text and puts placeholders in their place, so that cmark parses the
/// Markdown around them and ``MarkdownParser`` puts the calls back into the tree it builds.
///
/// A placeholder is `U+E000`, the call's number, `x` padding and `U+E001`, padded to the length
/// of the call's first line so that columns after it stay right. Each further line a call spans
/// becomes a continuation marker (`U+E000`, padding, `U+E001`), so line numbers stay right and the
/// lines still belong to the same paragraph.
enum ShortcodeSyntax {
    private static let openMarker: StaticString = "\u{E000}"
    private static let closeMarker: StaticString = "\u{E001}"

    /// A call found at the top level of the text, with its enclosed text not yet parsed.
    struct Call {
        var name: String
        var parameters: [String: String]
        /// Where each parameter is written.
        var parameterLocations: [String: SourceLocation]
        var isMarkdownForm: Bool
        var location: SourceLocation
        var innerText: String?
        var innerOrigin: SourceLocation
        var source: String
    }

    struct Problem {
        var location: SourceLocation
        var finding: Finding
    }

    struct Extraction {
        var text: String
        var calls: [Call]
        var problems: [Problem]
    }

    /// A tag between `{{<` and `>}}` or `{{%` and `%}}`.
    private struct Tag {
        var start: Int
        var end: Int
        var name: String
        var parameters: [String: String]
        /// The byte offset of each parameter.
        var parameterOffsets: [String: Int]
        var isClosing: Bool
        var isSelfClosing: Bool
        var isMarkdownForm: Bool
    }

    /// Whether the text may hold a shortcode at all: most descriptions do not, and skip the rest.
    static func mayContainShortcode(_ text: String) -> Bool {
        text.containsBytes("{{<") || text.containsBytes("{{%")
    }

    /// - Parameter value: the text a shortcode that stands for a value (Hugo's `relref`) is replaced
    ///   by, as Hugo replaces it before the Markdown is read; `nil` for other shortcodes.
    static func extract(
        _ text: String, value: (_ name: String, _ parameters: [String: String]) -> String? = { _, _ in nil }
    )
        -> Extraction
    {
        guard mayContainShortcode(text) else { return Extraction(text: text, calls: [], problems: []) }
        let bytes = Array(text.utf8)
        let lineStarts = bytes.lineStartOffsets
        func location(_ offset: Int) -> SourceLocation {
            var low = 0, high = lineStarts.count - 1
            while low < high {
                let middle = (low + high + 1) / 2
                if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
            }
            return SourceLocation(line: low + 1, column: offset - lineStarts[low] + 1)
        }

        var tags: [Tag] = []
        var problems: [Problem] = []
        var comments: [(Range<Int>, String)] = []
        var index = 0
        while index + 3 <= bytes.count {
            guard bytes[index] == UInt8(ascii: "{"), bytes[index + 1] == UInt8(ascii: "{"),
                bytes[index + 2] == UInt8(ascii: "<") || bytes[index + 2] == UInt8(ascii: "%")
            else {
                index = bytes.offset(of: UInt8(ascii: "{"), from: index + 1) ?? bytes.count
                continue
            }
            let delimiter = bytes[index + 2]
            // `{{</* x */>}}` shows the shortcode itself, as text.
            if index + 4 < bytes.count, bytes[index + 3] == UInt8(ascii: "/"), bytes[index + 4] == UInt8(ascii: "*") {
                let closer = delimiter == UInt8(ascii: "<") ? UInt8(ascii: ">") : delimiter
                let closing = [UInt8(ascii: "*"), UInt8(ascii: "/"), closer, UInt8(ascii: "}"), UInt8(ascii: "}")]
                if let end = find(closing, in: bytes, from: index + 5) {
                    let inner = String(decoding: bytes[(index + 5)..<end], as: UTF8.self)
                    let shown = "{{" + String(UnicodeScalar(delimiter)) + inner + String(UnicodeScalar(closer)) + "}}"
                    comments.append((index..<(end + 5), shown))
                    index = end + 5
                    continue
                }
            }
            guard let (tag, next) = parseTag(bytes, at: index, delimiter: delimiter) else {
                problems.append(
                    Problem(
                        location: location(index),
                        finding: Finding(
                            .shortcodeSyntax,
                            "a shortcode opens here but does not close with '\(delimiter == UInt8(ascii: "%") ? "%}}" : ">}}")'; it is shown as text"
                        )))
                index += 3
                continue
            }
            tags.append(tag)
            index = next
        }
        if tags.isEmpty && comments.isEmpty { return Extraction(text: text, calls: [], problems: problems) }

        // Pair each top-level opening tag with its closing tag, if it has one.
        var calls: [Call] = []
        var replacements: [(range: Range<Int>, call: Int?, text: String?)] = comments.map { ($0.0, nil, $0.1) }
        var position = 0
        while position < tags.count {
            let tag = tags[position]
            if tag.isClosing {
                problems.append(
                    Problem(
                        location: location(tag.start),
                        finding: Finding(
                            .shortcodeSyntax,
                            "'{{\(tag.isMarkdownForm ? "%" : "<") /\(tag.name) \(tag.isMarkdownForm ? "%" : ">")}}' closes a shortcode that is not open; it is left out"
                        )))
                replacements.append((tag.start..<tag.end, nil, ""))
                position += 1
                continue
            }
            var closing: Int?
            if !tag.isSelfClosing {
                var depth = 0
                for candidate in (position + 1)..<tags.count where tags[candidate].name == tag.name {
                    if tags[candidate].isClosing {
                        if depth == 0 {
                            closing = candidate
                            break
                        }
                        depth -= 1
                    } else if !tags[candidate].isSelfClosing {
                        depth += 1
                    }
                }
            }
            let end = closing.map { tags[$0].end } ?? tag.end
            if closing == nil, let text = value(tag.name, tag.parameters) {
                replacements.append((tag.start..<end, nil, text))
                position += 1
                continue
            }
            let innerText = closing.map { String(decoding: bytes[tag.end..<tags[$0].start], as: UTF8.self) }
            calls.append(
                Call(
                    name: tag.name, parameters: tag.parameters,
                    parameterLocations: tag.parameterOffsets.mapValues(location), isMarkdownForm: tag.isMarkdownForm,
                    location: location(tag.start), innerText: innerText, innerOrigin: location(tag.end),
                    source: String(decoding: bytes[tag.start..<end], as: UTF8.self)))
            replacements.append((tag.start..<end, calls.count - 1, nil))
            position = closing.map { $0 + 1 } ?? position + 1
            // Tags inside the enclosed text belong to it.
            while position < tags.count, tags[position].start < end { position += 1 }
        }

        replacements.sort { $0.range.lowerBound < $1.range.lowerBound }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 16)
        var cursor = 0
        for replacement in replacements where replacement.range.lowerBound >= cursor {
            out.append(contentsOf: bytes[cursor..<replacement.range.lowerBound])
            if let literal = replacement.text {
                out.append(contentsOf: literal.utf8)
            } else if let call = replacement.call {
                // One placeholder for the first line, a continuation marker for each further line.
                let span = bytes[replacement.range]
                let lines = span.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
                for (number, line) in lines.enumerated() {
                    if number > 0 { out.append(UInt8(ascii: "\n")) }
                    out.append(contentsOf: placeholder(number == 0 ? call : nil, length: line.count))
                }
            }
            cursor = replacement.range.upperBound
        }
        out.append(contentsOf: bytes[cursor...])
        return Extraction(text: String(decoding: out, as: UTF8.self), calls: calls, problems: problems)
    }

    /// `U+E000` `12` `xxx` `U+E001`, at least as long as the call's digits need, else `length` bytes.
    static func placeholder(_ call: Int?, length: Int) -> [UInt8] {
        var bytes = Array(openMarker.utf8Bytes)
        if let call { bytes.append(contentsOf: String(call).utf8) }
        let minimum = bytes.count + closeMarker.utf8CodeUnitCount
        if length > minimum { bytes.append(contentsOf: repeatElement(UInt8(ascii: "x"), count: length - minimum)) }
        bytes.append(contentsOf: closeMarker.utf8Bytes)
        return bytes
    }

    /// Whether the text may hold a placeholder: their first byte (0xEE) is rare in real text.
    static func mayHoldPlaceholder(_ text: String) -> Bool {
        text.containsByte(0xEE)
    }

    /// Splits text at placeholders: text pieces, and calls by number (`nil` for a continuation marker).
    static func split(_ text: String) -> [(text: String?, call: Int?)] {
        guard mayHoldPlaceholder(text) else { return [(text, nil)] }
        var utf8 = text
        return utf8.withUTF8 { bytes in
            var pieces: [(String?, Int?)] = []
            var rest = 0
            func piece(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }
            while let found = firstOffset(of: openMarker.utf8Bytes, in: UnsafeBufferPointer(rebasing: bytes[rest...])) {
                let start = rest + found
                if start > rest { pieces.append((piece(rest..<start), nil)) }
                let inside = start + openMarker.utf8CodeUnitCount
                guard
                    let length = firstOffset(
                        of: closeMarker.utf8Bytes, in: UnsafeBufferPointer(rebasing: bytes[inside...]))
                else {
                    pieces.append((piece(start..<bytes.count), nil))
                    return pieces
                }
                var digitsEnd = inside
                while digitsEnd < inside + length, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[digitsEnd]) {
                    digitsEnd += 1
                }
                pieces.append((nil, digitsEnd == inside ? nil : Int(piece(inside..<digitsEnd))))
                rest = inside + length + closeMarker.utf8CodeUnitCount
            }
            if rest == 0 { return [(text, nil)] }
            if rest < bytes.count { pieces.append((piece(rest..<bytes.count), nil)) }
            return pieces
        }
    }

    /// Text with its placeholders turned back into the calls as written: for code, which shows them.
    static func restore(_ text: String, calls: [Call]) -> String {
        guard mayHoldPlaceholder(text) else { return text }
        var out = ""
        for piece in split(text) {
            if let literal = piece.text {
                out += literal
            } else if let call = piece.call, call < calls.count {
                out += calls[call].source
            }
        }
        return out
    }

    private static func find(_ needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard needle.count <= bytes.count else { return nil }
        var index = start
        while index + needle.count <= bytes.count {
            if bytes[index] == needle[0], bytes[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }

    /// Parses one tag at `start` (`{{<` or `{{%`); `nil` when it never closes on a reasonable span.
    private static func parseTag(_ bytes: [UInt8], at start: Int, delimiter opening: UInt8) -> (Tag, Int)? {
        // `{{<` closes with `>}}`, `{{%` with `%}}`.
        let delimiter = opening == UInt8(ascii: "<") ? UInt8(ascii: ">") : opening
        var index = start + 3
        let limit = min(bytes.count, start + 4096)
        func skipSpaces() {
            while index < limit,
                bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "\t")
                    || bytes[index] == UInt8(ascii: "\n")
            { index += 1 }
        }
        func atClose() -> Bool {
            index + 2 < bytes.count && bytes[index] == delimiter && bytes[index + 1] == UInt8(ascii: "}")
                && bytes[index + 2] == UInt8(ascii: "}")
        }
        skipSpaces()
        var isClosing = false
        if index < limit, bytes[index] == UInt8(ascii: "/") {
            isClosing = true
            index += 1
            skipSpaces()
        }
        let nameStart = index
        while index < limit, !atClose(), bytes[index] != UInt8(ascii: " "), bytes[index] != UInt8(ascii: "\t"),
            bytes[index] != UInt8(ascii: "\n")
        {
            if bytes[index] == UInt8(ascii: "/"), index + 1 < limit, bytes[index + 1] == delimiter { break }
            index += 1
        }
        let name = String(decoding: bytes[nameStart..<index], as: UTF8.self)
        guard !name.isEmpty else { return nil }
        var parameters: [String: String] = [:]
        var parameterOffsets: [String: Int] = [:]
        var positional = 0
        var isSelfClosing = false
        while true {
            skipSpaces()
            guard index < limit else { return nil }
            if atClose() { break }
            if bytes[index] == UInt8(ascii: "/"), index + 1 < limit, bytes[index + 1] == delimiter {
                isSelfClosing = true
                index += 1
                continue
            }
            // A token: key=value, or a value on its own.
            var key: String?
            let tokenStart = index
            while index < limit, bytes[index] != UInt8(ascii: "="), bytes[index] != UInt8(ascii: " "),
                bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "`"), !atClose()
            {
                index += 1
            }
            if index < limit, bytes[index] == UInt8(ascii: "="), index > tokenStart {
                key = String(decoding: bytes[tokenStart..<index], as: UTF8.self)
                index += 1
            } else {
                index = tokenStart
            }
            guard index < limit else { return nil }
            var value: [UInt8] = []
            if bytes[index] == UInt8(ascii: "\"") {
                index += 1
                while index < limit, bytes[index] != UInt8(ascii: "\"") {
                    if bytes[index] == UInt8(ascii: "\\"), index + 1 < limit { index += 1 }
                    value.append(bytes[index])
                    index += 1
                }
                guard index < limit else { return nil }
                index += 1
            } else if bytes[index] == UInt8(ascii: "`") {
                index += 1
                while index < limit, bytes[index] != UInt8(ascii: "`") {
                    value.append(bytes[index])
                    index += 1
                }
                guard index < limit else { return nil }
                index += 1
            } else {
                while index < limit, bytes[index] != UInt8(ascii: " "), bytes[index] != UInt8(ascii: "\t"), !atClose() {
                    value.append(bytes[index])
                    index += 1
                }
            }
            let text = String(decoding: value, as: UTF8.self)
            let name = key ?? String(positional)
            if key == nil { positional += 1 }
            parameters[name] = text
            parameterOffsets[name] = tokenStart
        }
        return (
            Tag(
                start: start, end: index + 3, name: name, parameters: parameters, parameterOffsets: parameterOffsets,
                isClosing: isClosing,
                isSelfClosing: isSelfClosing, isMarkdownForm: opening == UInt8(ascii: "%")),
            index + 3
        )
    }
}
