import Foundation
import SpecGenTestSupport
import Testing

@testable import SpecGenKit

/// `--all-versions` builds one version after another, each reusing what the one before made from
/// identical inputs. Reuse must never show: each version is what a build of its tree alone gives.
@Suite struct VersionedBuildTests {
    @Test(.enabled(if: SourcePaths.corpus("matrix-spec-v1.16") != nil, "../shared/corpus is absent"))
    func eachVersionEqualsAFreshBuildOfItsTree() throws {
        let fixture = try SpecRepository.make()
        let versioned = VersionedBuild(root: fixture.path, templates: TestSite.templates)
        let top = try #require(GitTree.top(of: versioned.root))
        let (built, cached, _, _) = versioned.buildEachVersion(in: top)
        #expect(built.map(\.name) == ["v1.16", "v1.8", "unstable"])
        #expect(cached.isEmpty)
        for version in built {
            let tree: any SourceFileSystem
            if version.name == VersionedBuild.unstable {
                tree = DiskFileSystem(root: versioned.root)
            } else {
                tree = try #require(GitTree.read(version.name, in: top, prefix: ""))
            }
            let fresh = versioned.build(version.name, from: tree, cache: nil)
            #expect(!fresh.files.isEmpty)
            #expect(version.files.map(\.path) == fresh.files.map(\.path), "\(version.name)")
            for (shared, alone) in zip(version.files, fresh.files) where shared.bytes != alone.bytes {
                Issue.record("\(version.name)/\(shared.path) differs from a build of its tree alone")
            }
            #expect(version.diagnostics.map(\.description) == fresh.diagnostics.map(\.description), "\(version.name)")
        }
    }

    /// Written out version by version, the site is file for file the one assembled in memory, and
    /// the staging folder is gone.
    @Test(.enabled(if: SourcePaths.corpus("matrix-spec-v1.16") != nil, "../shared/corpus is absent"))
    func theSiteWrittenAsEachVersionIsBuiltIsTheSiteAssembledInMemory() throws {
        let fixture = try SpecRepository.make()
        let output = try Fixture()
        let versioned = VersionedBuild(root: fixture.path, templates: TestSite.templates)
        let inMemory = versioned.run()
        let site = try #require(inMemory.site)
        let written = versioned.write(to: SiteWriter(output: output.path + "/site"))
        #expect(written.published)
        #expect(written.versions == inMemory.versions)
        #expect(written.diagnostics.map(\.description) == inMemory.diagnostics.map(\.description))
        let disk = DiskFileSystem(root: output.path + "/site")
        for file in site.files {
            let bytes = try? disk.read(URLPolicy.filePath(ofSitePath: file.path))
            #expect(bytes == file.bytes, "\(file.path)")
        }
        let entries = try FileManager.default.contentsOfDirectory(atPath: output.path)
        #expect(entries == ["site"])
    }
}
