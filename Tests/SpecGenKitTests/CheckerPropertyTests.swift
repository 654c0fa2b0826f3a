import SpecGenTestSupport
import Testing

@testable import SpecGenKit

/// The checker's quick test for a byte agrees with the text it would otherwise make, for any inlines.
@Suite struct CheckerPropertyTests {
    static func inlines(_ random: inout SplitMix64, depth: Int = 0) -> [MarkdownInline] {
        let pieces = ["a", "{", "}", "{{", "]", "[", "](", "(x y)", " ", "é", "boxes/note"]
        func text() -> String {
            random.text(of: pieces, counts: 0...3)
        }
        return (0..<Int.random(in: 0...4, using: &random)).map { _ in
            switch Int.random(in: 0..<(depth < 3 ? 8 : 4), using: &random) {
            case 0: .code(text())
            case 1: .softBreak
            case 2: .html(text(), .start)
            case 3: .text(text())
            case 4: .emphasis(inlines(&random, depth: depth + 1))
            case 5: .strong(inlines(&random, depth: depth + 1))
            case 6:
                .link(destination: text(), title: "", content: inlines(&random, depth: depth + 1), location: .start)
            default: .image(source: text(), title: "", alt: inlines(&random, depth: depth + 1), location: .start)
            }
        }
    }

    @Test func theQuickTestForAByteAgreesWithTheShownText() {
        var random = SplitMix64(state: 7)
        for _ in 0..<5_000 {
            let inlines = Self.inlines(&random)
            for byte in [UInt8(ascii: "{"), UInt8(ascii: "]")] {
                for (withCode, withLinks) in [(false, true), (true, false), (true, true), (false, false)] {
                    let text = SpecChecker.shownText(of: inlines, withCode: withCode, withLinks: withLinks)
                    #expect(
                        SpecChecker.shows(byte, in: inlines, withCode: withCode, withLinks: withLinks)
                            == text.utf8.contains(byte), "\(inlines)")
                }
            }
        }
    }
}
