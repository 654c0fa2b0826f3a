import Foundation
import SpecGenTestSupport
import Testing

/// What specgen gives the spec's CI: diagnostics as workflow commands, JSON lines and SARIF; the
/// diff as a pull-request comment and as JSON; release notes and new fragments.
@Suite struct CIOutputTests {
    /// One error (a broken `$ref`) and two warnings of other ids (a link to no page, a raw script).
    static func faultyTree() throws -> Fixture {
        try Fixture([
            "api/client-server/x.yaml": """
            swagger: '2.0'
            info: {title: X}
            paths:
              /x:
                get:
                  operationId: get
                  responses:
                    200:
                      description: OK.
                      schema: {$ref: missing.yaml}
                  summary: Gets x.
            """,
            "proposals/1-a.md": "# MSC1: A\n\nSee [there](/nowhere/).\n\n<script>alert(1)</script>\n",
        ])
    }

    func check(_ fixture: Fixture, format: String) throws -> CommandRunner.Result {
        try CommandRunner.run([
            "check", "--root", fixture.path, "--templates", SourcePaths.templates, "--diagnostics-format", format,
        ])
    }

    @Test func writesOneWorkflowCommandPerDiagnostic() throws {
        let result = try check(try Self.faultyTree(), format: "github")
        #expect(result.status == 1)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines.filter { $0.hasPrefix("::error file=") }.count == 1)
        #expect(lines.filter { $0.hasPrefix("::warning file=") }.count == 2)
        for line in lines {
            #expect(line.contains(",line=") && line.contains(",col=") && line.contains(",title="), "\(line)")
            #expect(line.split(separator: "::", omittingEmptySubsequences: true).count == 2, "\(line)")
        }
    }

    @Test func writesOneJSONObjectPerLineWithTheDocumentedFields() throws {
        let result = try check(try Self.faultyTree(), format: "json")
        #expect(result.status == 1)
        let objects = try result.stdout.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        #expect(objects.count == 3)
        #expect(Set(objects.compactMap { $0["id"] as? String }).count == 3)
        for object in objects {
            for key in ["id", "severity", "file", "line", "column", "message"] {
                #expect(object[key] != nil, "\(key) in \(object)")
            }
        }
    }

    @Test(.enabled(if: SourcePaths.reference("sarif/sarif-schema-2.1.0.json") != nil, "../shared is absent"))
    func writesSARIFThatItsSchemaAccepts() throws {
        let fixture = try Self.faultyTree()
        let result = try check(fixture, format: "sarif")
        #expect(result.status == 1)
        try fixture.write("out.sarif", result.stdout)
        let schema = try #require(SourcePaths.reference("sarif/sarif-schema-2.1.0.json"))
        let validation = try Python.run(
            """
            import json, sys, jsonschema
            log = json.load(open(sys.argv[2]))
            jsonschema.Draft7Validator(json.load(open(sys.argv[1]))).validate(log)
            print(len(log["runs"][0]["results"]))
            """, arguments: [schema, fixture.path + "/out.sarif"])
        #expect(validation.status == 0 && validation.output == "3\n", "\(validation.output.suffix(2000))")
    }

    // MARK: diff

    @Test(.enabled(if: SourcePaths.corpus("matrix-doc-2019-09") != nil, "../shared is absent"))
    func showsTheRemovedUnbindEndpointAsBreakingInMarkdownAndJSON() throws {
        let fixture = try Fixture.copy(of: try #require(SourcePaths.corpus("matrix-doc-2019-09")))
        try fixture.commitAll()
        let file = "api/client-server/administrative_contact.yaml"
        let text = try #require(fixture.read(file))
        let start = try #require(text.range(of: "  \"/account/3pid/unbind\":"))
        let end = try #require(text.range(of: "\n  \"/", range: start.upperBound..<text.endIndex))
        try fixture.write(file, String(text[..<start.lowerBound]) + String(text[text.index(after: end.lowerBound)...]))

        let markdown = try CommandRunner.run([
            "diff", "--root", fixture.path, "--base", "HEAD", "--format", "markdown", "--link-base",
            "https://preview.example.org/pr/1/",
        ])
        #expect(markdown.status == 0)
        #expect(markdown.stdout.contains("**1 breaking, 0 compatible, 0 documentation**"))
        #expect(markdown.stdout.contains("#### Breaking (1)\n\n| What | Change |\n| --- | --- |\n"))
        #expect(markdown.stdout.contains("| `POST /_matrix/client/r0/account/3pid/unbind` | removed |"))

        let json = try CommandRunner.run(["diff", "--root", fixture.path, "--base", "HEAD", "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["impact"] as? String == "breaking")
        #expect((object["counts"] as? [String: Int]) == ["breaking": 1, "compatible": 0, "documentation": 0])
        let items = try #require(object["items"] as? [[String: String]])
        #expect(
            items == [
                [
                    "impact": "breaking", "kind": "endpoint", "subject": "POST /_matrix/client/r0/account/3pid/unbind",
                    "change": "removed",
                ]
            ])
    }

    @Test func countsARequiredFieldThatPropertiesDoNotListAndLinksIt() throws {
        let endpoint = """
            swagger: '2.0'
            info: {title: X}
            basePath: /_matrix/client/v3
            paths:
              /things:
                post:
                  operationId: post2
                  parameters:
                    - in: body
                      name: body
                      schema:
                        type: object
                        properties:
                          name: {type: string}
                        required: [name]
                  responses:
                    200: {description: OK.}
                  summary: Makes a thing.
            """
        let fixture = try Fixture(["api/client-server/things.yaml": endpoint])
        try fixture.commitAll()
        try fixture.write(
            "api/client-server/things.yaml",
            endpoint.replacingOccurrences(of: "required: [name]", with: "required: [name, colour]"))
        let result = try CommandRunner.run([
            "diff", "--root", fixture.path, "--base", "HEAD", "--format", "json", "--link-base", "https://x.example",
        ])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let items = try #require(object["items"] as? [[String: String]])
        #expect(items.first?["impact"] == "breaking")
        #expect(items.first?["change"] == "added field request body.colour (required)")
        #expect(items.first?["url"] == "https://x.example/client-server/#post-matrix-client-v3-things")
    }

    // MARK: changelog

    @Test(.enabled(if: SourcePaths.corpus("matrix-spec-v1.16") != nil, "../shared is absent"))
    func printsTheReleaseNotesAsTheSpecsWorkflowCutsThem() throws {
        let corpus = try #require(SourcePaths.corpus("matrix-spec-v1.16"))
        let result = try CommandRunner.run(["changelog", "--root", corpus, "notes", "v1.16"])
        #expect(result.status == 0)
        let page = try String(contentsOfFile: corpus + "/content/changelog/v1.16.md", encoding: .utf8)
        // `sed '1,/^---$/d'`: everything after the line that closes the front matter.
        let lines = page.components(separatedBy: "\n")
        let close = try #require(lines.dropFirst().firstIndex(of: "---"))
        #expect(result.stdout == lines[(close + 1)...].joined(separator: "\n"))
        let missing = try CommandRunner.run(["changelog", "--root", corpus, "notes", "v9.99"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("there is no released changelog content/changelog/v9.99.md"))
    }

    @Test func addsAFragmentAndRefusesAnUnknownTypeOrANonNumber() throws {
        let fixture = try Fixture([
            "changelogs/client_server/pyproject.toml":
                "[tool.towncrier]\nfilename = \"../client_server.rst\"\ndirectory = \"newsfragments\"\n[[tool.towncrier.type]]\ndirectory = \"new\"\nname = \"New\"\nshowcontent = true\n",
            "changelogs/client_server/newsfragments/.keep": "",
        ])
        for name in ["1234.neww", "abc.new", "1234"] {
            let refused = try CommandRunner.run(["changelog", "--root", fixture.path, "new", name, "-m", "Add x."])
            #expect(refused.status == 2, "\(name)")
        }
        let made = try CommandRunner.run([
            "changelog", "--root", fixture.path, "new", "1234.new", "-m", "Add `GET /x`.",
        ])
        #expect(made.status == 0)
        #expect(fixture.read("changelogs/client_server/newsfragments/1234.new") == "Add `GET /x`.\n")
        let again = try CommandRunner.run(["changelog", "--root", fixture.path, "new", "1234.new", "-m", "Again."])
        #expect(again.status == 1)
        #expect(fixture.read("changelogs/client_server/newsfragments/1234.new") == "Add `GET /x`.\n")
    }
}

/// The README's CI recipe: each `specgen` line of its workflow runs on a repository made for it.
@Suite struct CIRecipeTests {
    /// The command lines of the recipe, as arguments: `run: specgen …`, less any redirection.
    static func recipeCommands() throws -> [[String]] {
        let readme = try String(contentsOfFile: SourcePaths.packageRoot + "/README.md", encoding: .utf8)
        let start = try #require(readme.range(of: "<!-- specgen-ci-recipe -->"))
        let end = try #require(readme.range(of: "<!-- /specgen-ci-recipe -->"))
        return readme[start.upperBound..<end.lowerBound].split(separator: "\n").compactMap { line in
            guard let run = line.range(of: "run: specgen ") else { return nil }
            let command = line[run.upperBound...].split(separator: ">").first ?? ""
            return command.split(separator: " ").map {
                String($0).replacingOccurrences(of: "\"${GITHUB_REF_NAME}\"", with: "v1.1")
            }
        }
    }

    @Test func runsEachCommandOfTheWorkflow() throws {
        let commands = try Self.recipeCommands()
        #expect(commands.map(\.first) == ["check", "diff", "build", "changelog"])
        let fixture = try Fixture([
            "config.toml": "title = \"X\"\nbaseURL = \"/\"\n",
            "content/_index.md": "---\ntitle: Home\n---\n\nHello.\n",
            "content/changelog/_index.md": "---\ntitle: Changelog\n---\n",
            "content/changelog/v1.1.md": "---\ntitle: v1.1\ndate: 2024-01-01\n---\n\nThe notes.\n",
        ])
        try fixture.commitAll()
        try fixture.git(["tag", "v1.1"])
        try fixture.git(["update-ref", "refs/remotes/origin/main", "HEAD"])
        for command in commands {
            // The installed binary finds its templates beside it; a test's binary is told where they are.
            let templates = command.first == "changelog" ? [] : ["--templates", SourcePaths.templates]
            let result = try CommandRunner.run(command + templates, in: fixture.path)
            #expect(result.status == 0, "specgen \(command.joined(separator: " ")): \(result.stderr)")
        }
    }
}
