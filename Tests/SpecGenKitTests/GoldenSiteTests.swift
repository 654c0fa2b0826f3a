import Foundation
import SpecGenTestSupport
import Testing

@testable import SpecGenKit

/// The demo spec's pages, byte for byte. Re-record with `RECORD_GOLDEN=1 swift test --filter GoldenSiteTests`.
@Suite struct GoldenSiteTests {
    static let goldenFolder = SourcePaths.packageRoot + "/Tests/SpecGenKitTests/Golden/demo"

    static func renderDemo() throws -> RenderedSite {
        let options = BuildOptions(root: SourcePaths.packageRoot, output: "/nonexistent", templates: SourcePaths.templates)
        let (site, _, diagnostics) = SiteBuilder(options: options).render()
        #expect(diagnostics.diagnostics.map(\.description) == [])
        return try #require(site)
    }

    @Test(arguments: [
        "index.html", "client-server/index.html", "events/index.html", "changelog/client_server.html",
        "proposals/index.html", "proposals/2140.html",
    ])
    func matchesGoldenPage(path: String) throws {
        let site = try Self.renderDemo()
        let file = try #require(site.files.first { $0.path == path })
        if let difference = Golden.compare(file.bytes, goldenPath: Self.goldenFolder + "/" + path) {
            Issue.record(Comment(rawValue: difference))
        }
    }

    @Test func rendersEveryEnumValueAsItsOwnCodeElement() throws {
        let page = try Self.page("client-server/index.html")
        for value in ["no-support", "success", "email", "msisdn", "pending-removal", "M_LIMIT_EXCEEDED", "puppet"] {
            #expect(page.contains("<code class=\"value\">\(value)</code>"), "enum value \(value)")
        }
        #expect(page.contains("Must be <code class=\"value\">puppet</code>."))
    }

    @Test func headsEachOperationWithMethodFullPathAndID() throws {
        let page = try Self.page("client-server/index.html")
        #expect(page.contains(
            "<h3 id=\"post-matrix-client-r0-account-3pid-unbind\" class=\"operation-title\"><span class=\"method method-post\">POST</span> <span class=\"path\">/_matrix/client/r0/account/3pid/unbind</span> <a class=\"anchor\" href=\"#post-matrix-client-r0-account-3pid-unbind\""
        ))
    }

    @Test func showsBadgesForAuthenticationRateLimitsAndDeprecation() throws {
        let page = try Self.page("client-server/index.html")
        #expect(page.contains("badge-deprecated"))
        #expect(page.contains("badge-rate-limited"))
        #expect(page.contains("badge-auth"))
    }

    @Test func writesTheRequestLineWithPathAndQueryExamples() throws {
        let page = try Self.page("client-server/index.html")
        #expect(page.contains("GET /_matrix/client/r0/account/3pid/email/lookup?address=alice%40example.org HTTP/1.1\nX-Request-Id: req-42"))
    }

    @Test func linksEventMentionsToTheEventsPage() throws {
        let page = try Self.page("client-server/index.html")
        #expect(page.contains("<a href=\"../events/index.html#m.room.member\">m.room.member</a> event."))
    }

    @Test func groupsEventsByKindWithVariantsUnderTheirEvent() throws {
        let page = try Self.page("events/index.html")
        let order = ["id=\"state-events\"", "id=\"m.room.member\"", "id=\"room-events\"", "id=\"m.room.message\"",
                     "m.room.message with <span class=\"event-type\">msgtype: m.notice</span>",
                     "m.room.message with <span class=\"event-type\">msgtype: m.text</span>",
                     "id=\"other-events\"", "id=\"m.typing\""]
        let positions = order.map { page.range(of: $0)?.lowerBound }
        #expect(!positions.contains(nil), "\(zip(order, positions).filter { $0.1 == nil }.map(\.0))")
        #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted())
        #expect(page.contains("<a href=\"#common-state-event-fields\">State event</a>"))
        #expect(page.contains("<code class=\"value\">knock</code>"))
        #expect(page.contains("<h3 id=\"state-m.room\">m.room.* "))
    }

    @Test func showsTheUnreleasedFragmentAboveTheReleases() throws {
        let page = try Self.page("changelog/client_server.html")
        let unreleased = try #require(page.range(of: "<li id=\"change-2282.new\">Add <a href=\"../client-server/index.html#post-matrix-client-r0-account-3pid-unbind\"><span class=\"code\">POST /account/3pid/unbind</span></a> for removing a 3PID from an identity server."))
        let released = try #require(page.range(of: "id=\"r0.5.0\""))
        #expect(unreleased.lowerBound < released.lowerBound)
        #expect(page.contains("<a href=\"https://github.com/matrix-org/matrix-doc/issues/2282\">#2282</a>"))
    }

    @Test func linksTheUnbindEndpointItsProposalAndItsChangelogEntryBothWays() throws {
        let api = try Self.page("client-server/index.html")
        let section = try #require(api.range(of: "id=\"post-matrix-client-r0-account-3pid-unbind\"").map { api[$0.lowerBound...] })
        let mentions = try #require(section.range(of: "</ul></div>").map { section[..<$0.lowerBound] })
        #expect(mentions.contains("<a href=\"../proposals/2140.html\">MSC2140: Unbinding third-party identifiers from an identity server</a>"))
        #expect(mentions.contains("<a href=\"../changelog/client_server.html#change-2282.new\">Unreleased change #2282</a>"))
        let proposal = try Self.page("proposals/2140.html")
        #expect(proposal.contains("<a href=\"../client-server/index.html#post-matrix-client-r0-account-3pid-unbind\"><span class=\"method method-post\">POST</span>"))
        // MSC1915 has no local page, so it links upstream.
        #expect(proposal.contains("<a href=\"https://github.com/matrix-org/matrix-spec-proposals/pull/1915\">MSC1915</a>"))
        #expect(proposal.contains("<a href=\"#proposal\">the endpoint reference</a>"))
    }

    static func page(_ path: String) throws -> String {
        let site = try renderDemo()
        let file = try #require(site.files.first { $0.path == path })
        return String(decoding: file.bytes, as: UTF8.self)
    }
}
