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

    /// A tag that fails to build, in the middle or as the newest: the version bars written before
    /// it failed listed it, and the newest may not be the one first copied to `latest/`. (Every
    /// case also has pages that v1.8 lacks, whose forecast bars are wrong too.)
    static let brokenTags = ["v1.9", "v1.99"]

    /// Written out version by version, the site is file for file the one assembled in memory, and
    /// the staging folder is gone: pages written with the version bars forecast while versions
    /// were still to be built get their final bars (v1.8 lacks pages v1.16 has), also when a tag
    /// fails.
    @Test(
        .enabled(if: SourcePaths.corpus("matrix-spec-v1.16") != nil, "../shared/corpus is absent"),
        arguments: brokenTags)
    func theSiteWrittenAsEachVersionIsBuiltIsTheSiteAssembledInMemory(brokenTag: String) throws {
        let fixture = try SpecRepository.make(
            extraTag: (brokenTag, ["data/api/client-server/x.yaml": "openapi: 3.1.0\npaths: [unclosed\n"]))
        let output = try Fixture()
        let versioned = VersionedBuild(root: fixture.path, templates: TestSite.templates)
        let inMemory = versioned.run()
        let site = try #require(inMemory.site)
        let written = versioned.write(to: SiteWriter(output: output.path + "/site"))
        #expect(written.published)
        #expect(written.versions == inMemory.versions)
        #expect(written.diagnostics.map(\.description) == inMemory.diagnostics.map(\.description))
        #expect(written.versions == ["latest", "v1.16", "v1.8", "unstable"])
        let disk = DiskFileSystem(root: output.path + "/site")
        for file in site.files {
            let same = (try? disk.read(URLPolicy.filePath(ofSitePath: file.path))) == file.bytes
            #expect(same, "\(file.path) differs from the site assembled in memory")
        }
        let files = try FileManager.default.subpathsOfDirectory(atPath: output.path + "/site").filter {
            !disk.isDirectory($0)
        }
        #expect(files.count == site.files.count + 1, "the site's files and specgen's marker, nothing else")
        let entries = try FileManager.default.contentsOfDirectory(atPath: output.path)
        #expect(entries == ["site"])
    }
}
