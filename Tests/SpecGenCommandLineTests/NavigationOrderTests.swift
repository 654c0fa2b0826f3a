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
}
