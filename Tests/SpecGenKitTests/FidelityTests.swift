import SpecGenTestSupport
import Testing

@testable import SpecGenKit

/// One fixture per rule of real sources that specgen must render faithfully, each built from the
/// smallest YAML that shows it. Goldens: `RECORD_GOLDEN=1 swift test --filter FidelityTests`.
@Suite struct FidelityTests {
    /// Rule 1: an `allOf` member that restates a property to annotate it adds to it, never wipes it.
    @Test func allOfExtensionKeepsTheMergedProperty() throws {
        let result = TestSite.render(
            Fixtures.openAPI(
                response:
                    "allOf:\n  - $ref: summary.yaml\n  - type: object\n    properties:\n      encryption:\n        x-addedInMatrixVersion: \"1.15\"",
                extra: [
                    "data/api/client-server/summary.yaml": """
                    type: object
                    title: Room summary
                    properties:
                      encryption:
                        type: string
                        description: The encryption algorithm of the room.
                        enum: [m.megolm.v1.aes-sha2]

                    """
                ]))
        #expect(result.messages == [])
        let page = try result.page("client-server/index.html")
        let row = try #require(page.section(from: "<code>encryption</code>", to: "</tr>"))
        #expect(row.contains("string"))
        #expect(row.contains("The encryption algorithm of the room."))
        #expect(row.contains("<code class=\"value\">m.megolm.v1.aes-sha2</code>"))
        #expect(row.contains("1.15"))
        Fixtures.expectGolden(result, page: "client-server/index.html", name: "fidelity/1-allof-extension")
    }

    /// Rule 2: `x-pattern-format` names the keys of the map it sits on, under the tree's display names.
    @Test func patternFormatBelongsToItsMap() throws {
        let result = TestSite.render(
            Fixtures.openAPI(
                response: """
                    type: object
                    properties:
                      devices:
                        type: object
                        description: Per user.
                        patternProperties:
                          "^@":
                            x-pattern-format: mx-user-id
                            type: object
                            additionalProperties: {type: string}
                    """, prose: true))
        #expect(result.messages == [])
        let page = try result.page("client-server-api/index.html")
        let row = try #require(page.section(from: "<code>devices</code>", to: "</tr>"))
        #expect(
            row.contains(
                "{<a href=\"../appendices/index.html#user-identifiers\">User ID</a>: <span class=\"map-type\">{string: string}</span>}"
            ))
        #expect(!row.contains("mx-user-id"))
        Fixtures.expectGolden(result, page: "client-server-api/index.html", name: "fidelity/2-pattern-format")
    }

    /// The string formats' file had an earlier name, `data/custom-formats.yaml`.
    @Test func readsTheStringFormatsUnderTheirEarlierName() throws {
        var tree = Fixtures.openAPI(response: "{type: string, format: mx-user-id}", prose: true)
        tree["data/custom-formats.yaml"] = tree.removeValue(forKey: "data/string-formats.yaml")
        let result = TestSite.render(tree)
        #expect(result.messages == [])
        let page = try result.page("client-server-api/index.html")
        #expect(page.contains("<a href=\"../appendices/index.html#user-identifiers\">User ID</a>"))
        #expect(!page.contains("mx-user-id"))
    }

    /// Rule 3: a `oneOf` of string formats names the formats.
    @Test func formatUnionNamesTheFormats() throws {
        let result = TestSite.render(
            Fixtures.openAPI(
                response: """
                    type: object
                    properties:
                      room:
                        oneOf:
                          - {type: string, format: mx-room-id}
                          - {type: string, format: mx-room-alias}
                    """, prose: true))
        #expect(result.messages == [])
        let row = try #require(
            try result.page("client-server-api/index.html").section(from: "<code>room</code>", to: "</tr>"))
        #expect(row.contains(">Room ID</a>|<wbr><a"))
        #expect(row.contains(">Room Alias</a>"))
        #expect(!row.contains("string | string"))
        Fixtures.expectGolden(result, page: "client-server-api/index.html", name: "fidelity/3-format-union")
    }

    /// Rule 4: a map's values keep their description and get their own table.
    @Test func mapValuesKeepTheirTable() throws {
        let result = TestSite.render(
            Fixtures.openAPI(
                response: """
                    type: object
                    properties:
                      receipts:
                        type: object
                        description: Keyed by event ID.
                        patternProperties:
                          "^\\\\$":
                            x-pattern-format: mx-event-id
                            type: object
                            title: Event Receipts
                            description: The receipts for this event.
                            properties:
                              ts: {type: integer, description: When it was sent.}
                    """))
        #expect(result.messages == [])
        let page = try result.page("client-server/index.html")
        #expect(page.contains("Event Receipts"))
        #expect(page.contains("The receipts for this event."))
        #expect(page.contains("<code>ts</code>"))
        Fixtures.expectGolden(result, page: "client-server/index.html", name: "fidelity/4-map-values")
    }

    /// Rule 5: RST substitutions defined in the prose become links to the endpoints they name,
    /// and anonymous hyperlinks become links.
    @Test func rstSubstitutionsAndAnonymousLinks() throws {
        let result = TestSite.render([
            "api/client-server/sync.yaml": """
            swagger: '2.0'
            info: {title: Sync}
            basePath: /_matrix/client/r0
            paths:
              /sync:
                get:
                  operationId: get
                  summary: Syncs.
                  description: |-
                    Call |/sync|_ again. See the `draft branch`__.

                    __ https://example.org/draft
                  responses:
                    200: {description: OK.}

            """,
            "specification/client_server_api.rst":
                ".. |/sync| replace:: ``/sync``\n.. _/sync: #get-matrix-client-r0-sync\n",
        ])
        #expect(result.messages == [])
        let page = try result.page("client-server/index.html")
        #expect(page.contains("<a href=\"#get-matrix-client-r0-sync\"><code>/sync</code></a>"))
        #expect(page.contains("<a href=\"https://example.org/draft\">draft branch</a>"))
        #expect(!page.contains("|_") && !page.contains("__"))
        Fixtures.expectGolden(result, page: "client-server/index.html", name: "fidelity/5-rst-links")
    }

    /// Rule 6: request examples show what a client sends.
    @Test func requestExamplesShowWhatAClientSends() throws {
        let result = TestSite.render([
            "data/api/client-server/upload.yaml": """
            openapi: 3.1.0
            info: {title: Upload, version: 1.0.0}
            servers: [{url: "https://example.org/_matrix/media/v3"}]
            paths:
              /upload:
                post:
                  operationId: post2
                  summary: Uploads.
                  parameters:
                    - in: header
                      name: Content-Type
                      schema: {type: string}
                      example: application/pdf
                  requestBody:
                    content:
                      application/octet-stream:
                        schema: {type: string, format: byte}
                        example: <bytes>
                  responses:
                    "200": {description: OK.}

            """
        ])
        #expect(result.messages == [])
        let page = try result.page("client-server/index.html")
        #expect(page.contains("Content-Type: application/pdf\n\n&lt;bytes&gt;"))
        #expect(!page.contains("Content-Type: Content-Type"))
        #expect(!page.contains("\"&lt;bytes&gt;\""))
        Fixtures.expectGolden(result, page: "client-server/index.html", name: "fidelity/6-request-examples")
    }

    /// An example longer than a screen is folded under its title, which says how long it is; a
    /// short one is shown open.
    @Test func foldsOnlyLongExamples() throws {
        let keys = (1...45).map { "k\($0): \($0)" }.joined(separator: ", ")
        let long = TestSite.render(Fixtures.openAPI(response: "type: object\nexample: {\(keys)}"))
        let page = try long.page("client-server/index.html")
        #expect(
            page.contains(
                #"<details class="example"><summary>Example<span class="line-count"> (47 lines)</span></summary>"#))
        #expect(page.contains(#"<span class="k">"k45"</span>: <span class="n">45</span>"#))
        let short = try TestSite.render(Fixtures.openAPI(response: "type: object\nexample: {a: 1}"))
            .page("client-server/index.html")
        #expect(short.contains(#"<figure class="example"><figcaption>Example</figcaption>"#))
        #expect(!short.contains("<details class=\"example\""))
    }

    /// Rule 7: merge keys without a false duplicate warning, a method and path defined twice,
    /// and YAML 1.1 hex numbers shown as the numbers they are.
    @Test func smallerThings() throws {
        let result = TestSite.render([
            "api/client-server/a.yaml": """
            swagger: '2.0'
            info: {title: A}
            basePath: /_matrix/client/r0
            x-base: &base {type: integer, description: A number.}
            paths:
              /a:
                get:
                  operationId: get3
                  summary: A.
                  responses:
                    200:
                      description: OK.
                      schema:
                        type: object
                        properties:
                          n:
                            <<: *base
                            description: Its own.
                        example: {n: 0x1F}

            """,
            "api/client-server/b.yaml": """
            swagger: '2.0'
            info: {title: B}
            basePath: /_matrix/client/r0
            paths:
              /a:
                get:
                  operationId: get4
                  summary: A again.
                  responses:
                    200: {description: OK.}

            """,
        ])
        #expect(
            result.messages == [
                "api/client-server/b.yaml:6:5: warning: GET /_matrix/client/r0/a is also defined in api/client-server/a.yaml:7; both are shown [duplicate-operation]"
            ])
        let page = try result.page("client-server/index.html")
        #expect(page.contains(#"<span class="k">"n"</span>: <span class="n">31</span>"#))
        Fixtures.expectGolden(result, page: "client-server/index.html", name: "fidelity/7-smaller-things")
    }
}
