import Foundation
import Hummingbird
import HummingbirdTesting
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
              summary: Pings, first version.
              responses:
                200: {description: Pong.}
        """

    func site(_ files: [String: String] = ["api/client-server/ping.yaml": endpoint]) throws -> (Fixture, PreviewSite) {
        let fixture = try Fixture(files)
        let site = PreviewSite(options: BuildOptions(root: fixture.path, output: "", templates: SourcePaths.templates))
        site.rebuild()
        return (fixture, site)
    }

    func app(_ site: PreviewSite) -> some ApplicationProtocol {
        Application(responder: PreviewResponder(site: site))
    }

    @Test(arguments: [
        ("/../etc/passwd", HTTPResponse.Status.badRequest), ("/%2e%2e/%2e%2e/etc/passwd", .badRequest),
        ("/client-server%2findex.html", .badRequest), ("/client-server%2Findex.html", .badRequest),
        ("/..%5c..%5cetc%5cpasswd", .badRequest), ("/./index.html", .badRequest), ("/index.html%00.css", .badRequest),
        ("/client-server/../../../etc/passwd", .badRequest), ("/etc/passwd", .notFound), ("/nope.html", .notFound),
        ("/%ZZ", .badRequest),
    ])
    func refusesPathsOutsideTheSite(path: String, status: HTTPResponse.Status) async throws {
        let (_, site) = try site()
        try await app(site).test(.router) { client in
            try await client.execute(uri: path, method: .get) { response in
                #expect(response.status == status, "\(path)")
            }
        }
    }

    @Test(arguments: [
        ("/", "text/html; charset=utf-8"), ("/client-server/", "text/html; charset=utf-8"),
        ("/client-server", "text/html; charset=utf-8"), ("/client-server/index.html", "text/html; charset=utf-8"),
        ("/style.css", "text/css; charset=utf-8"), ("/_specgen/live.js", "text/javascript; charset=utf-8"),
    ])
    func servesPagesWithTheirContentTypes(path: String, type: String) async throws {
        let (_, site) = try site()
        try await app(site).test(.router) { client in
            try await client.execute(uri: path, method: .get) { response in
                #expect(response.status == .ok, "\(path)")
                #expect(response.headers[.contentType] == type, "\(path)")
            }
        }
    }

    @Test func injectsTheReloadScriptOnlyIntoServedPages() async throws {
        let (fixture, site) = try site()
        try await app(site).test(.router) { client in
            try await client.execute(uri: "/client-server/", method: .get) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("<script src=\"/_specgen/live.js\" defer></script>\n</body>"))
            }
        }
        let report = SiteBuilder(options: BuildOptions(root: fixture.path, output: fixture.path + "/site", templates: SourcePaths.templates)).build()
        #expect(report.wrote)
        #expect(fixture.read("site/client-server/index.html")?.contains("live.js") == false)
    }

    @Test func swapsInAGoodRebuildAndKeepsTheLastGoodSiteAfterAFailedOne() throws {
        let (fixture, site) = try site()
        try fixture.write("api/client-server/ping.yaml", Self.endpoint.replacingOccurrences(of: "first version", with: "second version"))
        site.rebuild()
        #expect(site.current.generation == 2)
        #expect(page(site).contains("second version"))

        try fixture.write("api/client-server/ping.yaml", "paths: [unclosed\n")
        site.rebuild()
        #expect(site.current.isStale)
        #expect(site.current.generation == 2)
        #expect(page(site).contains("second version"))
        #expect(site.current.diagnostics.map(\.description) == [
            "api/client-server/ping.yaml:2:1: error: did not find expected ',' or ']' while parsing a flow sequence"
        ])
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

    @Test func noticesAnEditWithinASecond() async throws {
        let fixture = try Fixture(["api/client-server/ping.yaml": Self.endpoint])
        let watcher = SourceWatcher(root: fixture.path)
        let (changes, continuation) = AsyncStream<[String]>.makeStream()
        let watching = Task { await watcher.run { continuation.yield($0) } }
        defer { watching.cancel() }
        try await Task.sleep(for: .milliseconds(300))
        let start = ContinuousClock.now
        try fixture.write("api/client-server/ping.yaml", Self.endpoint + "\n# edited\n")
        var iterator = changes.makeAsyncIterator()
        let changed = await iterator.next()
        #expect(changed == ["api/client-server/ping.yaml"])
        #expect(ContinuousClock.now - start < .seconds(1))
    }

    @Test func neverServesAHalfWrittenPageWhileRebuilding() async throws {
        let (fixture, site) = try site()
        let rebuilding = Task.detached {
            for round in 0..<20 {
                try? fixture.write("api/client-server/ping.yaml", Self.endpoint.replacingOccurrences(of: "first version", with: "version \(round)"))
                site.rebuild()
            }
        }
        try await app(site).test(.live) { client in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        for _ in 0..<50 {
                            try await client.execute(uri: "/client-server/", method: .get) { response in
                                let page = String(buffer: response.body)
                                #expect(response.status == .ok)
                                #expect(page.hasPrefix("<!DOCTYPE html>") && page.hasSuffix("</html>\n"))
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
        await rebuilding.value
    }

    func page(_ site: PreviewSite) -> String {
        String(decoding: site.current.files["client-server/index.html"] ?? [], as: UTF8.self)
    }
}
