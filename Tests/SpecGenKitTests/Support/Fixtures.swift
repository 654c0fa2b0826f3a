import SpecGenTestSupport
import Testing

@testable import SpecGenKit

/// Small in-memory trees for golden tests.
enum Fixtures {
    /// An OpenAPI 3.1 file of the matrix-spec layout with one `GET /x` whose 200 response has `schema`.
    /// With `prose`, a content tree embeds it in `client-server-api/` beside an appendix that the string formats link to.
    static func openAPI(
        response schema: String, extra: [String: String] = [:], path: String = "/x", method: String = "get",
        prose: Bool = false
    ) -> [String: String] {
        let content =
            !prose
            ? [:]
            : [
                "content/client-server-api.md":
                    "---\ntitle: Client-Server API\n---\n\n{{% http-api spec=\"client-server\" api=\"x\" %}}\n",
                "content/appendices.md":
                    "---\ntitle: Appendices\n---\n\n## User Identifiers\n\n## Event IDs\n\n## Room IDs\n\n## Room Aliases\n",
            ]
        let indented = schema.split(separator: "\n", omittingEmptySubsequences: false).map { "                " + $0 }
            .joined(separator: "\n")
        return [
            "data/api/client-server/x.yaml": """
            openapi: 3.1.0
            info: {title: X, version: 1.0.0}
            servers: [{url: "https://example.org/_matrix/client/v3"}]
            paths:
              \(path):
                \(method):
                  summary: Does x.
                  operationId: doX
                  responses:
                    "200":
                      description: OK.
                      content:
                        application/json:
                          schema:
            \(indented)

            """,
            "data/string-formats.yaml": """
            mx-user-id: {title: User ID, url: "appendices#user-identifiers"}
            mx-event-id: {title: Event ID, url: "appendices#event-ids"}
            mx-room-id: {title: Room ID, url: "appendices#room-ids"}
            mx-room-alias: {title: Room Alias, url: "appendices#room-aliases"}

            """,
        ].merging(extra) { $1 }.merging(content) { $1 }
    }

    /// The page's `<main>` content: what a golden file holds, without the page chrome.
    static func main(of page: String) -> String {
        guard let start = page.range(of: "<main id=\"Main\">\n"), let end = page.range(of: "\n</main>") else {
            return page
        }
        return String(page[start.upperBound..<end.lowerBound]) + "\n"
    }

    /// Compares a page's main content with `Golden/<name>.html`.
    static func expectGolden(
        _ result: BuildResult, page: String, name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        guard let html = try? result.page(page) else {
            Issue.record("no page \(page)", sourceLocation: sourceLocation)
            return
        }
        let golden = SourcePaths.packageRoot + "/Tests/SpecGenKitTests/Golden/" + name + ".html"
        if let difference = Golden.compare(Array(main(of: html).utf8), goldenPath: golden) {
            Issue.record(Comment(rawValue: difference), sourceLocation: sourceLocation)
        }
    }
}
