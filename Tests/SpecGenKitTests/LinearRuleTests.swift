import Foundation
import SpecGenTestSupport
import Testing

@testable import SpecGenKit

/// The rules that were made linear give what their plain, quadratic form gives, on random input.
@Suite struct LinearRuleTests {
    /// Goldmark's rule as first written: count up from 1 until a suffix is free.
    static func plainUnique(_ base: String, used: inout Set<String>) -> String {
        if used.insert(base).inserted { return base }
        var counter = 1
        while !used.insert("\(base)-\(counter)").inserted { counter += 1 }
        return "\(base)-\(counter)"
    }

    @Test(arguments: 0..<20)
    func handsOutTheIDsGoldmarkDoes(seed: UInt64) {
        var random = SplitMix64(state: seed)
        let bases = ["a", "a-1", "a-2", "b", "a-1-1", "b-3"]
        var allocator = AnchorAllocator()
        var used = Set<String>()
        for _ in 0..<300 {
            let base = bases.randomElement(using: &random)!
            if Bool.random(using: &random), Int.random(in: 0..<4, using: &random) == 0 {
                // Ids taken by the page around the content, as the composer reserves them.
                allocator.reserve(base)
                used.insert(base)
            } else {
                #expect(allocator.unique(base) == Self.plainUnique(base, used: &used))
            }
        }
    }

    /// The passthrough split as first written: every opening searches to the end for its close.
    static func plainSplit(_ text: String, _ delimiters: PassthroughDelimiters) -> [PassthroughDelimiters.Piece] {
        let bytes = Array(text.utf8)
        let pairs = delimiters.all.map { (open: Array($0.open.utf8), close: Array($0.close.utf8), isBlock: $0.isBlock) }
        var pieces: [PassthroughDelimiters.Piece] = []
        var start = 0
        var index = 0
        func matches(_ delimiter: [UInt8], at offset: Int) -> Bool {
            offset + delimiter.count <= bytes.count && bytes[offset..<offset + delimiter.count].elementsEqual(delimiter)
        }
        func string(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "`") {
                var run = index
                while run < bytes.count, bytes[run] == UInt8(ascii: "`") { run += 1 }
                let ticks = run - index
                var close = run
                var found: Int?
                while close < bytes.count {
                    if bytes[close] == UInt8(ascii: "`") {
                        var end = close
                        while end < bytes.count, bytes[end] == UInt8(ascii: "`") { end += 1 }
                        if end - close == ticks { found = end; break }
                        close = end
                    } else {
                        close += 1
                    }
                }
                index = found ?? run
                continue
            }
            guard let pair = pairs.first(where: { matches($0.open, at: index) }) else {
                index += 1
                continue
            }
            let contentStart = index + pair.open.count
            var closeAt = contentStart
            while closeAt < bytes.count, !matches(pair.close, at: closeAt) { closeAt += 1 }
            guard closeAt < bytes.count, closeAt > contentStart else {
                index += 1
                continue
            }
            if start < index { pieces.append(.text(string(start..<index))) }
            let tex = string(contentStart..<closeAt)
            pieces.append(pair.isBlock ? .block(tex.trimmingWhitespace) : .inline(tex))
            index = closeAt + pair.close.count
            start = index
        }
        if start < bytes.count { pieces.append(.text(string(start..<bytes.count))) }
        return pieces
    }

    @Test(arguments: 0..<40)
    func splitsMathsAsTheSearchToTheEndDoes(seed: UInt64) {
        var random = SplitMix64(state: seed)
        let delimiters = PassthroughDelimiters(block: [("\\[", "\\]"), ("$$", "$$")], inline: [("\\(", "\\)")])
        let atoms = ["\\(", "\\)", "\\[", "\\]", "$$", "`", "``", "x", " ", "a b", "\n"]
        let text = random.text(of: atoms, counts: 0...59)
        #expect(delimiters.split(text) == Self.plainSplit(text, delimiters), "\(text.debugDescription)")
    }

    /// Trimming as first written: Character by Character at both ends.
    static func plainTrimmed(_ text: String) -> String {
        var slice = text[...]
        while let first = slice.first, first.isWhitespace { slice = slice.dropFirst() }
        while let last = slice.last, last.isWhitespace { slice = slice.dropLast() }
        return String(slice)
    }

    /// A URL's encoding as first written: every byte copied, the changed ones encoded.
    static func plainEncodedURL(_ url: String) -> String {
        var out = ""
        var inFragment = false
        for byte in url.utf8 {
            let special = Array("\"<>\\^`{|}".utf8).contains(byte)
            let encode = byte == UInt8(ascii: "#") ? inFragment : (byte < 0x21 || byte >= 0x7F || special)
            if byte == UInt8(ascii: "#") { inFragment = true }
            out += encode ? "%" + String(byte, radix: 16, uppercase: true).leftPadded(2) : String(UnicodeScalar(byte))
        }
        return out
    }

    @Test(arguments: 0..<40)
    func trimsAndEncodesAsTheCopyingFormsDo(seed: UInt64) {
        var random = SplitMix64(state: seed)
        let pieces = ["a", " ", "\t", "\n", "\r\n", "\u{00A0}", "é", "e\u{301}", " \u{301}", "#", "/", "\"", "{", "~"]
        let text = random.text(of: pieces, counts: 0...8)
        #expect(text.trimmingWhitespace == Self.plainTrimmed(text), "\(text.debugDescription)")
        #expect(text[...].trimmingWhitespace == Self.plainTrimmed(text), "\(text.debugDescription)")
        let ascii = random.text(of: ["a", "#", " ", "/", "\"", "{", "~", "%", "\u{7F}"], counts: 0...8)
        #expect(LinkResolver.encodedURL(ascii) == Self.plainEncodedURL(ascii), "\(ascii.debugDescription)")
    }

    /// A page's summary as first written: every paragraph's white space collapsed, then cut.
    static func plainSummary(of blocks: [MarkdownBlock]) -> String? {
        var text = ""
        for case .paragraph(let inlines) in blocks {
            text += (text.isEmpty ? "" : " ") + MarkdownInline.plainText(inlines)
            if text.count > PagePlan.summaryLimit { break }
        }
        text = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        guard !text.isEmpty else { return nil }
        guard text.count > PagePlan.summaryLimit else { return text }
        let cut = text.prefix(PagePlan.summaryLimit)
        return String(cut[..<(cut.lastIndex(of: " ") ?? cut.endIndex)]) + "…"
    }

    @Test(arguments: 0..<40)
    func summarisesAPageAsTheWholeTextCollapsedWould(seed: UInt64) {
        var random = SplitMix64(state: seed)
        let pieces = ["word", "é", "e\u{301}", "👍🏽", " ", "  ", "\t", "\n", "\u{00A0}", "\u{2003}", "x"]
        var blocks: [MarkdownBlock] = []
        for _ in 0..<Int.random(in: 0..<6, using: &random) {
            let length = [0, 3, 50, 200, 400].randomElement(using: &random)!
            let text = (0..<length).map { _ in pieces.randomElement(using: &random)! }.joined()
            blocks.append(.paragraph([.text(text)]))
        }
        #expect(PagePlan.summary(of: blocks) == Self.plainSummary(of: blocks), "seed \(seed)")
    }

    /// A proposal's `Author:` field as first written: the first 40 lines split, then searched.
    static func plainField(_ name: String, in text: String) -> String? {
        for line in text.utf8.split(separator: UInt8(ascii: "\n"), maxSplits: 40, omittingEmptySubsequences: false)
            .prefix(40)
        {
            let plain = String(decoding: line, as: UTF8.self).filter { $0 != "*" && $0 != "_" }.trimming(" ").trimming(
                "-"
            ).trimming(" ")
            let lower = plain.lowercased()
            for label in [name + "s:", name + ":", name + "(s):"] where lower.hasPrefix(label) {
                let value = plain.dropFirst(label.count).trimming(" ")
                return value.isEmpty ? nil : value
            }
        }
        return nil
    }

    @Test(arguments: 0..<40)
    func findsAProposalsFieldsAsASearchOfItsFirstLinesWould(seed: UInt64) {
        var random = SplitMix64(state: seed)
        let lines = [
            "# MSC1234: A title", "", "Author: @alice", "**Authors:** Bob, Carol", "- Shepherd: Dave", "Status:",
            "_Status_: Merged", "author (s): x", "Author(s): Eve", "Some prose mentioning Author: nobody.", "---",
            "  * **Status:** Proposed", "Author:   ", "étude", "\r", "- - Author: Fay", "A**uth**_or_: Gil",
            "SHEPHERD: Hal", " -  Status: Open", "Statu", "S", "*_-",
        ]
        // Half the texts put their fields around the 40th line, where the search stops.
        let prose = Array(
            repeating: "Some prose.", count: Bool.random(using: &random) ? Int.random(in: 36..<42, using: &random) : 0)
        let text =
            (prose + (0..<Int.random(in: 0..<20, using: &random)).map { _ in lines.randomElement(using: &random)! })
            .joined(separator: "\n")
        for name in ["author", "shepherd", "status"] {
            #expect(ProposalLoader.field(name, in: text) == Self.plainField(name, in: text), "\(name), seed \(seed)")
        }
    }
}
