/// The bounds on what is read from a source tree, on disk or in git.
package enum SourceLimits {
    /// The largest file read; a larger one is reported and left out.
    package static let fileSize = 16 << 20
}

/// What a root-relative path names, once symbolic links are followed.
package enum SourceEntryKind: Sendable, Hashable {
    case file(size: Int)
    case directory
    /// A FIFO, socket or device: never opened, since reading one can block forever.
    case special
    case missing
    /// The path, or a link on it, leads out of the source root.
    case outsideRoot
    /// A folder listed a name that is not UTF-8.
    case badName
}

/// Why a file could not be read, in words a diagnostic can use.
package enum SourceFileError: Error, Sendable, Hashable {
    case missing
    case directory
    case special
    case outsideRoot
    /// A symbolic link that leads nowhere, or round in a loop.
    case brokenLink
    case tooLarge(size: Int, limit: Int)
    case unreadable(String)
    case badName

    /// Why an entry that a folder lists cannot be read as a file; `nil` when it is one.
    package init?(listedEntry kind: SourceEntryKind) {
        switch kind {
        case .file: return nil
        case .directory: self = .directory
        case .special: self = .special
        case .outsideRoot: self = .outsideRoot
        case .badName: self = .badName
        // Listed, yet not there: a link to nothing.
        case .missing: self = .brokenLink
        }
    }

    package var message: String {
        switch self {
        case .missing: return "the file does not exist"
        case .directory: return "this is a folder, not a file"
        case .special: return "this is not a regular file (a FIFO, socket or device); it is not read"
        case .outsideRoot: return "the file lies outside the source root (through a symbolic link?); it is not read"
        case .brokenLink: return "this is a symbolic link that leads nowhere or loops; it is not read"
        case .tooLarge(let size, let limit):
            return "the file is \(size >> 20) MiB; files over \(limit >> 20) MiB are refused"
        case .unreadable(let reason): return "cannot read the file: \(reason)"
        case .badName: return "the name is not UTF-8 (shown with U+FFFD); rename it to read it"
        }
    }
}

/// The one way the loading stage reaches the spec's files.
///
/// Paths are relative to the source root, `/`-separated, without `.` or `..` (see ``SourcePath``);
/// `""` is the root itself. An implementation never reads or lists anything outside the root,
/// symbolic links included, and never opens anything but regular files and folders.
package protocol SourceFileSystem: Sendable {
    /// What the path names.
    func kind(of path: String) -> SourceEntryKind
    /// The names in a folder, sorted; empty when the path is not a folder inside the root.
    func list(_ directory: String) -> [String]
    /// The whole file.
    /// - Throws: ``SourceFileError`` when the path is not a readable regular file inside the root.
    func read(_ path: String) throws(SourceFileError) -> [UInt8]
    /// A description of the root for messages (an absolute path on disk).
    var rootDescription: String { get }
    /// The folder a second root of proposals is mounted at (`--proposals`), if any: where the
    /// proposals are read from, whatever `specgen.yaml` says.
    var mountedProposals: String? { get }
}

extension SourceFileSystem {
    package func isDirectory(_ path: String) -> Bool { kind(of: path) == .directory }

    package func isFile(_ path: String) -> Bool {
        if case .file = kind(of: path) { return true }
        return false
    }
}

/// Root-relative paths: joining, parents and normalisation, without touching a file system.
package enum SourcePath {
    /// `a/b` + `../c` is `a/c`; `nil` when the result would leave the root.
    package static func join(_ base: String, _ relative: String) -> String? {
        normalize(relative.hasPrefix("/") ? relative : (base.isEmpty ? relative : base + "/" + relative))
    }

    /// Removes `.`, `..` and empty components; `nil` when a `..` climbs above the root.
    package static func normalize(_ path: String) -> String? {
        if isNormal(path) { return path }
        var parts: [Substring] = []
        for component in path.splittingBytes("/") where !component.isEmpty {
            if component == "." { continue }
            if component == ".." {
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
                continue
            }
            parts.append(component)
        }
        return parts.joined(separator: "/")
    }

    /// Whether `normalize` would give the path back as it is: no empty, `.` or `..` component.
    private static func isNormal(_ path: String) -> Bool {
        path.utf8.withContiguousStorageIfAvailable { bytes in
            var start = 0
            for end in 0...bytes.count where end == bytes.count || bytes[end] == UInt8(ascii: "/") {
                let length = end - start
                if length == 0 { return false }
                if bytes[start] == UInt8(ascii: "."),
                    length == 1 || (length == 2 && bytes[start + 1] == UInt8(ascii: "."))
                {
                    return false
                }
                start = end + 1
            }
            return true
        } ?? false
    }

    /// The folder holding a path: `a/b/c.yaml` is `a/b`, `c.yaml` is `""`.
    package static func parent(_ path: String) -> String {
        guard let slash = path.lastRangeOfBytes("/")?.lowerBound else { return "" }
        return String(path[..<slash])
    }

    /// The last component: `a/b/c.yaml` is `c.yaml`.
    package static func name(_ path: String) -> String {
        guard let slash = path.lastRangeOfBytes("/")?.lowerBound else { return path }
        return String(path[path.index(after: slash)...])
    }

    /// `a` + `b.yaml` is `a/b.yaml`; a root-level name stays as it is.
    package static func child(_ directory: String, _ name: String) -> String {
        directory.isEmpty ? name : directory + "/" + name
    }
}
