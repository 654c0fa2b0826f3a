import Foundation
import Synchronization

/// Runs git (and nothing else) with fixed arguments: never through a shell.
enum Subprocess {
    /// Held while a program is spawned: see ``spawn(_:withInput:)``.
    private static let spawning = Mutex(())

    /// Runs a program found on `PATH` with `posix_spawnp` (Foundation's `Process` costs tens of
    /// milliseconds per run); its standard output when it exits 0, `nil` otherwise. Standard input
    /// and error are `/dev/null`.
    static func runData(_ arguments: [String]) -> Data? {
        var data = Data()
        return run(arguments) { data.append(contentsOf: $0) } ? data : nil
    }

    /// Runs a program as ``runData(_:)`` does, handing its output to `consume` as it comes, so
    /// that no more of it is held than `consume` keeps. True when it exits 0.
    /// - Parameter input: what the program reads on its standard input, written while it runs.
    static func run(_ arguments: [String], input: [UInt8]? = nil, consume: (UnsafeBufferPointer<UInt8>) -> Void)
        -> Bool
    {
        guard !arguments.isEmpty, let child = spawning.withLock({ _ in spawn(arguments, withInput: input != nil) })
        else { return false }
        // The input is written on another thread, so that a program that writes as it reads never
        // waits on a full pipe while this one waits on it.
        let writer = DispatchGroup()
        if let input {
            // A program that stops reading early must not end this one with SIGPIPE.
            signal(SIGPIPE, SIG_IGN)
            let descriptor = child.input
            DispatchQueue.global().async(group: writer) {
                input.withUnsafeBytes { bytes in
                    var offset = 0
                    while offset < bytes.count {
                        let count = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                        if count > 0 {
                            offset += count
                        } else if count < 0 && errno == EINTR {
                            continue
                        } else {
                            break
                        }
                    }
                }
                close(descriptor)
            }
        }
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = read(child.output, &buffer, buffer.count)
            if count > 0 {
                buffer.withUnsafeBufferPointer { consume(UnsafeBufferPointer(rebasing: $0[0..<count])) }
            } else if count < 0 && errno == EINTR {
                continue
            } else {
                break
            }
        }
        close(child.output)
        writer.wait()
        var status: Int32 = 0
        while waitpid(child.pid, &status, 0) < 0 && errno == EINTR {}
        // Exited (the low 7 bits are 0) with status 0.
        return status & 0x7F == 0 && (status >> 8) & 0xFF == 0
    }

    /// Starts a program with its standard output, and its standard input when `withInput`, on
    /// pipes; returns it and this process's ends of them (`input` is -1 without input).
    ///
    /// A program spawned at the same time on another thread must not inherit these pipes: one that
    /// held this input's write end would keep this program from ever reading to its end (two `git
    /// cat-file --batch` once waited on each other that way). So the pipes are close-on-exec, and
    /// callers spawn one program at a time.
    private static func spawn(_ arguments: [String], withInput: Bool) -> (pid: pid_t, output: Int32, input: Int32)? {
        var output: [Int32] = [0, 0]
        var inputPipe: [Int32] = [-1, -1]
        guard pipe(&output) == 0 else { return nil }
        if withInput, pipe(&inputPipe) != 0 {
            close(output[0])
            close(output[1])
            return nil
        }
        for descriptor in output + inputPipe where descriptor >= 0 { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if withInput {
            posix_spawn_file_actions_adddup2(&actions, inputPipe[0], 0)
            posix_spawn_file_actions_addclose(&actions, inputPipe[0])
            posix_spawn_file_actions_addclose(&actions, inputPipe[1])
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        posix_spawn_file_actions_adddup2(&actions, output[1], 1)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addclose(&actions, output[0])
        posix_spawn_file_actions_addclose(&actions, output[1])
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, arguments[0], &actions, nil, &argv, environ)
        close(output[1])
        if withInput { close(inputPipe[0]) }
        guard spawned == 0 else {
            close(output[0])
            if withInput { close(inputPipe[1]) }
            return nil
        }
        return (pid, output[0], inputPipe[1])
    }

    /// `git -C directory …`, its output trimmed; `nil` when git fails.
    @discardableResult
    static func git(_ arguments: [String], in directory: String) -> String? {
        runData(["git", "-C", directory] + arguments).map { String(decoding: $0, as: UTF8.self).trimmingWhitespace }
    }
}

/// A git revision's tree read into memory (`git ls-tree`, `git cat-file`): never a checkout, nothing written.
package enum GitTree {
    /// The top of the work tree holding `directory`, or `nil` outside one.
    package static func top(of directory: String) -> String? {
        Subprocess.git(["rev-parse", "--show-toplevel"], in: directory)
    }

    /// The short id of the commit the work tree holding `directory` is at, or `nil` outside git.
    package static func shortHead(of directory: String) -> String? {
        Subprocess.git(["rev-parse", "--short", "HEAD"], in: directory).flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The commit a revision names, or `nil`.
    package static func commit(_ revision: String, in top: String) -> String? {
        guard !revision.hasPrefix("-") else { return nil }
        return Subprocess.git(["rev-parse", "--verify", "--quiet", revision + "^{commit}"], in: top)
    }

    /// The tags of the repository that match a glob (`v*`), each with the commit it names (`nil`
    /// when it names none), from one run of git: a repository has dozens of release tags.
    package static func tags(matching pattern: String, in top: String) -> [(name: String, commit: String?)] {
        // The tag; what it points at; for an annotated tag, what that tag object points at.
        let format = "--format=%(refname:strip=2)%00%(objecttype)%00%(objectname)%00%(*objecttype)%00%(*objectname)"
        let output = Subprocess.git(["tag", "--list", format, "--", pattern], in: top) ?? ""
        return output.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: "\0", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 5, !fields[0].isEmpty else { return nil }
            if fields[1] == "commit" { return (fields[0], fields[2]) }
            if fields[3] == "commit" { return (fields[0], fields[4]) }
            // A tag of a tag, or of something that is not a commit: git peels it, or says there is none.
            return (fields[0], commit("refs/tags/" + fields[0], in: top))
        }
    }

    /// The files below `prefix` in `revision`, keyed by their path below `prefix`. A symbolic link
    /// becomes a small file holding its target, as git checks one out without symlink support.
    package static func read(_ revision: String, in top: String, prefix: String) -> MemoryFileSystem? {
        commit(revision, in: top).flatMap { read(commit: $0, in: top, prefix: prefix) }
    }

    /// ``read(_:in:prefix:)`` for a commit id that git has given. Files whose blobs `blobs` holds
    /// are taken from it, the others are read from git and kept there: neighbouring releases
    /// share most of their files, and git inflates each blob only once.
    static func read(commit: String, in top: String, prefix: String, blobs: BlobStore = BlobStore())
        -> MemoryFileSystem?
    {
        guard isObjectID(commit) else { return nil }
        // The folder is a path, not a pattern: `spec[1]` names that folder alone.
        var arguments = ["git", "--literal-pathspecs", "-C", top, "ls-tree", "-r", "-z", "-l", "--full-tree", commit]
        if !prefix.isEmpty { arguments += ["--", prefix] }
        var listing: [UInt8] = []
        guard Subprocess.run(arguments, consume: { listing.append(contentsOf: $0) }) else { return nil }
        // A tag's files get the work tree's size limit: a larger one is never held, only its size.
        var entries: [TreeEntry] = []
        var oversized: [String: Int] = [:]
        for record in listing.split(separator: 0) {
            guard var entry = TreeEntry(record) else { return nil }
            if !prefix.isEmpty {
                guard entry.path.hasPrefix(prefix + "/") else { continue }
                entry.path.removeFirst(prefix.count + 1)
            }
            // A submodule is a commit, not a file: a checkout leaves its folder empty.
            guard entry.isBlob else { continue }
            if entry.size > SourceLimits.fileSize {
                oversized[entry.path] = entry.size
            } else {
                entries.append(entry)
            }
        }
        guard let contents = blobs.contents(of: entries.map(\.object), in: top) else { return nil }
        // A file over the limit is listed, empty, and its size says why it is not read.
        var files = oversized.mapValues { _ in [UInt8]() }
        for entry in entries { files[entry.path] = contents[entry.object] }
        var tree = MemoryFileSystem(files)
        tree.oversized = oversized
        return tree
    }

    /// Whether `text` is a full object id as git prints it.
    static func isObjectID(_ text: String) -> Bool {
        !text.isEmpty
            && text.utf8.allSatisfy {
                UInt8(ascii: "0")...UInt8(ascii: "9") ~= $0 || UInt8(ascii: "a")...UInt8(ascii: "f") ~= $0
            }
    }

    /// One line of `git ls-tree -r -z -l`: `<mode> <type> <object> <size>\t<path>`.
    struct TreeEntry {
        /// `blob` for a file or a symbolic link, `commit` for a submodule.
        var type: String
        var object: String
        /// The blob's size; 0 for a submodule, whose size git prints as `-`.
        var size: Int
        var path: String

        /// Whether it is a file or a symbolic link, rather than a submodule.
        var isBlob: Bool { type == "blob" }

        init?(_ record: ArraySlice<UInt8>) {
            guard let tab = record.firstIndex(of: UInt8(ascii: "\t")) else { return nil }
            let fields = record[..<tab].split(separator: UInt8(ascii: " ")).map { String(decoding: $0, as: UTF8.self) }
            guard fields.count == 4, GitTree.isObjectID(fields[2]) else { return nil }
            type = fields[1]
            object = fields[2]
            size = Int(fields[3]) ?? 0
            path = String(decoding: record[(tab + 1)...], as: UTF8.self)
        }
    }

    /// The contents of the blobs read last, by object id: what the next tree read takes instead
    /// of asking git again. It holds one tree's files at a time.
    final class BlobStore: Sendable {
        private let kept = Mutex<[String: [UInt8]]>([:])
        private let readFromGit = Atomic(0)
        /// How many blobs the last tree read asked of git.
        var lastRead: Int { readFromGit.load(ordering: .relaxed) }

        init() {}

        /// Every blob of `objects`, from the store or else from one run of `git cat-file --batch`;
        /// the store then holds these and no others. `nil` when git fails or lacks one.
        func contents(of objects: [String], in top: String) -> [String: [UInt8]]? {
            let known = kept.withLock { $0 }
            var contents: [String: [UInt8]] = [:]
            var wanted: [String] = []
            var asked = Set<String>()
            for object in objects where contents[object] == nil {
                if let bytes = known[object] {
                    contents[object] = bytes
                } else if asked.insert(object).inserted {
                    wanted.append(object)
                }
            }
            readFromGit.store(wanted.count, ordering: .relaxed)
            if !wanted.isEmpty {
                var reader = BatchReader()
                let input = Array(wanted.joined(separator: "\n").utf8) + [UInt8(ascii: "\n")]
                guard
                    Subprocess.run(
                        ["git", "-C", top, "cat-file", "--batch"], input: input, consume: { reader.consume($0) }),
                    !reader.failed
                else { return nil }
                for (object, bytes) in zip(wanted, reader.blobs) { contents[object] = bytes }
                guard reader.blobs.count == wanted.count else { return nil }
            }
            kept.withLock { $0 = contents }
            return contents
        }
    }

    /// Reads what `git cat-file --batch` writes as it arrives: for each object asked for, a line
    /// `<object> <type> <size>`, its contents and a line end (or `<object> missing`).
    struct BatchReader {
        private(set) var blobs: [[UInt8]] = []
        private(set) var failed = false
        private var line: [UInt8] = []
        private var body: [UInt8] = []
        /// How much of the current object is still to come, its line end included; `nil` between objects.
        private var remaining: Int?

        mutating func consume(_ chunk: UnsafeBufferPointer<UInt8>) {
            var index = 0
            while index < chunk.count, !failed {
                if let left = remaining {
                    let take = min(left, chunk.count - index)
                    body.append(contentsOf: UnsafeBufferPointer(rebasing: chunk[index..<(index + take)]))
                    index += take
                    remaining = left - take
                    if remaining == 0 {
                        body.removeLast()
                        blobs.append(body)
                        body = []
                        remaining = nil
                    }
                    continue
                }
                let byte = chunk[index]
                index += 1
                guard byte == UInt8(ascii: "\n") else {
                    line.append(byte)
                    continue
                }
                let fields = line.split(separator: UInt8(ascii: " "))
                line = []
                guard fields.count == 3, let size = Int(String(decoding: fields[2], as: UTF8.self)) else {
                    failed = true
                    return
                }
                body.reserveCapacity(size + 1)
                remaining = size + 1
            }
        }
    }
}
