import Foundation
import SpecGenTestSupport
import Testing

/// `--proposals DIR`: a matrix-spec-proposals checkout beside the spec, read as its `proposals/`.
@Suite struct ProposalsRootTests {
    static let templates = ["--templates", SourcePaths.templates]
    static let endpoint = """
        swagger: '2.0'
        info: {title: Demo API}
        basePath: /_matrix/client/v3
        paths:
          /ping:
            get:
              operationId: get
              summary: Pings.
              responses:
                200: {description: Pong.}
        """
    static let proposal =
        "# MSC3000: Ping\n\nPinging tells a client the server is there.\n\n## Proposal\n\nAdd `GET /_matrix/client/v3/ping`.\n"

    func build(_ tree: Fixture, _ arguments: [String]) throws -> CommandRunner.Result {
        try CommandRunner.run(
            ["build", "--root", tree.path, "--output", tree.path + "/site"] + arguments + Self.templates)
    }

    @Test func buildsTheProposalsOfASecondCheckoutBesideTheSpec() throws {
        let tree = try Fixture(["api/client-server/ping.yaml": Self.endpoint])
        let checkout = try Fixture(["proposals/3000-ping.md": Self.proposal, "README.md": "# The proposals\n"])
        // The checkout's top holds no proposal: its proposals/ folder is the one meant.
        let result = try build(tree, ["--proposals", checkout.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr == "")
        let page = try #require(tree.read("site/client-server/index.html"))
        #expect(page.contains("Pinging tells a client the server is there."))
        let proposalPage = try #require(tree.read("site/proposals/3000.html"))
        #expect(proposalPage.contains("<code>proposals/3000-ping.md</code>"))
    }

    @Test func namesAProposalsProblemFromItsOwnRoot() throws {
        let tree = try Fixture(["api/client-server/ping.yaml": Self.endpoint])
        let checkout = try Fixture(["proposals/3000-ping.md": Self.proposal + "\nSee [x](#nowhere).\n"])
        try checkout.commitAll()
        let text = try build(tree, ["--proposals", checkout.path + "/proposals"])
        #expect(text.status == 0)
        #expect(
            text.stderr.hasPrefix(
                checkout.path + "/proposals/3000-ping.md:9:5: warning: the link '#nowhere' names no anchor"),
            "\(text.stderr)")
        // CI's formats name it from the top of its own repository.
        let github = try build(tree, ["--proposals", checkout.path + "/proposals", "--diagnostics-format", "github"])
        #expect(github.stdout.hasPrefix("::warning file=proposals/3000-ping.md,line=9,col=5,"), "\(github.stdout)")
    }

    @Test func neverReadsALinkOutOfTheSecondRoot() throws {
        let tree = try Fixture([
            "api/client-server/ping.yaml": Self.endpoint, "secret.md": "# MSC4000: Secret\n\nDo not publish.\n",
        ])
        let proposals = try Fixture(["3000-ping.md": Self.proposal])
        try FileManager.default.createSymbolicLink(
            atPath: proposals.path + "/4000-secret.md", withDestinationPath: tree.path + "/secret.md")
        let result = try build(tree, ["--proposals", proposals.path])
        #expect(
            result.stderr.contains(proposals.path + "/4000-secret.md:1:1: error: the file lies outside the source root")
        )
        #expect(result.status == 1)
        #expect(!(tree.read("site/proposals/4000.html") ?? "").contains("Do not publish"))
    }

    @Test func stillRefusesASpecgenYAMLThatPointsOutOfTheTree() throws {
        let tree = try Fixture([
            "api/client-server/ping.yaml": Self.endpoint, "specgen.yaml": "proposals: ../elsewhere\n",
        ])
        let proposals = try Fixture(["3000-ping.md": Self.proposal])
        let result = try build(tree, ["--proposals", proposals.path])
        #expect(result.status == 1)
        #expect(
            result.stderr.hasPrefix(
                "specgen.yaml:1:12: error: 'proposals' must be a folder inside the source root [outside-root]"),
            "\(result.stderr)")
    }

    @Test(arguments: [["build"], ["check"], ["diff", "--base", "HEAD"], ["serve"]])
    func refusesAProposalsFolderThatIsNotThere(command: [String]) throws {
        let tree = try Fixture(["api/client-server/ping.yaml": Self.endpoint])
        let result = try CommandRunner.run(command + ["--root", tree.path, "--proposals", tree.path + "/nope"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("--proposals '\(tree.path)/nope' is not a folder"), "\(result.stderr)")
    }

    /// A mistaken `--proposals /` or `--proposals .` is refused before anything is walked or watched.
    @Test func refusesAFolderThatHoldsNoProposal() throws {
        let tree = try Fixture(["api/client-server/ping.yaml": Self.endpoint, "notes/readme.md": "# Notes\n"])
        let result = try CommandRunner.run(["build", "--root", tree.path, "--proposals", tree.path + "/notes"])
        #expect(result.status == 2)
        #expect(
            result.stderr.contains(
                "--proposals '\(tree.path)/notes' holds no proposal (NNNN-name.md), and no proposals/ folder of them"),
            "\(result.stderr)")
    }

    @Test func checksAndDiffsWithTheSecondRoot() throws {
        let tree = try Fixture(["api/client-server/ping.yaml": Self.endpoint])
        try tree.commitAll()
        let proposals = try Fixture(["3000-ping.md": Self.proposal + "\n[x](#nowhere)\n"])
        let check = try CommandRunner.run(
            ["check", "--root", tree.path, "--proposals", proposals.path, "--warnings-as-errors"] + Self.templates)
        #expect(check.status == 1)
        #expect(
            check.stderr.contains(proposals.path + "/3000-ping.md:9:1: warning: the link '#nowhere'"), "\(check.stderr)"
        )
        let diff = try CommandRunner.run(["diff", "--root", tree.path, "--base", "HEAD", "--proposals", proposals.path])
        #expect(diff.status == 0, "\(diff.stderr)")
    }
}

extension ProposalsRootTests {
    /// `--all-versions --proposals`: every version reads the second root, and the cache of a tag's
    /// build is not reused once a proposal changes.
    @Test func readsTheSecondRootIntoEveryVersionAndKeysTheCacheByIt() throws {
        let tree = try Fixture(["api/client-server/ping.yaml": Self.endpoint])
        try tree.commitAll()
        #expect(try tree.git(["tag", "v1"]))
        let proposals = try Fixture(["3000-ping.md": Self.proposal])
        let output = try Fixture()
        func build() throws -> CommandRunner.Result {
            try CommandRunner.run(
                [
                    "build", "--all-versions", "--root", tree.path, "--proposals", proposals.path, "--output",
                    output.path + "/site", "--cache", output.path + "/cache",
                ] + Self.templates)
        }
        let first = try build()
        #expect(first.status == 0, "\(first.stderr)")
        for version in ["v1", "unstable"] {
            #expect(output.read("site/\(version)/client-server/index.html")?.contains("Pinging tells a client") == true)
        }
        try proposals.write("3000-ping.md", Self.proposal.replacingOccurrences(of: "tells a client", with: "shows"))
        let second = try build()
        #expect(second.status == 0, "\(second.stderr)")
        #expect(!second.stdout.contains("from the cache"), "\(second.stdout)")
        #expect(output.read("site/v1/client-server/index.html")?.contains("Pinging shows the server") == true)
    }
}
