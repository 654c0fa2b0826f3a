import ArgumentParser
import Dispatch
import Foundation
import SpecGenKit
import SpecGenPreview

struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Build, serve the site on localhost, and rebuild when the sources change.",
        discussion: """
            Pages reload by themselves after each rebuild. A failed rebuild keeps the last good site \
            and shows its diagnostics over the open page. Nothing is written to disk.
            """
    )

    @OptionGroup var source: SourceOptions

    @Option(help: "The port to listen on.")
    var port = 8000

    @Option(help: "The address to listen on; keep 127.0.0.1 unless you mean to share the preview.")
    var host = "127.0.0.1"

    @Flag(
        help:
            "Serve every released version (git tags, as build --all-versions) and the work tree as unstable/; a change rebuilds unstable/ only."
    )
    var allVersions = false

    func validate() throws {
        try source.validate()
        guard (1...65535).contains(port) else { throw ValidationError("--port must be between 1 and 65535") }
        if allVersions, GitTree.top(of: source.root) == nil {
            throw ValidationError("--all-versions needs a git repository; \(source.root) is not in one")
        }
    }

    func run() throws {
        var server = PreviewServer(
            root: source.root, templates: try source.templatesDirectory(), host: host, port: port
        ) { line in
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
        server.allVersions = allVersions
        // The server is async; the command waits for it on this thread.
        let finished = DispatchSemaphore(value: 0)
        let failure = FailureBox()
        Task {
            do { try await server.run() } catch { failure.set(error) }
            finished.signal()
        }
        finished.wait()
        if let error = failure.get() {
            Console.error("specgen: \(error)")
            throw ExitCode(1)
        }
    }
}

/// Carries an error out of the server's task.
private final class FailureBox: @unchecked Sendable {
    private let lock = NSLock()
    private var error: Error?

    func set(_ error: Error) { lock.withLock { self.error = error } }
    func get() -> Error? { lock.withLock { error } }
}
