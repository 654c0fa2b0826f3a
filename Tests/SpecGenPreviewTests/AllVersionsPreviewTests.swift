import Foundation
import SpecGenKit
import SpecGenTestSupport
import Testing

@testable import SpecGenPreview

/// `specgen serve --all-versions`: the tags are built once, the work tree on every change, and
/// what it serves is what `build --all-versions` writes.
@Suite struct AllVersionsPreviewTests {
    func page(_ site: PreviewSite, _ path: String) -> String {
        String(decoding: site.current.files[path] ?? [], as: UTF8.self)
    }

    /// What a fresh `build --all-versions` of the repository gives, by path.
    func freshBuild(_ root: String) throws -> [String: [UInt8]] {
        let outcome = VersionedBuild(root: root, templates: try Templates.load(directory: SourcePaths.templates)).run()
        return Dictionary(uniqueKeysWithValues: (outcome.site?.files ?? []).map { ($0.path, $0.bytes) })
    }

    @Test func rebuildsTheWorkTreeAndServesWhatAFreshBuildWrites() throws {
        let fixture = try SpecRepository.make()
        let site = PreviewSite(root: fixture.path, templatesDirectory: SourcePaths.templates, allVersions: true)
        site.rebuild()
        #expect(site.current.generation == 1 && !site.current.isStale)
        #expect(page(site, "unstable/client-server-api/index.html").contains(SpecRepository.workTreeSentence))
        #expect(!page(site, "v1.16/client-server-api/index.html").contains(SpecRepository.workTreeSentence))
        #expect(
            page(site, "v1.8/client-server-api/index.html").contains(
                "href=\"../../v1.16/client-server-api/index.html\""))
        #expect(site.current.files["index.html"] != nil)
        #expect(site.watchedFolders.contains("content"))

        // An edit: only unstable/ changes, and the site equals a fresh build of the repository.
        let edited =
            try #require(fixture.read("content/client-server-api/_index.md")) + "\nA sentence added while serving.\n"
        try fixture.write("content/client-server-api/_index.md", edited)
        site.rebuild()
        #expect(site.current.generation == 2)
        #expect(page(site, "unstable/client-server-api/index.html").contains("A sentence added while serving."))
        #expect(!page(site, "latest/client-server-api/index.html").contains("A sentence added while serving."))
        let fresh = try freshBuild(fixture.path)
        #expect(Set(site.current.files.keys) == Set(fresh.keys))
        #expect(site.current.files.filter { fresh[$0.key] != $0.value }.map(\.key).sorted() == [])

        // A broken work tree keeps the last good site and says why.
        try fixture.write("data/api/client-server/broken.yaml", "openapi: 3.1.0\npaths: [unclosed\n")
        site.rebuild()
        #expect(site.current.isStale && site.current.generation == 2)
        #expect(
            site.current.diagnostics.contains {
                $0.severity == .error && $0.file == "data/api/client-server/broken.yaml"
            })
        #expect(page(site, "unstable/client-server-api/index.html").contains("A sentence added while serving."))
    }
}
