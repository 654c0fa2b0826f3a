import Foundation
import SpecGenTestSupport
import Testing

@testable import SpecGenKit

@Suite struct ChangelogTests {
    static let config = """
        [tool.towncrier]
            filename = "../client_server.rst"
            directory = "newsfragments"
            issue_format = "`#{issue} <https://example.org/issues/{issue}>`_"
            title_format = "{version}"

            [[tool.towncrier.type]]
                directory = "new"
                name = "New Endpoints"
                showcontent = true

            [[tool.towncrier.type]]
                directory = "clarification"
                name = "Spec Clarifications"
                showcontent = true
        """

    func tree(_ fragments: [String: String], existing: String = "r0.1.0\n======\n\n- Old.\n") throws -> Fixture {
        var files = ["changelogs/client_server/pyproject.toml": Self.config, "changelogs/client_server.rst": existing]
        for (name, text) in fragments { files["changelogs/client_server/newsfragments/" + name] = text }
        return try Fixture(files)
    }

    func draft(_ fixture: Fixture, version: String = "r0.2.0") -> ChangelogReleaser.Outcome {
        ChangelogReleaser(root: fixture.path, api: "client_server", version: version, date: nil, draft: true).run()
    }

    @Test func mergesIdenticalTextAndOrdersIssuesAsNumbers() throws {
        let fixture = try tree([
            "10.clarification": "Fix typos.\n", "9.clarification": "Fix typos.", "100.clarification": "Clarify ``/sync``.",
            "2.clarification": "Clarify everything.\nOn two lines.",
        ])
        let text = try #require(draft(fixture).text)
        #expect(text == """
            r0.2.0
            ======

            Spec Clarifications
            -------------------

            - Clarify everything.
              On two lines. (`#2 <https://example.org/issues/2>`_)
            - Fix typos. (`#9 <https://example.org/issues/9>`_, `#10 <https://example.org/issues/10>`_)
            - Clarify ``/sync``. (`#100 <https://example.org/issues/100>`_)

            """)
    }

    @Test func readsCountersAndOrphans() throws {
        let fixture = try tree([
            "2278.new.1": "Add ``GET /a``.", "2278.new.2": "Add ``GET /b``.", "+typo.clarification": "Fix a typo.",
            "5.clarification": "Clarify.",
        ])
        let text = try #require(draft(fixture).text)
        #expect(text.contains("- Add ``GET /a``. (`#2278 <https://example.org/issues/2278>`_)\n- Add ``GET /b``. (`#2278 <https://example.org/issues/2278>`_)\n"))
        #expect(text.contains("- Clarify. (`#5 <https://example.org/issues/5>`_)\n- Fix a typo.\n"))
    }

    @Test func ignoresUnknownTypesAndCheckWarnsAboutThem() throws {
        let fixture = try tree(["1.misc": "Internal.", "2.new": "Add it."])
        #expect(draft(fixture).text?.contains("Internal") == false)
        let diagnostics = ChangelogChecker(root: fixture.path).run()
        #expect(diagnostics.map(\.description) == [
            "changelogs/client_server/newsfragments/1.misc: warning: '1.misc' is not ISSUE.TYPE[.COUNTER] with a known type (new, clarification); it is left out of the changelog"
        ])
    }

    @Test func refusesAnEmptyFragmentAndADuplicate() throws {
        let fixture = try tree(["3.new": "  \n", "12.new": "A.", "012.new": "B."])
        let outcome = draft(fixture)
        #expect(outcome.text == nil)
        #expect(outcome.diagnostics.map(\.description).sorted() == [
            "changelogs/client_server/newsfragments/12.new: error: '12.new' and '012.new' are the same issue, type and counter; number one of them",
            "changelogs/client_server/newsfragments/3.new: error: the fragment is empty",
        ])
    }

    @Test func writesTheReleaseAndThenRemovesTheFragments() throws {
        let fixture = try tree(["7.new": "Add ``POST /x``."])
        let outcome = ChangelogReleaser(root: fixture.path, api: "client_server", version: "r0.2.0", date: nil, draft: false).run()
        #expect(outcome.diagnostics.isEmpty)
        #expect(fixture.read("changelogs/client_server.rst") == "r0.2.0\n======\n\nNew Endpoints\n-------------\n\n- Add ``POST /x``. (`#7 <https://example.org/issues/7>`_)\n\n\nr0.1.0\n======\n\n- Old.\n")
        #expect(!fixture.exists("changelogs/client_server/newsfragments/7.new"))
    }

    @Test func keepsTheFragmentsWhenTheWriteFails() throws {
        let fixture = try tree(["7.new": "Add it."])
        try FileManager.default.removeItem(atPath: fixture.path + "/changelogs/client_server.rst")
        try FileManager.default.createDirectory(atPath: fixture.path + "/changelogs/client_server.rst/blocker", withIntermediateDirectories: true)
        let outcome = ChangelogReleaser(root: fixture.path, api: "client_server", version: "r0.2.0", date: nil, draft: false).run()
        #expect(outcome.hasErrors)
        #expect(outcome.diagnostics.first?.message.hasPrefix("cannot write the changelog; no fragment was removed") == true)
        #expect(fixture.exists("changelogs/client_server/newsfragments/7.new"))
    }

    @Test func refusesAVersionAlreadyReleased() throws {
        let fixture = try tree(["7.new": "Add it."])
        let outcome = ChangelogReleaser(root: fixture.path, api: "client_server", version: "r0.1.0", date: nil, draft: false).run()
        #expect(outcome.diagnostics.map(\.description) == ["changelogs/client_server.rst: error: version r0.1.0 is already in the changelog"])
        #expect(fixture.exists("changelogs/client_server/newsfragments/7.new"))
    }

    // MARK: Real releases

    static let cases = SourcePaths.shared.map { $0 + "/changelog-cases" }

    static func copy(_ folder: String) throws -> Fixture {
        let fixture = try Fixture()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/cp")
        process.arguments = ["-R", folder + "/.", fixture.path]
        try process.run()
        process.waitUntilExit()
        let chmod = Process()
        chmod.executableURL = URL(fileURLWithPath: "/bin/chmod")
        chmod.arguments = ["-R", "u+w", fixture.path]
        try chmod.run()
        chmod.waitUntilExit()
        return fixture
    }

    @Test(.enabled(if: cases != nil, "../shared/changelog-cases is absent"))
    func reproducesServerServerR014ByteForByte() throws {
        let folder = try #require(Self.cases) + "/matrix-doc-ss-r0.1.4"
        let fixture = try Self.copy(folder + "/before")
        let before = fixture.read("changelogs/server_server.rst")
        let draft = ChangelogReleaser(root: fixture.path, api: "server_server", version: "r0.1.4", date: nil, draft: true).run()
        let expectedSection = try String(contentsOfFile: folder + "/expected-section.rst", encoding: .utf8)
        #expect(draft.text.map { $0 + "\n\n" } == expectedSection)
        #expect(fixture.read("changelogs/server_server.rst") == before)

        let release = ChangelogReleaser(root: fixture.path, api: "server_server", version: "r0.1.4", date: nil, draft: false).run()
        #expect(release.diagnostics.isEmpty)
        let expected = try String(contentsOfFile: folder + "/after-server_server.rst", encoding: .utf8)
        #expect(fixture.read("changelogs/server_server.rst") == expected)
        #expect(release.removedFragments.count == 13)
        #expect(SpecLayout.contents(of: fixture.path + "/changelogs/server_server/newsfragments") == [".gitignore"])
    }

    @Test(.enabled(if: cases != nil, "../shared/changelog-cases is absent"))
    func reproducesMatrixSpecV18Page() throws {
        let folder = try #require(Self.cases) + "/matrix-spec-v1.8"
        let fixture = try Self.copy(folder + "/before")
        let release = ChangelogReleaser(root: fixture.path, api: nil, version: "v1.8", date: "August 23, 2023", draft: false).run()
        #expect(release.diagnostics.isEmpty)
        let written = try #require(fixture.read("content/changelog/v1.8.md"))
        let expected = try String(contentsOfFile: folder + "/after-v1.8.md", encoding: .utf8)
        #expect(Self.body(written) == Self.body(expected))
        #expect(written.hasPrefix("---\ndate: "))
    }

    /// The page after its YAML front matter.
    static func body(_ page: String) -> String {
        let parts = page.components(separatedBy: "---\n")
        return parts.count >= 3 ? parts[2...].joined(separator: "---\n") : page
    }
}
