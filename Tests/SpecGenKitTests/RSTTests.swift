import SpecGenTestSupport
import Testing

@testable import SpecGenKit

/// matrix-doc's prose: each construct of reStructuredText that its files use, read from the
/// smallest tree that shows it. Goldens: `RECORD_GOLDEN=1 swift test --filter RSTTests`.
@Suite struct RSTTests {
    /// A matrix-doc tree whose one page (`index`) is `rst`, after `first.rst` when given.
    static func tree(_ rst: String, targets: String? = nil, extra: [String: String] = [:]) -> [String: String] {
        [
            "specification/targets.yaml": targets ?? """
                targets:
                  index:
                    files:
                      - index.rst
                title_styles: ["=", "-", "~", "+", "^"]

                """,
            "specification/index.rst": rst,
            "api/client-server/ping.yaml": """
            swagger: '2.0'
            info: {title: Ping}
            basePath: /_matrix/client/r0
            paths:
              /ping:
                get:
                  summary: Pings the server.
                  operationId: ping
                  responses:
                    200: {description: Pong.}

            """,
            "event-schemas/schema/m.ping": """
            type: object
            description: A ping.
            properties:
              content:
                type: object
                properties:
                  at: {type: integer, description: When.}
              type: {type: string, enum: [m.ping]}

            """,
        ].merging(extra) { $1 }
    }

    struct Construct: Sendable, CustomStringConvertible {
        var name: String
        var rst: String
        var description: String { name }
    }

    static let constructs = [
        Construct(
            name: "sections",
            rst: """
                Title
                =====

                Intro.

                Section
                -------

                Text.

                Subsection
                ~~~~~~~~~~

                Deeper.

                """),
        Construct(
            name: "inline",
            rst: """
                Title
                =====

                ``literal`` with *emphasis*, **strong**, `title` and :math:`x^2`, a\\*b, no-support,
                snake_case_word and https://example.org/x.

                """),
        Construct(
            name: "hyperlinks",
            rst: """
                Title
                =====

                A `named`_ link, an `embedded <https://example.org/e>`_ one, an `anonymous`__ one,
                a section's `Other Part`_, a target's `place`_, an indirect `alias`_ and again `embedded`_.

                .. _named: https://example.org/n
                __ https://example.org/a
                .. _alias: `named`_

                Other Part
                ----------

                .. _place:

                Placed here.

                """),
        Construct(
            name: "substitutions",
            rst: """
                Title
                =====

                Call |/ping|_ and see |name|.

                {{ping_cs_http_api}}

                .. |/ping| replace:: ``/ping``
                .. _/ping: #get-matrix-client-r0-ping
                .. |name| replace:: **the name**

                """),
        Construct(
            name: "literal-blocks",
            rst: """
                Title
                =====

                Paragraph::

                  {"a": 1}

                Expanded ::

                  plain

                .. code:: json

                  {
                    "b": 2
                  }

                """),
        Construct(
            name: "tables",
            rst: """
                Title
                =====

                ========== =========
                Name       Value
                ========== =========
                ``a``      first
                ``b``      second,
                           continued
                ========== =========

                +--------+---------------+
                | Key    | Description   |
                +========+===============+
                | ``k``  | A key that    |
                |        | wraps.        |
                +--------+---------------+

                """),
        Construct(
            name: "admonitions",
            rst: """
                Title
                =====

                .. NOTE::
                   A note.

                .. WARNING:: A warning.

                .. admonition:: Rationale

                   Because.

                .. topic:: Version: unstable

                   A topic.

                .. contents:: Table of Contents
                .. sectnum::

                """),
        Construct(
            name: "raw-html",
            rst: """
                Title
                =====

                .. raw:: html

                   <p class="x"><em>kept</em><script>alert(1)</script></p>

                """),
        Construct(
            name: "lists",
            rst: """
                Title
                =====

                - one
                - two

                  - nested

                #. first
                #. second

                1) numbered

                   continued

                :field: A field.
                :``code``: Another.

                Term
                  Its definition.

                Other term : classifier
                  Another definition.

                  Quoted text.

                """),
        Construct(
            name: "footnotes-comments",
            rst: """
                Title
                =====

                A claim [#]_.

                .. [#] The footnote.

                .. A comment that is not shown.

                ..
                  A comment block,
                  not shown either.

                Shown.

                """),
        Construct(
            name: "variables",
            rst: """
                Title
                =====

                Version %CLIENT_MAJOR_VERSION%.

                {{ping_cs_http_api}}

                {{m_ping_event}}

                See `m.ping`_ and `GET /_matrix/client/r0/ping`_.

                """),
    ]

    @Test(arguments: constructs)
    func rendersTheConstruct(_ construct: Construct) throws {
        let result = TestSite.render(Self.tree(construct.rst))
        #expect(result.errors == [], "\(result.messages)")
        Fixtures.expectGolden(result, page: "index.html", name: "rst/" + construct.name)
    }

    /// docutils' `list-table` (matrix-doc's proposals.rst of 2018): rows of cells as a table.
    @Test func readsAListTableAsATable() throws {
        let rst = """
            Title
            =====

            .. list-table:: Proposals
               :header-rows: 1
               :widths: 20 80

               * - MSC
                 - Title
               * - `MSC1234 <https://example.org/1234>`_
                 - A *first* proposal
               * - MSC5678
                 - A second one,
                   on two lines

            .. list-table::

               * - One row, no header

            .. list-table::

               * Not a row of cells

            """
        let result = TestSite.render(Self.tree(rst))
        let page = try result.page("index.html").replacing(/>\s+</, with: "><")
        #expect(
            page.contains("<p><strong>Proposals</strong></p><table><thead><tr><th>MSC</th><th>Title</th></tr></thead>"))
        #expect(
            page.contains(
                "<tr><td><a href=\"https://example.org/1234\">MSC1234</a></td><td>A <em>first</em> proposal</td></tr>"))
        #expect(page.contains("<td>A second one,\non two lines</td>"))
        #expect(page.contains("<table><tbody><tr><td>One row, no header</td></tr></tbody></table>"))
        #expect(page.contains("<li>Not a row of cells</li>"))
        #expect(
            result.messages.contains {
                $0.contains("index.rst:20:1: warning: a list-table is a list of rows, each a list of cells of text")
            }, "\(result.messages)")
        #expect(!result.messages.contains { $0.contains("unknown directive") })
    }

    @Test func movesEachFileTitlesToTheDepthItsTargetGives() throws {
        let targets = """
            targets:
              index:
                files:
                  - index.rst
                  - { 1: module.rst }
            title_styles: ["=", "-", "~", "+", "^"]

            """
        let result = TestSite.render(
            Self.tree(
                "Title\n=====\n\nSection\n-------\n", targets: targets,
                extra: ["specification/module.rst": "Module\n======\n\nPart\n----\n"]))
        let page = try result.page("index.html")
        #expect(page.contains("<h2 id=\"section\""))
        #expect(page.contains("<h2 id=\"module\""))
        #expect(page.contains("<h3 id=\"part\""))
        #expect(page.contains("<title>Title"))
    }

    @Test func reportsAnUnknownDirectiveAndRoleAtTheirPlaceAndShowsTheirText() throws {
        let result = TestSite.render(
            Self.tree("Title\n=====\n\nA :kbd:`Ctrl` key.\n\n.. sidebar-ish:: arg\n\n   Still shown.\n"))
        #expect(
            result.messages.contains(
                "specification/index.rst:4:3: warning: unknown role ':kbd:'; its text is shown as it is [rst-markup]"))
        #expect(
            result.messages.contains(
                "specification/index.rst:6:1: warning: unknown directive 'sidebar-ish'; its content is shown as it is [rst-markup]"
            ))
        let page = try result.page("index.html")
        #expect(page.contains("Still shown."))
        #expect(page.contains("Ctrl"))
    }

    @Test func locatesProblemsInTheFileTheyAreIn() throws {
        let targets = """
            targets:
              index:
                files:
                  - index.rst
                  - { 1: second.rst }

            """
        let result = TestSite.render(
            Self.tree(
                "Title\n=====\n\nText.\n", targets: targets,
                extra: ["specification/second.rst": "Second\n======\n\n{{no_such_thing}}\n\nSee `nowhere`_.\n"]))
        #expect(
            result.messages.contains(
                "specification/second.rst:4:1: error: '{{no_such_thing}}' names no API file, event, definition or changelog of this tree; nothing is shown for it [template-variable]"
            ))
        #expect(
            result.messages.contains(
                "specification/second.rst:6:5: warning: 'nowhere'_ names no target or section of this page; it is shown as text [broken-link]"
            ))
    }

    @Test func keepsGendocsAddressesAsPagesThatSendReadersOn() throws {
        let targets = """
            targets:
              index:
                files: [index.rst]
              client_server:
                files: [cs.rst]
                version_label: "%CLIENT_RELEASE_LABEL%"
              rooms@v1:
                files: [v1.rst]

            """
        let result = TestSite.render(
            Self.tree(
                "Home\n====\n\nSee `the API <client_server/%CLIENT_RELEASE_LABEL%.html#x>`_.\n", targets: targets,
                extra: [
                    "specification/cs.rst": "Client-Server API\n=================\n\nX\n-\n\n{{ping_cs_http_api}}\n",
                    "specification/v1.rst": "Room Version 1\n==============\n\nText.\n",
                ]))
        #expect(result.errors == [])
        #expect(try result.page("index.html").contains("href=\"client-server/index.html#x\""))
        let redirect = try result.page("client_server/unstable.html")
        #expect(redirect.contains("location.replace(\"../client-server/index.html\" + location.hash)"))
        #expect(try result.page("rooms/v1.html").contains("url=v1/index.html"))
        // The API's page is the prose's, with the endpoint in place.
        #expect(try result.page("client-server/index.html").contains("id=\"get-matrix-client-r0-ping\""))
    }

    /// Before the API codes (2016) gendoc named an API file's endpoints `{{<file>_http_api}}`.
    @Test func readsAnAPIVariableWithoutItsCode() throws {
        let result = TestSite.render(Self.tree("Title\n=====\n\nPings\n-----\n\n{{ping_http_api}}\n"))
        #expect(result.messages == [])
        #expect(try result.page("index.html").contains("id=\"get-matrix-client-r0-ping\""))
    }

    /// matrix-spec's first months held a Hugo site being written beside gendoc's tree, whose
    /// content named the endpoints with gendoc's variables: the gendoc tree is the one built.
    @Test func buildsAGendocTreeThatHasAHugoSiteBeingWritten() throws {
        let result = TestSite.render(
            Self.tree(
                "Title\n=====\n\n{{ping_cs_http_api}}\n",
                extra: [
                    "config.toml": "title = \"Matrix\"\n",
                    "content/_index.md": "---\ntitle: Home\n---\n\n{{ping\\_cs\\_http\\_api}}\n",
                ]))
        #expect(
            result.messages == [
                "content:1:1: warning: the tree holds gendoc's prose (specification/targets.yaml) and a Hugo site without data/api; it is built as gendoc built it, from specification/, and content/ is not read [mixed-layout]"
            ])
        #expect(try result.page("index.html").contains("id=\"get-matrix-client-r0-ping\""))
    }

    /// docutils reads inline markup only after a space or punctuation: `=``key``` shows its
    /// backquotes (third_party_invites.rst in 2018). So does specgen, and it says where.
    @Test func warnsAboutALiteralThatDocutilsDoesNotRead() throws {
        let result = TestSite.render(
            Self.tree("Title\n=====\n\nFetch it with\n?public_key=``public_key``. A ``real`` one.\n"))
        #expect(
            result.messages == [
                "specification/index.rst:5:13: warning: '``public_key``' is not read as a literal: docutils reads markup only after a space or punctuation; it is shown as written [rst-markup]"
            ])
        let page = try result.page("index.html")
        #expect(page.contains("?public_key=``public_key``. A <code>real</code> one."))
    }

    /// Until late 2018 matrix-doc wrote each API's changelog by hand, with no towncrier: its first
    /// section is the unreleased changes, the others its releases, and `{{client_server_changelog}}`
    /// names it. Each entry is on the site, and the variable links to it.
    @Test func readsAChangelogWrittenByHand() throws {
        let changelog = """
            Unreleased changes
            ==================

            - Changes to the API:

              - Add ``GET /ping``
                (`#1096 <https://github.com/matrix-org/matrix-doc/pull/1096>`_).

            r0.1.0
            ======

            Breaking changes:

            - Remove ``/tokenrefresh`` (`#395 <https://github.com/matrix-org/matrix-doc/pull/395>`_).

            """
        let result = TestSite.render(
            Self.tree(
                "Title\n=====\n\n.. topic:: Version: %CLIENT_RELEASE_LABEL%\n{{client_server_changelog}}\n",
                extra: ["changelogs/client_server.rst": changelog]))
        #expect(result.messages == [])
        #expect(
            try result.page("index.html").contains(
                #"listed in <a href="changelog/client_server.html">its changelog</a>"#))
        let page = try result.page("changelog/client_server.html")
        #expect(page.contains("What the next release adds, as the changelog lists it."))
        // Each item of an entry's own list keeps its issue.
        #expect(
            page.contains(
                #"<code>GET /ping</code></a>\#n(<a href="https://github.com/matrix-org/matrix-doc/pull/1096">#1096</a>).</li>"#
            ))
        #expect(page.contains("Remove <code>/tokenrefresh</code>"))
        #expect(page.contains(#"id="r0.1.0""#))
    }

    @Test func refusesAGroupThatIncludesItselfAndFilesOutsideTheRoot() throws {
        let targets = """
            targets:
              index:
                files:
                  - index.rst
                  - "group:loop"
                  - ../../etc/passwd
                  - missing.rst
            groups:
              loop:
                - "group:loop"

            """
        let result = TestSite.render(Self.tree("Title\n=====\n\nText.\n", targets: targets))
        #expect(
            result.messages.contains {
                $0.hasPrefix(
                    "specification/targets.yaml:10:7: error: the group 'loop' includes itself; it is read once")
            }, "\(result.messages)")
        #expect(result.messages.contains { $0.contains("etc/passwd") && $0.contains("error:") }, "\(result.messages)")
        #expect(result.messages.contains { $0.hasPrefix("specification/missing.rst") && $0.contains("error:") })
        #expect(try result.page("index.html").contains("Text."))
    }

    /// No word of a paragraph is lost, whatever inline markup surrounds it.
    @Test func keepsEveryWordOfAParagraph() throws {
        var generator = SplitMix64(state: 2019)
        let pieces = ["*", "**", "`", "``", "_", "__", "|", ":", "\\", "(", ")", "<", ">", " ", "\n", "-", "."]
        for _ in 0..<300 {
            var words: [String] = []
            var text = ""
            for _ in 0..<Int.random(in: 3...12, using: &generator) {
                let word = "w" + String(Int.random(in: 100...999, using: &generator))
                words.append(word)
                text += pieces.randomElement(using: &generator)! + word + pieces.randomElement(using: &generator)!
                text += " "
            }
            var parser = RSTBlockParser(titleStyles: ["="]) { _, _ in nil }
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map {
                RSTLine(text: "x " + String($0.element).trimming(" "), number: $0.offset + 1, column: 1)
            }
            let blocks = parser.parse(lines.filter { !$0.text.allSatisfy { $0 == " " || $0 == "x" } })
            var shown = ""
            MarkdownDocument.walk(
                blocks,
                inline: { inline in
                    switch inline {
                    case .text(let value), .code(let value), .math(let value, _): shown += value + " "
                    case .link(let destination, _, _, _): shown += destination + " "
                    default: break
                    }
                },
            )
            MarkdownDocument.walk(
                blocks,
                block: { block in
                    if case .code(_, let literal) = block { shown += literal }
                })
            for word in words {
                #expect(shown.contains(word), "\(word) lost from \(text.debugDescription)")
            }
        }
    }
}
