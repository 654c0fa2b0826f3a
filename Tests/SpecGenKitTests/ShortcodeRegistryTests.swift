import Foundation
import SpecGenTestSupport
import Testing

@testable import SpecGenKit

/// The registry checks every call against what its shortcode declares, and the tree's own
/// template decides what the arguments mean.
@Suite struct ShortcodeRegistryTests {
    /// v1.19's template of `cs-module`: `name` is the title, `filename` the file.
    static let newModuleTemplate =
        "{{ $name := .Params.name }}\n{{ $filename := .Params.filename }}\n{{ with .Site.GetPage \"client-server-api/modules\" }}{{ with .Resources.GetMatch (printf \"%s%s\" $filename \".md\") }}{{ .RenderShortcodes }}{{ end }}{{ end }}\n"
    /// v1.16's: `name` is the file.
    static let oldModuleTemplate =
        "{{ $name := .Params.name }}\n{{ with .Site.GetPage \"client-server-api/modules\" }}{{ with .Resources.GetMatch (printf \"%s%s\" $name \".md\") }}{{ .RenderShortcodes }}{{ end }}{{ end }}\n"

    static func tree(template: String, page: String) -> [String: String] {
        [
            "config.toml": "title = \"Fixture\"\n",
            "layouts/_shortcodes/cs-module.html": template,
            "data/api/client-server/ping.yaml": """
            openapi: 3.1.0
            info: {title: Ping, version: 1.0.0}
            servers: [{url: "https://example.org/_matrix/client/v3"}]
            paths:
              /ping:
                get:
                  operationId: get
                  summary: Pings.
                  responses:
                    "200": {description: Pong.}

            """,
            "content/client-server-api/_index.md": "---\ntitle: Client-Server API\n---\n\n" + page,
            "content/client-server-api/modules/index.md": "---\nheadless: true\n---\n",
            "content/client-server-api/modules/pings.md":
                "### Pings\n\nThe module text.\n\n{{% http-api spec=\"client-server\" api=\"ping\" %}}\n",
        ]
    }

    /// One unknown argument, one missing, one misspelt shortcode and one include of nothing.
    static let faulty = """
        {{% http-api spec="client-server" api="ping" anchorbase="x" %}}

        {{% cs-module name="Pings" %}}

        {{% http-apii spec="client-server" api="ping" %}}

        {{% cs-module name="Gone" filename="gone" %}}

        """

    @Test func reportsEachFaultAtItsPlaceWithItsIDAndTheNearestName() {
        let result = TestSite.render(Self.tree(template: Self.newModuleTemplate, page: Self.faulty))
        let file = "content/client-server-api/_index.md"
        #expect(
            result.messages == [
                "\(file):5:46: error: 'http-api' has no argument 'anchorbase'; it takes 'spec', 'api', 'anchor_base'; did you mean 'anchor_base'? [unknown-shortcode-argument]",
                "\(file):7:1: error: 'cs-module' needs the argument 'filename' (page) [missing-shortcode-argument]",
                "\(file):9:1: error: unknown shortcode 'http-apii'; only the text inside it is shown; did you mean 'http-api'? [unknown-shortcode]",
                "\(file):11:1: error: 'cs-module': there is no page 'gone.md' in content/client-server-api/modules/ to include [include-not-found]",
            ])
    }

    /// A newer tree may bring a shortcode of its own: the error names the template that defines it,
    /// rather than guessing at a known name.
    @Test func namesTheTreesTemplateOfAnUnknownShortcode() {
        var files = Self.tree(
            template: Self.newModuleTemplate, page: "{{% call-out kind=\"note\" %}}\nSee.\n{{% /call-out %}}\n")
        files["layouts/_shortcodes/call-out.html"] =
            "<div class=\"{{ .Get \"kind\" }}\">{{ .Inner | markdownify }}</div>\n"
        let result = TestSite.render(files)
        #expect(
            result.errors == [
                "content/client-server-api/_index.md:5:1: error: unknown shortcode 'call-out': the tree's layouts/_shortcodes/call-out.html defines it for Hugo, and specgen renders only the shortcodes it knows; only the text inside it is shown [unknown-shortcode]"
            ])
    }

    @Test func silencesAKindByPolicy() {
        var options = BuildOptions(
            fileSystem: MemoryFileSystem(text: Self.tree(template: Self.newModuleTemplate, page: Self.faulty)),
            templates: TestSite.templates)
        options.policy.set(.ignore, for: .unknownShortcode)
        options.policy.set(.warn, for: .includeNotFound)
        let result = SiteBuilder(options: options).render()
        #expect(!result.messages.contains { $0.contains("[unknown-shortcode]") })
        #expect(result.messages.contains { $0.contains(": warning: ") && $0.hasSuffix("[include-not-found]") })
        #expect(result.errors.count == 2)
    }

    @Test func silencesAKindFromTheTreesOwnSettings() {
        var tree = Self.tree(template: Self.newModuleTemplate, page: Self.faulty)
        tree["specgen.yaml"] =
            "diagnostics:\n  ignore: [unknown-shortcode, include-not-found]\n  warn: missing-shortcode-argument\n"
        let result = TestSite.render(tree)
        #expect(result.errors.map { String($0.split(separator: "[").last ?? "") } == ["unknown-shortcode-argument]"])
        #expect(result.messages.count == 2)
    }

    @Test func refusesAnUnknownIDInTheTreesSettingsWithTheNearestOne() {
        var tree = Self.tree(
            template: Self.newModuleTemplate, page: "{{% http-api spec=\"client-server\" api=\"ping\" %}}\n")
        tree["specgen.yaml"] = "diagnostics:\n  ignore: [brokenlink]\n"
        let result = TestSite.render(tree)
        #expect(
            result.messages == [
                "specgen.yaml:2:12: error: no diagnostic is called 'brokenlink'; did you mean 'broken-link'? [invalid-setting]"
            ])
    }

    @Test func readsTheModuleByTheArgumentTheTreesTemplateReads() throws {
        let new = TestSite.render(
            Self.tree(
                template: Self.newModuleTemplate, page: "{{% cs-module name=\"Ping things\" filename=\"pings\" %}}\n"))
        #expect(new.messages == [])
        #expect(try new.page("client-server-api/index.html").contains("The module text."))
        let old = TestSite.render(
            Self.tree(template: Self.oldModuleTemplate, page: "{{% cs-module name=\"pings\" %}}\n"))
        #expect(old.messages == [])
        #expect(try old.page("client-server-api/index.html").contains("The module text."))
        // Today's call in a tree whose template reads only `name`: the argument it does not know is said.
        let mixed = TestSite.render(
            Self.tree(template: Self.oldModuleTemplate, page: "{{% cs-module name=\"Pings\" filename=\"pings\" %}}\n"))
        #expect(mixed.messages.contains { $0.hasSuffix("[unknown-shortcode-argument]") })
        #expect(mixed.messages.contains { $0.hasSuffix("[include-not-found]") })
    }

    @Test func knowsTheTemplatesParametersWhicheverWayTheyAreRead() {
        #expect(
            ShortcodeTemplates.parameters(
                readBy: "{{ $a := .Params.alpha }}{{ .Get \"beta\" }}{{ .Params.Get \"gamma\" }}")
                == ["alpha", "beta", "gamma"])
    }

    /// Each shortcode's name is written in exactly one file: its own entry of the registry.
    @Test(arguments: ShortcodeRegistry.names)
    func namesEachShortcodeInOneFileOnly(name: String) throws {
        let sources = URL(fileURLWithPath: SourcePaths.packageRoot + "/Sources")
        let files = try #require(FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil))
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }
        let naming = try files.filter { try String(contentsOf: $0, encoding: .utf8).contains("\"\(name)\"") }
        #expect(naming.count == 1, "\(naming.map(\.lastPathComponent))")
        #expect(naming.first?.deletingLastPathComponent().lastPathComponent == "Shortcodes")
    }
}
