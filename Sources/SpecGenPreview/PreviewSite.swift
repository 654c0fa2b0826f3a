import Foundation
import SpecGenKit
import Synchronization

/// The site `specgen serve` shows: the last good build, held in memory and swapped whole, so no
/// request ever sees a half-written page. Rebuilds reuse a ``BuildCache``.
public final class PreviewSite: Sendable {
    /// One build's pages and what it reported.
    public struct Snapshot: Sendable {
        public var files: [String: [UInt8]]
        public var diagnostics: [Diagnostic]
        /// Counts successful builds; pages reload when it changes.
        public var generation: Int
        /// True when the last rebuild failed and `files` are from an earlier one.
        public var isStale: Bool
    }

    /// What a rebuild did, for the live-reload clients.
    public enum Event: Sendable {
        case reload(generation: Int)
        case diagnostics([Diagnostic])
    }

    private let builder: SiteBuilder
    private let snapshot = Mutex(Snapshot(files: [:], diagnostics: [], generation: 0, isStale: false))
    private let subscribers = Mutex<[Int: AsyncStream<Event>.Continuation]>([:])
    private let nextSubscriber = Atomic<Int>(0)
    private let building = Mutex(())
    private let closed = Atomic<Bool>(false)

    public init(options: BuildOptions) {
        builder = SiteBuilder(options: options, cache: BuildCache())
    }

    public var current: Snapshot { snapshot.withLock { $0 } }

    /// Builds in memory; on success the new pages replace the old ones at once, on failure the old
    /// ones stay and the diagnostics go to the open pages.
    /// - Returns: how long the build took.
    @discardableResult
    public func rebuild() -> Duration {
        building.withLock { _ in
            let start = ContinuousClock.now
            let (site, _, collector) = builder.render()
            let diagnostics = collector.diagnostics
            let failed = site == nil || collector.hasErrors
            let event: Event = snapshot.withLock { snapshot in
                if failed {
                    snapshot.diagnostics = diagnostics
                    snapshot.isStale = true
                    return .diagnostics(diagnostics)
                }
                var files: [String: [UInt8]] = [:]
                for file in site?.files ?? [] { files[file.path] = file.bytes }
                snapshot = Snapshot(files: files, diagnostics: diagnostics, generation: snapshot.generation + 1, isStale: false)
                return .reload(generation: snapshot.generation)
            }
            let elapsed = ContinuousClock.now - start
            broadcast(event)
            return elapsed
        }
    }

    /// A stream of rebuild events for one client; it starts with the diagnostics of a failed build.
    public func events() -> AsyncStream<Event> {
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

    /// Ends every event stream, so that open pages let the server shut down.
    public func closeStreams() {
        closed.store(true, ordering: .relaxed)
        for continuation in subscribers.withLock({ Array($0.values) }) { continuation.finish() }
    }

    private func broadcast(_ event: Event) {
        for continuation in subscribers.withLock({ Array($0.values) }) { continuation.yield(event) }
    }
}
