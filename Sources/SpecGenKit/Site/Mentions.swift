/// Somewhere that mentions an endpoint: a proposal or a changelog entry.
package struct Mention: Sendable, Hashable {
    package var label: String
    /// Site-relative: `proposals/2140.html`.
    package var href: String
}

/// Finds endpoint and proposal mentions in text.
enum MentionScanner {
    static let methods = ["GET", "PUT", "POST", "DELETE", "PATCH", "HEAD", "OPTIONS"]

    /// `POST /account/3pid/unbind`: a method, spaces, then a path. Finds each `/` with a byte
    /// search and reads the method back from it, as slashes are rare in text; methods and paths
    /// are ASCII, so byte offsets are valid string indices.
    static func endpoints(in text: String) -> [(range: Range<String.Index>, method: String, path: String)] {
        guard text.containsBytes(" /") else { return [] }
        var text = text
        var found: [(Range<Int>, String, String)] = []
        text.withUTF8 { bytes in
            func isUpper(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") }
            func isLetter(_ byte: UInt8) -> Bool {
                (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
            }
            // Where the last mention ended: the next one's method starts at or after it.
            var taken = 0
            var search = 0
            while let hit = firstOffset(
                of: ("/" as StaticString).utf8Bytes, in: UnsafeBufferPointer(rebasing: bytes[search...]))
            {
                let pathStart = search + hit
                search = pathStart + 1
                var wordEnd = pathStart
                while wordEnd > taken, bytes[wordEnd - 1] == UInt8(ascii: " ") { wordEnd -= 1 }
                guard wordEnd < pathStart else { continue }
                var wordStart = wordEnd
                while wordStart > taken, isUpper(bytes[wordStart - 1]) { wordStart -= 1 }
                guard (3...7).contains(wordEnd - wordStart), wordStart == 0 || !isLetter(bytes[wordStart - 1]) else {
                    continue
                }
                let word = String(decoding: UnsafeBufferPointer(rebasing: bytes[wordStart..<wordEnd]), as: UTF8.self)
                guard methods.contains(word) else { continue }
                var pathEnd = pathStart
                while pathEnd < bytes.count, pathCharacters[Int(bytes[pathEnd])] { pathEnd += 1 }
                while pathEnd > pathStart, Self.trailingPunctuation.contains(bytes[pathEnd - 1]) { pathEnd -= 1 }
                guard pathEnd - pathStart > 1 else { continue }
                found.append(
                    (
                        wordStart..<pathEnd, word,
                        String(decoding: UnsafeBufferPointer(rebasing: bytes[pathStart..<pathEnd]), as: UTF8.self)
                    ))
                taken = pathEnd
                search = max(search, pathEnd)
            }
        }
        let utf8 = text.utf8
        return found.map { range, method, path in
            let lower = utf8.index(utf8.startIndex, offsetBy: range.lowerBound)
            return (lower..<utf8.index(lower, offsetBy: range.count), method, path)
        }
    }

    /// Punctuation that ends a sentence rather than a mentioned path.
    private static let trailingPunctuation: [UInt8] = [
        UInt8(ascii: "."), UInt8(ascii: ","), UInt8(ascii: ":"), UInt8(ascii: ";"),
    ]

    /// ASCII bytes that may appear in a mentioned path.
    private static let pathCharacters: [Bool] = (0..<256).map { byte in
        guard byte < 128 else { return false }
        let character = Character(Unicode.Scalar(UInt8(byte)))
        return character.isLetter || character.isNumber || "_-./{}:%~$@!?=&".contains(character)
    }

    /// `MSC2140`, `MSC 2140`, `MSC-2140`.
    static func proposals(in text: String) -> [(range: Range<String.Index>, number: Int)] {
        guard text.containsBytes("MSC") else { return [] }
        // Scans the UTF-8 bytes: "MSC" and digits are ASCII; only a non-ASCII neighbour is decoded,
        // to see whether it is a letter (which would make the match part of a word).
        let utf8 = text.utf8
        var found: [(Range<String.Index>, Int)] = []
        func isLetter(_ byte: UInt8) -> Bool {
            (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
        }
        func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        var index = utf8.startIndex
        while index < utf8.endIndex {
            guard utf8[index] == UInt8(ascii: "M") else {
                index = utf8.index(after: index)
                continue
            }
            let start = index
            var cursor = utf8.index(after: index)
            guard cursor < utf8.endIndex, utf8[cursor] == UInt8(ascii: "S"),
                utf8.index(after: cursor) < utf8.endIndex, utf8[utf8.index(after: cursor)] == UInt8(ascii: "C")
            else {
                index = cursor
                continue
            }
            cursor = utf8.index(cursor, offsetBy: 2)
            index = cursor
            if start > utf8.startIndex {
                // No letter before "MSC": an ASCII byte says so itself, another character is decoded.
                let before = utf8[utf8.index(before: start)]
                let isWordBefore = before < 0x80 ? isLetter(before) : text[..<start].last?.isLetter == true
                guard !isWordBefore else { continue }
            }
            if cursor < utf8.endIndex, utf8[cursor] == UInt8(ascii: " ") || utf8[cursor] == UInt8(ascii: "-") {
                cursor = utf8.index(after: cursor)
            }
            var number = 0
            var digits = 0
            while cursor < utf8.endIndex, isDigit(utf8[cursor]), digits < 9 {
                number = number * 10 + Int(utf8[cursor] - UInt8(ascii: "0"))
                digits += 1
                cursor = utf8.index(after: cursor)
            }
            if cursor < utf8.endIndex {
                let after = utf8[cursor]
                let isWordAfter =
                    after < 0x80 ? isLetter(after) || isDigit(after) : text[cursor...].first?.isLetter == true
                guard !isWordAfter else { continue }
            }
            guard digits > 0 else { continue }
            found.append((start..<cursor, number))
            index = cursor
        }
        return found
    }

    /// The proposal number of a GitHub pull request or issue URL of the proposal repositories.
    static func proposalNumber(inURL url: String) -> Int? {
        guard url.containsBytes("github.com/matrix-org/matrix-") else { return nil }
        let bytes = Array(url.utf8)
        func number(after prefix: ArraySlice<UInt8>) -> Int? {
            Int(String(decoding: prefix.prefix { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }, as: UTF8.self))
        }
        for repository in ["github.com/matrix-org/matrix-doc/", "github.com/matrix-org/matrix-spec-proposals/"] {
            guard let range = bytes.firstRangeOfBytes(Array(repository.utf8)) else { continue }
            let rest = bytes[range.upperBound...]
            for kind in ["pull/", "issues/"] where rest.starts(with: kind.utf8) {
                return number(after: rest.dropFirst(kind.utf8.count))
            }
            if let proposals = Array(rest).firstRangeOfBytes(Array("/proposals/".utf8)) {
                return number(after: rest.dropFirst(proposals.upperBound))
            }
        }
        return nil
    }
}

/// Finds the endpoint a mention means: paths match with or without the base path, and `{param}`
/// segments match any value or parameter name.
struct EndpointMatcher: Sendable {
    private struct Candidate: Sendable {
        var reference: EndpointReference
        var full: [Substring]
        var relative: [Substring]
    }

    /// By method and number of segments: a mention can only match paths as long as itself.
    private let byShape: [Shape: [Candidate]]

    private struct Shape: Hashable {
        var method: String
        var segments: Int
    }

    init(_ entries: [(reference: EndpointReference, relativePath: String)]) {
        var byShape: [Shape: [Candidate]] = [:]
        for (reference, relative) in entries {
            let candidate = Candidate(
                reference: reference, full: Self.segments(reference.fullPath), relative: Self.segments(relative))
            byShape[Shape(method: reference.method, segments: candidate.full.count), default: []].append(candidate)
            if candidate.relative.count != candidate.full.count {
                byShape[Shape(method: reference.method, segments: candidate.relative.count), default: []].append(
                    candidate)
            }
        }
        self.byShape = byShape
    }

    private static func segments(_ path: String) -> [Substring] {
        let withoutQuery = path.split(separator: "?", maxSplits: 1).first ?? ""
        return withoutQuery.split(separator: "/", omittingEmptySubsequences: true)
    }

    private static func isParameter(_ segment: Substring) -> Bool {
        segment.hasPrefix("{") || segment.hasPrefix(":") || segment.hasPrefix("<")
    }

    /// How many segments are equal when every other one of `segments` is a parameter; `nil`
    /// when they do not match.
    private static func literalMatches(_ segments: [Substring], _ wanted: [Substring]) -> Int? {
        var literal = 0
        for index in segments.indices {
            if segments[index] == wanted[index] {
                literal += 1
            } else if !isParameter(segments[index]) {
                return nil
            }
        }
        return literal
    }

    /// The best match, preferring `api`, then the most literally equal segments. `method` nil
    /// matches any method, GET first.
    func match(method: String?, path: String, preferring api: String? = nil) -> EndpointReference? {
        let wanted = Self.segments(path)
        guard !wanted.isEmpty else { return nil }
        var best: (score: Int, reference: EndpointReference)?
        let methods = method.map { [$0] } ?? ["GET"] + MentionScanner.methods.filter { $0 != "GET" }
        for (rank, name) in methods.enumerated() {
            guard let candidates = byShape[Shape(method: name, segments: wanted.count)] else { continue }
            // By index: a loop over the candidates would copy each one it passes.
            for index in candidates.indices {
                for isFull in [true, false] {
                    let count = isFull ? candidates[index].full.count : candidates[index].relative.count
                    guard count == wanted.count,
                        let literal = Self.literalMatches(
                            isFull ? candidates[index].full : candidates[index].relative, wanted)
                    else { continue }
                    let score =
                        literal * 20 + (candidates[index].reference.api == api ? 1000 : 0)
                        + (count == candidates[index].full.count ? 10 : 0) - rank
                    if best == nil || score > best!.score { best = (score, candidates[index].reference) }
                }
            }
        }
        return best?.reference
    }
}
