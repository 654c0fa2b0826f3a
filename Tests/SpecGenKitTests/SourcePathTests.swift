import Testing

@testable import SpecGenKit

/// Root-relative paths, and the addresses of version folders built from them.
@Suite struct SourcePathTests {
    @Test(arguments: [
        ("a/b.yaml", "a/b.yaml"),
        ("a//b.yaml", "a/b.yaml"),
        ("/a/b/", "a/b"),
        ("./a/./b", "a/b"),
        ("a/../b", "b"),
        ("a/b/../../c", "c"),
        ("..a/b..", "..a/b.."),
        (".a/...", ".a/..."),
        ("", ""),
    ])
    func normalizes(path: String, expected: String) {
        #expect(SourcePath.normalize(path) == expected)
    }

    @Test(arguments: ["..", "a/../..", "/../a", "./.."])
    func refusesToClimbAboveTheRoot(path: String) {
        #expect(SourcePath.normalize(path) == nil)
    }

    /// Every path made of these components normalizes to one with no empty, `.` or `..`
    /// component, and normalizing that gives it back unchanged.
    @Test func normalizedPathsAreFixedPoints() {
        let components = ["a", "b.c", ".", "..", "", "...", ".d", "e.."]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let count = Int.random(in: 0...6, using: &generator)
            let path = (0..<count).map { _ in components.randomElement(using: &generator)! }.joined(separator: "/")
            guard let normal = SourcePath.normalize(path) else { continue }
            let parts = normal.split(separator: "/", omittingEmptySubsequences: false)
            #expect(normal.isEmpty || !parts.contains { $0.isEmpty || $0 == "." || $0 == ".." }, "\(path)")
            #expect(SourcePath.normalize(normal) == normal, "\(path)")
        }
    }

    @Test(arguments: [
        ("v1.19/client-server-api/index.html", "v1.19/client-server-api/index.html"),
        ("v 1/index.html", "v%201/index.html"),
        ("v1#x/index.html", "v1%23x/index.html"),
        ("v1%/index.html", "v1%25/index.html"),
        ("vé/index.html", "v%C3%A9/index.html"),
    ])
    func escapesWhatAURLPathMayNotHold(path: String, expected: String) {
        #expect(VersionedBuild.href(path) == expected)
    }
}

/// What one build read, and what it counts as used.
@Suite struct SourceInputsTests {
    /// A long folder's entries have their kinds looked up as it is listed, all at once; a kind
    /// counts as used (and so in the build's fingerprint) only once a loader asks for it.
    @Test func countsAPrefetchedKindAsUsedOnlyOnceAsked() {
        func inputs(sizeOfOne size: Int) -> SourceInputs {
            var files: [String: String] = [:]
            for index in 0..<(SourceInputs.prefetchedListing + 8) { files["dir/f\(index).md"] = "x" }
            files["dir/f7.md"] = String(repeating: "y", count: size)
            return SourceInputs(fileSystem: MemoryFileSystem(text: files))
        }
        let small = inputs(sizeOfOne: 1)
        let large = inputs(sizeOfOne: 9)
        #expect(small.list("dir", recorder: nil).count == SourceInputs.prefetchedListing + 8)
        #expect(large.list("dir", recorder: nil).count == SourceInputs.prefetchedListing + 8)
        #expect(small.fingerprint(excluding: []) == large.fingerprint(excluding: []))
        #expect(small.kind("dir/f7.md", recorder: nil) != large.kind("dir/f7.md", recorder: nil))
        #expect(small.fingerprint(excluding: []) != large.fingerprint(excluding: []))
    }
}
