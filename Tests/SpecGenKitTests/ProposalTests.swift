import Foundation
import SpecGenTestSupport
import Testing

@testable import SpecGenKit

@Suite struct ProposalTests {
    func build(_ files: [String: String]) throws -> (Fixture, BuildReport) {
        let fixture = try Fixture(files)
        let report = SiteBuilder(options: BuildOptions(root: fixture.path, output: fixture.path + "/site", templates: SourcePaths.templates)).build()
        return (fixture, report)
    }

    @Test func escapesScriptsAndRawHTMLInAProposal() throws {
        let (fixture, report) = try build([
            "proposals/1234-x.md": "# MSC1234: <script>alert(1)</script> title\n\n<script>alert(2)</script>\n\nText <img src=x onerror=alert(3)> and [a](javascript:alert(4)).\n"
        ])
        #expect(report.wrote)
        let page = try #require(fixture.read("site/proposals/1234.html"))
        #expect(!page.contains("<script"))
        #expect(!page.contains("<img"))
        #expect(!page.contains("javascript:"))
        #expect(page.contains("&lt;script&gt;alert(2)&lt;/script&gt;"))
        let index = try #require(fixture.read("site/proposals/index.html"))
        #expect(!index.contains("<script"))
    }

    @Test(arguments: [
        ("# MSC 2010: Spoilers\n", "MSC 2010: Spoilers"), ("# MSC1929 Room admins\n", "MSC1929 Room admins"),
        ("Intro line\n\n## Not first `code` heading\n", "Not first code heading"),
    ])
    func takesTheTitleFromTheFirstHeading(markdown: String, title: String) {
        #expect(ProposalLoader.firstHeading(markdown) == title)
    }

    @Test func warnsAboutAProposalWithoutAHeadingAndNamesItAfterItsFile() throws {
        let (fixture, report) = try build(["proposals/0042-no-heading.md": "Just text.\n"])
        #expect(report.diagnostics.map(\.description) == ["proposals/0042-no-heading.md:1:1: warning: the proposal has no heading to take its title from"])
        #expect(fixture.read("site/proposals/index.html")?.contains("no heading") == true)
    }

    @Test func resolvesLinksToOtherProposalsAndImagesBesideThem() throws {
        let (fixture, _) = try build([
            "proposals/1-a.md": "# A\n\nSee [B](2-b.md), ![diagram](1-diagram.png) and [spec](../api/x.yaml) and [gone](#nowhere).\n",
            "proposals/2-b.md": "# B\n",
            "proposals/1-diagram.png": "PNG",
        ])
        let page = try #require(fixture.read("site/proposals/1.html"))
        #expect(page.contains("<a href=\"2.html\">B</a>"))
        #expect(page.contains("<img src=\"1-diagram.png\" alt=\"diagram\">"))
        // Files the site does not carry, and missing anchors, keep their text but lose the link.
        #expect(page.contains(" and spec and gone."))
        #expect(fixture.read("site/proposals/1-diagram.png") == "PNG")
    }

    @Test func leavesOutFilesThatLinkOutOfTheRoot() throws {
        let outside = try Fixture(["secret.txt": "SECRET"])
        let fixture = try Fixture(["proposals/1-a.md": "# A\n\n![x](leak.png)\n"])
        try FileManager.default.createSymbolicLink(atPath: fixture.path + "/proposals/leak.png", withDestinationPath: outside.path + "/secret.txt")
        let report = SiteBuilder(options: BuildOptions(root: fixture.path, output: fixture.path + "/site", templates: SourcePaths.templates)).build()
        #expect(report.wrote, "\(report.diagnostics)")
        #expect(!fixture.exists("site/proposals/leak.png"))
        #expect(fixture.read("site/proposals/1.html")?.contains("[image: x]") == true)
        #expect(fixture.read("site/proposals/1.html")?.contains("SECRET") == false)
    }

    @Test func matchesEndpointMentionsWithAndWithoutTheBasePath() {
        let matcher = EndpointMatcher([
            (EndpointReference(method: "POST", fullPath: "/_matrix/client/r0/account/3pid/unbind", api: "client-server", href: "a"), "/account/3pid/unbind"),
            (EndpointReference(method: "GET", fullPath: "/_matrix/client/r0/rooms/{roomId}/state", api: "client-server", href: "b"), "/rooms/{roomId}/state"),
            (EndpointReference(method: "POST", fullPath: "/_matrix/federation/v1/publicRooms", api: "server-server", href: "c"), "/publicRooms"),
            (EndpointReference(method: "POST", fullPath: "/_matrix/client/r0/publicRooms", api: "client-server", href: "d"), "/publicRooms"),
        ])
        #expect(matcher.match(method: "POST", path: "/account/3pid/unbind")?.href == "a")
        #expect(matcher.match(method: "POST", path: "/_matrix/client/r0/account/3pid/unbind")?.href == "a")
        #expect(matcher.match(method: "GET", path: "/rooms/!abc:example.org/state")?.href == "b")
        #expect(matcher.match(method: "GET", path: "/rooms/{room_id}/state")?.href == "b")
        #expect(matcher.match(method: "POST", path: "/publicRooms", preferring: "server-server")?.href == "c")
        #expect(matcher.match(method: "DELETE", path: "/account/3pid/unbind") == nil)
    }

    @Test func findsMentionsOfEndpointsAndProposalsInText() {
        let text = "Use POST /_matrix/client/r0/account/3pid/unbind, per MSC 2140 (not XMSC3) and MSC1915."
        #expect(MentionScanner.endpoints(in: text).map(\.path) == ["/_matrix/client/r0/account/3pid/unbind"])
        #expect(MentionScanner.proposals(in: text).map(\.number) == [2140, 1915])
        #expect(MentionScanner.proposalNumber(inURL: "https://github.com/matrix-org/matrix-doc/pull/2140") == 2140)
    }
}
