import Foundation
import Hummingbird
import Logging
import SpecGenKit

/// `specgen serve`: builds, serves on localhost, watches the sources and rebuilds on change.
public struct PreviewServer: Sendable {
    public var options: BuildOptions
    public var host: String
    public var port: Int
    /// Called with what each rebuild took and reported.
    public var log: @Sendable (String) -> Void

    public init(options: BuildOptions, host: String = "127.0.0.1", port: Int = 8000, log: @escaping @Sendable (String) -> Void) {
        self.options = options
        self.host = host
        self.port = port
        self.log = log
    }

    public func run() async throws {
        let site = PreviewSite(options: options)
        let first = site.rebuild()
        report(site.current, took: first, changed: [])
        let watcher = SourceWatcher(root: options.root)
        let watching = Task {
            await watcher.run { changed in
                let took = site.rebuild()
                report(site.current, took: took, changed: changed)
            }
        }
        defer { watching.cancel() }
        // Hummingbird shuts down gracefully on these signals; the event streams of open pages never
        // end by themselves, so end them first.
        let signals = [SIGINT, SIGTERM].map { number -> DispatchSourceSignal in
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { site.closeStreams() }
            source.resume()
            return source
        }
        defer { signals.forEach { $0.cancel() } }
        let app = Application(
            responder: PreviewResponder(site: site),
            configuration: .init(address: .hostname(host, port: port), serverName: "specgen"),
            onServerRunning: { _ in log("specgen: serving http://\(host):\(port)/ (Ctrl-C stops)") },
            logger: Self.quietLogger())
        try await app.runService()
    }

    private func report(_ snapshot: PreviewSite.Snapshot, took: Duration, changed: [String]) {
        let milliseconds = Double(took.components.attoseconds) / 1e15 + Double(took.components.seconds) * 1000
        for diagnostic in snapshot.diagnostics { log(diagnostic.description) }
        let what = changed.isEmpty ? "built" : "rebuilt after \(changed.prefix(3).joined(separator: ", "))\(changed.count > 3 ? ", …" : "")"
        log(String(format: "specgen: %@ in %.1f ms%@", what, milliseconds, snapshot.isStale ? "; serving the last good build" : ""))
    }

    private static func quietLogger() -> Logger {
        var logger = Logger(label: "specgen.serve")
        logger.logLevel = .warning
        return logger
    }
}
