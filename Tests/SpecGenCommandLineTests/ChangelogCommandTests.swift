import Foundation
import SpecGenTestSupport
import Testing

/// `specgen changelog` as a release manager runs it.
@Suite struct ChangelogCommandTests {
    func tree(_ fragments: [String: String]) throws -> Fixture {
        var files = ["changelogs/client_server/pyproject.toml": TowncrierFixture.clientServer]
        for (name, text) in fragments { files["changelogs/client_server/newsfragments/" + name] = text }
        return try Fixture(files)
    }

    @Test func printsTheDraftAndChangesNothing() throws {
        let fixture = try tree(["1.new": "Add ``GET /x``."])
        let result = try CommandRunner.run(["changelog", "--root", fixture.path, "--version", "r1", "--draft"])
        #expect(result.status == 0)
        #expect(result.stdout == "r1\n==\n\nNew Endpoints\n-------------\n\n- Add ``GET /x``. (#1)\n")
        #expect(fixture.exists("changelogs/client_server/newsfragments/1.new"))
        #expect(!fixture.exists("changelogs/client_server.rst"))
    }

    @Test func releasesAndRemovesTheFragments() throws {
        let fixture = try tree(["1.new": "Add ``GET /x``."])
        let result = try CommandRunner.run(["changelog", "--root", fixture.path, "--version", "r1"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "specgen: wrote changelogs/client_server.rst, removed 1 fragment\n")
        #expect(fixture.read("changelogs/client_server.rst")?.hasPrefix("r1\n==\n") == true)
        #expect(!fixture.exists("changelogs/client_server/newsfragments/1.new"))
    }

    @Test func checkReportsEveryBadFragment() throws {
        let fixture = try tree(["1.new": "", "2.nonsense": "x", "3.new": "Fine."])
        let result = try CommandRunner.run(["changelog", "check", "--root", fixture.path])
        #expect(result.status == 1)
        #expect(
            result.stderr.split(separator: "\n").map(String.init) == [
                "changelogs/client_server/newsfragments/1.new:1:1: error: the fragment is empty [empty-fragment]",
                "changelogs/client_server/newsfragments/2.nonsense:1:1: warning: '2.nonsense' is not ISSUE.TYPE[.COUNTER] with a known type (new); it is left out of the changelog [fragment-name]",
                "specgen: 1 error, 1 warning",
            ])
    }

    @Test func exitsWithTwoWithoutAVersion() throws {
        let fixture = try tree([:])
        #expect(try CommandRunner.run(["changelog", "--root", fixture.path]).status == 2)
    }
}
