/// Somewhere that mentions an endpoint: a proposal or a changelog entry.
package struct Mention: Sendable, Hashable {
    package var label: String
    /// Site-relative: `proposals/2140.html`.
    package var href: String
}

/// Finds endpoint and proposal mentions in text.
enum MentionScanner {
    static let methods = ["GET", "PUT", "POST", "DELETE", "PATCH", "HEAD", "OPTIONS"]

    /// `POST /account/3pid/unbind`: a method, spaces, then a path. Scans the UTF-8 bytes once;
    /// methods and paths are ASCII, so byte offsets are valid string indices.
    static func endpoints(in text: String) -> [(range: Range<String.Index>, method: String, path: String)] {
        guard text.containsBytes(" /") else { return [] }
        var text = text
        var found: [(Range<Int>, String, String)] = []
        text.withUTF8 { bytes in
            func isUpper(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") }
            func isLetter(_ byte: UInt8) -> Bool {
                isUpper(byte) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            }
            var index = 0
            while index < bytes.count {
                guard isUpper(bytes[index]), index == 0 || !isLetter(bytes[index - 1]) else {
                    index += 1
                    continue
                }
                var wordEnd = index
                while wordEnd < bytes.count, isUpper(bytes[wordEnd]) { wordEnd += 1 }
                guard wordEnd - index >= 3, wordEnd - index <= 7, wordEnd < bytes.count,
                    bytes[wordEnd] == UInt8(ascii: " ")
                else {
                    index = wordEnd
                    continue
                }
                let word = String(decoding: UnsafeBufferPointer(rebasing: bytes[index..<wordEnd]), as: UTF8.self)
                var pathStart = wordEnd
                while pathStart < bytes.count, bytes[pathStart] == UInt8(ascii: " ") { pathStart += 1 }
                guard methods.contains(word), pathStart < bytes.count, bytes[pathStart] == UInt8(ascii: "/") else {
                    index = wordEnd
                    continue
                }
                var pathEnd = pathStart
                while pathEnd < bytes.count, pathCharacters[Int(bytes[pathEnd])] { pathEnd += 1 }
                while pathEnd > pathStart,
                    [UInt8(ascii: "."), UInt8(ascii: ","), UInt8(ascii: ":"), UInt8(ascii: ";")].contains(
                        bytes[pathEnd - 1])
                {
                    pathEnd -= 1
                }
                if pathEnd - pathStart > 1 {
                    found.append(
                        (
                            index..<pathEnd, word,
                            String(decoding: UnsafeBufferPointer(rebasing: bytes[pathStart..<pathEnd]), as: UTF8.self)
                        ))
                }
                index = max(pathEnd, index + 1)
            }
        }
        let utf8 = text.utf8
        return found.map { range, method, path in
            let lower = utf8.index(utf8.startIndex, offsetBy: range.lowerBound)
            return (lower..<utf8.index(lower, offsetBy: range.count), method, path)
        }
    }

    /// ASCII bytes that may appear in a mentioned path.
    private static let pathCharacters: [Bool] = (0..<256).map { byte in
        guard byte < 128 else { return false }
        let character = Character(Unicode.Scalar(UInt8(byte)))
        return character.isLetter || character.isNumber || "_-./{}:%~$@!?=&".contains(character)
    }

    /// `MSC2140`, `MSC 2140`, `MSC-2140`.
    static func proposals(in text: String) -> [(range: Range<String.Index>, number: Int)] {
        guard text.containsBytes("MSC") else { return [] }
        var found: [(Range<String.Index>, Int)] = []
        var search = text.startIndex
        while let range = text[search...].range(of: "MSC") {
            let beforeOK = range.lowerBound == text.startIndex || !text[text.index(before: range.lowerBound)].isLetter
            var digitsStart = range.upperBound
            if digitsStart < text.endIndex, text[digitsStart] == " " || text[digitsStart] == "-" {
                digitsStart = text.index(after: digitsStart)
            }
            let digitsEnd = text[digitsStart...].firstIndex { !$0.isNumber } ?? text.endIndex
            if beforeOK, digitsEnd > digitsStart, let number = Int(text[digitsStart..<digitsEnd]),
                digitsEnd == text.endIndex || !text[digitsEnd].isLetter
            {
                found.append((range.lowerBound..<digitsEnd, number))
            }
            search = range.upperBound
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

    private let byMethod: [String: [Candidate]]

    init(_ entries: [(reference: EndpointReference, relativePath: String)]) {
        var byMethod: [String: [Candidate]] = [:]
        for (reference, relative) in entries {
            byMethod[reference.method, default: []].append(
                Candidate(
                    reference: reference, full: Self.segments(reference.fullPath), relative: Self.segments(relative)))
        }
        self.byMethod = byMethod
    }

    private static func segments(_ path: String) -> [Substring] {
        let withoutQuery = path.split(separator: "?", maxSplits: 1).first ?? ""
        return withoutQuery.split(separator: "/", omittingEmptySubsequences: true)
    }

    private static func isParameter(_ segment: Substring) -> Bool {
        segment.hasPrefix("{") || segment.hasPrefix(":") || segment.hasPrefix("<")
    }

    /// The best match, preferring `api`, then the most literally equal segments. `method` nil
    /// matches any method, GET first.
    func match(method: String?, path: String, preferring api: String? = nil) -> EndpointReference? {
        let wanted = Self.segments(path)
        guard !wanted.isEmpty else { return nil }
        var best: (score: Int, reference: EndpointReference)?
        let methods = method.map { [$0] } ?? ["GET"] + MentionScanner.methods.filter { $0 != "GET" }
        for (rank, name) in methods.enumerated() {
            for candidate in byMethod[name] ?? [] {
                for segments in [candidate.full, candidate.relative] where segments.count == wanted.count {
                    var literal = 0
                    var matches = true
                    for (have, want) in zip(segments, wanted) {
                        if have == want {
                            literal += 1
                        } else if !Self.isParameter(have) {
                            matches = false
                            break
                        }
                    }
                    guard matches else { continue }
                    let score =
                        literal * 20 + (candidate.reference.api == api ? 1000 : 0)
                        + (segments.count == candidate.full.count ? 10 : 0) - rank
                    if best == nil || score > best!.score { best = (score, candidate.reference) }
                }
            }
        }
        return best?.reference
    }
}
