import Foundation
import SpecGenTestSupport
import Testing

/// `specgen diff` on git repositories made for each test.
@Suite struct DiffCommandTests {
    static let base = """
        swagger: '2.0'
        info: {title: Demo API}
        basePath: /_matrix/client/r0
        paths:
          /things/{thingId}:
            get:
              parameters:
                - {in: path, name: thingId, type: string, required: true}
                - {in: query, name: limit, type: integer}
              responses:
                200:
                  description: A thing.
                  schema:
                    type: object
                    properties:
                      name: {type: string}
                      state: {type: string, enum: [on, off]}
                      size: {type: integer}
                    required: [name]
                404: {description: No such thing.}
        """

    static let towncrier = """
        [tool.towncrier]
            filename = "../client_server.rst"
            directory = "newsfragments"
            [[tool.towncrier.type]]
                directory = "new"
                name = "New Endpoints"
                showcontent = true
        """

    func git(_ arguments: [String], in fixture: Fixture) throws {
        #expect(try fixture.git(arguments), "git \(arguments)")
    }

    func repository(_ files: [String: String]) throws -> Fixture {
        let fixture = try Fixture(files)
        try fixture.commitAll()
        return fixture
    }

    @Test func listsEachKindOfChangeAndWarnsAboutAMissingFragment() throws {
        let fixture = try repository(["api/client-server/things.yaml": Self.base, "proposals/1-a.md": "# A\n"])
        let head =
            Self.base
            .replacingOccurrences(
                of: "state: {type: string, enum: [on, off]}", with: "state: {type: string, enum: [on, off, broken]}"
            )
            .replacingOccurrences(
                of: "size: {type: integer}", with: "size: {type: string}\n              colour: {type: string}"
            )
            .replacingOccurrences(of: "required: [name]", with: "required: [name, size]")
            .replacingOccurrences(of: "        - {in: query, name: limit, type: integer}\n", with: "")
            .replacingOccurrences(
                of: "        404: {description: No such thing.}", with: "        410: {description: Gone.}")
            + "\n  /things:\n    post:\n      responses:\n        200: {description: Made.}\n"
        try fixture.write("api/client-server/things.yaml", head)
        try fixture.write("proposals/1-a.md", "# A\n\nMore.\n")
        try fixture.write("proposals/2-b.md", "# B\n")
        let result = try CommandRunner.run(["diff", "--root", fixture.path, "--base", "HEAD"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropFirst().map(String.init)
        #expect(
            lines == [
                "Impact: breaking",
                "",
                "Breaking changes (4):",
                "  GET /_matrix/client/r0/things/{thingId}: removed query parameter 'limit'",
                "  GET /_matrix/client/r0/things/{thingId}: removed status code 404",
                "  GET /_matrix/client/r0/things/{thingId}: 200 response.size: type integer -> string",
                "  GET /_matrix/client/r0/things/{thingId}: 200 response.size is now required",
                "",
                "Endpoints added (1):",
                "  + POST /_matrix/client/r0/things",
                "",
                "Endpoints changed (1):",
                "  ~ GET /_matrix/client/r0/things/{thingId}",
                "      [breaking] removed query parameter 'limit'",
                "      [compatible] added status code 410",
                "      [breaking] removed status code 404",
                "      [compatible] 200 response.state: added enum value \"broken\"",
                "      [breaking] 200 response.size: type integer -> string",
                "      [breaking] 200 response.size is now required",
                "      [compatible] added field 200 response.colour",
                "",
                "Proposals added (1):",
                "  + proposals/2-b.md",
                "",
                "Proposals changed (1):",
                "  ~ proposals/1-a.md",
                "",
            ])
        #expect(
            result.stderr
                == "api/client-server/things.yaml:22:5: warning: POST /_matrix/client/r0/things was added without a .new newsfragment that names it [missing-fragment]\n"
        )
        // CI can gate on the impact.
        let gate = try CommandRunner.run(["diff", "--root", fixture.path, "--base", "HEAD", "--fail-on", "breaking"])
        #expect(gate.status == 1)
    }

    /// matrix-spec's main dropped `accessTokenQuery` from every endpoint (2408.breaking): a client
    /// that sends its token in the query string breaks. Authentication made stricter breaks too.
    @Test func comparesWhatAuthenticationAnEndpointAccepts() throws {
        let secured = Self.base.replacingOccurrences(
            of: "    get:\n",
            with: "    get:\n      security:\n        - accessTokenQuery: []\n        - accessTokenBearer: []\n")
        let fixture = try repository(["api/client-server/things.yaml": secured])
        try fixture.write(
            "api/client-server/things.yaml",
            secured.replacingOccurrences(of: "        - accessTokenQuery: []\n", with: ""))
        let dropped = try CommandRunner.run(["diff", "--root", fixture.path, "--base", "HEAD"])
        #expect(dropped.status == 0, "\(dropped.stderr)")
        #expect(
            dropped.stdout.contains(
                "Breaking changes (1):\n  GET /_matrix/client/r0/things/{thingId}: no longer accepts the security scheme 'accessTokenQuery'\n"
            ), "\(dropped.stdout)")
        try fixture.write("api/client-server/things.yaml", Self.base)
        let opened = try CommandRunner.run(["diff", "--root", fixture.path, "--base", "HEAD"])
        #expect(opened.stdout.contains("Impact: compatible"), "\(opened.stdout)")
        #expect(opened.stdout.contains("      [compatible] authentication: required -> none\n"), "\(opened.stdout)")
    }

    /// A thumbnail that may now be WebP, and a header no longer sent: what a client reads changed.
    @Test func comparesMediaTypesAndResponseHeaders() throws {
        let base = """
            openapi: 3.1.0
            info: {title: Media, version: 1.0.0}
            servers: [{url: "https://example.org/_matrix/media/v3"}]
            paths:
              /thumbnail:
                get:
                  responses:
                    "200":
                      description: A thumbnail.
                      headers:
                        X-Cached: {schema: {type: string}}
                      content:
                        image/png: {schema: {type: string, format: binary}}
                        image/jpeg: {schema: {type: string, format: binary}}

            """
        let fixture = try repository(["api/client-server/media.yaml": base])
        try fixture.write(
            "api/client-server/media.yaml",
            base.replacingOccurrences(
                of: "          headers:\n            X-Cached: {schema: {type: string}}\n", with: ""
            )
            .replacingOccurrences(of: "image/jpeg:", with: "image/webp:"))
        let result = try CommandRunner.run(["diff", "--root", fixture.path, "--base", "HEAD"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stdout.contains(
                """
                  ~ GET /_matrix/media/v3/thumbnail
                      [breaking] 200 response: removed media type image/jpeg
                      [compatible] 200 response: added media type image/webp
                      [breaking] 200 response: removed header 'X-Cached'

                """), "\(result.stdout)")
    }

    @Test func saysWhenNothingChangedAndAcceptsAFragmentForANewEndpoint() throws {
        let fixture = try repository([
            "api/client-server/things.yaml": Self.base, "changelogs/client_server/pyproject.toml": Self.towncrier,
        ])
        let same = try CommandRunner.run(["diff", "--root", fixture.path, "--base", "HEAD"])
        #expect(same.status == 0)
        #expect(same.stdout.hasSuffix("No changes to endpoints, events, newsfragments or proposals.\n"))
        try fixture.write(
            "api/client-server/things.yaml",
            Self.base + "\n  /things:\n    post:\n      responses:\n        200: {description: Made.}\n")
        try fixture.write("changelogs/client_server/newsfragments/12.new", "Add ``POST /things``.\n")
        let added = try CommandRunner.run(["diff", "--root", fixture.path, "--base", "HEAD"])
        #expect(added.stderr == "")
        // New fragments are shown by their text.
        #expect(
            added.stdout.contains(
                "Newsfragments added (1):\n  + changelogs/client_server/newsfragments/12.new: Add ``POST /things``.\n"))
        // One fragment names one endpoint; another new endpoint still gets its warning.
        try fixture.write(
            "api/client-server/things.yaml",
            Self.base
                + "\n  /things:\n    post:\n      responses:\n        200: {description: Made.}\n  /others:\n    post:\n      responses:\n        200: {description: Made.}\n"
        )
        let two = try CommandRunner.run(["diff", "--root", fixture.path, "--base", "HEAD"])
        #expect(
            two.stderr
                == "api/client-server/things.yaml:26:5: warning: POST /_matrix/client/r0/others was added without a .new newsfragment that names it [missing-fragment]\n"
        )
    }

    @Test func comparesTwoRevisionsAndRefusesAnUnknownOne() throws {
        let fixture = try repository(["api/client-server/things.yaml": Self.base])
        try fixture.write(
            "api/client-server/things.yaml", Self.base.replacingOccurrences(of: "enum: [on, off]", with: "enum: [on]"))
        try git(["commit", "-q", "-am", "head"], in: fixture)
        let result = try CommandRunner.run(["diff", "--root", fixture.path, "--base", "HEAD~1", "--head", "HEAD"])
        #expect(result.stdout.contains("      [breaking] 200 response.state: removed enum value \"off\"\n"))
        let unknown = try CommandRunner.run(["diff", "--root", fixture.path, "--base", "no-such-revision"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("error: cannot read revision 'no-such-revision'"))
    }

    @Test(.enabled(if: SourcePaths.shared != nil, "../shared is absent"))
    func findsExactlyTheEnumValueAndTheEndpointAddedToThe2019Corpus() throws {
        let corpus = try #require(SourcePaths.corpus("matrix-doc-2019-09"))
        let fixture = try Fixture.copy(of: corpus)
        try fixture.commitAll()
        let file = "api/client-server/administrative_contact.yaml"
        var text = try #require(fixture.read(file))
        text = text.replacingOccurrences(
            of: "  \"/account/3pid/delete\":",
            with: """
                  "/account/3pid/frobnicate":
                    post:
                      summary: Frobnicates a third-party identifier.
                      responses:
                        200:
                          description: Done.
                  "/account/3pid/delete":
                """)
        let unbind = try #require(text.range(of: "\"/account/3pid/unbind\""))
        let success = try #require(
            text.range(of: "                  - \"success\"", range: unbind.upperBound..<text.endIndex))
        text.replaceSubrange(success, with: "                  - \"success\"\n                  - \"partial\"")
        try fixture.write(file, text)
        let result = try CommandRunner.run(["diff", "--root", fixture.path, "--base", "HEAD"])
        #expect(result.status == 0)
        let body = result.stdout.split(separator: "\n", maxSplits: 1).last.map(String.init)
        #expect(
            body == """
                Impact: compatible

                Endpoints added (1):
                  + POST /_matrix/client/r0/account/3pid/frobnicate

                Endpoints changed (1):
                  ~ POST /_matrix/client/r0/account/3pid/unbind
                      [compatible] 200 response.id_server_unbind_result: added enum value "partial"

                """)
        #expect(
            result.stderr
                == "api/client-server/administrative_contact.yaml:174:5: warning: POST /_matrix/client/r0/account/3pid/frobnicate was added without a .new newsfragment that names it [missing-fragment]\n"
        )
    }
}
