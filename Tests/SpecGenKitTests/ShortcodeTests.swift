import SpecGenTestSupport
import Testing

@testable import SpecGenKit

/// Every shortcode of the v1.8 and v1.16 trees on a small matrix-spec fixture, one golden page each.
/// Re-record with `RECORD_GOLDEN=1 swift test --filter ShortcodeTests`.
@Suite struct ShortcodeTests {
    static let tree: [String: String] = [
        "config.toml":
            "title = \"Fixture spec\"\n[params.version]\nstatus = \"stable\"\ncurrent_version = \"v1.8\"\nmajor = \"1\"\nminor = \"8\"\n",
        "content/_index.md": "---\ntitle: Fixture spec\ntype: docs\n---\n\nThe home page.\n",
        "data/api/client-server/ping.yaml": """
        openapi: 3.1.0
        info: {title: Ping, version: 1.0.0}
        servers: [{url: "https://example.org/_matrix/client/v3"}]
        paths:
          /ping:
            get:
              operationId: get
              summary: Pings.
              description: "Answers. {{% added-in v=\\"1.8\\" %}} Since then, {{% boxes/note %}}a *note* inside{{% /boxes/note %}}"
              responses:
                "200": {description: Pong.}

        """,
        "data/api/client-server/definitions/thing.yaml":
            "type: object\ntitle: Thing\ndescription: A thing.\nproperties:\n  name: {type: string, description: Its name.}\n",
        "data/event-schemas/schema/core-event-schema/event.yaml":
            "type: object\ntitle: Event\nproperties:\n  type: {type: string, description: The type.}\n  content: {type: object, description: The content.}\nrequired: [type, content]\n",
        "data/event-schemas/schema/core-event-schema/stripped_state.yaml":
            "type: object\ntitle: Stripped state\nproperties:\n  state_key: {type: string, description: The key.}\n",
        "data/event-schemas/schema/m.call.invite.yaml":
            "allOf: [{$ref: core-event-schema/event.yaml}]\ndescription: Invites.\nproperties:\n  type: {type: string, enum: [m.call.invite]}\n  content: {type: object, properties: {call_id: {type: string, description: The call.}}}\n",
        "data/event-schemas/schema/m.call.hangup.yaml":
            "allOf: [{$ref: core-event-schema/event.yaml}]\ndescription: Hangs up.\nproperties:\n  type: {type: string, enum: [m.call.hangup]}\n  content: {type: object, properties: {call_id: {type: string}}}\n",
        "data/event-schemas/schema/m.room.message$m.text.yaml":
            "allOf: [{$ref: core-event-schema/event.yaml}]\ndescription: Text.\nproperties:\n  type: {type: string, enum: [m.room.message]}\n  content: {type: object, properties: {msgtype: {type: string, enum: [m.text]}, body: {type: string}}}\n",
        "data/event-schemas/examples/m.call.invite.yaml":
            "{\"type\": \"m.call.invite\", \"content\": {\"call_id\": \"12345\"}}\n",
        "data/event-schemas/examples/m.call.hangup.yaml":
            "{\"type\": \"m.call.hangup\", \"content\": {\"call_id\": \"12345\"}}\n",
        "data/event-schemas/examples/m.room.message$m.text.yaml":
            "{\"type\": \"m.room.message\", \"content\": {\"msgtype\": \"m.text\", \"body\": \"hi\"}}\n",
        "data-definitions/sas-emoji.json":
            "[{\"number\": 0, \"emoji\": \"🐶\", \"description\": \"Dog\", \"unicode\": \"U+1F436\"}, {\"number\": 1, \"emoji\": \"🐱\", \"description\": \"Cat\", \"unicode\": \"U+1F431\"}]\n",
        "static/diagrams/flow.png": "PNG",
        "assets/diagrams/dag.webp": "WEBP",
        "content/client-server-api/_index.md": """
        ---
        title: Client-Server API
        weight: 10
        ---

        ## Ping {#ping-section}

        {{% http-api spec="client-server" api="ping" %}}

        ## Modules

        {{< cs-module name="calls" >}}

        """,
        "content/client-server-api/modules/index.md": "---\nheadless: true\n---\n",
        // v1.16's template, in which `name` is the module's file.
        "layouts/shortcodes/cs-module.html":
            "{{ $name := .Params.name }}\n{{ with .Site.GetPage \"client-server-api/modules\" }}{{ with .Resources.GetMatch (printf \"%s%s\" $name \".md\") }}{{ .RenderShortcodes }}{{ end }}{{ end }}\n",
        "content/client-server-api/modules/calls.md":
            "### Voice calls\n\n{{% event-group group_name=\"m.call\" %}}\n\n{{% event-fields event_type=\"stripped_state\" %}}\n",
        "content/boxes.md": """
        ---
        title: Boxes
        weight: 20
        ---

        {{% boxes/note %}}
        A note with `code`.
        {{% /boxes/note %}}

        {{% boxes/warning %}}
        A warning.
        {{% /boxes/warning %}}

        {{% boxes/rationale %}}
        Because.
        {{% /boxes/rationale %}}

        {{% boxes/added-in-paragraph %}}
        {{< added-in v="1.2" >}} This paragraph arrived later.
        {{% /boxes/added-in-paragraph %}}

        Badges: {{% added-in v="1.8" %}} {{% added-in this=true %}} {{< changed-in v="1.3" >}}

        """,
        "content/events.md": """
        ---
        title: Events
        weight: 30
        ---

        {{% event event="m.call.invite" %}}

        {{% event event="m.room.message$m.text" title="`m.room.message` with `msgtype: m.text`" %}}

        ## Message types

        {{% msgtypes %}}

        ## Definitions

        {{% definition path="api/client-server/definitions/thing" %}}

        """,
        "content/rooms/fragments/index.md": "---\nheadless: true\n---\n",
        "content/rooms/fragments/v1-rules.md": "The rules of version 1, with [a link](#heading).\n",
        "content/rooms/v1.md":
            "---\ntitle: Room Version 1\n---\n\n## Heading\n\n{{% rver-fragment name=\"v1-rules\" %}}\n",
        "content/appendices.md": """
        ---
        title: Appendices
        weight: 40
        ---

        ## Emoji

        {{% sas-emojis %}}

        ## Diagrams

        ![flow](/diagrams/flow.png)

        {{% diagram name="dag" alt="A DAG" %}}

        ## Proposals

        {{% proposal-tables %}}

        ## Unknown

        Before {{% not-a-shortcode x="1" %}}inner *text*{{% /not-a-shortcode %}} after.

        """,
    ]

    static let result = TestSite.render(tree)

    @Test func reportsOnlyTheUnknownShortcode() {
        #expect(
            Self.result.messages == [
                "content/appendices.md:22:8: error: unknown shortcode 'not-a-shortcode'; only the text inside it is shown [unknown-shortcode]"
            ])
    }

    @Test(arguments: [
        ("client-server-api/index.html", "http-api-cs-module-event-group-event-fields"),
        ("boxes/index.html", "boxes-and-badges"),
        ("events/index.html", "event-msgtypes-definition"),
        ("rooms/v1/index.html", "rver-fragment"),
        ("appendices/index.html", "sas-emojis-diagram-proposal-tables-unknown"),
    ])
    func matchesGolden(page: String, name: String) {
        Fixtures.expectGolden(Self.result, page: page, name: "shortcodes/" + name)
    }

    @Test func neverLetsBracesReachAPage() {
        for (path, html) in Self.result.htmlPages {
            #expect(!html.contains("{{") && !html.contains("}}"), "\(path)")
        }
    }

    @Test func rendersShortcodesInYAMLDescriptions() throws {
        let page = try Self.result.page("client-server-api/index.html")
        let operation = try #require(page.section(from: "id=\"get_matrixclientv3ping\"", to: "</section>"))
        #expect(operation.contains("badge-added"))
        #expect(operation.contains("<em>note</em>"))
    }

    @Test func leavesHeadlessBundlesOutAndCopiesDiagrams() {
        let paths = Set((Self.result.site?.files ?? []).map(\.path))
        #expect(!paths.contains("client-server-api/modules/index.html"))
        #expect(!paths.contains("client-server-api/modules/calls/index.html"))
        #expect(!paths.contains("rooms/fragments/index.html"))
        #expect(paths.contains("diagrams/flow.png"))
        #expect(paths.contains("diagrams/dag.webp"))
    }

    @Test func readsProposalTablesFromTheTreesData() throws {
        var tree = Self.tree
        tree["data/msc/proposals.json"] = """
            [{"title": "Accepted", "label": "accepted", "proposals": [{"number": 2140, "title": "Unbinding identifiers", "url": "https://github.com/matrix-org/matrix-spec-proposals/pull/2140", "created_at": "2019-06-20", "updated_at": "2019-08-01", "authors": ["anoadragon453"], "shepherd": null, "documentation": ["https://github.com/matrix-org/matrix-spec-proposals/blob/main/proposals/2140-terms-of-service-2.md"]}]}]
            """
        let page = try TestSite.render(tree).page("appendices/index.html")
        #expect(page.contains("Unbinding identifiers"))
        #expect(page.contains("<a href=\"https://github.com/matrix-org/matrix-spec-proposals/pull/2140\">2140</a>"))
        #expect(page.contains("<a href=\"https://github.com/anoadragon453\">@anoadragon453</a>"))
    }
}

/// `{{% json-schema name="x" %}}` (later releases) shows `data/schemas/x.yaml` as `definition` does.
@Suite struct JSONSchemaShortcodeTests {
    static let result = TestSite.render([
        "config.toml": "title = \"Spec\"\n",
        "content/_index.md": "---\ntitle: Spec\n---\n",
        "content/client-server-api.md": """
        ---
        title: Client-Server API
        ---

        ## OAuth

        {{% json-schema name="oauth2-client-metadata" %}}

        {{% json-schema name="absent" %}}

        """,
        "data/schemas/oauth2-client-metadata.yaml": """
        title: OAuth 2.0 Client Metadata
        description: What a client says about itself.
        type: object
        properties:
          client_uri:
            type: string
            description: The client's home page.
        required: [client_uri]

        """,
    ])

    @Test func showsTheSchemaOfDataSchemas() throws {
        let page = try Self.result.page("client-server-api/index.html")
        #expect(page.contains("OAuth 2.0 Client Metadata"))
        #expect(page.contains("What a client says about itself."))
        #expect(page.contains("<code>client_uri</code>"))
        #expect(page.contains("The client&#39;s home page.") || page.contains("The client's home page."))
        #expect(!page.contains("{{%"))
        #expect(
            Self.result.messages == [
                "content/client-server-api.md:9:1: error: 'json-schema': there is no schema 'schemas/absent' (.yaml, .yml or .json) in the data folder [shortcode-target-not-found]"
            ])
    }
}

/// Placeholders split back into the texts and calls they were made from.
@Suite struct PlaceholderSplitTests {
    @Test(arguments: 0..<40)
    func splitsWhatWasJoined(seed: UInt64) {
        var random = SplitMix64(state: seed)
        // Text may hold the placeholders' lead byte in other characters, and combining marks.
        let alphabet = ["a", " ", "7", "é", "\u{E0FF}", "\u{301}", "\u{EE}", "x"]
        var expected: [(text: String?, call: Int?)] = []
        var joined: [UInt8] = []
        for _ in 0..<Int.random(in: 0..<8, using: &random) {
            if Bool.random(using: &random) {
                // A call by number, or a continuation marker (no number).
                let call = Bool.random(using: &random) ? Int.random(in: 0..<1000, using: &random) : nil
                joined += ShortcodeSyntax.placeholder(call, length: Int.random(in: 0..<12, using: &random))
                expected.append((nil, call))
            } else {
                let text = (0..<Int.random(in: 1..<6, using: &random)).map { _ in
                    alphabet.randomElement(using: &random)!
                }.joined()
                joined += Array(text.utf8)
                if let previous = expected.last?.text {
                    expected[expected.count - 1].text = previous + text
                } else {
                    expected.append((text, nil))
                }
            }
        }
        if expected.isEmpty { expected = [("", nil)] }
        let split = ShortcodeSyntax.split(String(decoding: joined, as: UTF8.self))
        #expect(split.map(\.text) == expected.map(\.text))
        #expect(split.map(\.call) == expected.map(\.call))
    }
}
