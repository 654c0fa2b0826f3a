import SpecGenTestSupport
import Testing

@testable import SpecGenKit

/// The prose of a matrix-spec tree: pages at Hugo's URLs, front matter, navigation, anchors, links.
@Suite struct WebsiteTests {
    static func page(_ title: String, weight: Int? = nil, extra: String = "", body: String = "") -> String {
        "---\ntitle: \(title)\n" + (weight.map { "weight: \($0)\n" } ?? "") + extra + "---\n\n" + body
    }

    static let tree: [String: String] = [
        "config.toml": """
        title = "Spec"
        [menus]
        [[menus.main]]
            name = "Blog"
            url = "https://example.org/blog"
            weight = 20
        [[menus.main]]
            name = "Home"
            url = "https://example.org/"
            weight = 10
        """,
        "content/_index.md": page(
            "Spec", body: "Read the [client-server API](/client-server-api/#sync) and [room v1](/rooms/v1/).\n"),
        "content/client-server-api/_index.md": page(
            "Client-Server API", weight: 10,
            body: "## Sync\n\n## Sync\n\n### Filtering {#filters}\n\n#### Deep\n\n## Main\n"),
        "content/rooms/_index.md": page("Room Versions", weight: 60),
        "content/rooms/v1.md": page("Room Version 1", weight: 2, extra: "linkTitle: v1\n"),
        "content/rooms/v2.md": page("Room Version 2", weight: 1),
        "content/appendices.md": page("Appendices", weight: 70),
        "content/guide/index.md": page("Guide", weight: 80, body: "Leaf bundle.\n"),
        "content/guide/extra.md": "Not a page: a resource of the bundle.\n",
        "content/fragments/index.md": "---\nheadless: true\n---\n",
        "content/fragments/a.md": "Only included.\n",
    ]

    static let result = TestSite.render(tree)

    @Test func writesEachPageAtItsHugoURL() {
        let paths = Set(Self.result.htmlPages.map(\.path))
        for path in [
            "index.html", "client-server-api/index.html", "rooms/index.html", "rooms/v1/index.html",
            "rooms/v2/index.html",
            "appendices/index.html", "guide/index.html",
        ] {
            #expect(paths.contains(path), "\(path)")
        }
        #expect(!paths.contains("guide/extra/index.html"))
        #expect(!paths.contains("fragments/index.html") && !paths.contains("fragments/a/index.html"))
    }

    /// Hugo reads `.markdown` and `.mdown` as Markdown too, and renders `.html`, `.adoc`, `.org`,
    /// `.pandoc` and `.rst` pages with other handlers: those are errors, never dropped in silence.
    @Test func readsEveryMarkdownExtensionAndReportsOtherContentFormats() throws {
        let result = TestSite.render([
            "config.toml": "title = \"Spec\"\n",
            "content/_index.md": Self.page("Spec"),
            "content/extra.markdown": Self.page("Extra", body: "Written as .markdown.\n"),
            "content/guide/index.mdown": Self.page("Guide", body: "A leaf bundle.\n"),
            "content/guide/notes.html": "<p>A resource of the bundle.</p>\n",
            "content/legacy.html": "---\ntitle: Legacy\n---\n<p>HTML content.</p>\n",
            "content/old/notes.rst": "Notes\n=====\n",
        ])
        #expect(
            result.errors == [
                "content/legacy.html:1:1: error: Hugo renders this page as HTML, and specgen reads Markdown pages only (.md, .markdown, .mdown); it is not on the site [unsupported-content]",
                "content/old/notes.rst:1:1: error: Hugo renders this page as reStructuredText, and specgen reads Markdown pages only (.md, .markdown, .mdown); it is not on the site [unsupported-content]",
            ])
        #expect(
            result.file("extra/index.html").map { String(decoding: $0.bytes, as: UTF8.self) }?.contains(
                "Written as .markdown.") == true)
        #expect(
            result.file("guide/index.html").map { String(decoding: $0.bytes, as: UTF8.self) }?.contains(
                "A leaf bundle.") == true)
    }

    @Test func givesHeadingsGoldmarkIDsAndHonoursCustomOnes() throws {
        let page = try Self.result.page("client-server-api/index.html")
        #expect(page.contains("<h2 id=\"sync\">"))
        #expect(page.contains("<h2 id=\"sync-1\">"))
        #expect(page.contains("<h3 id=\"filters\">"))
        // A heading named like the page chrome keeps its own id; the chrome's ids never clash.
        #expect(page.contains("<h2 id=\"main\">"))
        #expect(Self.result.messages == [])
    }

    @Test func listsH2AndH3InTheTableOfContents() throws {
        let page = try Self.result.page("client-server-api/index.html")
        let toc = try #require(page.section(from: "<nav class=\"toc\"", to: "</nav>"))
        #expect(toc.contains("href=\"#sync\"") && toc.contains("href=\"#sync-1\"") && toc.contains("href=\"#filters\""))
        #expect(!toc.contains("href=\"#deep\""))
    }

    @Test func ordersTheSidebarByWeightThenTitleAndMarksTheCurrentPage() throws {
        let page = try Self.result.page("rooms/v1/index.html")
        let sidebar = try #require(page.section(from: "<nav class=\"sidebar\"", to: "</nav>"))
        let order = ["Client-Server API", "Room Versions", "Room Version 2", "v1", "Appendices", "Guide"]
        let positions = order.compactMap { sidebar.range(of: ">" + $0 + "<")?.lowerBound }
        #expect(positions.count == order.count, "\(sidebar)")
        #expect(positions == positions.sorted())
        #expect(sidebar.contains("aria-current=\"page\""))
    }

    @Test func showsWhereAPageSitsInBreadcrumbs() throws {
        let nested = try Self.result.page("rooms/v1/index.html")
        let crumbs = try #require(nested.section(from: "<nav class=\"breadcrumbs\"", to: "</nav>"))
        #expect(
            crumbs.contains(
                #"<li><a href="../../index.html">Spec</a></li><li><a href="../index.html">Room Versions</a></li>"#
                    + #"<li aria-current="page">v1</li>"#), "\(crumbs)")
        let top = try Self.result.page("appendices/index.html")
        #expect(top.contains(#"<li><a href="../index.html">Spec</a></li><li aria-current="page">Appendices</li>"#))
        #expect(try !Self.result.page("index.html").contains("class=\"breadcrumbs\""))
    }

    @Test func showsTheMenuOfTheConfigInItsOrder() throws {
        let page = try Self.result.page("index.html")
        let header = try #require(page.section(from: "<header", to: "</header>"))
        let home = try #require(header.range(of: ">Home<"))
        let blog = try #require(header.range(of: ">Blog<"))
        #expect(home.lowerBound < blog.lowerBound)
    }

    /// Goldmark's passthrough extension hands delimited maths on as written, for KaTeX in the browser;
    /// specgen converts it to MathML when it builds, so no script is needed.
    @Test func convertsPassthroughMathsToMathML() throws {
        let config = """
            title = "Spec"
            [markup.goldmark.extensions.passthrough]
            enable = true
            [markup.goldmark.extensions.passthrough.delimiters]
            block = [['\\[', '\\]'], ['$$', '$$']]
            inline = [['\\(', '\\)']]
            """
        let body = """
            The ratchet \\(R_{i,j}\\) for \\(j \\in {0,1}\\), and *emphasis*, `\\(code\\)` and \\(unclosed.

            \\[
            \\mathit{AES\\_KEY}_{i}\\;\\parallel\\;\\mathit{HMAC\\_KEY}_{i} \\\\
            \\]

            """
        let result = TestSite.render(["config.toml": config, "content/_index.md": Self.page("Spec", body: body)])
        #expect(result.messages == [])
        let page = try result.page("index.html")
        #expect(
            page.contains(
                "The ratchet <math><msub><mi>R</mi><mrow><mi>i</mi><mo>,</mo><mi>j</mi></mrow></msub></math> for <math><mrow><mi>j</mi><mo>∈</mo><mrow><mn>0</mn><mo>,</mo><mn>1</mn></mrow></mrow></math>, and <em>emphasis</em>, <code>\\(code\\)</code> and (unclosed."
            ))
        #expect(
            page.contains(
                "<div class=\"math-display\"><math display=\"block\"><mrow><msub><mrow><mi>A</mi><mi>E</mi><mi>S</mi><mi>_</mi>"
            ))
        #expect(page.contains("<mo>∥</mo>"))
        // Without the extension, the same text is Markdown: `\(` is an escaped parenthesis.
        let plain = TestSite.render([
            "config.toml": "title = \"Spec\"\n", "content/_index.md": Self.page("Spec", body: body),
        ])
        #expect(try plain.page("index.html").contains("The ratchet (R_{i,j}) for"))
    }

    @Test func saysWhenPassthroughIsOnWithoutDelimiters() {
        let result = TestSite.render([
            "config.toml":
                "title = \"Spec\"\n[markup.goldmark.extensions.passthrough]\nenable = true\ndelimiters = \"oops\"\n",
            "content/_index.md": Self.page("Spec"),
        ])
        #expect(
            result.messages == [
                "config.toml:2:1: warning: the passthrough extension is on but names no delimiters (delimiters.block and delimiters.inline, pairs of strings); maths is read as Markdown [maths-config]"
            ])
    }

    @Test func splitsTextAtPassthroughDelimitersOutsideCode() {
        let delimiters = PassthroughDelimiters(block: [("$$", "$$")], inline: [("\\(", "\\)")])
        #expect(
            delimiters.split("a \\(x\\) b $$y$$ `\\(z\\)` \\(w") == [
                .text("a "), .inline("x"), .text(" b "), .block("y"), .text(" `\\(z\\)` \\(w"),
            ])
        #expect(delimiters.split("no maths") == [.text("no maths")])
        #expect(delimiters.split("\\(\\)") == [.text("\\(\\)")])
    }

    @Test func resolvesSiteLinksToOurOwnPages() throws {
        let page = try Self.result.page("index.html")
        #expect(page.contains("<a href=\"client-server-api/index.html#sync\">client-server API</a>"))
        #expect(page.contains("<a href=\"rooms/v1/index.html\">room v1</a>"))
    }

    @Test func warnsAboutDangerousRawHTMLAtItsSource() throws {
        var tree = Self.tree
        tree["content/appendices.md"] = Self.page(
            "Appendices", body: "Fine <sub>2</sub>.\n\nBad <img src=x onerror=alert(1)> here.\n")
        let result = TestSite.render(tree)
        #expect(
            result.messages == [
                "content/appendices.md:7:5: warning: the onerror attribute could run script; '<img…' is shown as text and never run [unsafe-html]"
            ])
        let page = try result.page("appendices/index.html")
        #expect(page.contains("Fine <sub>2</sub>."))
        #expect(page.contains("Bad &lt;img"))
    }

    /// CommonMark reads no link whose destination has a space, so Hugo shows the brackets; so does
    /// specgen, and it says where.
    @Test func warnsAboutLinkSyntaxThatIsShownAsWritten() throws {
        var tree = Self.tree
        tree["content/appendices.md"] = Self.page(
            "Appendices",
            body:
                "## X {#x}\n\nA [real link](#x) and\nsee [the PDU schema](#PDU schema) for one.\n\n[Not *a* link](x y) either.\n\nUse [SAS\nVerification](#SAS Verification).\n"
        )
        let result = TestSite.render(tree)
        #expect(
            result.messages == [
                "content/appendices.md:8:5: warning: '[the PDU schema](#PDU schema)' is not read as a link: a destination holds no spaces unless written in <…>; it is shown as written [link-syntax]",
                "content/appendices.md:10:1: warning: '[Not a link](x y)' is not read as a link: a destination holds no spaces unless written in <…>; it is shown as written [link-syntax]",
                // Quoted source that spans lines is written on one: one diagnostic, one line.
                "content/appendices.md:12:5: warning: '[SAS Verification](#SAS Verification)' is not read as a link: a destination holds no spaces unless written in <…>; it is shown as written [link-syntax]",
            ])
        let page = try result.page("appendices/index.html")
        #expect(page.contains("see [the PDU schema](#PDU schema) for one."))
    }

    /// Hugo reads a shortcode only between `{{%` and `%}}` or `{{<` and `>}}`: `{{ boxes/rationale }}`
    /// is shown as written (matrix-spec had one in 2023), so specgen shows it too and says where.
    @Test func warnsAboutAShortcodeWrittenBetweenPlainBraces() throws {
        var tree = Self.tree
        tree["content/appendices.md"] = Self.page(
            "Appendices",
            body: "{{ boxes/rationale }}\nWhy.\n\nA Go template's `{{ boxes/note }}` and {{ .Title }} are not.\n")
        let result = TestSite.render(tree)
        #expect(
            result.messages == [
                "content/appendices.md:5:1: warning: '{{ boxes/rationale }}' is not read as a shortcode: Hugo calls one with '{{% … %}}' or '{{< … >}}'; it is shown as written [shortcode-syntax]"
            ])
        #expect(try result.page("appendices/index.html").contains("<p>{{ boxes/rationale }}\nWhy.</p>"))
    }

    @Test func reportsAnIDClashAtTheLineThatMadeIt() throws {
        var tree = Self.tree
        tree["content/appendices.md"] = Self.page("Appendices", body: "## One {#x}\n\n## Two {#x}\n")
        let result = TestSite.render(tree)
        #expect(
            result.messages == [
                "content/appendices.md:7:1: warning: the heading id 'x' is already used on this page; this heading gets 'x-1' [duplicate-id]"
            ])
    }

    /// An unstable tree, as the spec's CI builds it: the tree's version banner above each page, and
    /// the unreleased newsfragments as `changelog/unstable/`.
    @Test func showsAnUnstableTreeAsTheSpecsCIBuildsIt() throws {
        let tree = [
            "config.toml": """
            title = "Spec"
            [params.version]
            status = "unstable"
            current_version_url = "https://spec.matrix.org/latest"
            """,
            "layouts/partials/version-banner.html": """
            {{ $status := .Site.Params.version.status }}
            {{ if eq $status "unstable" }}
            <div class="pageinfo"><p>This version is <em>unstable</em>.</p>
            <p><a href="{{ .Site.Params.version.current_version_url | safeURL }}">Read the stable one</a>.</p></div>
            {{ end }}
            """,
            "changelogs/pyproject.toml": """
            [tool.towncrier]
                filename = "rendered.md"
                template = "template.md.jinja"
                [[tool.towncrier.type]]
                    directory = "new"
                    name = "New Endpoints"
                    showcontent = true
                [[tool.towncrier.section]]
                    name = "Client-Server API"
                    path = "client_server"
            """,
            "changelogs/template.md.jinja": """
            {% for section_name, section in sections.items() %}
            ## {{section_name}}
            {% for category, val in definitions.items() if category in section %}
            **{{ definitions[category]['name'] }}**

            {% for content, issues in section[category].items() %}
            - {{ content }} ({{ issues|join(', ') }})   
            {% endfor %}
            {% endfor %}
            {% endfor %}
            """,
            "changelogs/client_server/newsfragments/1234.new": "Add `GET /foo`.\n",
            "content/_index.md": Self.page("Spec", body: "Hello.\n"),
            "content/changelog/_index.md": Self.page("Changelog", extra: "layout: changelog-index\n"),
            "content/changelog/v1.1.md": Self.page(
                "v1.1 Changelog", extra: "linkTitle: v1.1\nlayout: changelog\n", body: "- Old.\n"),
        ]
        let result = TestSite.render(tree)
        #expect(result.messages == [])
        let banner = """
            <div class="pageinfo"><p>This version is <em>unstable</em>.</p>
            <p><a href="https://spec.matrix.org/latest">Read the stable one</a>.</p></div>
            """
        #expect(try result.page("index.html").contains(banner))
        let unstable = try result.page("changelog/unstable/index.html")
        #expect(unstable.contains("<h1 class=\"page-title\">Changes since last release</h1>"))
        #expect(unstable.contains(banner))
        #expect(unstable.contains("<li>Add <code>GET /foo</code>. (#1234)</li>"))
        #expect(try result.page("changelog/v1.1/index.html").contains("<li>Old.</li>"))

        // An endpoint's unreleased change links to where the entry is shown: under its id on the
        // changelog's index, or on the unstable page where the index only redirects (v1.14's tree).
        var mentioned = tree.merging(Fixtures.openAPI(response: "type: object", path: "/foo", prose: true)) { $1 }
        mentioned["changelogs/client_server/newsfragments/1234.new"] = "Add `GET /_matrix/client/v3/foo`.\n"
        let mention = #"<a href="../changelog/index.html#change-1234.new">Unreleased change #1234</a>"#
        #expect(try TestSite.render(mentioned).page("client-server-api/index.html").contains(mention))
        #expect(try TestSite.render(mentioned).page("changelog/index.html").contains(#"id="change-1234.new""#))
        mentioned["content/changelog/_index.md"] = Self.page("Changelog", extra: "type: docs\n")
        let redirected = TestSite.render(mentioned)
        #expect(redirected.messages == [])
        #expect(
            try redirected.page("client-server-api/index.html").contains(
                #"<a href="../changelog/unstable/index.html">Unreleased change #1234</a>"#))

        // A stable tree shows no banner and has no unstable changelog.
        var stable = tree
        stable["config.toml"] = "title = \"Spec\"\n[params.version]\nstatus = \"stable\"\n"
        let released = TestSite.render(stable)
        #expect(try !released.page("index.html").contains("pageinfo"))
        #expect(released.file("changelog/unstable/index.html") == nil)
    }
}
