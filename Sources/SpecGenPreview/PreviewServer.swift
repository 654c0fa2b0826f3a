import Foundation
import Hummingbird
import Logging
import SpecGenKit

/// `specgen serve`: builds, serves on localhost, watches the sources and rebuilds on change.
package struct PreviewServer: Sendable {
    package var root: String
    package var templates: String
    package var host: String
    package var port: Int
    /// Serves every release and the work tree as `unstable/`, as `build --all-versions` writes them.
    package var allVersions = false
    /// A second root of proposals (`--proposals`), built and watched as the tree's `proposals/`.
    package var proposals: String?
    /// What the command line makes of kinds of diagnostic.
    package var policy = DiagnosticPolicy()
    /// Called with what each rebuild took and reported.
    package var log: @Sendable (String) -> Void

    package init(
        root: String, templates: String, host: String = "127.0.0.1", port: Int = 8000,
        log: @escaping @Sendable (String) -> Void
    ) {
        self.root = root
        self.templates = templates
        self.host = host
        self.port = port
        self.log = log
    }

    package enum Failure: Error, CustomStringConvertible {
        case portInUse(Int)
        case cannotListen(String)

        package var description: String {
            switch self {
            case .portInUse(let port): return "port \(port) is in use; choose another with --port"
            case .cannotListen(let reason): return "cannot listen: \(reason)"
            }
        }
    }

    /// Whether the server can listen on the address: an IPv4 address, or `localhost`.
    package static func isListenableAddress(_ host: String) -> Bool {
        var address = in_addr()
        return host == "localhost" || inet_pton(AF_INET, host, &address) == 1
    }

    /// Whether something already listens on the address, found before any build starts.
    package static func checkPort(host: String, port: Int) throws(Failure) {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw .cannotListen(String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr(host == "localhost" ? "127.0.0.1" : host)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        if result != 0 {
            if errno == EADDRINUSE { throw .portInUse(port) }
            throw .cannotListen(String(cString: strerror(errno)))
        }
    }

    package func run() async throws {
        try Self.checkPort(host: host, port: port)
        let site = PreviewSite(
            root: root, templatesDirectory: templates, allVersions: allVersions, policy: policy, proposals: proposals)
        let first = site.rebuild()
        report(site.current, took: first, changed: [])
        var watcher = SourceWatcher(root: root, templates: templates) { site.watchedFolders }
        watcher.proposals = proposals
        let watching = Task {
            await watcher.run { changed in
                let took = site.rebuild()
                report(site.current, took: took, changed: changed)
            }
        }
        let heartbeat = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(1))
                site.heartbeat()
            }
        }
        defer {
            watching.cancel()
            heartbeat.cancel()
        }
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

    /// Prints what changed since the last rebuild: new diagnostics only, then one summary line.
    private func report(_ snapshot: PreviewSite.Snapshot, took: Duration, changed: [String]) {
        let milliseconds = Double(took.components.attoseconds) / 1e15 + Double(took.components.seconds) * 1000
        for diagnostic in snapshot.newDiagnostics { log(diagnostic.description) }
        let summary = DiagnosticSummary(snapshot.diagnostics, warningsAsErrors: false)
        let what =
            changed.isEmpty
            ? "built" : "rebuilt after \(changed.prefix(3).joined(separator: ", "))\(changed.count > 3 ? ", …" : "")"
        let state =
            snapshot.isStale
            ? (snapshot.generation == 0 ? "; the build failed, the page shows why" : "; serving the last good build")
            : ""
        log(String(format: "specgen: %@ in %.1f ms (%@)%@", what, milliseconds, summary.line, state))
    }

    private static func quietLogger() -> Logger {
        var logger = Logger(label: "specgen.serve")
        logger.logLevel = .warning
        return logger
    }
}
