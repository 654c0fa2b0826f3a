import Foundation
import SpecGenTestSupport
import Testing

@testable import SpecGenKit

/// The real Matrix specs in `../shared/corpus`; skipped with a message when that folder is absent.
@Suite struct CorpusTests {
    static let matrixDoc2019 = SourcePaths.corpus("matrix-doc-2019-09")

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
    func reportsTheCorpusOwnProblemsAsWarnings() throws {
        let root = try #require(Self.matrixDoc2019)
        let (_, _, diagnostics) = SiteBuilder(
            options: BuildOptions(root: root, output: "/nonexistent", templates: SourcePaths.templates)
        ).render()
        let warnings = diagnostics.diagnostics.map(\.description)
        #expect(warnings.contains("api/identity/lookup.yaml:91:23: warning: $ref target '../../schemas/server-signatures.yaml' does not exist"))
    }
}
