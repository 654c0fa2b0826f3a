import Foundation
import SpecGenTestSupport
import Testing

/// Hostile and broken input: each gets a located diagnostic and an exit code, never a crash or a hang,
/// and whatever is rendered is escaped.
@Suite struct HostileInputTests {
    static let templates = ["--templates", SourcePaths.templates]

    /// `specgen check` of a tree: its result, and the diagnostics it printed (less the summary).
    func check(_ files: [String: String]) throws -> (CommandRunner.Result, [String]) {
        let fixture = try Fixture(files)
        let result = try CommandRunner.run(["check", "--root", fixture.path] + Self.templates)
        return (result, result.stderr.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("specgen: ") })
    }

    func api(_ body: String) -> [String: String] {
        ["api/client-server/x.yaml": body]
    }

    /// Document-level keywords of the wrong shape are said to be so, not read as absent.
    @Test func reportsServersTagsAndComponentsOfTheWrongShape() throws {
        let (result, lines) = try check(
            api(
                "openapi: 3.1.0\nservers: nope\ntags: [5, {name: a}]\ncomponents: {schemas: [1], x: {\"a b\": {}}}\n"
                    + "paths:\n  /x:\n    get:\n      summary: X.\n      operationId: getX\n      responses: {\"200\": {description: OK.}}\n"
            ))
        #expect(result.status == 0)
        #expect(
            lines == [
                "api/client-server/x.yaml:2:10: warning: 'servers' must be a list of servers, not a string [server-syntax]",
                "api/client-server/x.yaml:3:11: warning: the tag 'a' has no description [tag-syntax]",
                "api/client-server/x.yaml:4:32: warning: the component name 'a b' holds characters other than letters, digits, '.', '-' and '_' [component-name]",
            ])
    }

    @Test func reportsMalformedYAML() throws {
        let (result, lines) = try check(api("swagger: '2.0'\npaths:\n  /x:\n    get: {responses: [\n"))
        #expect(result.status == 1)
        #expect(
            lines == [
                "api/client-server/x.yaml:5:1: error: did not find expected node content while parsing a flow node [yaml-syntax]"
            ])
    }

    @Test func reportsBytesThatAreNotUTF8() throws {
        let fixture = try Fixture()
        try fixture.write(
            "api/client-server/x.yaml",
            Array("swagger: '2.0'\ninfo: {title: \"".utf8) + [0xC3, 0x28] + Array("\"}\n".utf8))
        let result = try CommandRunner.run(["check", "--root", fixture.path] + Self.templates)
        #expect(result.status == 1)
        #expect(
            result.stderr
                == "api/client-server/x.yaml:2:17: error: invalid trailing UTF-8 octet at byte 31 [yaml-syntax]\nspecgen: 1 error, 0 warnings\n"
        )
    }

    @Test func stopsAnAliasBomb() throws {
        var text = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for level in 1...9 {
            text += "a\(level): &a\(level) [\(Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ", "))]\n"
        }
        let (result, lines) = try check(api(text))
        #expect(result.status == 1)
        #expect(lines.first?.hasPrefix("api/client-server/x.yaml:7:") == true)
        #expect(
            lines.first?.hasSuffix("error: aliases expand to more than 1000000 nodes (an alias bomb?) [limit-exceeded]")
                == true)
    }

    @Test func stopsTenThousandLevelsOfNesting() throws {
        let (result, lines) = try check(
            api(String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)))
        #expect(result.status == 1)
        #expect(lines == ["api/client-server/x.yaml:1:257: error: nesting is deeper than 256 levels [limit-exceeded]"])
    }

    @Test func refusesA50MBFile() throws {
        let fixture = try Fixture()
        try fixture.write(
            "api/client-server/x.yaml",
            Array("description: \"".utf8) + Array(repeating: UInt8(ascii: "a"), count: 50 << 20) + Array("\"\n".utf8))
        let result = try CommandRunner.run(["check", "--root", fixture.path] + Self.templates)
        #expect(result.status == 1)
        #expect(
            result.stderr
                == "api/client-server/x.yaml:1:1: error: the file is 50 MiB; files over 16 MiB are refused [unreadable-file]\nspecgen: 1 error, 0 warnings\n"
        )
    }

    @Test(arguments: ["/etc/passwd", "../../../../../../../../etc/passwd", "../../.."])
    func refusesReferencesThatLeaveTheRoot(target: String) throws {
        let (result, lines) = try check(
            api(
                "swagger: '2.0'\npaths:\n  /x:\n    get:\n      responses:\n        200:\n          $ref: '\(target)'\n      summary: Gets x.\n      operationId: getX\n"
            ))
        #expect(result.status == 1)
        #expect(
            lines == ["api/client-server/x.yaml:7:17: error: $ref '\(target)' leaves the source root [ref-not-found]"])
    }

    @Test func reportsAReferenceCycle() throws {
        let (result, lines) = try check([
            "api/client-server/x.yaml":
                "swagger: '2.0'\npaths:\n  /x:\n    get:\n      responses:\n        200:\n          $ref: a.yaml\n      summary: Gets x.\n      operationId: getX\n",
            "api/client-server/a.yaml": "$ref: b.yaml\n",
            "api/client-server/b.yaml": "$ref: a.yaml\n",
        ])
        #expect(result.status == 1)
        // Reported once, at the loop's first $ref, whichever file the walk started from.
        #expect(
            lines == [
                "api/client-server/a.yaml:1:7: error: $ref cycle: api/client-server/a.yaml -> api/client-server/b.yaml -> api/client-server/a.yaml [ref-cycle]"
            ])
    }

    @Test func reportsWrongTypesInEverySchemaKeyword() throws {
        let schema = """
            type: 5
            title: {a: 1}
            description: [x]
            format: {f: 1}
            properties: 5
            patternProperties: true
            additionalProperties: 5
            required: 5
            items: 5
            prefixItems: 5
            enum: {a: 1}
            allOf: 5
            oneOf: 5
            anyOf: 5
            x-pattern: [a]
            """
        let indented = schema.split(separator: "\n").map { "            " + $0 }.joined(separator: "\n")
        let (result, lines) = try check(
            api(
                "swagger: '2.0'\npaths:\n  /x:\n    get:\n      responses:\n        200:\n          description: ok\n          schema:\n\(indented)\n      summary: Gets x.\n      operationId: getX\n"
            ))
        #expect(result.status == 1)
        #expect(
            lines == [
                "api/client-server/x.yaml:9:19: error: 'type' must be a string or a list of strings, not an integer [invalid-schema]",
                "api/client-server/x.yaml:10:20: error: 'title' must be a string, not a mapping [invalid-schema]",
                "api/client-server/x.yaml:11:26: error: 'description' must be a string, not a list [invalid-schema]",
                "api/client-server/x.yaml:12:21: error: 'format' must be a string, not a mapping [invalid-schema]",
                "api/client-server/x.yaml:13:25: error: 'properties' must be a mapping of names to schemas, not an integer [invalid-schema]",
                "api/client-server/x.yaml:14:32: error: 'patternProperties' must be a mapping of names to schemas, not a boolean [invalid-schema]",
                "api/client-server/x.yaml:15:35: error: 'additionalProperties' must be a schema or a boolean, not an integer [invalid-schema]",
                "api/client-server/x.yaml:16:23: error: 'required' must be a list of property names, not an integer [invalid-schema]",
                "api/client-server/x.yaml:17:20: error: 'items' must be a schema, not an integer [invalid-schema]",
                "api/client-server/x.yaml:18:26: error: 'prefixItems' must be a list of schemas, not an integer [invalid-schema]",
                "api/client-server/x.yaml:19:19: error: 'enum' must be a list, not a mapping [invalid-schema]",
                "api/client-server/x.yaml:20:20: error: 'allOf' must be a list, not an integer [invalid-schema]",
                "api/client-server/x.yaml:21:20: error: 'oneOf' must be a list of schemas, not an integer [invalid-schema]",
                "api/client-server/x.yaml:22:20: error: 'anyOf' must be a list of schemas, not an integer [invalid-schema]",
                "api/client-server/x.yaml:23:24: error: 'x-pattern' must be a string, not a list [invalid-schema]",
            ])
        #expect(result.stdout == "")
        #expect(result.stderr.hasSuffix("specgen: 15 errors, 0 warnings\n"))
    }

    @Test func warnsAboutScriptsEverywhereAndEscapesThem() throws {
        let files = [
            "api/client-server/x.yaml": """
            swagger: '2.0'
            info: {title: x}
            paths:
              "/x/<script>alert(1)</script>":
                post:
                  summary: "<script>alert(2)</script>"
                  description: "\\"onload=alert(3)"
                  parameters:
                    - in: body
                      name: body
                      schema:
                        type: object
                        properties:
                          v: {type: string, enum: ["<script>alert(4)</script>"]}
                        example: {"v": "</code><script>alert(5)</script>"}
                  responses:
                    200: {description: ok}
                  operationId: postX
            """,
            "changelogs/client_server/pyproject.toml":
                "[tool.towncrier]\n    directory = \"newsfragments\"\n    [[tool.towncrier.type]]\n        directory = \"new\"\n        name = \"New\"\n        showcontent = true\n",
            "changelogs/client_server/newsfragments/1.new": "Add <script>alert(6)</script>.\n",
            "proposals/1-x.md": "# X\n\n<script>alert(7)</script>\n",
        ]
        let fixture = try Fixture(files)
        let check = try CommandRunner.run(["check", "--root", fixture.path] + Self.templates)
        #expect(check.status == 0)
        // Raw HTML in Markdown text is reported where it is; elsewhere (paths, enum values, examples)
        // text is always escaped, so only the example's mismatch is worth a word.
        #expect(
            check.stderr.split(separator: "\n").map(String.init) == [
                "api/client-server/x.yaml:6:16: warning: the <script> element could run script; '<script…' is shown as text and never run [unsafe-html]",
                "api/client-server/x.yaml:15:28: warning: request example of POST /x/<script>alert(1)</script>: 'v' is \"</code><script>alert(5)</script>\", not one of \"<script>alert(4)</script>\" [example-mismatch]",
                "changelogs/client_server/newsfragments/1.new:1:5: warning: the <script> element could run script; '<script…' is shown as text and never run [unsafe-html]",
                "proposals/1-x.md:3:1: warning: the <script> element could run script; '<script…' is shown as text and never run [unsafe-html]",
            ])
        let build = try CommandRunner.run(
            ["build", "--root", fixture.path, "--output", fixture.path + "/site"] + Self.templates)
        #expect(build.status == 0)
        for page in [
            "index.html", "client-server/index.html", "changelog/client_server.html", "proposals/1.html",
            "proposals/index.html",
        ] {
            // The only script is the site's own search.
            let html = try #require(fixture.read("site/" + page)).replacingOccurrences(
                of: "<script src=\"search.js\" defer>", with: ""
            )
            .replacingOccurrences(of: "<script src=\"../search.js\" defer>", with: "")
            #expect(!html.lowercased().contains("<script"), "\(page)")
            // Text may hold `"onload=`; no tag may carry a handler.
            let tags = html.matches(of: /<[^>]*>/).map { String($0.output) }
            #expect(!tags.contains { $0.contains("onload") || $0.contains("onerror") }, "\(page)")
        }
    }
}
