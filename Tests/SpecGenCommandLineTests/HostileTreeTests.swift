import Foundation
import SpecGenTestSupport
import Testing

/// The third round of hostile trees: script from configs, names and copied files; files read
/// through links; unbounded inclusion; wrong lines. Each case names the rule it holds.
@Suite struct HostileTreeTests {
    static let templates = ["--templates", SourcePaths.templates]

    /// A Hugo tree of one home page, with `files` beside it.
    func hugoTree(_ files: [String: String] = [:], config: String = "") throws -> Fixture {
        try Fixture(
            [
                "config.toml": "title = \"X\"\nbaseURL = \"/\"\n" + config,
                "content/_index.md": "---\ntitle: Home\n---\n\nHello.\n",
            ].merging(files) { $1 })
    }

    func build(_ fixture: Fixture, _ extra: [String] = []) throws -> CommandRunner.Result {
        try CommandRunner.run(
            ["build", "--root", fixture.path, "--output", fixture.path + "/site"] + extra + Self.templates)
    }

    func check(_ fixture: Fixture) throws -> CommandRunner.Result {
        try CommandRunner.run(["check", "--root", fixture.path] + Self.templates)
    }

    /// Every `href` and `src` value of the site's HTML files.
    func urls(in fixture: Fixture) -> [String] {
        let site = fixture.path + "/site"
        let files = FileManager.default.enumerator(atPath: site)?.compactMap { $0 as? String } ?? []
        var found: [String] = []
        for file in files where file.hasSuffix(".html") {
            let html = (try? String(contentsOfFile: site + "/" + file, encoding: .utf8)) ?? ""
            for attribute in [" href=\"", " src=\""] {
                for piece in html.components(separatedBy: attribute).dropFirst() {
                    found.append(String(piece.prefix { $0 != "\"" }))
                }
            }
        }
        return found
    }

    func gitStatus(_ fixture: Fixture) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", fixture.path, "status", "--porcelain"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    // MARK: Script in the site

    @Test func leavesOutAMenuEntryThatIsNotAWebLinkAndSaysWhere() throws {
        let fixture = try hugoTree(
            config: """
                [[menu.main]]
                name = "Script"
                url = "javascript:alert(document.cookie)"
                [[menu.main]]
                name = "Spaced"
                url = " javascript:alert(1)"
                [[menu.main]]
                name = "Data"
                url = "data:text/html,<script>alert(1)</script>"
                [[menu.main]]
                name = "Matrix"
                url = "https://matrix.org"

                """)
        let result = try build(fixture)
        #expect(result.status == 0)
        #expect(
            result.stderr.contains(
                "config.toml:5:1: warning: the menu entry 'Script' goes to 'javascript:alert(document.cookie)'"))
        #expect(result.stderr.contains("config.toml:8:1: warning: the menu entry 'Spaced'"))
        #expect(result.stderr.contains("config.toml:11:1: warning: the menu entry 'Data'"))
        let urls = urls(in: fixture)
        #expect(urls.contains("https://matrix.org"))
        #expect(!urls.contains { $0.lowercased().contains("javascript:") || $0.hasPrefix("data:") })
    }

    @Test func linksNoStringFormatToAURLThePolicyRefuses() throws {
        let fixture = try hugoTree([
            "data/string-formats.yaml": "mx-user-id:\n  title: User ID\n  url: \"javascript:alert(1)\"\n"
        ])
        let result = try check(fixture)
        #expect(
            result.stderr.contains(
                "data/string-formats.yaml:3:8: warning: string format 'mx-user-id' links to 'javascript:alert(1)'"))
    }

    @Test func percentEncodesAPageURLFromItsFileName() throws {
        let fixture = try hugoTree(["content/javascript:alert(document.domain).md": "---\ntitle: J\n---\n\nText.\n"])
        let result = try build(fixture)
        #expect(result.status == 0)
        let urls = urls(in: fixture)
        #expect(urls.contains("javascript%3Aalert%28document.domain%29/index.html"))
        #expect(!urls.contains { $0.hasPrefix("javascript:") })
        // The file is where a web server looks for that URL: the name as written.
        #expect(fixture.exists("site/javascript:alert(document.domain)/index.html"))
        let index = fixture.read("site/search-index.js") ?? ""
        #expect(index.contains("javascript%3Aalert%28document.domain%29/index.html"))
    }

    @Test func neverPublishesACopiedFileThatCouldRunScript() throws {
        let fixture = try hugoTree([
            "static/evil.html": "<script>alert(1)</script>",
            "static/evil.svg": "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>",
            "static/sniffed": "<html><script>alert(1)</script></html>",
            "static/diagram.png": "PNG",
        ])
        let result = try build(fixture)
        #expect(result.status == 0)
        for name in ["evil.html", "evil.svg", "sniffed"] {
            #expect(!fixture.exists("site/" + name), "\(name)")
            #expect(result.stderr.contains("static/\(name):1:1: warning: the file is not published"), "\(name)")
        }
        #expect(fixture.exists("site/diagram.png"))
    }

    @Test func saysWhyAStaticFileIsNotCopied() throws {
        let fixture = try hugoTree(["static/huge.png": String(repeating: "x", count: 17 << 20)])
        let result = try build(fixture)
        #expect(result.status == 1)
        #expect(result.stderr.contains("static/huge.png:1:1: error: the file is 17 MiB; files over 16 MiB are refused"))
    }

    @Test func showsAProposalsSVGOnlyInsideItsImageAndLinksNoScriptFile() throws {
        let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"><rect width=\"5\" height=\"5\"/></svg>"
        let fixture = try Fixture([
            "proposals/1234-x.md": "# MSC1234: X\n\n![flow](images/flow.svg)\n\nSee [the demo](demo.html).\n",
            "proposals/images/flow.svg": svg,
            "proposals/demo.html": "<script>alert(1)</script>",
        ])
        let result = try build(fixture)
        #expect(result.status == 0)
        #expect(!fixture.exists("site/proposals/images/flow.svg"))
        #expect(!fixture.exists("site/proposals/demo.html"))
        let page = fixture.read("site/proposals/1234.html") ?? ""
        let encoded = Data(svg.utf8).base64EncodedString()
        #expect(page.contains("<img src=\"data:image/svg+xml;base64,\(encoded)\" alt=\"flow\">"))
        #expect(!page.contains("href=\"demo.html\""))
        #expect(result.stderr.contains("proposals/1234-x.md:1:1: warning: 'demo.html' is not published or linked"))
    }

    // MARK: Reading outside the root

    @Test func refusesATemplatesFileThatLinksOutOfItsFolder() throws {
        let outside = try Fixture(["secret.txt": "SECRET"])
        let fixture = try hugoTree()
        try fixture.copy(SourcePaths.templates, to: "templates")
        try FileManager.default.removeItem(atPath: fixture.path + "/templates/style.css")
        try FileManager.default.createSymbolicLink(
            atPath: fixture.path + "/templates/style.css", withDestinationPath: outside.path + "/secret.txt")
        let result = try CommandRunner.run(["build", "--root", fixture.path, "--output", fixture.path + "/site"])
        #expect(result.status == 1)
        #expect(
            result.stderr.contains(
                "templates/style.css:1:1: error: the file lies outside the source root (through a symbolic link?); it is not read [template-error]"
            ))
        #expect(!fixture.exists("site"))
    }

    /// A Hugo layout decides how pages read (the sidebar, a shortcode's arguments): one that links
    /// out of the tree is not read, and the build says so rather than going on without it.
    @Test(arguments: ["layouts/shortcodes/definition.html", "layouts/partials/sidebar-tree.html"])
    func refusesAHugoLayoutThatLinksOutOfTheTree(layout: String) throws {
        let outside = try Fixture(["secret.txt": "SECRET"])
        let fixture = try hugoTree(["layouts/partials/footer.html": "", "layouts/shortcodes/note.html": ""])
        try FileManager.default.createSymbolicLink(
            atPath: fixture.path + "/" + layout, withDestinationPath: outside.path + "/secret.txt")
        let result = try build(fixture)
        #expect(result.status == 1)
        #expect(
            result.stderr.contains(
                "\(layout):1:1: error: the file lies outside the source root (through a symbolic link?); it is not read [unreadable-file]"
            ), "\(result.stderr)")
    }

    /// A changelog written by hand (matrix-doc before towncrier) that links out of the tree, or
    /// is a folder: each is reported, where a skipped one would lose the changelog in silence.
    @Test func reportsAHandWrittenChangelogThatLinksOutOfTheTreeOrIsAFolder() throws {
        let outside = try Fixture(["secret.txt": "SECRET"])
        let fixture = try Fixture([
            "specification/targets.yaml": "targets:\n  index:\n    files:\n      - index.rst\n",
            "specification/index.rst": "Title\n=====\n\nText.\n",
            "changelogs/other.rst/notes.txt": "",
            "api/client-server/ping.yaml":
                "swagger: '2.0'\ninfo: {title: Ping}\nbasePath: /_matrix/client/r0\npaths:\n  /ping:\n    get:\n      responses:\n        200: {description: Pong.}\n",
        ])
        try FileManager.default.createSymbolicLink(
            atPath: fixture.path + "/changelogs/client_server.rst", withDestinationPath: outside.path + "/secret.txt")
        let result = try build(fixture)
        #expect(result.status == 1)
        #expect(
            result.stderr.contains(
                "changelogs/client_server.rst:1:1: error: the file lies outside the source root (through a symbolic link?); it is not read [unreadable-file]"
            ), "\(result.stderr)")
        #expect(
            result.stderr.contains(
                "changelogs/other.rst:1:1: warning: 'other.rst' is a folder, not a changelog; it is not read [folder-named-like-a-file]"
            ), "\(result.stderr)")
        #expect(!result.stderr.contains("SECRET"))
    }

    @Test func usesNoTemplatesFromAnUntrustedTree() throws {
        let fixture = try hugoTree()
        try fixture.copy(SourcePaths.templates, to: "templates")
        try fixture.write(
            "templates/page.mustache", "<!DOCTYPE html><title>{{siteName}}</title><p>IN-TREE {{{content}}}")
        let trusted = try CommandRunner.run(["build", "--root", fixture.path, "--output", fixture.path + "/site"])
        #expect(trusted.status == 0)
        #expect(fixture.read("site/index.html")?.contains("IN-TREE") == true)
        let untrusted = try CommandRunner.run([
            "build", "--untrusted", "--root", fixture.path, "--output", fixture.path + "/site",
        ])
        #expect(untrusted.status == 0)
        #expect(fixture.read("site/index.html")?.contains("IN-TREE") == false)
    }

    // MARK: Unbounded work

    @Test func reportsFolderLinksThatLoopInsteadOfWalkingThem() throws {
        let fixture = try hugoTree()
        try FileManager.default.createSymbolicLink(atPath: fixture.path + "/content/a", withDestinationPath: ".")
        try FileManager.default.createSymbolicLink(atPath: fixture.path + "/content/b", withDestinationPath: "..")
        let result = try check(fixture)
        #expect(result.status == 1)
        for name in ["a", "b"] {
            #expect(
                result.stderr.contains(
                    "content/\(name):1:1: error: this is a symbolic link that leads nowhere or loops; it is not read"))
        }
    }

    @Test func boundsWhatOnePageIncludesWhenModulesIncludeEachOtherManyTimes() throws {
        // m0 includes m1 three times, m1 includes m2 three times, …: 3^20 includes unbounded.
        var files = [
            "content/client-server-api/_index.md":
                "---\ntitle: CS\n---\n\n{{% cs-module name=\"M\" filename=\"m0\" %}}\n"
        ]
        for level in 0..<20 {
            let call = "{{% cs-module name=\"M\" filename=\"m\(level + 1)\" %}}\n\n"
            files["content/client-server-api/modules/m\(level).md"] =
                "---\nheadless: true\n---\n\n### M\(level)\n\n" + String(repeating: call, count: 3)
        }
        files["content/client-server-api/modules/m20.md"] = "---\nheadless: true\n---\n\nEnd.\n"
        let result = try build(try hugoTree(files))
        #expect(result.status == 1)
        #expect(result.stderr.contains("[limit-exceeded]"))
    }

    @Test func includesNoModuleInsideItself() throws {
        let call = "{{% cs-module name=\"DM\" filename=\"dm\" %}}\n\n"
        let fixture = try hugoTree([
            "content/client-server-api/_index.md": "---\ntitle: CS\n---\n\n" + call,
            "content/client-server-api/modules/dm.md":
                "---\nheadless: true\n---\n\n### DM\n\n" + String(repeating: call, count: 4),
        ])
        let result = try build(fixture)
        #expect(result.status == 1)
        let loops = result.stderr.split(separator: "\n").filter {
            $0.contains("error: 'cs-module' includes 'dm.md' inside itself; it is not included again [limit-exceeded]")
        }
        #expect(loops.count == 4)
    }

    @Test func showsNothingOfShortcodesNestedPastTheBoundAndSaysWhere() throws {
        let depth = 40
        let body =
            String(repeating: "{{% boxes/note %}}\n", count: depth) + "deep\n"
            + String(repeating: "{{% /boxes/note %}}\n", count: depth)
        let fixture = try hugoTree(["content/b.md": "---\ntitle: B\n---\n\n" + body])
        let result = try check(fixture)
        #expect(result.status == 1)
        // The 33rd box, on the file's line 37, is the first one past the bound of 32.
        #expect(
            result.stderr.contains(
                "content/b.md:37:1: error: shortcodes nest more than 32 deep; what 'boxes/note' encloses"))
    }

    /// Templates that nest blocks, parentheses or `not`s far past the bound.
    static let deepTemplates = [
        "blocks": String(repeating: "{% if true %}", count: 500) + "x" + String(repeating: "{% endif %}", count: 500),
        "parentheses": "{{ " + String(repeating: "(", count: 5000) + "1" + String(repeating: ")", count: 5000) + " }}",
        "nots": "{{ " + String(repeating: "not ", count: 5000) + "1 }}",
    ]

    @Test(arguments: ["blocks", "parentheses", "nots"])
    func refusesATemplateThatNestsTooDeepWithALocatedError(kind: String) throws {
        let template = Self.deepTemplates[kind]!
        let fixture = try Fixture([
            "changelogs/client_server/pyproject.toml":
                "[tool.towncrier]\nfilename = \"../client_server.rst\"\ndirectory = \"newsfragments\"\ntemplate = \"template.md.jinja\"\n[[tool.towncrier.type]]\ndirectory = \"new\"\nname = \"New\"\nshowcontent = true\n",
            "changelogs/client_server/newsfragments/1.new": "Add x.\n",
            "changelogs/client_server/template.md.jinja": template,
        ])
        let result = try CommandRunner.run([
            "changelog", "--root", fixture.path, "--version", "v9", "--date", "2024-01-01", "--draft",
        ])
        #expect(result.status == 1)
        #expect(result.stderr.contains("changelogs/client_server/template.md.jinja:1:"))
        #expect(result.stderr.contains(" more than 64 deep [template-error]"))
    }

    @Test func givesATagsFilesTheWorkTreesSizeLimit() throws {
        let fixture = try hugoTree([
            "data/api/client-server/big.yaml":
                "swagger: '2.0'\ninfo: {title: X}\npaths: {}\nx-big: '" + String(repeating: "a", count: 17 << 20)
                + "'\n"
        ])
        try fixture.commitAll()
        try fixture.git(["tag", "v1.1"])
        try FileManager.default.removeItem(atPath: fixture.path + "/data/api/client-server/big.yaml")
        let result = try CommandRunner.run(
            ["build", "--all-versions", "--root", fixture.path, "--output", fixture.path + "/all"] + Self.templates)
        #expect(result.status == 1)
        #expect(
            result.stderr.contains(
                "v1.1:data/api/client-server/big.yaml:1:1: error: the file is 17 MiB; files over 16 MiB are refused"))
    }

    // MARK: Diagnostics

    @Test func saysANameIsNotUTF8RatherThanThatItIsMissing() throws {
        let fixture = try Fixture(["proposals/1-a.md": "# MSC1: A\n"])
        // A name of raw bytes (0xFF 0xFE) that no UTF-8 string spells.
        let name = Array((fixture.path + "/proposals/2000-").utf8) + [0xFF, 0xFE] + Array(".md\0".utf8)
        let descriptor = name.withUnsafeBytes {
            open($0.baseAddress!.assumingMemoryBound(to: CChar.self), O_WRONLY | O_CREAT, 0o644)
        }
        #expect(descriptor >= 0)
        close(descriptor)
        let result = try check(fixture)
        #expect(result.status == 1)
        #expect(result.stderr.contains("error: the name is not UTF-8 (shown with U+FFFD); rename it to read it"))
        #expect(!result.stderr.contains("does not exist"))
    }

    @Test func pointsAtTheLineOfALinkOrScriptInsideRawHTMLAndBoxes() throws {
        let lines = (1...10).map { "Line \($0)." }.joined(separator: "\n\n")
        let page = """
            ---
            title: P
            ---

            \(lines)

            <div>
            x
            <a href="/no-such-page/">x</a>
            </div>

            {{% boxes/note %}}
            <div>
            a
            <script>alert(1)</script>
            </div>
            {{% /boxes/note %}}

            """
        let fixture = try hugoTree(["content/p.md": page])
        let result = try check(fixture)
        #expect(
            result.stderr.contains(
                "content/p.md:27:1: warning: the link '/no-such-page/' goes to a page this site does not have"))
        #expect(result.stderr.contains("content/p.md:33:1: warning: the <script> element could run script"))
    }

    @Test func readsJSONFrontMatterAndLocatesTOMLErrors() throws {
        let fixture = try hugoTree([
            "content/json.md":
                "{\n  \"title\": \"From JSON\",\n  \"params\": {\n    \"weight\": 3\n  }\n}\n\nBody text.\n",
            "content/toml.md": "+++\ntitle = \"T\"\nweight = = 3\n+++\n\nBody.\n",
        ])
        let result = try build(fixture)
        #expect(result.status == 1)
        #expect(result.stderr.contains("content/toml.md:3:10: error: the TOML front matter does not parse: "))
        try fixture.write("content/toml.md", "+++\ntitle = \"T\"\n+++\n\nBody.\n")
        #expect(try build(fixture).status == 0)
        let html = fixture.read("site/json/index.html") ?? ""
        #expect(html.contains("<title>From JSON"))
        #expect(html.contains("Body text."))
        #expect(!html.contains("weight"))
    }

    @Test func warnsAboutABidiControlInAnOperationIDAndKeepsItOutOfTheSearchIndex() throws {
        let fixture = try Fixture([
            "api/client-server/x.yaml":
                "swagger: '2.0'\ninfo: {title: X}\npaths:\n  /x:\n    get:\n      operationId: \"get\u{202E}Evil\"\n      responses:\n        200: {description: OK.}\n"
        ])
        let result = try build(fixture)
        #expect(result.stderr.contains("warning: the operationId 'getEvil' holds the bidirectional control U+202E"))
        #expect(fixture.read("site/search-index.js")?.contains("\u{202E}") == false)
    }

    @Test func releasesManyTrackedFragmentsInOneIndexUpdate() throws {
        var files = [
            "changelogs/client_server/pyproject.toml":
                "[tool.towncrier]\nfilename = \"../client_server.rst\"\ndirectory = \"newsfragments\"\n[[tool.towncrier.type]]\ndirectory = \"new\"\nname = \"New\"\nshowcontent = true\n"
        ]
        for number in 1...1200 {
            files["changelogs/client_server/newsfragments/\(number).new"] = "Add thing \(number).\n"
        }
        let fixture = try Fixture(files)
        try fixture.commitAll()
        let result = try CommandRunner.run([
            "changelog", "--root", fixture.path, "--version", "r1", "--date", "2024-01-01",
        ])
        #expect(result.status == 0)
        let status = try gitStatus(fixture)
        let deleted = status.split(separator: "\n").filter { $0.hasPrefix("D  ") }
        #expect(deleted.count == 1200)
        #expect(!status.contains(" D "))
        #expect(status.contains("A  changelogs/client_server.rst"))
    }
    // MARK: Usage, streams and tag names

    @Test func namesEachTagThatWouldOverwriteAFolderOfTheSite() throws {
        let fixture = try hugoTree(["specgen.yaml": "versions: \"*\"\n"])
        try fixture.commitAll()
        for tag in ["v1.1", "latest", "unstable", "index.html"] { try fixture.git(["tag", tag]) }
        let result = try CommandRunner.run(
            ["build", "--all-versions", "--root", fixture.path, "--output", fixture.path + "/all"] + Self.templates)
        #expect(result.status == 1)
        #expect(result.stderr.contains("tag 'latest' names the folder of the newest release; it is not built"))
        #expect(result.stderr.contains("tag 'unstable' names the folder of the work tree; it is not built"))
        #expect(result.stderr.contains("tag 'index.html' names the site's root page; it is not built"))
    }

    @Test func refusesACacheThatIsAFileOrWithoutAllVersions() throws {
        let fixture = try hugoTree(["FILE": "not a folder"])
        try fixture.commitAll()
        let cases = [
            (
                ["--all-versions", "--cache", fixture.path + "/FILE"],
                "--cache '\(fixture.path)/FILE' is a file; it must be a folder"
            ),
            (["--cache", fixture.path + "/DIR"], "--cache is for --all-versions"),
        ]
        for (options, message) in cases {
            let result = try CommandRunner.run(
                ["build", "--root", fixture.path, "--output", fixture.path + "/out"] + options + Self.templates)
            #expect(result.status == 2, "\(options)")
            #expect(result.stderr.contains(message), "\(options)")
            #expect(!fixture.exists("out"))
        }
    }

    @Test func refusesAHostThatIsNotOneBeforeAnyWork() throws {
        let fixture = try hugoTree()
        let result = try CommandRunner.run(["serve", "--root", fixture.path, "--host", "not a host"] + Self.templates)
        #expect(result.status == 2)
        #expect(result.stderr.contains("--host 'not a host' is not an IPv4 address of this machine or 'localhost'"))
        #expect(!result.stderr.contains("built"))
    }

    @Test func printsAFailingSummaryOnStandardErrorForCheckAndBuildAlike() throws {
        let fixture = try hugoTree(["content/bad.md": "+++\ntitle = = 1\n+++\n\nBody.\n"])
        for command in [["check"], ["build", "--output", fixture.path + "/site"]] {
            let result = try CommandRunner.run(command + ["--root", fixture.path] + Self.templates)
            #expect(result.status == 1, "\(command)")
            #expect(result.stdout.isEmpty, "\(command)")
            #expect(result.stderr.split(separator: "\n").last?.hasPrefix("specgen: ") == true, "\(command)")
        }
    }
}
