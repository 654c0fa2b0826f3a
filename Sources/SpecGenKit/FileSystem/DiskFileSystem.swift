import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The spec's files on disk, confined to one root.
///
/// Every path is resolved with `realpath` before use, so a symbolic link that leads out of the
/// root is reported as ``SourceEntryKind/outsideRoot`` and never followed. Only regular files are
/// opened, with `O_NONBLOCK`, so a FIFO can never make a build hang.
package struct DiskFileSystem: SourceFileSystem {
    /// The root, absolute, with symbolic links resolved.
    package let root: String
    /// Files larger than this are refused.
    package let maxFileSize: Int

    /// The real paths of the folders resolved so far: `realpath` reads every component of a path,
    /// so each folder is resolved once and only a file's own name is checked after that.
    private let folders = FolderCache()

    private final class FolderCache: Sendable {
        let resolved = Mutex<[String: Result<String, SourceFileError>]>([:])
    }

    package init(root: String, maxFileSize: Int = SourceLimits.fileSize) {
        self.root = DiskFileSystem.canonical(root)
        self.maxFileSize = maxFileSize
    }

    package var rootDescription: String { root }

    /// The real path of a root-relative path, or why there is none.
    private func realPath(_ path: String) -> Result<String, SourceFileError> {
        guard !path.isEmpty else { return .success(root) }
        let parent: String
        switch realFolder(SourcePath.parent(path)) {
        case .failure(let error): return .failure(error)
        case .success(let value): parent = value
        }
        // A name that is not a symbolic link is what it says: no need to resolve it.
        let candidate = parent + "/" + SourcePath.name(path)
        var info = stat()
        guard lstat(candidate, &info) == 0 else { return .failure(.missing) }
        return info.st_mode & S_IFMT == S_IFLNK ? resolve(candidate) : .success(candidate)
    }

    private func realFolder(_ path: String) -> Result<String, SourceFileError> {
        guard !path.isEmpty else { return .success(root) }
        if let known = folders.resolved.withLock({ $0[path] }) { return known }
        let result = resolve(root + "/" + path)
        folders.resolved.withLock { $0[path] = result }
        return result
    }

    /// `realpath`, and whether the result lies inside the root.
    private func resolve(_ absolute: String) -> Result<String, SourceFileError> {
        guard let resolved = realpath(absolute, nil) else { return .failure(.missing) }
        defer { free(resolved) }
        let real = String(cString: resolved)
        guard real == root || real.hasPrefix(root == "/" ? "/" : root + "/") else { return .failure(.outsideRoot) }
        return .success(real)
    }

    package func kind(of path: String) -> SourceEntryKind {
        switch realPath(path) {
        case .failure(.outsideRoot): return .outsideRoot
        case .failure(.missing) where path.unicodeScalars.contains("\u{FFFD}"):
            // Listed under a name that is not UTF-8, which no path can name again.
            return .badName
        case .failure: return .missing
        case .success(let real):
            var info = stat()
            guard stat(real, &info) == 0 else { return .missing }
            switch info.st_mode & S_IFMT {
            case S_IFREG: return .file(size: Int(info.st_size))
            case S_IFDIR:
                // A link to a folder that holds it would make every walk endless: a loop, not read.
                return isLoop(path, real: real) ? .missing : .directory
            default: return .special
            }
        }
    }

    /// Whether a folder reached through a link is the root or one of the folders on its own path.
    private func isLoop(_ path: String, real: String) -> Bool {
        guard !path.isEmpty, real != root + "/" + path else { return false }
        var ancestor = SourcePath.parent(path)
        while true {
            if case .success(real) = realFolder(ancestor) { return true }
            if ancestor.isEmpty { return false }
            ancestor = SourcePath.parent(ancestor)
        }
    }

    package func list(_ directory: String) -> [String] {
        guard case .success(let real) = realPath(directory), let handle = opendir(real) else { return [] }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { buffer in
                String(cString: buffer.baseAddress!.assumingMemoryBound(to: CChar.self))
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    package func read(_ path: String) throws(SourceFileError) -> [UInt8] {
        let real: String
        switch realPath(path) {
        case .failure(.missing) where path.unicodeScalars.contains("\u{FFFD}"): throw .badName
        case .failure(let error): throw error
        case .success(let value): real = value
        }
        let descriptor = open(real, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOFOLLOW)
        guard descriptor >= 0 else {
            if errno == ENOENT { throw .missing }
            throw .unreadable(String(cString: strerror(errno)))
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw .unreadable(String(cString: strerror(errno))) }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw .directory
        default: throw .special
        }
        let size = Int(info.st_size)
        guard size <= maxFileSize else { throw .tooLarge(size: size, limit: maxFileSize) }
        var bytes = [UInt8](repeating: 0, count: size)
        var offset = 0
        while offset < size {
            let count = bytes.withUnsafeMutableBytes { buffer in
                Glibc.read(descriptor, buffer.baseAddress! + offset, size - offset)
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw .unreadable(String(cString: strerror(errno)))
            }
            if count == 0 { break }
            offset += count
        }
        if offset < size { bytes.removeLast(size - offset) }
        return bytes
    }

    /// The absolute path with symbolic links resolved, or the normalised path when it does not exist.
    package static func canonical(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        if let real = realpath(absolute, nil) {
            defer { free(real) }
            return String(cString: real)
        }
        return "/" + (SourcePath.normalize(absolute) ?? "")
    }
}

/// Files held in memory: for tests, and for trees read out of git.
package struct MemoryFileSystem: SourceFileSystem {
    package private(set) var files: [String: [UInt8]]
    /// Paths that stand for FIFOs and other special files.
    package var specials: Set<String> = []
    /// Files over the size limit, by path, with their size: listed, never read.
    package var oversized: [String: Int] = [:]
    private var directories: [String: Set<String>] = [:]

    package init(_ files: [String: [UInt8]] = [:]) {
        self.files = [:]
        for (path, bytes) in files {
            guard let path = SourcePath.normalize(path), !path.isEmpty else { continue }
            self.files[path] = bytes
        }
        rebuildDirectories()
    }

    package init(text files: [String: String]) {
        self.init(files.mapValues { Array($0.utf8) })
    }

    package var rootDescription: String { "(memory)" }

    /// Reads, adds, replaces or (with `nil`) removes a file.
    package subscript(path: String) -> [UInt8]? {
        get { files[path] }
        set {
            guard let path = SourcePath.normalize(path), !path.isEmpty else { return }
            files[path] = newValue
            rebuildDirectories()
        }
    }

    private mutating func rebuildDirectories() {
        var index: [String: Set<String>] = [:]
        for path in files.keys {
            var child = path
            var parent = SourcePath.parent(path)
            while true {
                index[parent, default: []].insert(SourcePath.name(child))
                if parent.isEmpty { break }
                child = parent
                parent = SourcePath.parent(parent)
            }
        }
        directories = index
    }

    package func kind(of path: String) -> SourceEntryKind {
        guard let path = SourcePath.normalize(path) else { return .outsideRoot }
        if specials.contains(path) { return .special }
        if let size = oversized[path] { return .file(size: size) }
        if let bytes = files[path] { return .file(size: bytes.count) }
        if directories[path] != nil || path.isEmpty { return .directory }
        return .missing
    }

    package func list(_ directory: String) -> [String] {
        guard let directory = SourcePath.normalize(directory) else { return [] }
        return (directories[directory] ?? []).sorted()
    }

    package func read(_ path: String) throws(SourceFileError) -> [UInt8] {
        switch kind(of: path) {
        case .file(let size):
            if oversized[SourcePath.normalize(path)!] != nil {
                throw .tooLarge(size: size, limit: SourceLimits.fileSize)
            }
            return files[SourcePath.normalize(path)!]!
        case .directory: throw .directory
        case .special: throw .special
        case .outsideRoot: throw .outsideRoot
        case .missing: throw .missing
        case .badName: throw .badName
        }
    }
}
