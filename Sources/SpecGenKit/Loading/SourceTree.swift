import Foundation
import Synchronization

/// What stays valid from one build to the next: file ids, and each file's parse by its stamp.
///
/// A one-shot build makes its own; `specgen serve` keeps one, so a rebuild parses only the files
/// that changed.
public final class SourceCache: Sendable {
    struct Parse: Sendable {
        var stamp: FileStamp
        var root: YAMLNode?
        var diagnostics: [Diagnostic]
    }

    struct State {
        var ids: [String: FileID] = [:]
        var paths: [String] = []
        var parses: [FileID: Parse] = [:]
        var descriptions: [String: String] = [:]
    }

    let state = Mutex(State())

    public init() {}
}

/// A file's modification time and size: when either changes, the file is read again.
public struct FileStamp: Sendable, Hashable {
    public var modified: Int
    public var size: Int

    /// The stamp now, or `nil` for a file that does not exist.
    public static func of(_ path: String) -> FileStamp? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return FileStamp(modified: info.st_mtim.tv_sec * 1_000_000_000 + info.st_mtim.tv_nsec, size: Int(info.st_size))
    }
}

/// The spec's files: reads and parses each YAML file once per build, from any thread, and keeps
/// every path inside the source root.
public final class SourceTree: Sendable {
    /// The root, absolute, with symbolic links resolved.
    public let root: String
    public let diagnostics: DiagnosticCollector
    /// Files larger than this are refused rather than parsed.
    public let maxFileSize: Int
    let cache: SourceCache

    final class BuildState: Sendable {
        struct State {
            var resolvedReferences: [String: String] = [:]
            /// Whether a path exists inside the root, by path: each is asked once per build.
            var usable: [String: (exists: Bool, inside: Bool)] = [:]
            /// Documents used in this build; their diagnostics are reported once per build.
            var documents: [FileID: YAMLNode?] = [:]
        }
        let state = Mutex(State())
    }
    private let build: BuildState

    public init(root: String, diagnostics: DiagnosticCollector, maxFileSize: Int = 16 << 20, cache: SourceCache = SourceCache()) {
        self.root = SourceTree.canonical(root)
        self.diagnostics = diagnostics
        self.maxFileSize = maxFileSize
        self.cache = cache
        self.build = BuildState()
    }

    private init(sharing tree: SourceTree, diagnostics: DiagnosticCollector) {
        root = tree.root
        self.diagnostics = diagnostics
        maxFileSize = tree.maxFileSize
        cache = tree.cache
        build = tree.build
    }

    /// The same tree, reporting to another collector: for keeping one document's diagnostics apart.
    public func reporting(to diagnostics: DiagnosticCollector) -> SourceTree {
        SourceTree(sharing: self, diagnostics: diagnostics)
    }

    // MARK: Paths

    /// The id of an absolute path, assigned on first use.
    public func id(for absolutePath: String) -> FileID {
        cache.state.withLock { state in
            if let id = state.ids[absolutePath] { return id }
            let id = FileID(state.paths.count)
            state.ids[absolutePath] = id
            state.paths.append(absolutePath)
            return id
        }
    }

    public func absolutePath(of file: FileID) -> String {
        cache.state.withLock { $0.paths[Int(file)] }
    }

    /// The path shown in diagnostics: relative to the root when inside it.
    public func displayPath(of file: FileID) -> String {
        displayPath(absolutePath(of: file))
    }

    public func displayPath(_ absolutePath: String) -> String {
        if absolutePath.hasPrefix(rootPrefix) { return String(absolutePath.dropFirst(rootPrefix.count)) }
        return absolutePath
    }

    /// Whether a referenced path exists and lies inside the root (symbolic links resolved);
    /// remembered for the rest of the build.
    func check(_ absolutePath: String) -> (exists: Bool, inside: Bool) {
        if let known = build.state.withLock({ $0.usable[absolutePath] }) { return known }
        let result = (FileManagerShim.exists(absolutePath), isInsideRoot(absolutePath))
        build.state.withLock { $0.usable[absolutePath] = result }
        return result
    }

    public func isInsideRoot(_ absolutePath: String) -> Bool {
        let real = SourceTree.canonical(absolutePath)
        return real == root || real.hasPrefix(rootPrefix)
    }

    /// The root with one trailing slash.
    private var rootPrefix: String { root.hasSuffix("/") ? root : root + "/" }

    /// Resolves a relative reference against a directory, following git's checked-out symlinks:
    /// a small file whose whole content is a relative path stands for a link when the reference
    /// goes through it (matrix-doc's `definitions/event-schemas`).
    public func resolve(_ reference: String, from directory: String) -> String {
        let key = directory + "\u{0}" + reference
        if let known = build.state.withLock({ $0.resolvedReferences[key] }) { return known }
        let resolved = resolveUncached(reference, from: directory)
        build.state.withLock { $0.resolvedReferences[key] = resolved }
        return resolved
    }

    private func resolveUncached(_ reference: String, from directory: String) -> String {
        let joined = reference.hasPrefix("/") ? reference : directory + "/" + reference
        let direct = SourceTree.normalize(joined)
        if FileManager.default.fileExists(atPath: direct) { return direct }
        var resolved = ""
        let components = direct.split(separator: "/", omittingEmptySubsequences: true)
        for (index, component) in components.enumerated() {
            let candidate = resolved + "/" + component
            var isDirectory: ObjCBool = false
            if index < components.count - 1,
                FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), !isDirectory.boolValue,
                let target = SourceTree.linkTarget(candidate)
            {
                resolved = SourceTree.normalize(resolved + "/" + target)
            } else {
                resolved = candidate
            }
        }
        return resolved.isEmpty ? "/" : resolved
    }

    private static func linkTarget(_ path: String) -> String? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            let size = attributes[.size] as? Int, size > 0, size < 512,
            let text = try? String(contentsOfFile: path, encoding: .utf8)
        else { return nil }
        let target = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !target.contains("\n"), !target.hasPrefix("/"), !target.isEmpty else { return nil }
        return target
    }

    /// Removes `.` and `..` components without touching the file system.
    public static func normalize(_ path: String) -> String {
        var parts: [Substring] = []
        for component in path.split(separator: "/", omittingEmptySubsequences: true) {
            if component == "." { continue }
            if component == ".." {
                if !parts.isEmpty { parts.removeLast() }
                continue
            }
            parts.append(component)
        }
        return "/" + parts.joined(separator: "/")
    }

    /// The absolute path with symbolic links resolved, or the normalized path when it does not exist.
    public static func canonical(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        if let real = realpath(absolute, nil) {
            defer { free(real) }
            return String(cString: real)
        }
        return normalize(absolute)
    }

    // MARK: Descriptions

    /// A description as Markdown (``DescriptionText``), converted once per text: shared definitions
    /// are inlined many times, and so are their descriptions.
    public func markdownDescription(_ text: String) -> String {
        if let known = cache.state.withLock({ $0.descriptions[text] }) { return known }
        let converted = DescriptionText.markdown(from: text)
        cache.state.withLock { $0.descriptions[text] = converted }
        return converted
    }

    // MARK: Documents

    /// The parsed document of a file, read and parsed on first use; `nil` when it cannot be read
    /// or parsed (a diagnostic says why, once).
    public func document(_ file: FileID) -> YAMLNode? {
        if let used = build.state.withLock({ $0.documents[file] }) { return used }
        let path = absolutePath(of: file)
        let stamp = FileStamp.of(path)
        var known = cache.state.withLock { $0.parses[file] }
        if known == nil || known?.stamp != stamp {
            let fresh = parseFile(file, path: path)
            let parsed = SourceCache.Parse(stamp: stamp ?? FileStamp(modified: 0, size: 0), root: fresh.root, diagnostics: fresh.diagnostics)
            if stamp != nil { cache.state.withLock { $0.parses[file] = parsed } }
            known = parsed
        }
        let result = known!
        let first = build.state.withLock { state -> Bool in
            guard state.documents[file] == nil else { return false }
            state.documents[file] = .some(result.root)
            return true
        }
        if first { diagnostics.emit(contentsOf: result.diagnostics) }
        return result.root
    }

    /// The file's stamp as this build saw it when it parsed it.
    public func stamp(of file: FileID) -> FileStamp? {
        cache.state.withLock { $0.parses[file]?.stamp }
    }

    private func parseFile(_ file: FileID, path: String) -> (root: YAMLNode?, diagnostics: [Diagnostic]) {
        let display = displayPath(path)
        let collector = DiagnosticCollector()
        guard let bytes = reporting(to: collector).readFile(path, display: display) else { return (nil, collector.diagnostics) }
        do {
            let (root, warnings) = try YAMLReader().parse(bytes, path: display, file: file)
            return (root, warnings)
        } catch {
            return (nil, [error])
        }
    }

    /// Reads a whole file within the size limit; reports why it cannot.
    public func readFile(_ path: String, display: String) -> [UInt8]? {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            diagnostics.emit(.error("cannot read the file", file: display, at: SourceLocation(line: 1, column: 1)))
            return nil
        }
        defer { try? handle.close() }
        let size = (try? handle.seekToEnd()).map(Int.init) ?? 0
        guard size <= maxFileSize else {
            diagnostics.emit(
                .error("the file is \(size >> 20) MiB; files over \(maxFileSize >> 20) MiB are refused", file: display, at: SourceLocation(line: 1, column: 1)))
            return nil
        }
        try? handle.seek(toOffset: 0)
        guard let data = try? handle.readToEnd() else { return [] }
        return [UInt8](data)
    }
}
