import Foundation
import SpecGenTestSupport
import Testing

@testable import SpecGenKit

/// Markdown rendered with no links or shortcodes, and whitespace between tags removed when `compact`.
func renderMarkdown(_ source: String, shortcodes: Bool = false, compact: Bool = false) -> String {
    var parser = MarkdownParser()
    parser.recognisesShortcodes = shortcodes
    let (document, _) = parser.parse(source)
    var html = HTMLWriter()
    var renderer = MarkdownHTMLRenderer(context: PlainMarkdownContext())
    renderer.render(document, into: &html)
    let text = String(decoding: html.bytes, as: UTF8.self)
    return compact ? text.replacing(/>\s+</, with: "><") : text
}

/// GitHub Flavored Markdown's table examples, from `../shared/conformance`.
@Suite struct GFMTableConformanceTests {
    struct Example: CustomTestStringConvertible, Sendable {
        var file: String
        var line: Int
        var markdown: String
        var html: String
        var testDescription: String { "\(file):\(line)" }
    }

    static let examples: [Example] = {
        guard let shared = SourcePaths.shared else { return [] }
        var examples: [Example] = []
        for file in ["gfm-spec-tables.txt", "gfm-extensions-tables.txt"] {
            guard let text = try? String(contentsOfFile: shared + "/conformance/" + file, encoding: .utf8) else {
                continue
            }
            let fence = String(repeating: "`", count: 32)
            var lines = text.components(separatedBy: "\n")[...]
            var number = 0
            while let line = lines.popFirst() {
                number += 1
                guard line.hasPrefix(fence + " example") else { continue }
                let start = number
                var markdown: [String] = [], html: [String] = [], inHTML = false
                while let body = lines.popFirst() {
                    number += 1
                    if body == fence { break }
                    if body == "." && !inHTML { inHTML = true; continue }
                    if inHTML { html.append(body) } else { markdown.append(body) }
                }
                let tab = { (s: [String]) in s.joined(separator: "\n").replacingOccurrences(of: "→", with: "\t") }
                examples.append(Example(file: file, line: start, markdown: tab(markdown) + "\n", html: tab(html)))
            }
        }
        return examples
    }()

    /// As cmark's `test/normalize.py`: whitespace between tags does not count, and `align="x"`
    /// equals `style="text-align: x"`.
    static func normalize(_ html: String) -> String {
        html.replacing(/>\s+</, with: "><")
            .replacing(/\ align="(\w+)"/) { " style=\"text-align: \($0.1)\"" }
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func findsAll24Examples() {
        #expect(Self.examples.count == 24, "../shared/conformance is missing or changed")
    }

    @Test(arguments: examples)
    func rendersLikeGFM(_ example: Example) {
        #expect(Self.normalize(renderMarkdown(example.markdown)) == Self.normalize(example.html))
    }
}

/// Pipe tables found on cmark's parse tree, so code blocks, quotes and lists are right by construction.
@Suite struct PipeTableTests {
    @Test func leavesATableInACodeBlockAlone() {
        let html = renderMarkdown("```\n| a | b |\n| --- | --- |\n```\n")
        #expect(html == "<pre><code>| a | b |\n| --- | --- |\n</code></pre>\n")
    }

    @Test func findsATableWithoutLeadingPipes() {
        #expect(renderMarkdown("a | b\n--- | ---\n1 | 2\n", compact: true).contains("<td>1</td><td>2</td>"))
    }

    @Test func keepsAlignmentAsStyle() {
        let html = renderMarkdown("| l | c | r |\n| :-- | :-: | --: |\n| 1 | 2 | 3 |\n", compact: true)
        #expect(
            html.contains(
                "<th style=\"text-align: left\">l</th><th style=\"text-align: center\">c</th><th style=\"text-align: right\">r</th>"
            ))
    }

    @Test func findsTablesInQuotesAndLists() {
        #expect(renderMarkdown("> | a |\n> | - |\n> | 1 |\n", compact: true).hasPrefix("<blockquote><table>"))
        #expect(
            renderMarkdown("- item\n\n  | a |\n  | - |\n  | 1 |\n", compact: true).contains("<li><p>item</p><table>"))
    }

    @Test func rendersInlineMarkdownAndEscapedPipesInCells() {
        let html = renderMarkdown("| a | `b\\|c` |\n|---|---|\n| *1* | 2 \\| 3 |\n", compact: true)
        #expect(html.contains("<th><code>b|c</code></th>"))
        #expect(html.contains("<td><em>1</em></td><td>2 | 3</td>"))
    }

    @Test func usesTheDocumentsLinkReferencesInCells() {
        let html = renderMarkdown("| a |\n|---|\n| [x][ref] |\n\n[ref]: https://example.org/\n", compact: true)
        #expect(html.contains("<td><a href=\"https://example.org/\">x</a></td>"))
    }
}

@Suite struct RawHTMLTests {
    @Test func passesHarmlessTagsAndShowsOthersAsText() {
        let html = renderMarkdown(
            "H<sub>2</sub>O, <strong class=\"x\">bold</strong>, <script>alert(1)</script> <img src=x onerror=alert(2)>\n"
        )
        #expect(html.contains("H<sub>2</sub>O"))
        #expect(html.contains("<strong class=\"x\">bold</strong>"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("&lt;img src=\"x\" onerror=\"alert(2)\"&gt;"))
        #expect(!html.contains("<script") && !html.contains("<img"))
    }

    @Test func dropsScriptURLsFromLinks() {
        let html = renderMarkdown(
            "[click](javascript:alert(1)) <a href=\"javascript:x\">a</a> [ok](https://example.org/?a=1&b=2)\n")
        #expect(!html.contains("javascript:alert(1)\""))
        #expect(!html.contains("<a href=\"javascript"))
        #expect(html.contains("<a href=\"https://example.org/?a=1&amp;b=2\">ok</a>"))
    }

    @Test func closesWhatRawHTMLLeavesOpen() {
        let html = renderMarkdown("<table><tr><td>\n\ncell\n")
        #expect(html.hasSuffix("</td></tr></table>"))
    }

    /// The allowlist on hostile markup, as one golden file.
    @Test func matchesTheHostileMarkupGolden() {
        let hostile = """
            <div onclick="x()">div</div>
            <span style="color:red" title="t">span</span> <a href="/ok" target="_blank" rel="noopener">ok</a>
            <a href=" JaVaScRiPt:alert(1)">js</a> <a href="data:text/html,x">data</a> <a href="vbscript:x">vb</a>
            <iframe src="https://example.org"></iframe> <object data=x></object> <embed src=x>
            <svg onload=alert(1)><circle/></svg> <math><mi>x</mi></math>
            <style>body{display:none}</style> <link rel=stylesheet href=x> <meta http-equiv=refresh content=0>
            <form action=x><input name=a></form> <base href="https://evil.example/">
            <table><tr><td onmouseover="x">cell</td></tr></table>
            <details open><summary>s</summary>d</details> <br/> <hr> <!-- comment --> <![CDATA[x]]>
            <a href="https://example.org" onclick="x">mixed</a> <p/x onerror=y>

            """
        let html = renderMarkdown(hostile)
        // Shown as text, the markup is escaped: no real tag runs script.
        let tags = html.matches(of: /<[^>]*>/).map { String($0.output) }
        #expect(
            !tags.contains { $0.contains("script") || $0.contains("iframe") || $0.contains(" on") || $0.contains(":") })
        if let difference = Golden.compare(
            Array(html.utf8),
            goldenPath: SourcePaths.packageRoot + "/Tests/SpecGenKitTests/Golden/raw-html-allowlist.html")
        {
            Issue.record(Comment(rawValue: difference))
        }
    }
}

@Suite struct MarkdownTests {
    @Test func rendersCodeSpans() {
        #expect(renderMarkdown("Use `POST /x` now.") == "<p>Use <code>POST /x</code> now.</p>\n")
    }

    @Test func writesTightListsWithoutParagraphs() {
        #expect(renderMarkdown("- a\n- b\n") == "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n")
    }

    @Test func readsHeadingAttributes() {
        let (document, _) = MarkdownParser().parse("## Intro {#custom-id}\n\n## Other {id=\"x\" class=\"y\"}\n")
        let headings = document.blocks.compactMap { block -> MarkdownHeading? in
            if case .heading(let heading) = block { return heading } else { return nil }
        }
        #expect(headings.map(\.explicitID) == ["custom-id", "x"])
    }

    @Test(arguments: [
        ("Room Versions", "room-versions"), ("`m.room.member`", "mroommember"),
        ("post/_matrix/client/v3/account/3pid/unbind", "post_matrixclientv3account3pidunbind"),
        ("Ünïcode & “quotes”", "ünïcode--quotes"), ("3.1 Done!", "31-done"),
    ])
    func makesHugoAnchors(text: String, anchor: String) {
        #expect(HugoAnchor.anchorize(text) == anchor)
    }

    @Test func numbersRepeatedIDsAsGoldmarkDoes() {
        var anchors = AnchorAllocator()
        #expect(["a", "a", "a"].map { anchors.unique($0) } == ["a", "a-1", "a-2"])
    }
}

@Suite struct HTMLWriterTests {
    @Test func escapesTextAndAttributes() {
        var html = HTMLWriter()
        html.element("a", [("href", "x\"onload=alert(1)&y"), ("title", nil)], text: "<script>alert('x')</script> & co")
        #expect(
            String(decoding: html.bytes, as: UTF8.self)
                == "<a href=\"x&quot;onload=alert(1)&amp;y\">&lt;script&gt;alert('x')&lt;/script&gt; &amp; co</a>")
    }

    @Test func keepsMultibyteTextIntact() {
        var html = HTMLWriter()
        html.text("naïve → “quotes” 🎉 <")
        #expect(String(decoding: html.bytes, as: UTF8.self) == "naïve → “quotes” 🎉 &lt;")
    }

    /// Code wraps only at its spaces and after a slash; a piece that a browser could break at
    /// (a hyphen, a question mark) is kept whole.
    @Test func writesCodeThatWrapsOnlyAtSpacesAndSlashes() {
        var html = HTMLWriter()
        html.code("no-support")
        html.code("GET /_matrix/client/v3/login?redirect-url=x")
        #expect(
            String(decoding: html.bytes, as: UTF8.self) == "<code>no-support</code>"
                + "<code class=\"wrap\">GET /<wbr>_matrix/<wbr>client/<wbr>v3/<wbr><span class=\"nw\">login?redirect-url=x</span></code>"
        )
    }

    /// Only a word too long for a phone's line is marked to scroll in its own box; other code
    /// stays inline, so the comma after it stays on its line.
    @Test func marksOnlyCodeTooLongForALine() {
        var html = HTMLWriter()
        html.code("state_default")
        html.code("m.olm.v1.curve25519-aes-sha2-256")
        #expect(
            String(decoding: html.bytes, as: UTF8.self)
                == "<code>state_default</code><code class=\"long\">m.olm.v1.curve25519-aes-sha2-256</code>")
    }
}

@Suite struct RawHTMLStructureTests {
    /// `<tr>` left open before the next `<tr>`, as the v1.x changelogs write it, is closed there.
    @Test func closesRowsAndCellsThatHTMLEndsImplicitly() {
        let html = renderMarkdown("<table>\n<tr><th>A</th><td>1</td>\n<tr><th>B</th><td>2</td>\n</table>\n")
        #expect(html == "<table>\n<tr><th>A</th><td>1</td>\n</tr><tr><th>B</th><td>2</td>\n</tr></table>\n\n")
    }
}

@Suite struct ByteSearchTests {
    @Test func findsABytePatternAnywhereAndOnlyWhole() {
        #expect("xxaab".containsBytes("aab"))
        #expect("aab".containsBytes("aab"))
        #expect("see /_matrix/client".containsBytes("/_matrix"))
        #expect("ü m.room".containsBytes("m.room"))
        #expect(!"aa".containsBytes("aab"))
        #expect(!"".containsBytes("a"))
        #expect(!"/_matri".containsBytes("/_matrix"))
        #expect("anything".containsBytes(""))
    }

    @Test func findsTheFirstRangeOfBytes() {
        let bytes = Array("<p><!--m--><!--m-->".utf8)
        #expect(bytes.firstRangeOfBytes(Array("<!--m-->".utf8)) == 3..<11)
        #expect(bytes.firstRangeOfBytes(Array("<p>".utf8)) == 0..<3)
        #expect(bytes.firstRangeOfBytes(Array("<!--n-->".utf8)) == nil)
        #expect(Array("<!--m".utf8).firstRangeOfBytes(Array("<!--m-->".utf8)) == nil)
        #expect([UInt8]().firstRangeOfBytes([1]) == nil)
    }

    @Test func findsTheLastOccurrenceOfABytePattern() throws {
        let text = "Fix ü ([#1](a)) and ([#2](b))"
        let range = try #require(text.lastRangeOfBytes(" ([#"))
        #expect(text[range.upperBound...] == "2](b))")
        #expect(text[..<range.lowerBound] == "Fix ü ([#1](a)) and")
        #expect("([#".lastRangeOfBytes(" ([#") == nil)
        #expect("".lastRangeOfBytes("x") == nil)
    }

    @Test func splitsAndSearchesAsTheCharacterFormsDoInRandomText() {
        let pieces = [", [", ",", " ", "[", "](", "]", "(", "ü", "x", "\n", "\n\n", "—"]
        var random = SplitMix64(state: 5)
        for _ in 0..<3000 {
            let text = random.text(of: pieces, counts: 0...10)
            #expect(text.splittingBytes(", [") == text.split(separator: ", [", omittingEmptySubsequences: false))
            #expect(text.splittingBytes("\n") == text.split(separator: "\n", omittingEmptySubsequences: false))
            #expect(text.firstRangeOfBytes("](") == text.firstRange(of: "]("), "\(text.debugDescription)")
        }
    }

    /// The search looks for a needle by its rarest-looking byte, wherever that byte is in it.
    @Test func findsTheFirstOccurrenceWhateverByteItIsLookedForBy() {
        let pieces = [" ", "/", "a", "b", " /", "a/", "ü", "\n"]
        let needles: [StaticString] = [" /", "a b", "ab/", "/a", "b", " ", "a /b", "ü /"]
        var random = SplitMix64(state: 11)
        for _ in 0..<3000 {
            let text = random.text(of: pieces, counts: 0...12)
            for needle in needles {
                let pattern = needle.description
                let expected = text.utf8.firstRange(of: pattern.utf8).map {
                    text.utf8.distance(from: text.utf8.startIndex, to: $0.lowerBound)
                }
                var copy = text
                let found = copy.withUTF8 { firstOffset(of: needle.utf8Bytes, in: $0) }
                #expect(found == expected, "\(pattern.debugDescription) in \(text.debugDescription)")
            }
        }
    }
}

/// Goldmark's definition lists, read on cmark's tree.
@Suite struct DefinitionListTests {
    static func render(_ source: String) -> String {
        var parser = MarkdownParser()
        parser.definitionLists = true
        let (document, _) = parser.parse(source)
        var html = HTMLWriter()
        var renderer = MarkdownHTMLRenderer(context: PlainMarkdownContext())
        renderer.render(document, into: &html)
        return String(decoding: html.bytes, as: UTF8.self).replacing(/>\s+</, with: "><").trimming("\n")
    }

    @Test func readsTermsAndDefinitionsWithIndentedBlocksAndNestedLists() {
        let source = """
            `set_tweak`

            :   Sets an entry.
                More of the same paragraph.

                The following tweaks are defined:

                `sound`

                :   A string.

            Apple
            Orange
            : Fruits.
            : Round ones.

            After.
            """
        #expect(
            Self.render(source)
                == "<dl><dt><code>set_tweak</code></dt><dd><p>Sets an entry.\nMore of the same paragraph.</p><p>The following tweaks are defined:</p><dl><dt><code>sound</code></dt><dd><p>A string.</p></dd></dl></dd><dt>Apple</dt><dt>Orange</dt><dd><p>Fruits.</p></dd><dd><p>Round ones.</p></dd></dl><p>After.</p>"
        )
    }

    /// A NUL byte is shown as U+FFFD, as CommonMark asks, though cmark is not asked to check UTF-8.
    @Test func showsANulByteAsTheReplacementCharacter() {
        #expect(Self.render("a\u{0}b `c\u{0}d`\n") == "<p>a\u{FFFD}b <code>c\u{FFFD}d</code></p>")
    }

    /// Inside a list item or a quote the marker is read from where the paragraph starts.
    @Test func readsDefinitionsInsideListItemsAndQuotes() {
        #expect(Self.render("- Term\n  : Def.\n") == "<ul><li><dl><dt>Term</dt><dd><p>Def.</p></dd></dl></li></ul>")
        #expect(
            Self.render("> Term\n>\n> : Def.\n")
                == "<blockquote><dl><dt>Term</dt><dd><p>Def.</p></dd></dl></blockquote>")
        #expect(Self.render("Term: not a definition\n") == "<p>Term: not a definition</p>")
    }

    @Test func leavesAColonWithoutATermAndCodeAlone() {
        #expect(Self.render(": no term\n") == "<p>: no term</p>")
        #expect(Self.render("Term\n\n    : indented code\n") == "<p>Term</p><pre><code>: indented code\n</code></pre>")
        var parser = MarkdownParser()
        parser.definitionLists = false
        #expect(parser.parse("Term\n: def\n").document.blocks.count == 1)
    }

    @Test func reportsPositionsInsideADefinitionInTheFile() {
        var parser = MarkdownParser()
        parser.definitionLists = true
        let (document, _) = parser.parse("Term\n\n:   Text with <b>bold</b>\n\n    ## Heading\n")
        guard case .definitionList(let items)? = document.blocks.first,
            case .heading(let heading)? = items.first?.definitions.first?.last
        else {
            Issue.record("no heading inside the definition")
            return
        }
        #expect(heading.location == SourceLocation(line: 5, column: 5))
    }
}
