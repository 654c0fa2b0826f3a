import Foundation
import SpecGenTestSupport
import Testing

/// `specgen build --all-versions` on a git repository whose tags hold real releases.
@Suite struct AllVersionsTests {
    @Test(.enabled(if: SourcePaths.corpus("matrix-spec-v1.16") != nil, "../shared/corpus is absent"))
    func buildsEveryTagLatestAndUnstable() throws {
        let fixture = try SpecRepository.make()
        let output = try Fixture()
        let result = try CommandRunner.run([
            "build", "--all-versions", "--root", fixture.path, "--output", output.path + "/site", "--templates",
            SourcePaths.templates,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let page = { (version: String) in output.read("site/\(version)/client-server-api/index.html") ?? "" }
        for version in ["v1.8", "v1.16", "latest", "unstable"] { #expect(!page(version).isEmpty, "\(version)") }
        // latest is v1.16 by version order, and only unstable has the work tree's change.
        #expect(page("latest").contains("<span class=\"site-version\">v1.16</span>"))
        #expect(page("unstable").contains(SpecRepository.workTreeSentence))
        #expect(
            !page("v1.16").contains(SpecRepository.workTreeSentence)
                && !page("latest").contains(SpecRepository.workTreeSentence))
        // The version menu links to the same page in each other version; old ones point to latest.
        #expect(page("v1.16").contains("<a href=\"../../v1.8/client-server-api/index.html\">v1.8</a>"))
        #expect(
            page("v1.8").contains(
                "<p class=\"version-banner\">This is version v1.8 of the spec, not the latest. <a href=\"../../latest/client-server-api/index.html\">"
            ))
        #expect(page("unstable").contains("class=\"version-banner\">This is the unstable spec"))
        #expect(output.read("site/index.html")?.contains("url=latest/index.html") == true)
        // A page that a version does not have links to that version's index.
        let v116Only = try #require(output.read("site/v1.16/changelog/v1.16/index.html"))
        #expect(v116Only.contains("<li><a href=\"../../../v1.8/index.html\">v1.8</a></li>"))
        // The work tree was never touched.
        #expect(
            fixture.read("content/client-server-api/_index.md")?.hasSuffix(SpecRepository.workTreeSentence + "\n")
                == true)
        // Links and ids hold in each version's folder.
        for version in ["v1.8", "v1.16", "latest", "unstable"] {
            let check = Process()
            check.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            check.arguments = [
                "python3", try #require(SourcePaths.shared) + "/tools/sitecheck.py", fixture.path,
                output.path + "/site/" + version, "--checks", "links,ids",
            ]
            check.standardOutput = FileHandle.nullDevice
            try check.run()
            check.waitUntilExit()
            #expect(check.terminationStatus == 0, "sitecheck links,ids on \(version)")
        }
    }

    @Test func readsAnnotatedTagsAndNamesATagOfNoCommit() throws {
        let fixture = try Fixture()
        for folder in ["api", "event-schemas", "changelogs", "proposals"] {
            try fixture.copy(SourcePaths.packageRoot + "/" + folder, to: folder)
        }
        try fixture.commitAll("v1")
        #expect(try fixture.git(["tag", "-a", "-m", "release v1", "v1"]))
        // A tag of a tree, not of a commit.
        #expect(try fixture.git(["tag", "v0", "HEAD^{tree}"]))
        let output = try Fixture()
        let result = try CommandRunner.run([
            "build", "--all-versions", "--root", fixture.path, "--output", output.path + "/site", "--templates",
            SourcePaths.templates,
        ])
        #expect(result.status == 1)
        #expect(
            result.stderr.contains("v0:1:1: error: cannot read tag v0 from git: it names no commit"), "\(result.stderr)"
        )
        #expect(
            output.exists("site/v1/index.html") && output.exists("site/latest/index.html")
                && output.exists("site/unstable/index.html"))
        #expect(!output.exists("site/v0"))
    }

    /// Versions are written to a staging folder as they are built; when none builds, the folder
    /// goes and the previous site stays as it was.
    @Test func leavesThePreviousSiteWhenNoVersionBuilds() throws {
        let fixture = try Fixture()
        for folder in ["api", "event-schemas", "changelogs", "proposals"] {
            try fixture.copy(SourcePaths.packageRoot + "/" + folder, to: folder)
        }
        try fixture.write("api/client-server/broken.yaml", "swagger: '2.0'\npaths: [unclosed\n")
        try fixture.commitAll("v1")
        #expect(try fixture.git(["tag", "v1"]))
        let output = try Fixture()
        try output.write("site/.specgen-site", "specgen\n")
        try output.write("site/index.html", "the previous site\n")
        let result = try CommandRunner.run([
            "build", "--all-versions", "--root", fixture.path, "--output", output.path + "/site", "--templates",
            SourcePaths.templates,
        ])
        #expect(result.status == 1)
        #expect(result.stderr.contains("no version was built"), "\(result.stderr)")
        #expect(output.read("site/index.html") == "the previous site\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: output.path) == ["site"])
    }

    @Test func escapesTagNamesInLinks() throws {
        let fixture = try Fixture()
        for folder in ["api", "event-schemas", "changelogs", "proposals"] {
            try fixture.copy(SourcePaths.packageRoot + "/" + folder, to: folder)
        }
        try fixture.commitAll("v2")
        // A tag may hold what a URL path may not: a quote, a fragment's '#', markup.
        #expect(try fixture.git(["tag", "v2#\"<b>"]))
        let output = try Fixture()
        let result = try CommandRunner.run([
            "build", "--all-versions", "--root", fixture.path, "--output", output.path + "/site", "--templates",
            SourcePaths.templates,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(output.exists("site/v2#\"<b>/index.html"))
        #expect(
            output.read("site/index.html")?.contains("<a href=\"v2%23%22%3Cb%3E/index.html\">v2#\"&lt;b&gt;</a>")
                == true)
        #expect(output.read("site/unstable/index.html")?.contains("href=\"../v2%23%22%3Cb%3E/index.html\"") == true)
    }

    @Test(.enabled(if: SourcePaths.corpus("matrix-spec-v1.16") != nil, "../shared/corpus is absent"))
    func skipsABrokenTagByNameAndReusesCachedTags() throws {
        let fixture = try SpecRepository.make(
            extraTag: (
                "v1.9",
                [
                    "data/api/client-server/x.yaml": "openapi: 3.1.0\npaths: [unclosed\n",
                    "content/_index.md": "---\ntitle: x\n---\n",
                ]
            ))
        let output = try Fixture()
        let cache = try Fixture()
        let arguments = [
            "build", "--all-versions", "--root", fixture.path, "--output", output.path + "/site", "--cache", cache.path,
            "--templates", SourcePaths.templates,
        ]
        let first = try CommandRunner.run(arguments)
        #expect(first.status == 1)
        #expect(first.stderr.contains("v1.9:data/api/client-server/x.yaml:3:1: error: "))
        #expect(first.stderr.contains("v1.9:1:1: error: tag v1.9 was not built (1 error); it is left out of the site"))
        #expect(
            output.exists("site/v1.8/index.html") && output.exists("site/v1.16/index.html")
                && !output.exists("site/v1.9"))
        // The second run takes both good tags from the cache and gives the same site.
        let before = output.read("site/v1.8/client-server-api/index.html")
        let second = try CommandRunner.run(arguments)
        #expect(second.status == 1)
        #expect(second.stderr.contains("2 from the cache"))
        #expect(output.read("site/v1.8/client-server-api/index.html") == before)
    }

    @Test func serveAllVersionsOutsideAGitRepositoryIsBadUsage() throws {
        let fixture = try Fixture(["api/client-server/ping.yaml": "swagger: '2.0'\ninfo: {title: Ping}\npaths: {}\n"])
        // A port already taken, so that without the check the server stops (port in use) rather than runs.
        let taken = try #require(Self.listeningSocket())
        defer { close(taken.descriptor) }
        let result = try CommandRunner.run([
            "serve", "--all-versions", "--root", fixture.path, "--templates", SourcePaths.templates, "--port",
            String(taken.port),
        ])
        #expect(result.status == 2)
        #expect(
            result.stderr.contains("--all-versions needs a git repository; \(fixture.path) is not in one"),
            "\(result.stderr)")
    }

    /// A socket listening on 127.0.0.1 at a port the system chose.
    static func listeningSocket() -> (descriptor: Int32, port: Int)? {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return nil }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, length) == 0 && listen(descriptor, 1) == 0
                    && getsockname(descriptor, $0, &length) == 0
            }
        }
        guard bound else {
            close(descriptor)
            return nil
        }
        return (descriptor, Int(UInt16(bigEndian: address.sin_port)))
    }
}
