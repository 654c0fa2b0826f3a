import Foundation
import SpecGenTestSupport
import Testing

@testable import SpecGenKit

@Suite struct ChangelogReleaseTests {
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
        ChangelogReleaser(root: fixture.path, api: "client_server", version: version, date: "2024-01-01", draft: true)
            .run()
    }

    @Test func mergesIdenticalTextAndOrdersIssuesAsNumbers() throws {
        let fixture = try tree([
            "10.clarification": "Fix typos.\n", "9.clarification": "Fix typos.",
            "100.clarification": "Clarify ``/sync``.",
            "2.clarification": "Clarify everything.\nOn two lines.",
        ])
        #expect(
            draft(fixture).text == """
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
        #expect(
            text.contains(
                "- Add ``GET /a``. (`#2278 <https://example.org/issues/2278>`_)\n- Add ``GET /b``. (`#2278 <https://example.org/issues/2278>`_)\n"
            ))
        #expect(text.contains("- Clarify. (`#5 <https://example.org/issues/5>`_)\n- Fix a typo.\n"))
    }

    @Test func leavesOutUnknownTypesAndCheckWarnsAboutThem() throws {
        let fixture = try tree(["1.misc": "Internal.", "2.new": "Add it."])
        #expect(draft(fixture).text?.contains("Internal") == false)
        #expect(
            ChangelogChecker(root: fixture.path).run().map(\.description) == [
                "changelogs/client_server/newsfragments/1.misc:1:1: warning: '1.misc' is not ISSUE.TYPE[.COUNTER] with a known type (new, clarification); it is left out of the changelog [fragment-name]"
            ])
    }

    @Test func refusesAnEmptyFragmentAndADuplicate() throws {
        let fixture = try tree(["3.new": "  \n", "12.new": "A.", "012.new": "B."])
        let outcome = draft(fixture)
        #expect(outcome.text == nil)
        #expect(
            outcome.diagnostics.map(\.description).sorted() == [
                "changelogs/client_server/newsfragments/12.new:1:1: error: '12.new' and '012.new' are the same issue, type and counter; number one of them [duplicate-fragment]",
                "changelogs/client_server/newsfragments/3.new:1:1: error: the fragment is empty [empty-fragment]",
            ])
    }

    @Test func writesTheReleaseAndThenRemovesTheFragments() throws {
        let fixture = try tree(["7.new": "Add ``POST /x``."])
        let outcome = ChangelogReleaser(
            root: fixture.path, api: "client_server", version: "r0.2.0", date: nil, draft: false
        ).run()
        #expect(outcome.diagnostics.isEmpty)
        #expect(
            fixture.read("changelogs/client_server.rst")
                == "r0.2.0\n======\n\nNew Endpoints\n-------------\n\n- Add ``POST /x``. (`#7 <https://example.org/issues/7>`_)\n\n\nr0.1.0\n======\n\n- Old.\n"
        )
        #expect(!fixture.exists("changelogs/client_server/newsfragments/7.new"))
        #expect(outcome.removedFragments == ["changelogs/client_server/newsfragments/7.new"])
    }

    @Test func keepsTheFragmentsWhenTheWriteFails() throws {
        let fixture = try tree(["7.new": "Add it."])
        try FileManager.default.removeItem(atPath: fixture.path + "/changelogs/client_server.rst")
        try FileManager.default.createDirectory(
            atPath: fixture.path + "/changelogs/client_server.rst/blocker", withIntermediateDirectories: true)
        let outcome = ChangelogReleaser(
            root: fixture.path, api: "client_server", version: "r0.2.0", date: nil, draft: false
        ).run()
        #expect(outcome.removedFragments.isEmpty)
        #expect(
            outcome.diagnostics.map(\.description) == [
                "changelogs/client_server/pyproject.toml:2:5: error: the changelog 'changelogs/client_server.rst': this is a folder, not a file [unreadable-file]"
            ])
        #expect(!(outcome.diagnostics.first?.message.contains("NSCocoaErrorDomain") ?? true))
        #expect(fixture.exists("changelogs/client_server/newsfragments/7.new"))
    }

    @Test func refusesAVersionAlreadyReleased() throws {
        let fixture = try tree(["7.new": "Add it."])
        let outcome = ChangelogReleaser(
            root: fixture.path, api: "client_server", version: "r0.1.0", date: nil, draft: false
        ).run()
        #expect(
            outcome.diagnostics.map(\.description) == [
                "changelogs/client_server.rst:1:1: error: version r0.1.0 is already released in changelogs/client_server.rst [release]"
            ])
        #expect(fixture.exists("changelogs/client_server/newsfragments/7.new"))
    }

    @Test func finishesAReleaseThatWasInterruptedAfterTheWrite() throws {
        // A kill after the changelog was written, before the fragments were removed.
        let fixture = try tree(
            ["7.new": "Add ``POST /x``."],
            existing:
                "r0.2.0\n======\n\nNew Endpoints\n-------------\n\n- Add ``POST /x``. (`#7 <https://example.org/issues/7>`_)\n\n\nr0.1.0\n======\n\n- Old.\n"
        )
        let outcome = ChangelogReleaser(
            root: fixture.path, api: "client_server", version: "r0.2.0", date: nil, draft: false
        ).run()
        #expect(!outcome.hasErrors, "\(outcome.diagnostics)")
        #expect(outcome.finishedInterrupted)
        #expect(!fixture.exists("changelogs/client_server/newsfragments/7.new"))
    }

    /// A Windows checkout's changelog ends its lines with `\r\n`: the release is written with them
    /// too, and a release already written there is recognised.
    @Test func keepsTheLineEndsOfAWindowsChangelog() throws {
        let fixture = try tree(["7.new": "Add ``POST /x``."], existing: "r0.1.0\r\n======\r\n\r\n- Old.\r\n")
        let release = {
            ChangelogReleaser(root: fixture.path, api: "client_server", version: "r0.2.0", date: nil, draft: false)
                .run()
        }
        #expect(!release().hasErrors)
        #expect(
            fixture.read("changelogs/client_server.rst")
                == "r0.2.0\r\n======\r\n\r\nNew Endpoints\r\n-------------\r\n\r\n- Add ``POST /x``. (`#7 <https://example.org/issues/7>`_)\r\n\r\n\r\nr0.1.0\r\n======\r\n\r\n- Old.\r\n"
        )
        // Killed before the fragment was removed: the next run finishes the release.
        try fixture.write("changelogs/client_server/newsfragments/7.new", "Add ``POST /x``.")
        let again = release()
        #expect(!again.hasErrors, "\(again.diagnostics)")
        #expect(again.finishedInterrupted)
    }

    @Test(arguments: ["../../x", "a/b", "", ".hidden", "v1\n2", ".."])
    func refusesAVersionThatIsNotAPlainName(version: String) {
        #expect(ChangelogReleaser.problem(withVersion: version) != nil)
    }

    @Test(arguments: ["2024-13-01", "07/10/2024", "October 7, 2024", "2024-1-1", ""])
    func refusesADateThatIsNotISO(date: String) {
        #expect(ChangelogReleaser.problem(withDate: date) != nil)
    }
}

@Suite struct JinjaTemplateTests {
    func render(_ source: String, _ context: [String: JinjaValue]) throws -> String {
        try JinjaTemplate(source, file: "t.jinja").render(context)
    }

    @Test func rendersLoopsConditionsFiltersAndWhitespaceControl() throws {
        let template = """
            {% for name, items in sections.items() if items %}
            {{ "#" * 2 }} {{ name|trim('#') }}
            {%- for item in items %}
            {{ loop.index }}. {{ item }}{% if loop.last %}.{% elif loop.first %},{% else %};{% endif %}
            {%- endfor %}
            {% endfor %}
            """
        let out = try render(
            template, ["sections": .dict([("#A#", .list([.string("x"), .string("y")])), ("B", .list([]))])])
        // What Jinja2 renders with trim_blocks, as towncrier sets it (checked with jinja2 3.1).
        #expect(out == "## A1. x,2. y.")
    }

    @Test func reportsAnUnsupportedTagAtItsPosition() {
        #expect(throws: Diagnostic.self) {
            try JinjaTemplate("line\n  {% macro x() %}{% endmacro %}\n", file: "t.jinja")
        }
        do {
            _ = try JinjaTemplate("line\n  {% macro x() %}{% endmacro %}\n", file: "t.jinja")
        } catch {
            #expect(error.description.hasPrefix("t.jinja:2:3: error: "))
            #expect(error.message.contains("macro"))
        }
    }
}

/// The real releases of `../shared/changelog-cases`.
@Suite struct ChangelogCaseTests {
    static let cases = SourcePaths.shared.map { $0 + "/changelog-cases" }

    @Test(.enabled(if: cases != nil, "../shared/changelog-cases is absent"))
    func reproducesServerServerR014ByteForByte() throws {
        let folder = try #require(Self.cases) + "/matrix-doc-ss-r0.1.4"
        let fixture = try Fixture.copy(of: folder + "/before")
        let before = fixture.read("changelogs/server_server.rst")
        let draft = ChangelogReleaser(
            root: fixture.path, api: "server_server", version: "r0.1.4", date: nil, draft: true
        ).run()
        let expectedSection = try String(contentsOfFile: folder + "/expected-section.rst", encoding: .utf8)
        #expect(draft.text.map { $0 + "\n\n" } == expectedSection)
        #expect(fixture.read("changelogs/server_server.rst") == before)

        let release = ChangelogReleaser(
            root: fixture.path, api: "server_server", version: "r0.1.4", date: nil, draft: false
        ).run()
        #expect(release.diagnostics.isEmpty)
        #expect(
            fixture.read("changelogs/server_server.rst")
                == (try String(contentsOfFile: folder + "/after-server_server.rst", encoding: .utf8)))
        #expect(release.removedFragments.count == 13)
    }

    /// The page after its YAML front matter.
    static func body(_ page: String) -> String {
        guard page.hasPrefix("---\n"),
            let end = page.range(of: "\n---\n", range: page.index(page.startIndex, offsetBy: 3)..<page.endIndex)
        else { return page }
        return String(page[end.upperBound...])
    }

    @Test(
        .enabled(if: cases != nil, "../shared/changelog-cases is absent"),
        arguments: [("v1.8", "2023-08-23"), ("v1.9", "2023-11-29"), ("v1.12", "2024-10-07")])
    func reproducesTheMatrixSpecRelease(version: String, date: String) throws {
        let folder = try #require(Self.cases) + "/matrix-spec-" + version
        let fixture = try Fixture.copy(of: folder + "/before")
        let draft = ChangelogReleaser(root: fixture.path, api: nil, version: version, date: date, draft: true).run()
        let release = ChangelogReleaser(root: fixture.path, api: nil, version: version, date: date, draft: false).run()
        #expect(release.diagnostics.isEmpty)
        let written = try #require(fixture.read("content/changelog/\(version).md"))
        let expected = try String(contentsOfFile: folder + "/after-\(version).md", encoding: .utf8)
        #expect(Self.body(written) == Self.body(expected))
        // --draft prints exactly the section that the release adds.
        #expect(draft.text.map { Self.body(written).contains($0) } == true)
        #expect(written.hasPrefix("---\ntitle: \(version) Changelog\n"))
    }
}

/// matrix-spec v1.1 to v1.4 kept each released changelog as a Hugo partial, which the changelog
/// page includes with `changelog/changelog-rendered`, and showed the newsfragments with
/// `changelog/changelog-changes`.
@Suite struct PartialChangelogTests {
    static let tree: [String: String] = [
        "config.toml": "title = \"Spec\"\n",
        "content/_index.md": "---\ntitle: Spec\n---\n\nSee the [changelog](/changelog/#v12).\n",
        "content/changelog.md": """
        ---
        title: Changelog
        type: docs
        weight: 1000
        ---

        {{% changelog/changelog-description %}}

        {{% changelog/changelog-changes %}}

        <!-- DO NOT REMOVE OR CHANGE - Release script puts next release here -->
        {{% changelog/changelog-rendered p="changelogs/v1.2.md" %}}
        {{% changelog/changelog-rendered p="changelogs/v1.1.md" %}}
        {{% changelog/changelog-rendered p="changelogs/v0.9.md" %}}
        {{% changelog/changelog-rendered p="../../config.toml" %}}

        ## Historical versions

        Before version 1.1, each API had its own versions.
        """,
        "layouts/partials/changelogs/v1.2.md": """
        <!--
        This is a header file for the generated changelog.
        -->

        ## v1.2

        <table class="release-info">
        <tr><th>Release date</th><td>February 02, 2022</td>
        </table>

        ### Client-Server API

        <strong>Backwards Compatible Changes</strong>

        - Add the unicorn endpoint, as per [MSC1234](https://github.com/matrix-org/matrix-spec-proposals/pull/1234). ([#1](https://github.com/matrix-org/matrix-spec/issues/1))
        """,
        "layouts/partials/changelogs/v1.1.md": """
        ## v1.1

        ### Server-Server API

        <strong>Spec Clarifications</strong>

        - Clarify the griffin rules. ([#2](https://github.com/matrix-org/matrix-spec/issues/2))
        """,
        "changelogs/pyproject.toml": """
        [tool.towncrier]
            filename = "rendered.md"
            [[tool.towncrier.type]]
                directory = "clarification"
                name = "Spec Clarifications"
                showcontent = true
            [[tool.towncrier.section]]
                name = "Client-Server API"
                path = "client_server"
        """,
        "changelogs/client_server/newsfragments/3.clarification": "Clarify the phoenix rules.\n",
    ]

    static let result = TestSite.render(tree)

    @Test func showsEachIncludedReleaseWithItsAnchorAndTheUnreleasedChanges() throws {
        let page = try Self.result.page("changelog/index.html")
        #expect(page.contains("<h2 id=\"v12\">v1.2"))
        #expect(page.contains("<h2 id=\"v11\">v1.1"))
        #expect(page.contains("Add the unicorn endpoint"))
        #expect(page.contains("Clarify the griffin rules."))
        #expect(page.contains("Clarify the phoenix rules."))
        // Newest first, as the page lists them, and after the unreleased changes.
        let order = ["phoenix", "unicorn", "griffin"].compactMap { page.range(of: $0)?.lowerBound }
        #expect(order.count == 3 && order == order.sorted())
        #expect(!page.contains("{{%"))
    }

    @Test func knowsTheReleasesAndSaysWhichPartialsAreMissing() {
        #expect(Self.result.spec?.changelogs.releases.map(\.version) == ["v1.2", "v1.1"])
        #expect(
            Self.result.messages == [
                "content/changelog.md:14:1: error: 'changelog/changelog-rendered': there is no released changelog layouts/partials/changelogs/v0.9.md [include-not-found]",
                "content/changelog.md:15:1: error: 'changelog/changelog-rendered': there is no released changelog layouts/partials/../../config.toml [include-not-found]",
            ])
    }
}
