import Foundation
import SpecGenTestSupport
import Testing

@testable import SpecGenKit

/// A tag's tree is read from git into memory as a checkout would hold it, and files that the tree
/// read before shares are not asked of git again.
@Suite struct GitTreeTests {
    /// A repository with a subfolder, a symbolic link, a name with spaces and non-ASCII letters, a
    /// file over the size limit, and an empty file; tagged `one`, then `two` with one file changed.
    static func repository() throws -> Fixture {
        let fixture = try Fixture()
        #expect(try fixture.git(["init", "-q"]))
        try fixture.write("spec/a.md", "A\n")
        try fixture.write("spec/sub folder/é b.yaml", "b: 1\n")
        try fixture.write("spec/empty.txt", "")
        try fixture.write("outside.md", "not below the prefix\n")
        try fixture.write("spec/big.bin", [UInt8](repeating: 0x61, count: SourceLimits.fileSize + 1))
        try FileManager.default.createSymbolicLink(
            atPath: fixture.path + "/spec/link.md", withDestinationPath: "a.md")
        #expect(try fixture.git(["add", "-A"]))
        #expect(try fixture.git(["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "one"]))
        #expect(try fixture.git(["tag", "one"]))
        try fixture.write("spec/a.md", "A, changed\n")
        // A submodule: a commit in the tree, which a checkout leaves as an empty folder.
        let submodule = "160000," + String(repeating: "1", count: 40) + ",spec/sub"
        #expect(try fixture.git(["update-index", "--add", "--cacheinfo", submodule]))
        #expect(try fixture.git(["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qam", "two"]))
        #expect(try fixture.git(["tag", "two"]))
        return fixture
    }

    @Test func aTagsTreeHoldsItsFilesBelowThePrefix() throws {
        let fixture = try Self.repository()
        let top = try #require(GitTree.top(of: fixture.path))
        let tree = try #require(GitTree.read("one", in: top, prefix: "spec"))
        #expect(Set(tree.files.keys) == ["a.md", "sub folder/é b.yaml", "empty.txt", "link.md", "big.bin"])
        #expect(tree.files["a.md"] == Array("A\n".utf8))
        #expect(tree.files["sub folder/é b.yaml"] == Array("b: 1\n".utf8))
        #expect(tree.files["empty.txt"] == [])
        // A symbolic link is a small file holding its target, as without symlink support.
        #expect(tree.files["link.md"] == Array("a.md".utf8))
        // A file over the limit is listed with its size and never held.
        #expect(tree.oversized == ["big.bin": SourceLimits.fileSize + 1])
        #expect(tree.files["big.bin"] == [])
        let whole = try #require(GitTree.read("one", in: top, prefix: ""))
        #expect(whole.files["outside.md"] == Array("not below the prefix\n".utf8))
        #expect(GitTree.read("no-such-tag", in: top, prefix: "") == nil)
    }

    /// A folder whose name reads as a glob names itself only.
    @Test func aPrefixIsAPathNotAPattern() throws {
        let fixture = try Fixture()
        #expect(try fixture.git(["init", "-q"]))
        try fixture.write("spec[1]/a.md", "mine\n")
        try fixture.write("spec1/a.md", "a sibling that the pattern would match\n")
        try fixture.write("spec*/b.md", "another\n")
        #expect(try fixture.git(["add", "-A"]))
        #expect(try fixture.git(["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "one"]))
        let top = try #require(GitTree.top(of: fixture.path))
        let tree = try #require(GitTree.read("HEAD", in: top, prefix: "spec[1]"))
        #expect(tree.files == ["a.md": Array("mine\n".utf8)])
        let star = try #require(GitTree.read("HEAD", in: top, prefix: "spec*"))
        #expect(star.files == ["b.md": Array("another\n".utf8)])
    }

    @Test func aTreeReadAfterAnotherTakesTheFilesItShares() throws {
        let fixture = try Self.repository()
        let top = try #require(GitTree.top(of: fixture.path))
        let blobs = GitTree.BlobStore()
        let one = try #require(GitTree.commit("one", in: top))
        let two = try #require(GitTree.commit("two", in: top))
        let first = try #require(GitTree.read(commit: one, in: top, prefix: "spec", blobs: blobs))
        let second = try #require(GitTree.read(commit: two, in: top, prefix: "spec", blobs: blobs))
        #expect(first.files["a.md"] == Array("A\n".utf8))
        #expect(second.files["a.md"] == Array("A, changed\n".utf8))
        #expect(second.files["sub folder/é b.yaml"] == first.files["sub folder/é b.yaml"])
        #expect(Set(second.files.keys) == Set(first.files.keys), "the submodule is no file")
        #expect(blobs.lastRead == 1, "only the changed file is read from git")
        // The store holds the last tree's files: going back reads the old one again, and only it.
        let again = try #require(GitTree.read(commit: one, in: top, prefix: "spec", blobs: blobs))
        #expect(again.files == first.files)
        #expect(blobs.lastRead == 1)
    }

    @Test func whatCatFileWritesIsReadInAnyChunks() {
        let output = Array("0123 blob 3\nabc\n4567 blob 0\n\n89ab blob 2\n\n\n\n".utf8)
        for size in [1, 2, 5, output.count] {
            var reader = GitTree.BatchReader()
            var start = 0
            while start < output.count {
                let end = min(start + size, output.count)
                output[start..<end].withUnsafeBufferPointer { reader.consume($0) }
                start = end
            }
            #expect(!reader.failed)
            #expect(reader.blobs == [Array("abc".utf8), [], Array("\n\n".utf8)], "chunks of \(size)")
        }
        var missing = GitTree.BatchReader()
        Array("0123 missing\n".utf8).withUnsafeBufferPointer { missing.consume($0) }
        #expect(missing.failed)
    }
}

/// Programs run at the same time do not inherit each other's pipes.
@Suite struct SubprocessPipeTests {
    /// The pipes a program started now holds, besides its standard output.
    static func pipesOfAProgram() -> Set<String> {
        let listing =
            Subprocess.runData(["ls", "-l", "/proc/self/fd"]).map { String(decoding: $0, as: UTF8.self) } ?? ""
        return Set(
            listing.split(separator: "\n").filter { $0.contains("pipe:") && !$0.contains(" 1 -> ") }
                .compactMap { $0.split(separator: " ").last.map(String.init) })
    }

    @Test func aProgramStartedWhileAnotherRunsHoldsNoneOfItsPipes() throws {
        // What a program inherits from the test process itself, whatever runs.
        let alone = Self.pipesOfAProgram()
        var during: Set<String>?
        // While `cat` still runs (its output is being read), another program lists what it got.
        let ran = Subprocess.run(["cat"], input: Array(repeating: UInt8(ascii: "x"), count: 1 << 20)) { _ in
            if during == nil { during = Self.pipesOfAProgram() }
        }
        #expect(ran)
        #expect(during == alone)
    }
}
