import SpecGenTestSupport
import Testing

@testable import SpecGenKit

@Suite struct EventLoaderTests {
    static let core = [
        "event-schemas/schema/core-event-schema/event.yaml":
            "type: object\nproperties: {type: {type: string}, content: {type: object}}\nrequired: [type, content]\n",
        "event-schemas/schema/core-event-schema/state_event.yaml":
            "allOf: [{$ref: event.yaml}]\nproperties: {state_key: {type: string}}\nrequired: [state_key]\n",
    ]

    func load(_ files: [String: String]) throws -> (EventCatalog, [Diagnostic]) {
        let fixture = try Fixture(Self.core.merging(files) { $1 })
        let diagnostics = DiagnosticCollector()
        let tree = SourceTree(root: fixture.path, diagnostics: diagnostics)
        let catalog = EventLoader(
            tree: tree, resolver: ReferenceResolver(tree: tree),
            schemaDirectory: fixture.path + "/event-schemas/schema"
        ).load()
        return (catalog, diagnostics.diagnostics)
    }

    @Test func warnsAboutAnExampleMissingARequiredField() throws {
        let (catalog, diagnostics) = try load([
            "event-schemas/schema/m.topic": """
                allOf: [{$ref: core-event-schema/state_event.yaml}]
                properties:
                  content: {type: object, properties: {topic: {type: string}}, required: [topic]}
                """,
            "event-schemas/examples/m.topic": "{\n  \"type\": \"m.topic\",\n  \"state_key\": \"\",\n  \"content\": {}\n}\n",
        ])
        #expect(catalog.events.map(\.type) == ["m.topic"])
        #expect(catalog.events.first?.kind == .state)
        #expect(diagnostics.map(\.description) == [
            "event-schemas/examples/m.topic:4:14: warning: example of m.topic: 'content.topic' is required"
        ])
    }

    @Test func skipsSharedPartsThatAreNotEvents() throws {
        let (catalog, _) = try load([
            "event-schemas/schema/m.part.yaml": "type: object\nproperties: {x: {type: string}}\n",
            "event-schemas/schema/m.real.yaml": "allOf: [{$ref: core-event-schema/event.yaml}]\nproperties: {type: {enum: [m.real]}}\n",
        ])
        #expect(catalog.events.map(\.type) == ["m.real"])
        #expect(catalog.events.first?.kind == .other)
    }
}
