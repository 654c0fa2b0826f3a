import Foundation
import SpecGenTestSupport
import Testing

@testable import SpecGenKit

/// The demo spec of this repository, and the OpenAPI 3.1 fixture, page by page.
///
/// Golden pages: re-record with `RECORD_GOLDEN=1 swift test --filter DemoSiteTests`, then review `git diff`.
@Suite struct DemoSiteTests {
    static let demo = TestSite.render(root: SourcePaths.packageRoot)
    static let openAPI31 = TestSite.render(root: SourcePaths.packageRoot + "/Tests/SpecGenKitTests/Fixtures/openapi31")
    static let goldens = SourcePaths.packageRoot + "/Tests/SpecGenKitTests/Golden/"

    @Test func buildsWithoutDiagnostics() {
        #expect(Self.demo.messages == [])
        #expect(Self.openAPI31.messages == [])
    }

    @Test(arguments: [
        "index.html", "client-server/index.html", "events/index.html", "changelog/index.html",
        "changelog/client_server.html",
        "proposals/index.html", "proposals/2140.html",
    ])
    func matchesGoldenPage(path: String) throws {
        let file = try #require(Self.demo.file(path))
        if let difference = Golden.compare(file.bytes, goldenPath: Self.goldens + "demo/" + path) {
            Issue.record(Comment(rawValue: difference))
        }
    }

    @Test(arguments: ["client-server/index.html", "events/index.html"])
    func matchesGoldenOpenAPI31Page(path: String) throws {
        let file = try #require(Self.openAPI31.file(path))
        if let difference = Golden.compare(file.bytes, goldenPath: Self.goldens + "openapi31/" + path) {
            Issue.record(Comment(rawValue: difference))
        }
    }

    @Test func linksOnlyToAnchorsThatExist() {
        #expect(LinkCheck.brokenFragments(in: Self.demo.htmlPages + Self.openAPI31.htmlPages) == [])
    }

    @Test func rendersEveryEnumValueAsItsOwnCodeElement() throws {
        let page = try Self.demo.page("client-server/index.html")
        // A matrix-doc tree lists them in gendoc's words: One of: ["email", "msisdn"] as JSON, and
        // one alone as Must be 'puppet'.
        for value in ["no-support", "success", "email", "msisdn", "pending-removal"] {
            #expect(page.contains("<code class=\"value\">\"\(value)\"</code>"), "enum value \(value)")
        }
        for value in ["M_LIMIT_EXCEEDED", "puppet"] {
            #expect(page.contains("Must be '<code class=\"value\">\(value)</code>'."), "enum value \(value)")
        }
    }

    @Test func headsEachOperationWithMethodPathAndSelfLink() throws {
        let page = try Self.demo.page("client-server/index.html")
        let heading = try #require(
            page.section(from: "<h3 id=\"post-matrix-client-r0-account-3pid-unbind\"", to: "</h3>"))
        #expect(heading.contains("<span class=\"method method-post\">POST</span>"))
        // The path wraps only after a slash.
        #expect(
            heading.contains(
                "/<wbr><span class=\"segment\">account</span>/<wbr><span class=\"segment\">3pid</span>/<wbr><span class=\"segment\">unbind</span>"
            ))
        #expect(heading.contains("<a class=\"anchor\" href=\"#post-matrix-client-r0-account-3pid-unbind\""))
    }

    @Test func showsBadgesForAuthenticationRateLimitsAndDeprecation() throws {
        let page = try Self.demo.page("client-server/index.html")
        #expect(page.contains("badge-deprecated"))
        #expect(page.contains("badge-rate-limited"))
        #expect(page.contains("badge-auth"))
    }

    @Test func writesTheRequestLineWithPathAndQueryExamples() throws {
        let page = try Self.demo.page("client-server/index.html")
        #expect(
            page.contains(
                "GET /_matrix/client/r0/account/3pid/email/lookup?address=alice%40example.org HTTP/1.1\nX-Request-Id: req-42"
            ))
    }

    @Test func linksEventMentionsToTheEventsPage() throws {
        let page = try Self.demo.page("client-server/index.html")
        #expect(
            page.contains("<a href=\"../events/index.html#m.room.member\"><code>m.room.member</code></a>")
                || page.contains("<a href=\"../events/index.html#m.room.member\">m.room.member</a>"))
    }

    @Test func groupsEventsByKindWithVariantsUnderTheirEvent() throws {
        let page = try Self.demo.page("events/index.html")
        let order = [
            "id=\"state-events\"", "id=\"m.room.member\"", "id=\"room-events\"", "id=\"m.room.message\"",
            "msgtype: m.notice", "msgtype: m.text", "id=\"other-events\"", "id=\"m.typing\"",
        ]
        let positions = order.map { page.range(of: $0)?.lowerBound }
        #expect(!positions.contains(nil), "\(zip(order, positions).filter { $0.1 == nil }.map(\.0))")
        #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted())
        #expect(page.contains("<code class=\"value\">\"knock\"</code>"))
    }

    @Test func showsTheUnreleasedFragmentAboveTheReleases() throws {
        let page = try Self.demo.page("changelog/client_server.html")
        let unreleased = try #require(page.range(of: "id=\"change-2282.new\""))
        let released = try #require(page.range(of: "id=\"r0.5.0\""))
        #expect(unreleased.lowerBound < released.lowerBound)
        let entry = try #require(page.section(from: "id=\"change-2282.new\"", to: "</li>"))
        #expect(
            entry.contains(
                "<a href=\"../client-server/index.html#post-matrix-client-r0-account-3pid-unbind\"><code class=\"wrap\">POST /<wbr>account/<wbr>3pid/<wbr>unbind</code></a>"
            ))
        #expect(entry.contains("<a href=\"https://github.com/matrix-org/matrix-doc/issues/2282\">#2282</a>"))
    }

    @Test func linksTheUnbindEndpointItsProposalAndItsChangelogEntryBothWays() throws {
        let api = try Self.demo.page("client-server/index.html")
        let section = try #require(
            api.section(from: "id=\"post-matrix-client-r0-account-3pid-unbind\"", to: "</section>"))
        #expect(section.contains("href=\"../proposals/2140.html\""))
        #expect(section.contains("href=\"../changelog/client_server.html#change-2282.new\""))
        let proposal = try Self.demo.page("proposals/2140.html")
        #expect(proposal.contains("href=\"../client-server/index.html#post-matrix-client-r0-account-3pid-unbind\""))
        // MSC1915 has no local page, so it links upstream.
        #expect(
            proposal.contains("<a href=\"https://github.com/matrix-org/matrix-spec-proposals/pull/1915\">MSC1915</a>"))
    }

    @Test func rendersOpenAPI31Features() throws {
        let page = try Self.openAPI31.page("client-server/index.html")
        // servers with variables give the base path; PATCH and HEAD are not dropped
        for method in ["get", "patch", "head"] {
            #expect(page.contains("id=\"\(method)_matrixclientv3roomsroomidwidgetswidgetid\""), "\(method)")
        }
        #expect(page.contains("Added in <code>v1.9</code>") || page.contains("Added in v1.9"))
        #expect(page.contains("Changed in <code>v1.10</code>") || page.contains("Changed in v1.10"))
        #expect(page.contains("badge-deprecated"))
        #expect(page.contains("<code class=\"key-pattern\">^[a-z]+\\.</code>"))
        #expect(page.contains("<code class=\"value\">builtin</code>"))
        // named examples, headers without a body, non-JSON bodies with their content types
        #expect(page.contains("Example: clock"))
        #expect(page.contains("<code>image/svg+xml</code>"))
        #expect(page.contains("Content-Type: image/png\n\n&lt;PNG bytes&gt;"))
        #expect(page.contains("Content-Type: application/merge-patch+json"))
    }

    @Test func listsEachSectionOnceOnThisPage() throws {
        for (path, html) in Self.demo.htmlPages + (CorpusTests.matrixDoc2019?.htmlPages ?? []) {
            guard let toc = html.section(from: "id=\"TOC\"", to: "</nav>") else { continue }
            let targets = toc.matches(of: /href="#([^"]+)"/).map { String($0.output.1) }
            #expect(targets.count == Set(targets).count, "\(path)")
        }
    }
}
