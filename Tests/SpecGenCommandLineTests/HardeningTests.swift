import Foundation
import SpecGenTestSupport
import Testing

/// What hostile inputs and a first-time user found: each case asserts the exit code, the
/// diagnostic's position and message, and that nothing outside the tree changed.
@Suite struct HardeningTests {
    static let templates = ["--templates", SourcePaths.templates]
    static let endpoint =
        "swagger: '2.0'\ninfo: {title: X}\npaths:\n  /x:\n    get:\n      responses:\n        200: {description: OK.}\n      summary: Gets x.\n      operationId: getX\n"

    func run(_ arguments: [String], in fixture: Fixture? = nil) throws -> CommandRunner.Result {
        try CommandRunner.run(arguments, in: fixture?.path)
    }

    func check(_ fixture: Fixture) throws -> CommandRunner.Result {
        try run(["check", "--root", fixture.path] + Self.templates)
    }

    /// The diagnostics a command printed, less its summary line.
    func lines(_ text: String) -> [String] {
        text.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("specgen: ") }
    }

    // MARK: Files that are not what they seem

    @Test func refusesAChangelogPartialThatLinksOutOfTheTree() throws {
        let outside = try Fixture(["secret.md": "## v9.9\n\n- SECRET entry.\n"])
        let fixture = try Fixture([
            "config.toml": "title = \"X\"\n",
            "content/_index.md":
                "---\ntitle: X\n---\n\n{{% changelog/changelog-rendered p=\"changelogs/v9.9.md\" %}}\n",
            "layouts/partials/changelogs/.keep": "",
        ])
        try FileManager.default.createSymbolicLink(
            atPath: fixture.path + "/layouts/partials/changelogs/v9.9.md",
            withDestinationPath: outside.path + "/secret.md")
        let result = try run(["build", "--root", fixture.path, "--output", fixture.path + "/site"] + Self.templates)
        #expect(result.status == 1)
        #expect(
            lines(result.stderr).contains(
                "layouts/partials/changelogs/v9.9.md:1:1: error: the file lies outside the source root (through a symbolic link?); it is not read [unreadable-file]"
            ))
        #expect(!result.stdout.contains("SECRET") && !result.stderr.contains("SECRET"))
        #expect(!fixture.exists("site"))
    }

    @Test func refusesASymlinkOutOfTheTreeAsAProposalOrFragment() throws {
        let outside = try Fixture(["secret.md": "# root:x:0:0 SECRET\n"])
        let fixture = try Fixture([
            "api/client-server/x.yaml": Self.endpoint,
            "changelogs/client_server/pyproject.toml":
                "[tool.towncrier]\ndirectory = \"newsfragments\"\nfilename = \"../client_server.rst\"\n[[tool.towncrier.type]]\ndirectory = \"new\"\nname = \"New\"\nshowcontent = true\n",
            "changelogs/client_server/newsfragments/.keep": "",
        ])
        try FileManager.default.createSymbolicLink(
            atPath: fixture.path + "/proposals/9999-passwd.md".replacingOccurrences(of: "/proposals/", with: "/"),
            withDestinationPath: outside.path + "/secret.md")
        try FileManager.default.createDirectory(atPath: fixture.path + "/proposals", withIntermediateDirectories: true)
        try FileManager.default.moveItem(
            atPath: fixture.path + "/9999-passwd.md", toPath: fixture.path + "/proposals/9999-passwd.md")
        try FileManager.default.createSymbolicLink(
            atPath: fixture.path + "/changelogs/client_server/newsfragments/1.new",
            withDestinationPath: outside.path + "/secret.md")
        let result = try run(["build", "--root", fixture.path, "--output", fixture.path + "/site"] + Self.templates)
        #expect(result.status == 1)
        #expect(
            lines(result.stderr).contains(
                "proposals/9999-passwd.md:1:1: error: the file lies outside the source root (through a symbolic link?); it is not read [unreadable-file]"
            ))
        #expect(
            lines(result.stderr).contains(
                "changelogs/client_server/newsfragments/1.new:1:1: error: the file lies outside the source root (through a symbolic link?); it is not read [unreadable-file]"
            ))
        #expect(!fixture.exists("site"))
    }

    @Test func refusesAnAPIFolderThatIsASymlinkOutOfTheTree() throws {
        let outside = try Fixture(["client-server/x.yaml": Self.endpoint])
        let fixture = try Fixture(["proposals/1-a.md": "# A\n"])
        try FileManager.default.createSymbolicLink(atPath: fixture.path + "/api", withDestinationPath: outside.path)
        let result = try check(fixture)
        #expect(result.status == 1)
        #expect(
            lines(result.stderr) == [
                "api:1:1: error: 'api' is a symbolic link out of the source root; it is not read [outside-root]"
            ])
        let named = try Fixture(["specgen.yaml": "api: elsewhere\n", "proposals/1-a.md": "# A\n"])
        try FileManager.default.createSymbolicLink(atPath: named.path + "/elsewhere", withDestinationPath: outside.path)
        let viaConfig = try check(named)
        #expect(viaConfig.status == 1)
        #expect(
            lines(viaConfig.stderr) == [
                "specgen.yaml:1:6: error: 'api': 'elsewhere' leads out of the source root (a symbolic link?); it is not read [outside-root]"
            ])
    }

    @Test(arguments: [
        "api/client-server/f.yaml", "proposals/2-f.md", "changelogs/client_server/newsfragments/3.new",
        "event-schemas/schema/m.f.yaml", "specgen.yaml",
    ])
    func neverBlocksOnAFIFO(path: String) throws {
        let fixture = try Fixture([
            "api/client-server/x.yaml": Self.endpoint, "proposals/1-a.md": "# A\n", "event-schemas/schema/.keep": "",
            "changelogs/client_server/pyproject.toml":
                "[tool.towncrier]\ndirectory = \"newsfragments\"\nfilename = \"../client_server.rst\"\n[[tool.towncrier.type]]\ndirectory = \"new\"\nname = \"New\"\nshowcontent = true\n",
            "changelogs/client_server/newsfragments/.keep": "",
        ])
        #expect(mkfifo(fixture.path + "/" + path, 0o644) == 0)
        let result = try check(fixture)
        #expect(result.status == 1)
        #expect(
            lines(result.stderr).contains(
                "\(path):1:1: error: this is not a regular file (a FIFO, socket or device); it is not read [unreadable-file]"
            ))
    }

    @Test func neverBlocksOnAFIFOAsAReferenceTarget() throws {
        let fixture = try Fixture([
            "api/client-server/x.yaml": Self.endpoint.replacingOccurrences(
                of: "200: {description: OK.}", with: "200: {$ref: fifo.yaml}")
        ])
        #expect(mkfifo(fixture.path + "/api/client-server/fifo.yaml", 0o644) == 0)
        let result = try check(fixture)
        #expect(result.status == 1)
        #expect(result.stderr.contains("api/client-server/x.yaml:7:"))
        #expect(result.stderr.contains("not a regular file"))
    }

    @Test func reportsALinkThatLeadsNowhereOrLoops() throws {
        let fixture = try Fixture(["api/client-server/x.yaml": Self.endpoint, "event-schemas/schema/.keep": ""])
        try FileManager.default.createSymbolicLink(
            atPath: fixture.path + "/api/client-server/loop.yaml", withDestinationPath: "loop.yaml")
        try FileManager.default.createSymbolicLink(
            atPath: fixture.path + "/event-schemas/schema/m.gone.yaml", withDestinationPath: "nowhere.yaml")
        let result = try check(fixture)
        #expect(result.status == 1)
        #expect(
            lines(result.stderr) == [
                "api/client-server/loop.yaml:1:1: error: this is a symbolic link that leads nowhere or loops; it is not read [unreadable-file]",
                "event-schemas/schema/m.gone.yaml:1:1: error: this is a symbolic link that leads nowhere or loops; it is not read [unreadable-file]",
            ])
    }

    @Test func saysAFolderNamedLikeAFileIsAFolder() throws {
        let fixture = try Fixture(["api/client-server/x.yaml": Self.endpoint, "api/client-server/dir.yaml/inner": "x"])
        let result = try check(fixture)
        #expect(
            lines(result.stderr) == [
                "api/client-server/dir.yaml:1:1: warning: 'dir.yaml' is a folder, not an API file; it is not read [folder-named-like-a-file]"
            ])
        #expect(!result.stderr.contains("MiB"))
    }

    @Test func refusesASecondYAMLDocumentAtItsPosition() throws {
        let fixture = try Fixture(["api/client-server/x.yaml": "---\n---\n" + Self.endpoint])
        let result = try check(fixture)
        #expect(result.status == 1)
        #expect(
            lines(result.stderr) == [
                "api/client-server/x.yaml:2:1: error: a second YAML document starts here; a spec file holds one document (remove the extra '---') [yaml-syntax]"
            ])
    }

    @Test func warnsAboutBidiControlsInNamesAndPaths() throws {
        let fixture = try Fixture([
            "api/client-server/x.yaml": Self.endpoint.replacingOccurrences(of: "/x:", with: "\"/x\u{202E}y\":")
        ])
        let result = try check(fixture)
        #expect(result.status == 0)
        #expect(
            lines(result.stderr) == [
                "api/client-server/x.yaml:5:5: warning: the path '/xy' holds the bidirectional control U+202E, which makes source and page read differently [bidi-control]"
            ])
    }

    // MARK: Commands that did the wrong thing quietly

    @Test func refusesAnOutputThatIsAFile() throws {
        let fixture = try Fixture(["api/client-server/x.yaml": Self.endpoint, "notes.txt": "mine"])
        let result = try run(
            ["build", "--root", fixture.path, "--output", fixture.path + "/notes.txt"] + Self.templates)
        #expect(result.status == 1)
        #expect(result.stderr.contains("the output path is a file, not a folder"))
        #expect(fixture.read("notes.txt") == "mine")
    }

    @Test(arguments: [["build"], ["check"], ["changelog", "check"]])
    func saysWhenAFolderHoldsNoSpec(command: [String]) throws {
        let empty = try Fixture(["readme.txt": "nothing here"])
        var arguments = command + ["--root", empty.path]
        if command == ["build"] { arguments += ["--output", empty.path + "/site"] + Self.templates }
        if command == ["check"] { arguments += Self.templates }
        let result = try run(arguments)
        #expect(result.status == 1)
        #expect(result.stderr.contains("no spec found in") || result.stderr.contains("no towncrier configuration"))
        #expect(!result.stdout.contains("built"))
    }

    @Test func saysWhyWarningsFailTheBuild() throws {
        let fixture = try Fixture([
            "api/client-server/x.yaml":
                "swagger: '2.0'\npaths:\n  /ping:\n    get:\n      summary: No responses.\n      operationId: getX\n"
        ])
        let result = try run(["check", "--root", fixture.path, "--warnings-as-errors"] + Self.templates)
        #expect(result.status == 1)
        #expect(result.stderr.contains("--warnings-as-errors"))
    }

    @Test func answersVersionHelpAndMistypedCommands() throws {
        let version = try run(["--version"])
        #expect(version.status == 0 && version.stdout.hasPrefix("2."))
        let mistyped = try run(["biuld"])
        #expect(mistyped.status == 2)
        #expect(mistyped.stderr.contains("did you mean 'build'?"))
        let help = try run(["help", "biuld"])
        #expect(help.status == 2)
        #expect(help.stderr.contains("did you mean 'build'?"))
        let changelogHelp = try run(["changelog", "--help"])
        #expect(changelogHelp.stdout.contains("--version <version>") && changelogHelp.stdout.contains("--draft"))
    }

    // MARK: Releases that stay in the tree

    static let towncrier = """
        [tool.towncrier]
            filename = "../client_server.rst"
            directory = "newsfragments"
            [[tool.towncrier.type]]
                directory = "new"
                name = "New"
                showcontent = true
        """

    @Test(arguments: ["../../../../x", "a/b", "", ".hidden", "v1\n2"])
    func refusesAVersionThatIsAPath(version: String) throws {
        let fixture = try Fixture([
            "changelogs/client_server/pyproject.toml": Self.towncrier,
            "changelogs/client_server/newsfragments/1.new": "Add it.\n",
        ])
        let result = try run(["changelog", "--root", fixture.path, "--version", version])
        #expect(result.status == 2)
        #expect(fixture.exists("changelogs/client_server/newsfragments/1.new"))
    }

    @Test func refusesADateInAnotherFormat() throws {
        let fixture = try Fixture(["changelogs/client_server/pyproject.toml": Self.towncrier])
        #expect(try run(["changelog", "--root", fixture.path, "--version", "r1", "--date", "07/10/2024"]).status == 2)
    }

    /// A configuration whose paths lead out of the tree: exit 1, a diagnostic at its line, nothing touched.
    @Test(arguments: [
        ("directory = \"newsfragments\"", "directory = \"../../../victim\"", 3),
        ("filename = \"../client_server.rst\"", "filename = \"../../../outside.rst\"", 2),
    ])
    func refusesAConfigurationThatLeavesTheTree(original: String, replacement: String, line: Int) throws {
        let victim = try Fixture(["victim/1.new": "Keep me.\n", "outside.rst": "Keep me.\n"])
        let fixture = try Fixture([
            "tree/changelogs/client_server/pyproject.toml": Self.towncrier.replacingOccurrences(
                of: original, with: replacement),
            "tree/changelogs/client_server/newsfragments/1.new": "Add it.\n",
        ])
        // Put the victim where the relative path leads from the configuration's folder.
        let config = fixture.path + "/tree/changelogs/client_server"
        let target = URL(fileURLWithPath: config).appendingPathComponent(
            replacement.contains("victim") ? "../../../victim" : "../../../outside.rst"
        ).standardized.path
        try? FileManager.default.createDirectory(
            atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try? FileManager.default.copyItem(
            atPath: victim.path + (replacement.contains("victim") ? "/victim" : "/outside.rst"), toPath: target)
        let result = try run(["changelog", "--root", fixture.path + "/tree", "--version", "r1"])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("changelogs/client_server/pyproject.toml:\(line):5: error: "))
        #expect(result.stderr.contains("leaves the source root"))
        if replacement.contains("victim") {
            #expect(FileManager.default.fileExists(atPath: target + "/1.new"))
        } else {
            #expect((try? String(contentsOfFile: target, encoding: .utf8)) == "Keep me.\n")
        }
        #expect(fixture.exists("tree/changelogs/client_server/newsfragments/1.new"))
    }

    @Test func leavesTheTargetOfASymlinkedFragmentFolderAlone() throws {
        let elsewhere = try Fixture(["1.new": "Not ours.\n"])
        let fixture = try Fixture(["changelogs/client_server/pyproject.toml": Self.towncrier])
        try FileManager.default.createSymbolicLink(
            atPath: fixture.path + "/changelogs/client_server/newsfragments", withDestinationPath: elsewhere.path)
        let result = try run(["changelog", "--root", fixture.path, "--version", "r1"])
        #expect(result.status == 1)
        #expect(elsewhere.exists("1.new"))
        #expect(
            lines(result.stderr) == [
                "changelogs/client_server/pyproject.toml:3:5: error: the fragment folder 'changelogs/client_server/newsfragments' is a symbolic link out of the source root; its files are not read or removed [outside-root]"
            ])
    }

    @Test func reportsAnUnsupportedTemplateTagAtItsPosition() throws {
        let fixture = try Fixture([
            "changelogs/pyproject.toml":
                "[tool.towncrier]\nfilename = \"../content/changelog/unstable.md\"\ndirectory = \"newsfragments\"\ntemplate = \"template.md.jinja\"\n[[tool.towncrier.section]]\nname = \"Client-Server API\"\npath = \"client_server\"\n[[tool.towncrier.type]]\ndirectory = \"new\"\nname = \"New\"\nshowcontent = true\n",
            "changelogs/template.md.jinja":
                "{% for section in sections %}\n  {% macro x() %}{% endmacro %}\n{% endfor %}\n",
            "changelogs/client_server/newsfragments/1.new": "Add it.\n",
        ])
        let result = try run(["changelog", "--root", fixture.path, "--version", "v1.1", "--draft"])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("changelogs/template.md.jinja:2:3: error: "))
    }

    /// 2,000 fragments in a git work tree: one `git rm`, and every fragment gone (timed in bench/run).
    @Test func releasesTwoThousandFragmentsInAGitWorkTree() throws {
        var files = ["changelogs/client_server/pyproject.toml": Self.towncrier]
        for issue in 1...2000 { files["changelogs/client_server/newsfragments/\(issue).new"] = "Add thing \(issue).\n" }
        let fixture = try Fixture(files)
        try fixture.commitAll()
        let result = try run(["changelog", "--root", fixture.path, "--version", "r1"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "specgen: wrote changelogs/client_server.rst, removed 2000 fragments\n")
        // git removes the folder with its last file, as towncrier's release does.
        let left =
            (try? FileManager.default.contentsOfDirectory(
                atPath: fixture.path + "/changelogs/client_server/newsfragments")) ?? []
        #expect(left.isEmpty)
        #expect(fixture.read("changelogs/client_server.rst")?.contains("Add thing 2000.") == true)
    }

    // MARK: diff

    @Test func leavesNoTemporaryCopyWhenADiffIsStopped() throws {
        let fixture = try Fixture(["api/client-server/x.yaml": Self.endpoint])
        try fixture.commitAll()
        let temporary = try Fixture()
        for signal in [SIGINT, SIGTERM] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: try #require(CommandRunner.executable))
            process.arguments = ["diff", "--root", fixture.path, "--base", "HEAD"]
            process.environment = ProcessInfo.processInfo.environment.merging(["TMPDIR": temporary.path]) { $1 }
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(20_000)
            kill(process.processIdentifier, signal)
            process.waitUntilExit()
            #expect(try FileManager.default.contentsOfDirectory(atPath: temporary.path) == [])
        }
    }
}
