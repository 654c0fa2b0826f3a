import SpecGenTestSupport
import Testing

@testable import SpecGenKit

@Suite struct ReferenceResolverTests {
    /// Resolves `api/main.yaml` of a fixture and returns the result with the diagnostics.
    func resolve(_ files: [String: String]) throws -> (YAMLNode?, [Diagnostic]) {
        let fixture = try Fixture(files)
        let diagnostics = DiagnosticCollector()
        let tree = SourceTree(root: fixture.path, diagnostics: diagnostics)
        guard let document = tree.document(tree.id(for: fixture.path + "/api/main.yaml")) else {
            return (nil, diagnostics.diagnostics)
        }
        return (ReferenceResolver(tree: tree).resolve(document), diagnostics.diagnostics)
    }

    @Test func followsFilesAndPointersAndLetsSiblingsOverride() throws {
        let (node, diagnostics) = try resolve([
            "api/main.yaml": "a:\n  $ref: defs/x.yaml#/inner\n  description: mine\nb:\n  $ref: '#/a'\n",
            "api/defs/x.yaml": "inner:\n  type: string\n  description: theirs\n",
        ])
        #expect(diagnostics.isEmpty)
        #expect(node?["a"]?["type"]?.string == "string")
        #expect(node?["a"]?["description"]?.string == "mine")
        #expect(node?["b"]?["type"]?.string == "string")
        // Nodes keep the file they came from, so later diagnostics point into it.
        #expect(node?["a"]?["type"]?.location == SourceLocation(line: 2, column: 9))
    }

    @Test func reportsACycleAtTheReference() throws {
        let (_, diagnostics) = try resolve([
            "api/main.yaml": "a:\n  $ref: one.yaml\n",
            "api/one.yaml": "x:\n  $ref: two.yaml\n",
            "api/two.yaml": "y:\n  $ref: one.yaml\n",
        ])
        #expect(diagnostics.map(\.description) == [
            "api/one.yaml:2:9: error: $ref cycle: api/one.yaml -> api/two.yaml -> api/one.yaml"
        ])
    }

    @Test func reportsAMissingTarget() throws {
        let (_, diagnostics) = try resolve(["api/main.yaml": "a:\n  b:\n    $ref: nowhere.yaml\n"])
        #expect(diagnostics.map(\.description) == ["api/main.yaml:3:11: error: $ref target 'nowhere.yaml' does not exist"])
    }

    @Test func reportsAMissingPointer() throws {
        let (_, diagnostics) = try resolve(["api/main.yaml": "a:\n  $ref: '#/no/such'\n"])
        #expect(diagnostics.map(\.description) == ["api/main.yaml:2:9: error: $ref '#/no/such': no '/no/such' in api/main.yaml"])
    }

    @Test(arguments: ["/etc/passwd", "../../../../../../../etc/passwd", "../../outside.yaml"])
    func refusesPathsThatLeaveTheRoot(target: String) throws {
        let (node, diagnostics) = try resolve(["api/main.yaml": "a:\n  $ref: '\(target)'\n"])
        #expect(diagnostics.map(\.description) == ["api/main.yaml:2:9: error: $ref '\(target)' leaves the source root"])
        #expect(node?["a"]?.pairs?.isEmpty == true)
    }

    @Test func warnsOnlyWhenSiblingKeysStillDescribeTheSchema() throws {
        let (node, diagnostics) = try resolve(["api/main.yaml": "a:\n  type: object\n  $ref: gone.yaml\n"])
        #expect(diagnostics.map(\.severity) == [.warning])
        #expect(node?["a"]?["type"]?.string == "object")
    }

    @Test func followsGitSymlinksCheckedOutAsFiles() throws {
        let (node, diagnostics) = try resolve([
            "api/main.yaml": "a:\n  $ref: definitions/events/core.yaml\n",
            "api/definitions/events": "../../event-schemas\n",
            "event-schemas/core.yaml": "type: object\n",
        ])
        #expect(diagnostics.isEmpty)
        #expect(node?["a"]?["type"]?.string == "object")
    }

    @Test func resolvesKeysBesideARefFromTheTargetsFolder() throws {
        // matrix-doc's examples: `edu.json` beside `$ref: examples/transaction.json` lives in examples/.
        let (node, diagnostics) = try resolve([
            "api/main.yaml": "example:\n  $ref: examples/t.json\n  edus: [{$ref: edu.json}]\n",
            "api/examples/t.json": "{\"origin\": \"a\"}",
            "api/examples/edu.json": "{\"edu_type\": \"m.typing\"}",
        ])
        #expect(diagnostics.isEmpty)
        #expect(node?["example"]?["origin"]?.string == "a")
        #expect(node?["example"]?["edus"]?.items?.first?["edu_type"]?.string == "m.typing")
    }
}
