import Foundation

/// Runs git (and nothing else) with fixed arguments: never through a shell.
enum Subprocess {
    /// Runs a program found on `PATH`; its standard output when it exits 0, `nil` otherwise.
    static func runData(_ arguments: [String], in directory: String? = nil) -> Data? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return process.terminationStatus == 0 ? data : nil
    }

    /// `git -C directory …`, its output trimmed; `nil` when git fails.
    @discardableResult
    static func git(_ arguments: [String], in directory: String) -> String? {
        runData(["git", "-C", directory] + arguments).map { String(decoding: $0, as: UTF8.self).trimmingWhitespace }
    }
}

/// A git revision's tree read into memory with `git archive`: never a checkout, nothing written.
public enum GitTree {
    /// The top of the work tree holding `directory`, or `nil` outside one.
    public static func top(of directory: String) -> String? {
        Subprocess.git(["rev-parse", "--show-toplevel"], in: directory)
    }

    /// The commit a revision names, or `nil`.
    public static func commit(_ revision: String, in top: String) -> String? {
        guard !revision.hasPrefix("-") else { return nil }
        return Subprocess.git(["rev-parse", "--verify", "--quiet", revision + "^{commit}"], in: top)
    }

    /// The tags of the repository that match a glob (`v*`).
    public static func tags(matching pattern: String, in top: String) -> [String] {
        (Subprocess.git(["tag", "--list", "--", pattern], in: top) ?? "").split(separator: "\n").map(String.init).filter { !$0.isEmpty }
    }

    /// The files below `prefix` in `revision`, keyed by their path below `prefix`. A symbolic link
    /// becomes a small file holding its target, as git checks one out without symlink support.
    public static func read(_ revision: String, in top: String, prefix: String) -> MemoryFileSystem? {
        guard let commit = commit(revision, in: top) else { return nil }
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
                    guard let space = record.firstIndex(of: " "), let equals = record.firstIndex(of: "=") else { continue }
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
