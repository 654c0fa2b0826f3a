import Foundation
import SpecGenKit
import SpecGenTestSupport
import Testing

@testable import SpecGenPreview

@Suite struct PreviewTests {
    static let endpoint = """
        swagger: '2.0'
        info: {title: Demo API}
        paths:
          /ping:
            get:
              operationId: get
              summary: Pings, first version.
              responses:
                200: {description: Pong.}
        """

    func site(_ files: [String: String] = ["api/client-server/ping.yaml": endpoint, "proposals/1-a.md": "# MSC1: A\n"])
        throws -> (Fixture, PreviewSite)
    {
        let fixture = try Fixture(files)
        let site = PreviewSite(root: fixture.path, templatesDirectory: SourcePaths.templates)
        site.rebuild()
        return (fixture, site)
    }

    func page(_ site: PreviewSite) -> String {
        String(decoding: site.current.files["client-server/index.html"] ?? [], as: UTF8.self)
    }

    @Test(arguments: [
        ("/../etc/passwd", 400), ("/%2e%2e/%2e%2e/etc/passwd", 400), ("/client-server%2findex.html", 400),
        ("/client-server%2Findex.html", 400), ("/..%5c..%5cetc%5cpasswd", 400), ("/./index.html", 400),
        ("/index.html%00.css", 400), ("/client-server/../../../etc/passwd", 400), ("/etc/passwd", 404),
        ("/nope.html", 404), ("/%ZZ", 400),
    ])
    func refusesPathsOutsideTheSite(path: String, status: Int) async throws {
        let (_, site) = try site()
        try await LiveServer.serving(site) { port in
            let response = await LiveServer.get(path, port: port)
            #expect(response?.status == status, "\(path)")
        }
    }

    @Test(arguments: [
        ("/", "text/html; charset=utf-8"), ("/client-server/", "text/html; charset=utf-8"),
        ("/client-server/index.html", "text/html; charset=utf-8"), ("/style.css", "text/css; charset=utf-8"),
        ("/_specgen/live.js", "text/javascript; charset=utf-8"), ("/search-index.js", "text/javascript; charset=utf-8"),
    ])
    func servesPagesWithTheirContentTypes(path: String, type: String) async throws {
        let (_, site) = try site()
        try await LiveServer.serving(site) { port in
            let response = await LiveServer.get(path, port: port)
            #expect(response?.status == 200, "\(path)")
            #expect(response?.headers["content-type"] == type, "\(path)")
            #expect(response?.headers["x-content-type-options"] == "nosniff", "\(path)")
        }
    }

    @Test func tellsTheBrowserNeverToSniffEvenWhatItDoesNotServe() async throws {
        let (_, site) = try site()
        try await LiveServer.serving(site) { port in
            for path in ["/no-such-page.svg", "/client-server"] {
                let response = await LiveServer.get(path, port: port)
                #expect(response?.headers["x-content-type-options"] == "nosniff", "\(path)")
            }
        }
    }

    @Test(arguments: ["/proposals", "/client-server"])
    func redirectsAFolderToItsSlash(path: String) async throws {
        let (_, site) = try site()
        try await LiveServer.serving(site) { port in
            let response = await LiveServer.get(path, port: port)
            #expect(response?.status == 301)
            #expect(response?.headers["location"] == path + "/")
        }
    }

    @Test func injectsTheReloadScriptOnlyIntoServedPages() async throws {
        let (fixture, site) = try site()
        try await LiveServer.serving(site) { port in
            let response = await LiveServer.get("/client-server/", port: port)
            #expect(response?.body.contains("<script src=\"/_specgen/live.js\" defer></script>\n</body>") == true)
        }
        let templates = try Templates.load(directory: SourcePaths.templates)
        let built = SiteBuilder(
            options: BuildOptions(fileSystem: DiskFileSystem(root: fixture.path), templates: templates)
        ).render()
        let page = try #require(built.site?.files.first { $0.path == "client-server/index.html" })
        #expect(!String(decoding: page.bytes, as: UTF8.self).contains("live.js"))
    }

    @Test func swapsInAGoodRebuildAndKeepsTheLastGoodSiteAfterAFailedOne() throws {
        let (fixture, site) = try site()
        try fixture.write(
            "api/client-server/ping.yaml",
            Self.endpoint.replacingOccurrences(of: "first version", with: "second version"))
        site.rebuild()
        #expect(site.current.generation == 2)
        #expect(page(site).contains("second version"))

        try fixture.write("api/client-server/ping.yaml", "paths: [unclosed\n")
        site.rebuild()
        #expect(site.current.isStale)
        #expect(site.current.generation == 2)
        #expect(page(site).contains("second version"))
        #expect(
            site.current.diagnostics.map(\.description) == [
                "api/client-server/ping.yaml:2:1: error: did not find expected ',' or ']' while parsing a flow sequence [yaml-syntax]"
            ])
    }

    @Test func keepsTheLastGoodSiteWhenTheRootIsMovedAway() throws {
        let (fixture, site) = try site()
        try FileManager.default.moveItem(atPath: fixture.path, toPath: fixture.path + "-moved")
        defer { try? FileManager.default.moveItem(atPath: fixture.path + "-moved", toPath: fixture.path) }
        site.rebuild()
        #expect(site.current.isStale)
        #expect(page(site).contains("first version"))
        #expect(site.current.diagnostics.contains { $0.severity == .error })
    }

    @Test func showsTheDiagnosticsWhenTheFirstBuildFails() async throws {
        let (_, site) = try site(["api/client-server/ping.yaml": "paths: [unclosed\n"])
        try await LiveServer.serving(site) { port in
            let response = await LiveServer.get("/client-server/", port: port)
            #expect(response?.status == 503)
            let page = response?.body ?? ""
            #expect(page.contains("api/client-server/ping.yaml:2:1: error: did not find expected"))
            #expect(page.contains("/_specgen/live.js"))
        }
    }

    @Test func reportsOnlyWhatChangedSinceTheLastRebuild() throws {
        let (fixture, site) = try site([
            "api/client-server/ping.yaml": Self.endpoint.replacingOccurrences(
                of: "        200: {description: Pong.}",
                with: "        200: {description: Pong.}\n      parameters: [{in: path, name: ghost, type: string}]")
        ])
        #expect(site.current.newDiagnostics.count == 1)
        try fixture.write("proposals/2-b.md", "# MSC2: B\n")
        site.rebuild()
        #expect(site.current.diagnostics.count == 1)
        #expect(site.current.newDiagnostics.isEmpty)
    }

    @Test func tellsEachListenerAboutRebuildsAndFailures() async throws {
        let (fixture, site) = try site()
        let events = site.events()
        try fixture.write("api/client-server/ping.yaml", Self.endpoint.replacingOccurrences(of: "first", with: "third"))
        site.rebuild()
        try fixture.write("api/client-server/ping.yaml", "paths: [unclosed\n")
        site.rebuild()
        var received: [String] = []
        for await event in events {
            switch event {
            case .reload(let generation): received.append("reload \(generation)")
            case .diagnostics(let diagnostics): received.append("diagnostics \(diagnostics.count)")
            case .heartbeat: continue
            }
            if received.count == 2 { break }
        }
        #expect(received == ["reload 2", "diagnostics 1"])
        // A page opened after the failure hears about it at once.
        var late = site.events().makeAsyncIterator()
        if case .diagnostics(let diagnostics)? = await late.next() {
            #expect(diagnostics.count == 1)
        } else {
            Issue.record("no diagnostics for a late listener")
        }
    }

    @Test func noticesAnEditInAWatchedFolderButNotElsewhere() async throws {
        let (fixture, site) = try site([
            "api/client-server/ping.yaml": Self.endpoint, "notes/old.txt": "not part of the spec",
        ])
        let watcher = SourceWatcher(root: fixture.path, templates: SourcePaths.templates) { site.watchedFolders }
        let before = watcher.snapshot()
        try fixture.write("api/client-server/ping.yaml", Self.endpoint + "\n# edited\n")
        try fixture.write("notes/todo.txt", "not part of the spec")
        let after = watcher.snapshot()
        let changed = Set(after.keys).symmetricDifference(before.keys).union(
            after.keys.filter { before[$0] != nil && before[$0] != after[$0] })
        #expect(changed == ["api/client-server/ping.yaml"])
    }

    /// `serve --proposals DIR`: an edit in the second root is noticed, and rebuilds both the
    /// proposal's page and the excerpt beside the endpoint it mentions.
    @Test func showsAnEditOfAProposalInASecondRootOnItsPageAndBesideItsEndpoint() throws {
        let tree = try Fixture(["api/client-server/ping.yaml": Self.endpoint])
        let proposals = try Fixture([
            "3000-ping.md": "# MSC3000: Ping\n\nPinging helps clients.\n\n## Proposal\n\nAdd `GET /ping`.\n"
        ])
        let site = PreviewSite(
            root: tree.path, templatesDirectory: SourcePaths.templates, proposals: proposals.path)
        site.rebuild()
        var watcher = SourceWatcher(root: tree.path, templates: SourcePaths.templates) { site.watchedFolders }
        watcher.proposals = proposals.path
        let before = watcher.snapshot()
        #expect(page(site).contains("Pinging helps clients."))
        #expect(site.current.files["proposals/3000.html"] != nil)

        try proposals.write(
            "3000-ping.md", "# MSC3000: Ping\n\nPinging tells clients apart.\n\n## Proposal\n\nAdd `GET /ping`.\n")
        let after = watcher.snapshot()
        #expect(
            after["proposals/3000-ping.md"] != nil
                && after["proposals/3000-ping.md"] != before["proposals/3000-ping.md"])
        site.rebuild()
        let proposalPage = String(decoding: site.current.files["proposals/3000.html"] ?? [], as: UTF8.self)
        #expect(proposalPage.contains("Pinging tells clients apart."))
        #expect(page(site).contains("Pinging tells clients apart."))
        #expect(!page(site).contains("Pinging helps clients."))
        #expect(site.current.diagnostics.isEmpty, "\(site.current.diagnostics)")
    }

    @Test func neverBlocksOnAFIFOCreatedWhileWatching() throws {
        let (fixture, site) = try site()
        #expect(mkfifo(fixture.path + "/api/client-server/fifo.yaml", 0o644) == 0)
        let watcher = SourceWatcher(root: fixture.path, templates: SourcePaths.templates) { site.watchedFolders }
        #expect(watcher.snapshot()["api/client-server/fifo.yaml"] != nil)
        site.rebuild()
        #expect(
            site.current.diagnostics.map(\.description) == [
                "api/client-server/fifo.yaml:1:1: error: this is not a regular file (a FIFO, socket or device); it is not read [unreadable-file]"
            ])
    }

    @Test func reportsABusyPortInWords() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        listen(descriptor, 1)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        let port = Int(UInt16(bigEndian: address.sin_port))
        #expect(throws: PreviewServer.Failure.self) { try PreviewServer.checkPort(host: "127.0.0.1", port: port) }
        let fixture = try Fixture(["api/client-server/ping.yaml": Self.endpoint])
        let result = try CommandRunner.run([
            "serve", "--root", fixture.path, "--port", String(port), "--templates", SourcePaths.templates,
        ])
        #expect(result.status == 1)
        #expect(result.stderr.contains("port \(port) is in use"))
    }

    @Test func neverServesAHalfWrittenPageWhileRebuilding() async throws {
        let (fixture, site) = try site()
        let rebuilding = Task.detached {
            for round in 0..<20 {
                try? fixture.write(
                    "api/client-server/ping.yaml",
                    Self.endpoint.replacingOccurrences(of: "first version", with: "version \(round)"))
                site.rebuild()
            }
        }
        try await LiveServer.serving(site) { port in
            await withTaskGroup(of: Void.self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        for _ in 0..<50 {
                            let response = await LiveServer.get("/client-server/", port: port)
                            let page = response?.body ?? ""
                            #expect(response?.status == 200)
                            #expect(page.hasPrefix("<!DOCTYPE html>") && page.hasSuffix("</html>\n"))
                        }
                    }
                }
            }
        }
        await rebuilding.value
    }

    /// Streams whose clients have gone are dropped: after 2,000 opened and closed, the server's
    /// open files are back where they started.
    @Test func dropsEventStreamsWhenTheirClientsGo() async throws {
        let (_, site) = try site()
        @Sendable func openFiles() -> Int {
            (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count) ?? 0
        }
        try await LiveServer.serving(site) { port in
            let before = openFiles()
            for _ in 0..<2000 {
                let connected = LiveServer.connect(port: port)
                #expect(connected != nil)
                guard let descriptor = connected else { continue }
                let request = "GET /_specgen/events HTTP/1.1\r\nHost: localhost\r\n\r\n"
                _ = request.withCString { send(descriptor, $0, strlen($0), 0) }
                var buffer = [UInt8](repeating: 0, count: 256)
                _ = recv(descriptor, &buffer, buffer.count, 0)
                close(descriptor)
            }
            // Heartbeats find the streams whose clients have gone.
            var settled = false
            for _ in 0..<100 {
                site.heartbeat()
                try await Task.sleep(for: .milliseconds(50))
                if site.subscriberCount == 0 && openFiles() <= before + 2 { settled = true; break }
            }
            #expect(settled, "streams: \(site.subscriberCount), open files: \(openFiles()) (before: \(before))")
        }
    }
}
