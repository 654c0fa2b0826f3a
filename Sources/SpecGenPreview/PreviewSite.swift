import Foundation
import SpecGenKit
import Synchronization

/// The site `specgen serve` shows: the last good build, held in memory and swapped whole, so no
/// request ever sees a half-written page. Every rebuild is the same build `specgen build` runs,
/// with a ``BuildCache`` so that only what an edit touched is read and parsed again.
package final class PreviewSite: Sendable, SiteConsumer {
    /// One build's pages and what it reported.
    package struct Snapshot: Sendable {
        package var files: [String: [UInt8]]
        package var diagnostics: [Diagnostic]
        /// Counts successful builds; pages reload when it changes.
        package var generation: Int
        /// True when the last rebuild failed; `files` are from an earlier good one, if any.
        package var isStale: Bool
        /// What the last rebuild reported that the one before did not.
        package var newDiagnostics: [Diagnostic]
    }

    /// What a rebuild did, for the live-reload clients.
    package enum Event: Sendable {
        case reload(generation: Int)
        case diagnostics([Diagnostic])
        /// Keeps the stream alive, and finds out when a client has gone.
        case heartbeat
    }

    private let root: String
    /// A second root of proposals (`--proposals`), read as the tree's `proposals/`.
    private let proposals: String?
    /// What the command line makes of kinds of diagnostic.
    private let policy: DiagnosticPolicy
    private let templatesDirectory: String
    private let cache = BuildCache()
    /// `serve --all-versions`: every release and the work tree as `unstable/`, as
    /// `build --all-versions` writes them; the tags are built once, the work tree on each change.
    private let versions: KeptVersions?
    private let snapshot = Mutex(
        Snapshot(files: [:], diagnostics: [], generation: 0, isStale: false, newDiagnostics: []))
    private let subscribers = Mutex<[Int: AsyncStream<Event>.Continuation]>([:])
    private let nextSubscriber = Atomic<Int>(0)
    private let building = Mutex(())
    private let closed = Atomic<Bool>(false)
    private let watched = Mutex<[String]>([])

    package init(
        root: String, templatesDirectory: String, allVersions: Bool = false,
        policy: DiagnosticPolicy = DiagnosticPolicy(), proposals: String? = nil
    ) {
        self.policy = policy
        self.root = DiskFileSystem.canonical(root)
        self.proposals = proposals
        self.templatesDirectory = templatesDirectory
        versions = allVersions ? KeptVersions() : nil
    }

    package var current: Snapshot { snapshot.withLock { $0 } }

    /// The folders of the source tree that the last build read from, and the templates.
    package var watchedFolders: [String] { watched.withLock { $0 } }

    /// The number of open live-reload streams.
    package var subscriberCount: Int { subscribers.withLock { $0.count } }

    /// Publishes a good build: its pages replace the old ones at once, and open pages reload.
    package func consume(_ site: RenderedSite) throws(Diagnostic) {
        var files: [String: [UInt8]] = [:]
        for file in site.files { files[URLPolicy.filePath(ofSitePath: file.path)] = file.bytes }
        snapshot.withLock { snapshot in
            snapshot.files = files
            snapshot.generation += 1
            snapshot.isStale = false
        }
    }

    /// Builds in memory into this site; on failure the old pages stay and the diagnostics go to the
    /// open pages.
    /// - Returns: how long the build took.
    @discardableResult
    package func rebuild() -> Duration {
        building.withLock { _ in
            let start = ContinuousClock.now
            let before = current.generation
            var diagnostics: [Diagnostic]
            do throws(Diagnostic) {
                let templates = try Templates.load(directory: templatesDirectory)
                if let versions {
                    var build = VersionedBuild(root: root, templates: templates)
                    build.proposals = proposals.map { DiskFileSystem(root: $0) }
                    build.kept = versions
                    build.policy = policy
                    // The preview is of the work tree: a build without `unstable/` is not published.
                    build.requiresWorkTree = true
                    let outcome = build.build(into: self)
                    if let layout = outcome.workTreeLayout { watched.withLock { $0 = layout.watchedFolders } }
                    diagnostics = Diagnostic.sortedForDisplay(outcome.diagnostics)
                } else {
                    let files = MountedFileSystem.withProposals(
                        DiskFileSystem(root: root), proposals.map { DiskFileSystem(root: $0) })
                    var options = BuildOptions(fileSystem: files, templates: templates)
                    options.policy = policy
                    options.revision = { [root] in GitTree.shortHead(of: root) }
                    let result = SiteBuilder(options: options, cache: cache).build(into: self)
                    if let spec = result.spec { watched.withLock { $0 = spec.layout.watchedFolders } }
                    diagnostics = result.diagnostics
                }
            } catch {
                diagnostics = [error]
            }
            let event: Event = snapshot.withLock { snapshot in
                let previous = Set(snapshot.diagnostics)
                snapshot.newDiagnostics = diagnostics.filter { !previous.contains($0) }
                snapshot.diagnostics = diagnostics
                if snapshot.generation == before {
                    snapshot.isStale = true
                    return .diagnostics(diagnostics)
                }
                return .reload(generation: snapshot.generation)
            }
            let elapsed = ContinuousClock.now - start
            broadcast(event)
            return elapsed
        }
    }

    /// A stream of rebuild events for one client; it starts with the diagnostics of a failed build.
    package func events() -> AsyncStream<Event> {
        let id = nextSubscriber.add(1, ordering: .relaxed).newValue
        let (stream, continuation) = AsyncStream<Event>.makeStream(bufferingPolicy: .bufferingNewest(8))
        continuation.onTermination = { [weak self] _ in
            _ = self?.subscribers.withLock { $0.removeValue(forKey: id) }
        }
        subscribers.withLock { $0[id] = continuation }
        if closed.load(ordering: .relaxed) { continuation.finish() }
        let now = current
        if now.isStale { continuation.yield(.diagnostics(now.diagnostics)) }
        return stream
    }

    /// Sends a heartbeat to every open stream, so that streams whose clients have gone end.
    package func heartbeat() {
        broadcast(.heartbeat)
    }

    /// Ends every event stream, so that open pages let the server shut down.
    package func closeStreams() {
        closed.store(true, ordering: .relaxed)
        for continuation in subscribers.withLock({ Array($0.values) }) { continuation.finish() }
    }

    private func broadcast(_ event: Event) {
        for continuation in subscribers.withLock({ Array($0.values) }) { continuation.yield(event) }
    }
}
