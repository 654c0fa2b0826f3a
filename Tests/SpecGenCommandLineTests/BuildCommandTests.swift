import Foundation
import SpecGenTestSupport
import Testing

/// `specgen build` as a user runs it: exit codes, stdout and stderr.
@Suite struct BuildCommandTests {
    static let templates = ["--templates", SourcePaths.templates]
    static let endpoint = """
        swagger: '2.0'
        info: {title: Demo API}
        paths:
          /ping:
            get:
              operationId: ping
              responses:
                200: {description: Pong.}
        """

    @Test func buildsTheDemoSpecAndSaysWhatItDid() throws {
        let output = try Fixture()
        let result = try CommandRunner.run(["build", "--output", output.path + "/site"], in: SourcePaths.packageRoot)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr == "")
        #expect(result.stdout.hasPrefix("specgen: built 7 pages, 5 endpoints in "))
        #expect(output.exists("site/client-server/index.html"))
        // The icon is a file of the site (a data: URL would not pass the URL policy).
        #expect(output.exists("site/favicon.png"))
        // A proposal page is described by its opening words, quotes escaped inside the attribute.
        let proposal = try #require(output.read("site/proposals/2140.html"))
        #expect(proposal.contains("<meta name=\"description\" content=\"A user can keep a third-party identifier"))
        #expect(proposal.contains("<meta property=\"og:title\" content=\"MSC2140: Unbinding third-party identifiers"))
        #expect(
            output.read("site/index.html")?.contains("<link rel=\"icon\" type=\"image/png\" href=\"favicon.png\">")
                == true)
    }

    @Test func allocatesWithJemalloc() throws {
        // jemalloc prints its statistics at exit when asked: glibc's malloc ignores the setting.
        let result = try CommandRunner.run(["--version"], environment: ["MALLOC_CONF": "stats_print:true"])
        #expect(result.status == 0)
        #expect(result.stderr.contains("jemalloc statistics"))
        // Its compiled-in settings are read: huge pages for its memory.
        #expect(result.stderr.contains("opt.thp: \"always\""))
    }

    /// gendoc before 2016 joined every `specification/*.rst` without a `targets.yaml`: that prose
    /// is an error, not a site without it.
    @Test func failsOnMatrixDocProseWithoutTargets() throws {
        let fixture = try Fixture([
            "api/client-server/a.yaml": Self.endpoint,
            "specification/10_client_server_api.rst": "Client-Server API\n=================\n\nText.\n",
            "specification/00_basis.rst": "Basis\n=====\n\nText.\n",
        ])
        let result = try CommandRunner.run(
            ["build", "--root", fixture.path, "--output", fixture.path + "/site"] + Self.templates)
        #expect(result.status == 1)
        #expect(
            result.stderr.contains(
                "\nspecification/00_basis.rst:1:1: error: specification/ has no targets.yaml to say which page shows its 2 .rst files (00_basis.rst, …): none of them is shown [unshown-prose]"
            ))
        #expect(!fixture.exists("site"))
    }

    @Test func exitsWithOneAndALocatedErrorForBrokenYAML() throws {
        let fixture = try Fixture(["api/client-server/bad.yaml": "paths:\n  /x:\n    get: {responses: [}\n"])
        let result = try CommandRunner.run(
            ["build", "--root", fixture.path, "--output", fixture.path + "/site"] + Self.templates)
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("api/client-server/bad.yaml:3:"))
        #expect(result.stderr.contains(": error: "))
        #expect(result.stderr.contains("was left unchanged"))
        #expect(!fixture.exists("site"))
    }

    @Test func reportsAMissingRefAndACycleTogether() throws {
        let fixture = try Fixture([
            "api/client-server/a.yaml":
                "paths:\n  /a:\n    get:\n      responses:\n        200:\n          $ref: missing.yaml\n",
            "api/client-server/b.yaml": Self.endpoint + "\n        404:\n          $ref: loop.yaml\n",
            "api/client-server/loop.yaml": "$ref: loop.yaml\n",
        ])
        let result = try CommandRunner.run(
            ["build", "--root", fixture.path, "--output", fixture.path + "/site"] + Self.templates)
        #expect(result.status == 1)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(
            lines.contains(
                "api/client-server/a.yaml:6:17: error: $ref target 'missing.yaml' does not exist [ref-not-found]"))
        #expect(
            lines.contains(
                "api/client-server/loop.yaml:1:7: error: $ref cycle: api/client-server/loop.yaml -> api/client-server/loop.yaml [ref-cycle]"
            ))
        #expect(lines.filter { $0.contains(": error: ") }.count == 2)
    }

    /// gendoc's prose without the API it names (a checkout of `specification/` alone) is a spec:
    /// each thing it asks to show that the tree lacks is an error where it is asked for, rather
    /// than one "no spec found".
    @Test func reportsEachMissingPieceOfAProseOnlyTree() throws {
        let fixture = try Fixture([
            "specification/targets.yaml": "targets:\n  index:\n    files:\n      - index.rst\n",
            "specification/index.rst": "Title\n=====\n\nText.\n\n{{ping_cs_http_api}}\n\n{{m_room_ping_event}}\n",
        ])
        let result = try CommandRunner.run(
            ["build", "--root", fixture.path, "--output", fixture.path + "/site"] + Self.templates)
        #expect(result.status == 1)
        #expect(!result.stderr.contains("no spec found"), "\(result.stderr)")
        #expect(
            result.stderr.contains("specification/index.rst:6:1: error: '{{ping_cs_http_api}}'"), "\(result.stderr)")
        #expect(
            result.stderr.contains("specification/index.rst:8:1: error: '{{m_room_ping_event}}'"), "\(result.stderr)")
    }

    @Test func keepsThePreviousSiteWhenABuildFails() throws {
        let fixture = try Fixture(["api/client-server/ping.yaml": Self.endpoint])
        let arguments = ["build", "--root", fixture.path, "--output", fixture.path + "/site"] + Self.templates
        #expect(try CommandRunner.run(arguments).status == 0)
        let before = fixture.read("site/client-server/index.html")
        try fixture.write(
            "api/client-server/ping.yaml", "paths: {/ping: {get: {responses: {200: {$ref: nope.yaml}}}}}\n")
        #expect(try CommandRunner.run(arguments).status == 1)
        #expect(fixture.read("site/client-server/index.html") == before)
    }

    @Test(arguments: [["build", "--no-such-flag"], ["build", "--root", "/no/such/folder"], ["frobnicate"]])
    func exitsWithTwoOnBadUsage(arguments: [String]) throws {
        let result = try CommandRunner.run(arguments, in: SourcePaths.packageRoot)
        #expect(result.status == 2)
        #expect(result.stderr.contains("Error:") || result.stderr.contains("unknown command"))
    }

    @Test func treatsWarningsAsErrorsWhenAsked() throws {
        let fixture = try Fixture([
            "api/client-server/ping.yaml":
                "swagger: '2.0'\npaths:\n  /ping:\n    get:\n      summary: No responses.\n      operationId: getX\n"
        ])
        let arguments = ["build", "--root", fixture.path, "--output", fixture.path + "/site"] + Self.templates
        let lenient = try CommandRunner.run(arguments)
        #expect(lenient.status == 0)
        #expect(
            lenient.stderr == "api/client-server/ping.yaml:4:5: warning: GET /ping has no responses [no-responses]\n")
        #expect(try CommandRunner.run(arguments + ["--warnings-as-errors"]).status == 1)
    }
}
