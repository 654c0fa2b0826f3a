import Foundation
import SpecGenTestSupport
import Testing

@testable import SpecGenKit

@Suite struct SiteBuilderTests {
    static let endpoint = """
        swagger: '2.0'
        info: {title: Demo API}
        basePath: /_matrix/client/%CLIENT_MAJOR_VERSION%
        paths:
          /ping:
            get:
              summary: Pings.
              responses:
                200: {description: Pong.}
        """

    func build(_ fixture: Fixture) -> BuildReport {
        SiteBuilder(options: BuildOptions(root: fixture.path, output: fixture.path + "/site", templates: SourcePaths.templates)).build()
    }

    @Test func writesTheSiteWithItsStylesheet() throws {
        let fixture = try Fixture(["api/client-server/ping.yaml": Self.endpoint])
        let report = build(fixture)
        #expect(report.diagnostics.isEmpty)
        #expect(report.wrote && report.endpointCount == 1 && report.pageCount == 2)
        #expect(fixture.read("site/client-server/index.html")?.contains("GET /_matrix/client/r0/ping") == true)
        #expect(fixture.exists("site/style.css"))
    }

    @Test func leavesThePreviousSiteWhenTheInputHasErrors() throws {
        let fixture = try Fixture(["api/client-server/ping.yaml": Self.endpoint])
        #expect(build(fixture).wrote)
        try fixture.write("api/client-server/ping.yaml", "paths: [unclosed\n")
        try fixture.write("api/client-server/other.yaml", "paths:\n  /x:\n    get:\n      responses: {200: {$ref: missing.yaml}}\n")
        let report = build(fixture)
        #expect(!report.wrote)
        // Both files' problems are reported, not only the first.
        #expect(report.diagnostics.map(\.description) == [
            "api/client-server/other.yaml:4:31: error: $ref target 'missing.yaml' does not exist",
            "api/client-server/ping.yaml:2:1: error: did not find expected ',' or ']' while parsing a flow sequence",
        ])
        #expect(fixture.read("site/client-server/index.html")?.contains("/ping") == true)
    }

    @Test func refusesToReplaceAFolderItDidNotWrite() throws {
        let fixture = try Fixture(["api/client-server/ping.yaml": Self.endpoint, "site/notes.txt": "mine"])
        let report = build(fixture)
        #expect(!report.wrote)
        #expect(report.diagnostics.first?.message.contains("was not written by specgen") == true)
        #expect(fixture.read("site/notes.txt") == "mine")
    }

    @Test func escapesHostileTextEverywhere() throws {
        let hostile = """
            swagger: '2.0'
            info: {title: "<script>alert(1)</script>"}
            paths:
              "/x/<script>":
                post:
                  summary: "<img src=x onerror=alert(1)>"
                  description: "\\"onload=alert(1) <script>alert(2)</script>"
                  parameters:
                    - in: body
                      name: body
                      schema:
                        type: object
                        properties:
                          "<b>f</b>": {type: string, enum: ["<script>v</script>"], description: "[x](javascript:alert(3))"}
                        example: {"k": "</code><script>alert(4)</script>"}
                  responses:
                    200: {description: "<script>alert(5)</script>"}
            """
        let fixture = try Fixture(["api/client-server/x.yaml": hostile])
        let report = build(fixture)
        #expect(report.wrote)
        let page = try #require(fixture.read("site/client-server/index.html"))
        #expect(!page.contains("<script"))
        #expect(!page.contains("<img"))
        #expect(!page.contains("<b>"))
        #expect(!page.contains("javascript:"))
        #expect(page.contains("&lt;script&gt;alert(5)&lt;/script&gt;"))
    }
}
