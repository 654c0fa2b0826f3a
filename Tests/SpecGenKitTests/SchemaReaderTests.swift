import Testing

@testable import SpecGenKit

@Suite struct SchemaReaderTests {
    func read(_ yaml: String) throws -> (Schema, [Diagnostic]) {
        let diagnostics = DiagnosticCollector()
        let tree = SourceTree(root: "/", diagnostics: diagnostics)
        let node = try #require(try YAMLReader().parse(Array(yaml.utf8), path: "s.yaml", file: tree.id(for: "/s.yaml")).root)
        return (SchemaReader(tree: tree).read(node), diagnostics.diagnostics)
    }

    @Test func mergesAllOfPropertiesAndUnitesRequired() throws {
        let (schema, diagnostics) = try read("""
            allOf:
              - {type: object, title: Base, properties: {a: {type: string}, b: {type: string}}, required: [a]}
              - {type: object, title: Special, properties: {b: {type: integer}, c: {type: boolean}}, required: [c]}
            description: Merged.
            """)
        #expect(diagnostics.isEmpty)
        #expect(schema.properties.map(\.name) == ["a", "b", "c"])
        #expect(schema.properties[1].schema.types == ["integer"])
        #expect(schema.required == ["a", "c"])
        #expect(schema.title == "Special")
        #expect(schema.description == "Merged.")
    }

    @Test func reportsKeywordsOfTheWrongType() throws {
        let (_, diagnostics) = try read("type: object\nproperties: 5\nrequired: yes-please\nitems: [ ]\nenum: {a: 1}\n")
        #expect(diagnostics.map(\.description) == [
            "s.yaml:2:13: error: 'properties' must be a mapping of names to schemas, not an integer",
            "s.yaml:3:11: error: 'required' must be a list of property names, not a string",
            "s.yaml:4:8: error: 'items' must be a schema, not a list",
            "s.yaml:5:7: error: 'enum' must be a list, not a mapping",
        ])
    }

    @Test func readsTypeListsAndMaps() throws {
        let (schema, _) = try read("type: [string, 'null']\nadditionalProperties: {type: integer}\nx-pattern: $USER_ID\n")
        #expect(schema.types == ["string", "null"])
        #expect(schema.additionalProperties?.types == ["integer"])
        #expect(schema.keyPattern == "$USER_ID")
    }
}
