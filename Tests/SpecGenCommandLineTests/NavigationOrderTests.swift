import Foundation
import SpecGenTestSupport
import Testing

/// The sidebar orders pages as Hugo does: by weight, then newest first, then by title.
@Suite struct NavigationOrderTests {
    @Test func listsReleasesNewestFirstNotAsText() throws {
        var files = [
            "config.toml": "title = \"X\"\nbaseURL = \"/\"\n",
            "content/_index.md": "---\ntitle: Home\n---\n\nHello.\n",
            "content/changelog/_index.md": "---\ntitle: Changelog\n---\n",
            "content/changelog/notes.md": "---\ntitle: About the changelog\n---\n\nUndated, so last.\n",
        ]
        for (version, date) in [("v1.1", "2021-11-09"), ("v1.2", "2022-02-02"), ("v1.10", "2024-03-22")] {
            files["content/changelog/\(version).md"] = "---\ntitle: \(version)\ndate: \(date)\n---\n\nChanges.\n"
        }
        let fixture = try Fixture(files)
        let result = try CommandRunner.run([
            "build", "--root", fixture.path, "--output", fixture.path + "/site", "--templates", SourcePaths.templates,
        ])
        #expect(result.status == 0)
        let page = try #require(fixture.read("site/changelog/index.html"))
        let titles = ["v1.10", "v1.2", "v1.1", "About the changelog"]
        let positions = titles.compactMap { page.range(of: ">\($0)</a>")?.lowerBound }
        #expect(positions.count == titles.count)
        #expect(positions == positions.sorted(), "\(titles)")
    }

    /// The sidebar leaves out what the tree's sidebar template leaves out: pages whose front matter
    /// says `toc_hide: true`, and pages of a type it filters (v1.1 to v1.4's client-server modules).
    /// The pages are still built, as Hugo builds them.
    @Test(arguments: [true, false])
    func leavesOutWhatTheTreesSidebarLeavesOut(templateFiltersModules: Bool) throws {
        let filter = templateFiltersModules ? "{{ $pages = where $pages \"Type\" \"!=\" \"module\"}}\n" : ""
        let fixture = try Fixture([
            "config.toml": "title = \"X\"\nbaseURL = \"/\"\n",
            "layouts/partials/sidebar-tree.html":
                "{{ $pages := where $s.Pages \".Params.toc_hide\" \"!=\" true }}\n" + filter,
            "content/_index.md": "---\ntitle: Home\n---\n\nHello.\n",
            "content/guide.md": "---\ntitle: Guide\n---\n\nRead me.\n",
            "content/fragments/auth.md": "---\ntoc_hide: true\n---\n\nThe auth rules.\n",
            "content/modules/messaging.md": "---\ntype: module\n---\n\n### Messaging\n\nSend messages.\n",
        ])
        let result = try CommandRunner.run([
            "build", "--root", fixture.path, "--output", fixture.path + "/site", "--templates", SourcePaths.templates,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let home = try #require(fixture.read("site/index.html"))
        let sidebar = try #require(home.range(of: "class=\"sidebar\"").map { String(home[$0.lowerBound...]) })
        #expect(sidebar.contains(">Guide</a>"))
        #expect(!sidebar.contains("fragments/auth"))
        #expect(sidebar.contains("modules/messaging") == !templateFiltersModules)
        #expect(fixture.read("site/fragments/auth/index.html")?.contains("The auth rules.") == true)
        #expect(fixture.read("site/modules/messaging/index.html")?.contains("Send messages.") == true)
    }
}
