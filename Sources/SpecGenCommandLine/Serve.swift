import ArgumentParser
import Dispatch
import Foundation
import SpecGenKit
import SpecGenPreview

struct Serve: AsyncParsableCommand {
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

    @OptionGroup var kinds: PolicyOptions

    @Flag(
        help:
            "Serve every released version (git tags, as build --all-versions) and the work tree as unstable/; a change rebuilds unstable/ only."
    )
    var allVersions = false

    func validate() throws {
        try source.validate()
        guard (1...65535).contains(port) else { throw ValidationError("--port must be between 1 and 65535") }
        guard PreviewServer.isListenableAddress(host) else {
            throw ValidationError("--host '\(host)' is not an IPv4 address of this machine or 'localhost'")
        }
        if allVersions, GitTree.top(of: source.root) == nil {
            throw ValidationError("--all-versions needs a git repository; \(source.root) is not in one")
        }
    }

    func run() async throws {
        var server = PreviewServer(
            root: source.root, templates: try source.templatesDirectory(), host: host, port: port
        ) { line in
            Console.err(line + "\n")
        }
        server.allVersions = allVersions
        server.proposals = source.second.folder
        server.policy = try kinds.policy()
        do {
            try await server.run()
        } catch {
            Console.err("specgen: \(error)\n")
            throw ExitCode(1)
        }
    }
}
