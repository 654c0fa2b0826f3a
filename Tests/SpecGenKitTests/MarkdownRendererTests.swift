import Testing

@testable import SpecGenKit

@Suite struct MarkdownRendererTests {
    func render(_ source: String, _ renderer: MarkdownRenderer = MarkdownRenderer()) -> String {
        var html = HTMLWriter()
        var anchors = AnchorAllocator()
        renderer.render(source, into: &html, anchors: &anchors)
        return String(decoding: html.bytes, as: UTF8.self)
    }

    @Test func escapesRawHTMLInsteadOfPassingItThrough() {
        let html = render("Hi <script>alert(1)</script>\n\n<div onclick=\"x\">block</div>\n")
        #expect(!html.contains("<script"))
        #expect(!html.contains("<div"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
    }

    @Test func dropsScriptURLs() {
        let html = render("[click](javascript:alert(1)) [ok](https://example.org/?a=1&b=\"2\")")
        #expect(html == "<p>click <a href=\"https://example.org/?a=1&amp;b=&quot;2&quot;\">ok</a></p>\n")
    }

    @Test func readsRSTDoubleBackticksAsCode() {
        #expect(render("Use ``POST /account/3pid/unbind`` now.") == "<p>Use <code>POST /account/3pid/unbind</code> now.</p>\n")
    }

    @Test func writesTightListsWithoutParagraphs() {
        #expect(render("- a\n- b\n") == "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n")
    }

    @Test func givesHeadingsUniqueIDsWhenAsked() {
        var html = HTMLWriter()
        var anchors = AnchorAllocator()
        let headings = MarkdownRenderer(headingIDPrefix: "").render("# Intro\n## Intro\n", into: &html, anchors: &anchors)
        #expect(headings.map(\.id) == ["intro", "intro-2"])
        #expect(String(decoding: html.bytes, as: UTF8.self).contains("<h1 id=\"intro\">Intro</h1>"))
    }

    @Test func rendersOneParagraphInline() {
        var html = HTMLWriter()
        MarkdownRenderer().renderInline("A *short* summary.", into: &html)
        #expect(String(decoding: html.bytes, as: UTF8.self) == "A <em>short</em> summary.")
    }
}

@Suite struct RSTCompatibilityTests {
    @Test(arguments: [
        ("See the `3PID Types`_ Appendix.", "See the 3PID Types Appendix."),
        ("The `PDUs <#pdus>`_ here.", "The PDUs here."),
        ("Read `the spec <https://spec.matrix.org/>`_.", "Read [the spec](https://spec.matrix.org/)."),
        ("Keep ``code``_ and ``x``.", "Keep ``code``_ and ``x``."),
        ("Use `filter`_.\n\n.. _filter: https://example.org/f\n", "Use [filter](https://example.org/f).\n\n"),
        ("A |x| b.\n.. |x| replace:: ``y``\n", "A ``y`` b.\n"),
        (".. Note::\n   Hello `m.room.member`_.\n", "**Note:** \n   Hello m.room.member.\n"),
        (".. For backwards compatibility with older links...\n   .. _`old-anchor`:\n\nText.", "Text."),
    ])
    func convertsRSTLeftovers(source: String, expected: String) {
        #expect(RSTCompatibility.markdown(from: source) == expected)
    }
}

@Suite struct TableSyntaxTests {
    func render(_ text: String) -> String {
        var html = HTMLWriter()
        var anchors = AnchorAllocator()
        MarkdownRenderer().render(DescriptionText.markdown(from: text), into: &html, anchors: &anchors)
        return String(decoding: html.bytes, as: UTF8.self)
    }

    @Test func rendersRSTCSVTables() {
        let html = render("""
            Before.

            .. csv-table::
              :header-rows: 1

              "","to ``invite``","to ``join``"
              "from ``leave``","New invitation sent.","User joined, ""really""."

            After.
            """)
        #expect(html == """
            <p>Before.</p>
            <div class="table-wrap"><table class="prose-table"><thead><tr><th></th><th>to <code>invite</code></th><th>to <code>join</code></th></tr></thead><tbody><tr><td>from <code>leave</code></td><td>New invitation sent.</td><td>User joined, &quot;really&quot;.</td></tr></tbody></table></div>
            <p>After.</p>

            """.replacingOccurrences(of: "&quot;", with: "\""))
    }

    @Test func rendersGFMPipeTables() {
        let html = render("Intro:\n\n| a | `b|c` |\n|---|:-:|\n| 1 | 2 \\| 3 |\n\nEnd.")
        #expect(html.contains("<thead><tr><th>a</th><th><code>b|c</code></th></tr></thead><tbody><tr><td>1</td><td>2 | 3</td></tr></tbody>"))
        #expect(html.hasSuffix("<p>End.</p>\n"))
    }

    @Test func escapesMarkupInCells() {
        let html = render("| h |\n|---|\n| <script>x</script> |\n")
        #expect(html.contains("&lt;script&gt;x&lt;/script&gt;"))
        #expect(!html.contains("<script"))
    }
}
