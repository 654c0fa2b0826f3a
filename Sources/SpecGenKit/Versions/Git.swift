import Foundation

/// Runs git (and nothing else) with fixed arguments: never through a shell.
enum Subprocess {
    /// Runs a program found on `PATH` with `posix_spawnp` (Foundation's `Process` costs tens of
    /// milliseconds per run); its standard output when it exits 0, `nil` otherwise. Standard input
    /// and error are `/dev/null`.
    static func runData(_ arguments: [String]) -> Data? {
        guard let program = arguments.first else { return nil }
        var output: [Int32] = [0, 0]
        guard pipe(&output) == 0 else { return nil }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, output[1], 1)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addclose(&actions, output[0])
        posix_spawn_file_actions_addclose(&actions, output[1])
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, program, &actions, nil, &argv, environ)
        close(output[1])
        guard spawned == 0 else {
            close(output[0])
            return nil
        }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = read(output[0], &buffer, buffer.count)
            if count > 0 {
                data.append(contentsOf: buffer[0..<count])
            } else if count < 0 && errno == EINTR {
                continue
            } else {
                break
            }
        }
        close(output[0])
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        // Exited (the low 7 bits are 0) with status 0.
        return status & 0x7F == 0 && (status >> 8) & 0xFF == 0 ? data : nil
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
        guard let data = Subprocess.runData(arguments) else { return nil }
        var files: [String: [UInt8]] = [:]
        for entry in Tar.entries([UInt8](data)) {
            var path = entry.path
            if !prefix.isEmpty {
                guard path.hasPrefix(prefix + "/") else { continue }
                path.removeFirst(prefix.count + 1)
            }
            files[path] = entry.bytes
        }
        return MemoryFileSystem(files)
    }
}

/// Just enough of the tar format to read what `git archive` writes: ustar headers, pax path records.
enum Tar {
    struct Entry {
        var path: String
        var bytes: [UInt8]
    }

    static func entries(_ data: [UInt8]) -> [Entry] {
        var entries: [Entry] = []
        var offset = 0
        var paxPath: String?
        var paxLink: String?
        func field(_ start: Int, _ length: Int) -> String {
            let bytes = data[(offset + start)..<(offset + start + length)].prefix { $0 != 0 }
            return String(decoding: bytes, as: UTF8.self)
        }
        while offset + 512 <= data.count {
            if data[offset..<(offset + 512)].allSatisfy({ $0 == 0 }) { break }
            let size = Int(field(124, 12).trimmingWhitespace, radix: 8) ?? 0
            let type = data[offset + 156]
            let name = field(0, 100)
            let prefix = field(345, 155)
            let link = field(157, 100)
            let body = offset + 512
            guard body + size <= data.count else { break }
            let content = Array(data[body..<(body + size)])
            switch type {
            case UInt8(ascii: "x"):
                for record in String(decoding: content, as: UTF8.self).split(separator: "\n") {
                    guard let space = record.firstIndex(of: " "), let equals = record.firstIndex(of: "=") else {
                        continue
                    }
                    let key = record[record.index(after: space)..<equals]
                    let value = String(record[record.index(after: equals)...])
                    if key == "path" { paxPath = value }
                    if key == "linkpath" { paxLink = value }
                }
            case UInt8(ascii: "0"), 0, UInt8(ascii: "2"):
                let path = paxPath ?? (prefix.isEmpty ? name : prefix + "/" + name)
                let bytes = type == UInt8(ascii: "2") ? Array((paxLink ?? link).utf8) : content
                entries.append(Entry(path: path, bytes: bytes))
                paxPath = nil
                paxLink = nil
            default:
                if type != UInt8(ascii: "g") {
                    paxPath = nil
                    paxLink = nil
                }
            }
            offset = body + (size + 511) / 512 * 512
        }
        return entries
    }
}
