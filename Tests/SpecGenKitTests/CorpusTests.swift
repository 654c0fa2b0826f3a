import Foundation
import SpecGenTestSupport
import Testing

@testable import SpecGenKit

/// The real Matrix specs in `../shared/corpus`; skipped with a message when that folder is absent.
@Suite struct CorpusTests {
    static let matrixDoc2019 = SourcePaths.corpus("matrix-doc-2019-09")
    static let matrixSpec18 = SourcePaths.corpus("matrix-spec-v1.8")

    static func render(_ root: String) -> (RenderedSite?, Spec, [Diagnostic]) {
        let (site, spec, diagnostics) = SiteBuilder(
            options: BuildOptions(root: root, output: "/nonexistent", templates: SourcePaths.templates)
        ).render()
        return (site, spec, diagnostics.diagnostics)
    }

    static func pages(_ site: RenderedSite?) -> [(path: String, html: String)] {
        (site?.files ?? []).filter { $0.path.hasSuffix(".html") }.map { ($0.path, String(decoding: $0.bytes, as: UTF8.self)) }
    }

    @Test(.enabled(if: matrixDoc2019 != nil, "../shared/corpus/matrix-doc-2019-09 is absent"))
    func linksOnlyToAnchorsThatExistIn2019() throws {
        let (site, _, _) = Self.render(try #require(Self.matrixDoc2019))
        #expect(LinkCheck.brokenFragments(in: Self.pages(site)) == [])
    }

    @Test(.enabled(if: matrixSpec18 != nil, "../shared/corpus/matrix-spec-v1.8 is absent"))
    func rendersTheV18SpecWithoutErrorsOrBrokenAnchors() throws {
        let (site, spec, diagnostics) = Self.render(try #require(Self.matrixSpec18))
        #expect(diagnostics.filter { $0.severity == .error }.map(\.description) == [])
        #expect(spec.apis.reduce(0) { $0 + $1.operationCount } == 218)
        #expect(spec.events.events.count >= 57)
        let pages = Self.pages(site)
        #expect(LinkCheck.brokenFragments(in: pages) == [])
        let api = try #require(pages.first { $0.path == "client-server/index.html" }?.html)
        // Links written for the Hugo site resolve to our own anchors.
        #expect(!api.contains("href=\"#get_matrixclientv3sync\""))
        #expect(api.contains("href=\"#get-matrix-client-v3-sync\""))
    }

    @Test(.enabled(if: matrixDoc2019 != nil, "../shared/corpus/matrix-doc-2019-09 is absent"))
    func rendersAllOperationsOf2019WithoutErrors() throws {
        let root = try #require(Self.matrixDoc2019)
        let (site, spec, diagnostics) = SiteBuilder(
            options: BuildOptions(root: root, output: "/nonexistent", templates: SourcePaths.templates)
        ).render()
        #expect(diagnostics.diagnostics.filter { $0.severity == .error }.map(\.description) == [])
        #expect(spec.apis.map(\.name) == ["client-server", "server-server", "application-service", "identity", "push-gateway"])
        #expect(spec.apis.reduce(0) { $0 + $1.operationCount } == 190)
        let page = try #require(site?.files.first { $0.path == "client-server/index.html" })
        let html = String(decoding: page.bytes, as: UTF8.self)
        #expect(html.contains("id=\"post-matrix-client-r0-account-3pid-unbind\""))
        #expect(html.contains("<code class=\"value\">no-support</code>"))
    }

    @Test(.enabled(if: matrixDoc2019 != nil, "../shared/corpus/matrix-doc-2019-09 is absent"))
    func linksTheUnbindEndpointWithMSC2140AndFragment2282() throws {
        let root = try #require(Self.matrixDoc2019)
        let (site, _, _) = SiteBuilder(
            options: BuildOptions(root: root, output: "/nonexistent", templates: SourcePaths.templates)
        ).render()
        func page(_ path: String) throws -> String {
            String(decoding: try #require(site?.files.first { $0.path == path }).bytes, as: UTF8.self)
        }
        let api = try page("client-server/index.html")
        let unbind = try #require(api.range(of: "id=\"post-matrix-client-r0-account-3pid-unbind\"").map { api[$0.lowerBound...] })
        let section = try #require(unbind.range(of: "</section>").map { unbind[..<$0.lowerBound] })
        #expect(section.contains("href=\"../proposals/2140.html\""))
        #expect(section.contains("href=\"../changelog/client_server.html#change-2282.new\""))
        #expect(try page("proposals/2140.html").contains("href=\"../client-server/index.html#post-matrix-client-r0-account-3pid-unbind\""))
        let changelog = try page("changelog/client_server.html")
        let entry = try #require(changelog.range(of: "<li id=\"change-2282.new\">").map { changelog[$0.lowerBound...].prefix(300) })
        #expect(entry.contains("href=\"../client-server/index.html#post-matrix-client-r0-account-3pid-unbind\""))
    }

    @Test(.enabled(if: matrixDoc2019 != nil, "../shared/corpus/matrix-doc-2019-09 is absent"))
    func reportsTheCorpusOwnProblemsAsWarnings() throws {
        let root = try #require(Self.matrixDoc2019)
        let (_, _, diagnostics) = SiteBuilder(
            options: BuildOptions(root: root, output: "/nonexistent", templates: SourcePaths.templates)
        ).render()
        let warnings = diagnostics.diagnostics.map(\.description)
        #expect(warnings.contains("api/identity/lookup.yaml:91:23: warning: $ref target '../../schemas/server-signatures.yaml' does not exist"))
    }
}
