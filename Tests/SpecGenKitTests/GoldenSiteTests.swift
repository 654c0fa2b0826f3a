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

    @Test func linksOnlyToAnchorsThatExist() throws {
        let demo = try Self.renderDemo().files.filter { $0.path.hasSuffix(".html") }
        let fixture = try Self.renderOpenAPI31().files.filter { $0.path.hasSuffix(".html") }
        let pages = (demo + fixture).map { ($0.path, String(decoding: $0.bytes, as: UTF8.self)) }
        #expect(LinkCheck.brokenFragments(in: pages) == [])
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

    /// The OpenAPI 3.1 fixture in the matrix-spec layout (`Fixtures/openapi31`).
    static func renderOpenAPI31() throws -> RenderedSite {
        let root = SourcePaths.packageRoot + "/Tests/SpecGenKitTests/Fixtures/openapi31"
        let (site, _, diagnostics) = SiteBuilder(options: BuildOptions(root: root, output: "/nonexistent", templates: SourcePaths.templates)).render()
        #expect(diagnostics.diagnostics.map(\.description) == [])
        return try #require(site)
    }

    @Test(arguments: ["client-server/index.html", "events/index.html"])
    func matchesGoldenOpenAPI31Page(path: String) throws {
        let file = try #require(try Self.renderOpenAPI31().files.first { $0.path == path })
        let golden = SourcePaths.packageRoot + "/Tests/SpecGenKitTests/Golden/openapi31/" + path
        if let difference = Golden.compare(file.bytes, goldenPath: golden) {
            Issue.record(Comment(rawValue: difference))
        }
    }

    @Test func rendersOpenAPI31Features() throws {
        let file = try #require(try Self.renderOpenAPI31().files.first { $0.path == "client-server/index.html" })
        let page = String(decoding: file.bytes, as: UTF8.self)
        // servers with variables give the base path; PATCH and HEAD are not dropped
        for heading in ["GET /_matrix/client/v3/rooms/{roomId}/widgets/{widgetId}", "PATCH /_matrix/client/v3/rooms/{roomId}/widgets/{widgetId}", "HEAD /_matrix/client/v3/rooms/{roomId}/widgets/{widgetId}"] {
            let parts = heading.split(separator: " ", maxSplits: 1)
            #expect(page.contains(">\(parts[0])</span> <span class=\"path\">\(parts[1])</span>"), "\(heading)")
        }
        #expect(page.contains("<li class=\"badge badge-added\">Added in v1.9</li>"))
        #expect(page.contains("<li class=\"badge badge-changed\">Changed in v1.10</li>"))
        #expect(page.contains("<li class=\"badge badge-deprecated\">Deprecated</li>"))
        // type lists, oneOf variants with their own table, patternProperties beside properties, x-pattern-format
        #expect(page.contains("<a href=\"#get-matrix-client-v3-rooms-roomid-widgets-widgetid_layout\">Layout</a> | null"))
        #expect(page.contains("string | <a href=\"#get-matrix-client-v3-rooms-roomid-widgets-widgetid_web-widget\">Web widget</a>"))
        #expect(page.contains("<code class=\"key-pattern\">^[a-z]+\\.</code>"))
        #expect(page.contains("{mx-user-id: string}"))
        #expect(page.contains("As a string, it must be <code class=\"value\">builtin</code>."))
        // named examples, headers without a body, non-JSON bodies with their content types
        #expect(page.contains("<figcaption>Example: clock</figcaption>"))
        #expect(page.contains("id=\"get-matrix-client-v3-rooms-roomid-widgets-widgetid_response-304\""))
        #expect(page.contains("<td><code>image/svg+xml</code></td>"))
        #expect(page.contains("Content-Type: image/png\n\n&lt;PNG bytes&gt;"))
        #expect(page.contains("Content-Type: application/merge-patch+json"))
    }

    static func page(_ path: String) throws -> String {
        let site = try renderDemo()
        let file = try #require(site.files.first { $0.path == path })
        return String(decoding: file.bytes, as: UTF8.self)
    }
}
