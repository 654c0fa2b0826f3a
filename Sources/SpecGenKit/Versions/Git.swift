import Foundation

/// Runs git (and nothing else) with fixed arguments: never through a shell.
enum Subprocess {
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
        guard let program = arguments.first else { return false }
        var output: [Int32] = [0, 0]
        var inputPipe: [Int32] = [-1, -1]
        guard pipe(&output) == 0 else { return false }
        if input != nil, pipe(&inputPipe) != 0 {
            close(output[0])
            close(output[1])
            return false
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if input != nil {
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
        let spawned = posix_spawnp(&pid, program, &actions, nil, &argv, environ)
        close(output[1])
        if input != nil { close(inputPipe[0]) }
        guard spawned == 0 else {
            close(output[0])
            if input != nil { close(inputPipe[1]) }
            return false
        }
        // The input is written on another thread, so that a program that writes as it reads never
        // waits on a full pipe while this one waits on it.
        let writer = DispatchGroup()
        if let input {
            // A program that stops reading early must not end this one with SIGPIPE.
            signal(SIGPIPE, SIG_IGN)
            let descriptor = inputPipe[1]
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
            let count = read(output[0], &buffer, buffer.count)
            if count > 0 {
                buffer.withUnsafeBufferPointer { consume(UnsafeBufferPointer(rebasing: $0[0..<count])) }
            } else if count < 0 && errno == EINTR {
                continue
            } else {
                break
            }
        }
        close(output[0])
        writer.wait()
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        // Exited (the low 7 bits are 0) with status 0.
        return status & 0x7F == 0 && (status >> 8) & 0xFF == 0
    }

    /// `git -C directory …`, its output trimmed; `nil` when git fails.
    @discardableResult
    static func git(_ arguments: [String], in directory: String) -> String? {
        runData(["git", "-C", directory] + arguments).map { String(decoding: $0, as: UTF8.self).trimmingWhitespace }
    }
}

/// A git revision's tree read into memory with `git archive`: never a checkout, nothing written.
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

    /// ``read(_:in:prefix:)`` for a commit id that git has given.
    static func read(commit: String, in top: String, prefix: String) -> MemoryFileSystem? {
        guard !commit.isEmpty,
            commit.utf8.allSatisfy({
                UInt8(ascii: "0")...UInt8(ascii: "9") ~= $0 || UInt8(ascii: "a")...UInt8(ascii: "f") ~= $0
            })
        else { return nil }
        var arguments = ["git", "-C", top, "archive", "--format=tar", commit]
        if !prefix.isEmpty { arguments += ["--", prefix] }
        // A tag's files get the work tree's size limit: a larger one is never held, only its size.
        var reader = Tar.Reader(maxFileSize: SourceLimits.fileSize)
        guard Subprocess.run(arguments, consume: { reader.consume($0) }) else { return nil }
        var files: [String: [UInt8]] = [:]
        var oversized: [String: Int] = [:]
        for entry in reader.entries {
            var path = entry.path
            if !prefix.isEmpty {
                guard path.hasPrefix(prefix + "/") else { continue }
                path.removeFirst(prefix.count + 1)
            }
            files[path] = entry.bytes
            if let size = entry.oversizedBy { oversized[path] = size }
        }
        var tree = MemoryFileSystem(files)
        tree.oversized = oversized
        return tree
    }
}

/// Just enough of the tar format to read what `git archive` writes: ustar headers, pax path records.
enum Tar {
    struct Entry {
        var path: String
        var bytes: [UInt8]
        /// The size of a file over the limit, whose bytes are left out.
        var oversizedBy: Int?
    }

    /// Reads an archive as it arrives, holding at most one header and one file (within the
    /// limit) at a time besides the entries read.
    struct Reader {
        let maxFileSize: Int
        private(set) var entries: [Entry] = []
        private var header: [UInt8] = []
        /// The entry being read: its header's fields, and how much of its body is still to come.
        private var current: (type: UInt8, path: String, link: String, size: Int, keeps: Bool)?
        private var body: [UInt8] = []
        private var remaining = 0
        private var ended = false
        private var paxPath: String?
        private var paxLink: String?

        init(maxFileSize: Int) {
            self.maxFileSize = maxFileSize
        }

        mutating func consume(_ chunk: UnsafeBufferPointer<UInt8>) {
            var index = 0
            while index < chunk.count, !ended {
                if current != nil {
                    let take = min(remaining, chunk.count - index)
                    if current!.keeps, body.count < current!.size {
                        let wanted = min(take, current!.size - body.count)
                        body.append(contentsOf: UnsafeBufferPointer(rebasing: chunk[index..<(index + wanted)]))
                    }
                    remaining -= take
                    index += take
                    if remaining == 0 { finishEntry() }
                    continue
                }
                let take = min(512 - header.count, chunk.count - index)
                header.append(contentsOf: UnsafeBufferPointer(rebasing: chunk[index..<(index + take)]))
                index += take
                if header.count == 512 { startEntry() }
            }
        }

        private func field(_ start: Int, _ length: Int) -> String {
            String(decoding: header[start..<(start + length)].prefix { $0 != 0 }, as: UTF8.self)
        }

        private mutating func startEntry() {
            defer { header = [] }
            if header.allSatisfy({ $0 == 0 }) {
                ended = true
                return
            }
            let size = Int(field(124, 12).trimmingWhitespace, radix: 8) ?? 0
            let type = header[156]
            let name = field(0, 100)
            let prefix = field(345, 155)
            let isFile = type == UInt8(ascii: "0") || type == 0
            let keeps = !isFile || size <= maxFileSize
            current = (type, prefix.isEmpty ? name : prefix + "/" + name, field(157, 100), size, keeps)
            body = []
            if keeps { body.reserveCapacity(size) }
            remaining = (size + 511) / 512 * 512
            if remaining == 0 { finishEntry() }
        }

        private mutating func finishEntry() {
            guard let entry = current else { return }
            current = nil
            switch entry.type {
            case UInt8(ascii: "x"):
                for record in String(decoding: body, as: UTF8.self).split(separator: "\n") {
                    guard let space = record.firstIndex(of: " "), let equals = record.firstIndex(of: "=") else {
                        continue
                    }
                    let key = record[record.index(after: space)..<equals]
                    let value = String(record[record.index(after: equals)...])
                    if key == "path" { paxPath = value }
                    if key == "linkpath" { paxLink = value }
                }
            case UInt8(ascii: "0"), 0, UInt8(ascii: "2"):
                let path = paxPath ?? entry.path
                let bytes = entry.type == UInt8(ascii: "2") ? Array((paxLink ?? entry.link).utf8) : body
                entries.append(Entry(path: path, bytes: bytes, oversizedBy: entry.keeps ? nil : entry.size))
                paxPath = nil
                paxLink = nil
            default:
                if entry.type != UInt8(ascii: "g") {
                    paxPath = nil
                    paxLink = nil
                }
            }
            body = []
        }
    }
}
