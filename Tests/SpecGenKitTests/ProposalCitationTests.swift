import Foundation
import SpecGenTestSupport
import Testing

@testable import SpecGenKit

/// A proposal's opening words where readers meet what it brought, and where each proposal landed.
@Suite struct ProposalCitationTests {
    static let api = """
        swagger: '2.0'
        info: {title: Demo API}
        basePath: /_matrix/client/r0
        paths:
          /ping:
            get:
              summary: Pings.
              responses:
                200: {description: Pong.}
          /pong:
            get:
              summary: Pongs.
              responses:
                200: {description: Ping.}
        """

    static let tree = [
        "api/client-server/ping.yaml": api,
        "changelogs/client_server/pyproject.toml": TowncrierFixture.clientServer,
        "changelogs/client_server.rst":
            "r0.2.0\n======\n\n**New Endpoints**\n\n- Add ``GET /ping``, as per MSC3000.\n\nr0.1.0\n======\n\n- Old.\n",
        "changelogs/client_server/newsfragments/7.new": "Add ``GET /pong`` as per MSC3001.\n",
        "proposals/3000-ping.md":
            "# MSC3000: Ping\n\n<!-- a comment -->\n\nPinging tells a client the server is there.\n\n- and it is cheap\n\n## Proposal\n\nAdd `GET /ping`; see also `GET /pong`.\n",
        "proposals/3001-pong.md": "# MSC3001: Pong\n\n## Introduction\n\nPonging answers.\n\n## Proposal\n\nText.\n",
        "proposals/3002-other.md": "# MSC3002: Other\n\nMentions `GET /_matrix/client/r0/ping` in passing.\n",
    ]

    func section(_ page: String, _ id: String) -> String {
        guard let start = page.range(of: "id=\"\(id)\"") else { return "" }
        let rest = page[start.upperBound...]
        return String(rest[..<(rest.range(of: "</section>")?.lowerBound ?? rest.endIndex)])
    }

    @Test func takesTheFirstRunOfTextAfterTheTitleUpToTheNextHeading() {
        func opening(_ markdown: String) -> [String] {
            var parser = MarkdownParser()
            parser.recognisesShortcodes = false
            return ProposalLoader.opening(of: parser.parse(markdown).document).map { block in
                var html = HTMLWriter()
                var renderer = MarkdownHTMLRenderer(context: PlainMarkdownContext())
                renderer.render(MarkdownDocument(blocks: [block]), into: &html)
                return String(decoding: html.bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            }
        }
        #expect(opening("# T\n\nOne.\n\nTwo.\n\n## Proposal\n\nThree.\n") == ["<p>One.</p>", "<p>Two.</p>"])
        #expect(opening("# T\n\n## Introduction\n\nWhy.\n\n### Detail\n\nNo.\n") == ["<p>Why.</p>"])
        #expect(opening("# T\n\n---\n\nAfter the rule.\n") == ["<p>After the rule.</p>"])
        #expect(opening("No title.\n\n# Heading\n\nLater.\n") == ["<p>No title.</p>"])
        #expect(opening("# Only a title\n").isEmpty)
        let long = "# T\n\n" + (1...20).map { "Paragraph \($0).\n" }.joined(separator: "\n")
        #expect(opening(long).count == ProposalLoader.openingLimit)
    }

    @Test func showsTheOpeningOfEachProposalBesideTheEndpointItBroughtStatedOnesFirst() throws {
        let page = try TestSite.render(Self.tree).page("client-server/index.html")
        let ping = section(page, "get-matrix-client-r0-ping")
        let notes = ping.matches(of: /<details class="proposal-note">.*?<\/details>/.dotMatchesNewlines()).map {
            String($0.output)
        }
        try #require(notes.count == 2, "\(ping)")
        #expect(notes[0].contains(">MSC3000<") && notes[0].contains("as per the Client-Server API r0.2.0 changelog"))
        #expect(notes[0].contains("<p>Pinging tells a client the server is there.</p>"))
        #expect(notes[0].contains("and it is cheap") && !notes[0].contains("a comment"))
        #expect(notes[0].contains("href=\"../proposals/3000.html\""))
        // A proposal that only mentions the endpoint comes after the one the changelog names.
        #expect(notes[1].contains(">MSC3002<") && notes[1].contains("which mentions it"))
        let pong = section(page, "get-matrix-client-r0-pong")
        #expect(pong.contains(">MSC3001<") && pong.contains("as per the unreleased changes"))
        #expect(pong.contains("<p>Ponging answers.</p>"))
        // MSC3000 mentions GET /pong too: after the stated one.
        #expect(pong.range(of: ">MSC3001<")!.lowerBound < pong.range(of: ">MSC3000<")!.lowerBound)
    }

    @Test func saysOnEachProposalPageWhereItLandedAndWhatItBrought() throws {
        let result = TestSite.render(Self.tree)
        let landed = try result.page("proposals/3000.html")
        #expect(
            landed.contains(
                "Landed in <a href=\"../changelog/client_server.html#r0.2.0\">Client-Server API r0.2.0</a>: Add <a"))
        #expect(
            landed.contains(
                "<a href=\"../client-server/index.html#get-matrix-client-r0-ping\"><code>GET /_matrix/client/r0/ping</code></a>, in the Client-Server API r0.2.0 changelog"
            ))
        let unreleased = try result.page("proposals/3001.html")
        #expect(
            unreleased.contains(
                "Due in <a href=\"../changelog/client_server.html#change-7.new\">the next release (Client-Server API)</a>"
            ))
        #expect(!(try result.page("proposals/3002.html")).contains("Landed in"))
    }
}
