import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// `--cache DIR`: each tag's pages, with their markers, kept by commit id between runs.
extension VersionedBuild {
    /// What a cached tag depends on besides its commit: this specgen and its templates.
    /// - Parameter proposals: the digest of a second root of proposals read into every version.
    static func cacheKey(
        _ templates: Templates, policy: DiagnosticPolicy, siteURL: String, proposals: UInt64? = nil
    ) -> String {
        var hasher = FNV1a()
        hasher.combine(Array(SpecGenVersion.current.utf8))
        if let proposals { hasher.combine(Array(String(proposals, radix: 16).utf8)) }
        hasher.combine(Array(siteURL.utf8))
        for (id, change) in policy.changes.sorted(by: { $0.key.name < $1.key.name }) {
            hasher.combine(Array("\(id.name)=\(change.rawValue)".utf8))
        }
        for (name, text) in templates.mustache.sorted(by: { $0.key < $1.key }) {
            hasher.combine(Array(name.utf8))
            hasher.combine(Array(text.utf8))
        }
        for (name, bytes) in templates.files.sorted(by: { $0.key < $1.key }) {
            hasher.combine(Array(name.utf8))
            hasher.combine(bytes)
        }
        return String(hasher.value, radix: 16)
    }

    func cacheFolder(commit: String, key: String) -> String? {
        cacheDirectory.map { "\($0)/\(commit)-\(key)" }
    }

    /// A tag built before from the same commit, templates and specgen: its files and diagnostics.
    func readCache(commit: String, key: String) -> (files: [RenderedFile], diagnostics: [Diagnostic])? {
        guard let folder = cacheFolder(commit: commit, key: key),
            let manifest = FileManager.default.contents(atPath: folder + "/" + Self.manifestName)
        else { return nil }
        var files: [RenderedFile] = []
        var diagnostics: [Diagnostic] = []
        for line in String(decoding: manifest, as: UTF8.self).split(separator: "\n") {
            let fields = line.split(separator: "\t", maxSplits: 7, omittingEmptySubsequences: false).map(String.init)
            if fields.first == "file", fields.count == 2 {
                guard let data = FileManager.default.contents(atPath: folder + "/files/" + fields[1]) else {
                    return nil
                }
                files.append(RenderedFile(path: fields[1], bytes: [UInt8](data)))
            } else if fields.first == "diagnostic", fields.count == 8, let id = DiagnosticID.named(fields[1]),
                let line = Int(fields[4]), let column = Int(fields[5])
            {
                var diagnostic = Diagnostic(
                    id, fields[7], file: fields[3], at: SourceLocation(line: line, column: column),
                    notes: fields[6].isEmpty ? [] : fields[6].split(separator: "\u{1F}").map(String.init))
                diagnostic.severity = fields[2] == "error" ? .error : .warning
                diagnostics.append(diagnostic)
            }
        }
        return (files, diagnostics)
    }

    static let manifestName = "manifest.tsv"

    /// Keeps a built tag; written into a staging folder that is renamed into place, so a killed run
    /// never leaves a half-written entry.
    func writeCache(_ version: Version, commit: String, key: String) {
        guard let folder = cacheFolder(commit: commit, key: key) else { return }
        let staging = folder + ".new-\(getpid())"
        let fileManager = FileManager.default
        try? fileManager.removeItem(atPath: staging)
        var manifest = ""
        do {
            for file in version.files {
                let path = staging + "/files/" + file.path
                try fileManager.createDirectory(
                    atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                guard fileManager.createFile(atPath: path, contents: Data(file.bytes)) else {
                    throw CocoaError(.fileWriteUnknown)
                }
                manifest += "file\t\(file.path)\n"
            }
            for diagnostic in version.diagnostics {
                func field(_ text: String) -> String {
                    text.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\t", with: " ")
                }
                let notes = diagnostic.notes.map(field).joined(separator: "\u{1F}")
                manifest +=
                    "diagnostic\t\(diagnostic.id.name)\t\(diagnostic.severity.rawValue)\t\(field(diagnostic.file))\t\(diagnostic.location.line)\t\(diagnostic.location.column)\t\(notes)\t\(field(diagnostic.message))\n"
            }
            try Data(manifest.utf8).write(to: URL(fileURLWithPath: staging + "/" + Self.manifestName))
            try? fileManager.removeItem(atPath: folder)
            try fileManager.moveItem(atPath: staging, toPath: folder)
        } catch {
            try? fileManager.removeItem(atPath: staging)
        }
    }
}

/// Tags built by an earlier run in this process, by commit, and the ``BuildCache`` of the work
/// tree's builds: what `specgen serve --all-versions` keeps, so that a rebuild builds the work tree
/// alone, and only what an edit touched.
package final class KeptVersions: Sendable {
    let cache = BuildCache()
    private let tags = Mutex<[String: (files: [RenderedFile], diagnostics: [Diagnostic])]>([:])

    package init() {}

    func version(commit: String, key: String) -> (files: [RenderedFile], diagnostics: [Diagnostic])? {
        tags.withLock { $0[commit + "-" + key] }
    }

    func keep(_ version: VersionedBuild.Version, commit: String, key: String) {
        tags.withLock { $0[commit + "-" + key] = (version.files, version.diagnostics) }
    }
}

/// FNV-1a, 64 bits: a stable hash for cache keys (Swift's `Hasher` is seeded per process).
struct FNV1a {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func combine(_ bytes: [UInt8]) {
        for byte in bytes {
            value ^= UInt64(byte)
            value = value &* 0x0000_0100_0000_01B3
        }
        value ^= 0xFF
        value = value &* 0x0000_0100_0000_01B3
    }
}

/// A digest of every file in a tree (names, then bytes), for a cache key that must change when
/// any of them does. Folders nest at most 16 deep, as includes do, and a tree far larger than a
/// proposals checkout (a mistaken `--proposals /`) is hashed by its first entries only, never
/// walked whole.
enum TreeDigest {
    static let maxEntries = 50_000
    static let maxBytes = 256 << 20

    static func of(_ fileSystem: any SourceFileSystem) -> UInt64 {
        var hasher = FNV1a()
        var entries = 0
        var bytes = 0
        func walk(_ folder: String, depth: Int) {
            guard depth < 16 else { return }
            for name in fileSystem.list(folder) {
                entries += 1
                guard entries <= maxEntries else { return }
                let path = SourcePath.child(folder, name)
                hasher.combine(Array(path.utf8))
                switch fileSystem.kind(of: path) {
                case .directory:
                    walk(path, depth: depth + 1)
                case .file(let size):
                    bytes += size
                    hasher.combine(bytes <= maxBytes ? (try? fileSystem.read(path)) ?? [] : Array(String(size).utf8))
                default:
                    continue
                }
            }
        }
        walk("", depth: 0)
        return hasher.value
    }
}
