import Foundation
import Synchronization

/// What `specgen serve` keeps from one build to the next, so that a rebuild after an edit reads,
/// resolves and renders only what the edit can change.
///
/// Everything is keyed by the stamps (modification time and size) of the files it came from.
public final class BuildCache: Sendable {
    public let sources = SourceCache()

    struct Document: Sendable {
        var files: [FileID: FileStamp?]
        var document: APIDocument?
        var diagnostics: [Diagnostic]
    }

    struct State {
        var documentPaths: [String] = []
        var documents: [String: Document] = [:]
        /// Events, proposals and changelogs by the stamps of their folders.
        var parts: [String: (revision: String, value: any Sendable, diagnostics: [Diagnostic])] = [:]
        /// The verifier's scan of each page, by the page's revision.
        var scans: [String: (revision: String, scan: SiteVerifier.Scan)] = [:]
        /// Rendered operation sections and pages by their key.
        var renders: [String: (key: String, files: [RenderedFile])] = [:]
    }

    let state = Mutex(State())

    public init() {}

    /// A document whose files all still have the stamps it was read with.
    func document(at path: String, tree: SourceTree) -> Document? {
        guard let cached = state.withLock({ $0.documents[path] }) else { return nil }
        for (file, stamp) in cached.files where FileStamp.of(tree.absolutePath(of: file)) != stamp {
            return nil
        }
        return cached
    }

    func store(_ document: Document, at path: String) {
        state.withLock { $0.documents[path] = document }
    }

    /// Forgets every document when the set of documents changes, since a removed document may
    /// have been the one that reported a shared definition's problems.
    func noteDocuments(_ paths: [String]) {
        state.withLock { state in
            if state.documentPaths != paths {
                state.documents = [:]
                state.documentPaths = paths
            }
        }
    }

    /// A part of the spec read from a folder, read again only when a file below it changed.
    func part<Value: Sendable>(
        _ name: String, revision: String, tree: SourceTree, read: (SourceTree) -> Value
    ) -> Value {
        if let cached = state.withLock({ $0.parts[name] }), cached.revision == revision, let value = cached.value as? Value {
            tree.diagnostics.emit(contentsOf: cached.diagnostics)
            return value
        }
        let collector = DiagnosticCollector()
        let value = read(tree.reporting(to: collector))
        let diagnostics = collector.diagnostics
        tree.diagnostics.emit(contentsOf: diagnostics)
        state.withLock { $0.parts[name] = (revision, value, diagnostics) }
        return value
    }

    /// What was rendered for `name` when it was rendered with the same `key`.
    func rendered(_ name: String, key: String) -> [RenderedFile]? {
        state.withLock { state in
            guard let entry = state.renders[name], entry.key == key else { return nil }
            return entry.files
        }
    }

    func storeRendered(_ name: String, key: String, files: [RenderedFile]) {
        state.withLock { $0.renders[name] = (key, files) }
    }

    func scan(_ path: String, revision: String) -> SiteVerifier.Scan? {
        state.withLock { state in
            guard let entry = state.scans[path], entry.revision == revision else { return nil }
            return entry.scan
        }
    }

    func storeScan(_ scan: SiteVerifier.Scan, for path: String, revision: String) {
        state.withLock { $0.scans[path] = (revision, scan) }
    }

    /// The stamps of every file below a folder, as one string: it changes when any file does.
    static func revision(ofFolder folder: String?) -> String {
        guard let folder, let enumerator = FileManager.default.enumerator(atPath: folder) else { return "" }
        var parts: [String] = []
        while let name = enumerator.nextObject() as? String {
            if let stamp = FileStamp.of(folder + "/" + name) { parts.append("\(name):\(stamp.modified):\(stamp.size)") }
        }
        return parts.sorted().joined(separator: ",")
    }
}
