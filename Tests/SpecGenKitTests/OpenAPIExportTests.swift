import Foundation
import SpecGenTestSupport
import Testing

@testable import SpecGenKit

/// Each API's `api.json`, as the spec's CI publishes it with `scripts/dump-openapi.py`.
@Suite struct OpenAPIExportTests {
    static let pages = [
        "client-server-api", "server-server-api", "application-service-api", "identity-service-api",
        "push-gateway-api",
    ]

    @Test func writesShortcodesAsMarkdownAndLinksAbsolute() {
        let export = OpenAPIExport(baseURL: "https://spec.matrix.org/v1.19", release: "v1.19")
        #expect(
            export.edit(
                "{{% boxes/note %}}See [login](/client-server-api/#login).{{% /boxes/note %}} {{% added-in v=\"1.4\" %}} %CLIENT_RELEASE_LABEL%"
            )
                == "**NOTE:** See [login](https://spec.matrix.org/v1.19/client-server-api/#login). **[Added in `v1.4`]**  v1.19"
        )
        // The `{{< … >}}` form is left as written, as the script leaves it.
        #expect(export.edit("{{< changed-in v=\"1.2\" >}}") == "{{< changed-in v=\"1.2\" >}}")
        #expect(
            OpenAPIExport.defaults(for: SiteConfig(title: "x"), baseURL: nil).baseURL
                == "https://spec.matrix.org/unstable")
    }

    /// Every API document of the current release is valid OpenAPI 3.1 and holds every operation.
    @Test(.enabled(if: SourcePaths.corpus("matrix-spec-v1.19") != nil, "../shared/corpus is absent"))
    func validatesAndHoldsEveryOperation() throws {
        let result = try #require(CorpusTests.matrixSpec119)
        let spec = try #require(result.spec)
        let folder = try Fixture()
        for api in spec.apis {
            let path = SitePaths.apiDocument(ofPageURL: SitePaths.publishedURL(ofAPI: api.name))
            let file = try #require(result.file(path), "\(path)")
            try folder.write(path, file.bytes)
            let json = try JSONSerialization.jsonObject(with: Data(file.bytes)) as? [String: Any]
            let paths = try #require(json?["paths"] as? [String: [String: Any]])
            for operation in api.documents.flatMap(\.operations) {
                #expect(paths[operation.fullPath]?[operation.method.lowercased()] != nil, "\(operation.endpoint)")
            }
            #expect((json?["info"] as? [String: String])?["version"] == "v1.19")
        }
        let check = try Python.run(
            """
            import json, sys
            from openapi_spec_validator import validate
            for path in sys.argv[1:]:
                validate(json.load(open(path)))
            print("valid")
            """, arguments: Self.pages.map { folder.path + "/" + $0 + "/api.json" })
        #expect(check.status == 0 && check.output.hasSuffix("valid\n"), "\(check.output.suffix(2000))")
    }

    /// Equal, as JSON, to what the spec's own script writes for a release: run where a clone of
    /// matrix-org/matrix-spec is named by `SPECGEN_MATRIX_SPEC` (the script is not in ../shared).
    @Test(
        .enabled(
            if: ProcessInfo.processInfo.environment["SPECGEN_MATRIX_SPEC"] != nil,
            "set SPECGEN_MATRIX_SPEC to a clone of matrix-org/matrix-spec"),
        arguments: ["v1.16", "v1.19"])
    func equalsWhatTheSpecsScriptWrites(tag: String) throws {
        let repository = try #require(ProcessInfo.processInfo.environment["SPECGEN_MATRIX_SPEC"])
        let tree = try Fixture()
        let archive = Process()
        archive.executableURL = URL(fileURLWithPath: "/bin/sh")
        archive.arguments = ["-c", "git -C \"$0\" archive \"$1\" | tar -x -C \"$2\"", repository, tag, tree.path]
        try archive.run()
        archive.waitUntilExit()
        let site = try Fixture()
        let build = try CommandRunner.run(["build", "--quiet", "--root", tree.path, "--output", site.path + "/site"])
        #expect(build.status == 0, "\(build.stderr)")
        for (api, page) in zip(
            ["client-server", "server-server", "application-service", "identity", "push-gateway"], Self.pages)
        {
            let compare = try Python.run(
                """
                import json, subprocess, sys
                tree, api, tag, ours = sys.argv[1:]
                subprocess.run([sys.executable, tree + "/scripts/dump-openapi.py", "--api", api, "-r", tag,
                    "--base-url", "https://spec.matrix.org/" + tag, "-o", tree + "/dump.json"], check=True,
                    capture_output=True)
                same = json.load(open(tree + "/dump.json")) == json.load(open(ours))
                print("equal" if same else "different")
                """, arguments: [tree.path, api, tag, site.path + "/site/" + page + "/api.json"])
            #expect(compare.output.hasSuffix("equal\n"), "\(api): \(compare.output.suffix(1500))")
        }
    }
}
