import SpecGenTestSupport
import Testing

@testable import SpecGenKit

@Suite struct YAMLReaderTests {
    func parse(_ text: String) throws(Diagnostic) -> YAMLNode? {
        try YAMLReader().parse(Array(text.utf8), file: "t.yaml").root
    }

    func failure(_ text: String) -> String? {
        do {
            _ = try parse(text)
            return nil
        } catch {
            return error.description
        }
    }

    @Test func keepsKeyOrderAndOneBasedPositions() throws {
        let root = try #require(try parse("b: 1\na:\n  - x\n  - y\n"))
        #expect(root.pairs?.map(\.key) == ["b", "a"])
        #expect(root.pair("a")?.keyLocation == SourceLocation(line: 2, column: 1))
        #expect(root["a"]?.items?[1].location == SourceLocation(line: 4, column: 5))
    }

    @Test(arguments: [
        ("42", YAMLScalar.Kind.int), ("-1.5e+3", .float), ("1.5e3", .string), ("true", .bool), ("no", .bool),
        ("~", .null),
        ("''", .string), ("\"42\"", .string), ("no-support", .string), ("1.2.3", .string), ("0x", .string),
        ("0x1F", .int), ("+1", .int), ("1.", .float), (".5", .float), ("017", .int),
        ("FALSE", .bool), ("Off", .bool), ("YES", .bool), ("NULL", .null), ("nulls", .string), ("falsey", .string),
        ("type", .string), ("object", .string), ("NO", .bool), ("none", .string),
    ])
    func resolvesPlainScalarsAsYAML11(source: String, kind: YAMLScalar.Kind) throws {
        let root = try #require(try parse("v: \(source)\n"))
        #expect(root["v"]?.scalar?.kind == kind)
    }

    /// Numbers are shown as the JSON numbers they are, never as invalid JSON such as `+1`.
    @Test(arguments: [
        ("0x1F", "31"), ("+1", "1"), ("1.", "1.0"), (".5", "0.5"), ("017", "15"), ("1_000", "1000"), ("-0o7", "-0o7"),
    ])
    func writesNumbersAsJSON(source: String, json: String) throws {
        let root = try #require(try parse("v: \(source)\n"))
        let value = try #require(root["v"]?.scalar)
        #expect(value.kind == .string || YAMLNumber.json(value) == json)
    }

    @Test func expandsAliasesAndMergeKeysWithoutADuplicateWarning() throws {
        let (root, warnings) = try YAMLReader().parse(
            Array("base: &b {x: 1, y: 2}\nuse: *b\nmerged:\n  <<: *b\n  y: 3\n".utf8), file: "t.yaml")
        #expect(warnings.isEmpty)
        #expect(root?["use"]?["y"]?.string == "2")
        #expect(root?["merged"]?["x"]?.string == "1")
        #expect(root?["merged"]?["y"]?.string == "3")
    }

    @Test func reportsSyntaxErrorsAtTheirLine() {
        #expect(failure("a: 1\nb: [1, 2\nc: 3\n")?.hasPrefix("t.yaml:3:") == true)
    }

    @Test func refusesASecondDocumentAtItsStart() {
        #expect(
            failure("a: 1\n---\nb: 2\n")
                == "t.yaml:2:1: error: a second YAML document starts here; a spec file holds one document (remove the extra '---') [yaml-syntax]"
        )
        #expect(
            failure("---\n---\npaths: {}\n")
                == "t.yaml:2:1: error: a second YAML document starts here; a spec file holds one document (remove the extra '---') [yaml-syntax]"
        )
    }

    @Test func stopsAnAliasBomb() {
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...12 {
            text += "a\(level): &a\(level) [\(Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", "))]\n"
        }
        #expect(failure(text)?.contains("alias bomb") == true)
    }

    @Test func refusesDeepNesting() {
        #expect(
            failure(String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000))
                == "t.yaml:1:257: error: nesting is deeper than 256 levels [limit-exceeded]")
    }

    @Test func rejectsInvalidUTF8WithAPosition() {
        #expect(throws: Diagnostic.self) {
            try YAMLReader().parse(Array("a: ".utf8) + [0xFF, 0xFE] + Array("\n".utf8), file: "t.yaml")
        }
    }

    @Test func warnsAboutDuplicateKeysAndKeepsTheLast() throws {
        let (root, warnings) = try YAMLReader().parse(Array("a: 1\na: 2\n".utf8), file: "t.yaml")
        #expect(root?["a"]?.string == "2")
        #expect(
            warnings.map(\.description) == [
                "t.yaml:2:1: warning: duplicate key 'a' (first at line 1); the last one is used [duplicate-key]"
            ])
    }

    @Test func treatsAnEmptyStreamAsNoDocument() throws {
        #expect(try parse("") == nil)
        #expect(try parse("# only a comment\n") == nil)
    }
}

/// Resolves `api/main.yaml` of an in-memory tree.
func resolveReferences(_ files: [String: String]) -> (YAMLNode?, [String]) {
    let inputs = SourceInputs(fileSystem: MemoryFileSystem(text: files))
    let reader = SourceReader(inputs: inputs)
    let documents = YAMLDocuments(cache: nil)
    let diagnostics = DiagnosticCollector()
    guard let root = documents.document("api/main.yaml", reader: reader, diagnostics: diagnostics) else {
        return (nil, diagnostics.found.map(\.description))
    }
    let resolved = ReferenceResolver(documents: documents).resolve(root, reader: reader, diagnostics: diagnostics)
    return (resolved, Diagnostic.sortedForDisplay(diagnostics.found).map(\.description))
}

@Suite struct ReferenceResolverTests {
    @Test func followsFilesAndPointersAndLetsSiblingsOverride() {
        let (node, diagnostics) = resolveReferences([
            "api/main.yaml": "a:\n  $ref: defs/x.yaml#/inner\n  description: mine\nb:\n  $ref: '#/a'\n",
            "api/defs/x.yaml": "inner:\n  type: string\n  description: theirs\n",
        ])
        #expect(diagnostics.isEmpty)
        #expect(node?["a"]?["type"]?.string == "string")
        #expect(node?["a"]?["description"]?.string == "mine")
        #expect(node?["b"]?["type"]?.string == "string")
        // Nodes keep the file they came from, so later diagnostics point into it.
        #expect(node?["a"]?["type"]?.location == SourceLocation(line: 2, column: 9))
        #expect(node?["a"]?["type"]?.file == "api/defs/x.yaml")
    }

    @Test func reportsACycleAtTheReference() {
        let (_, diagnostics) = resolveReferences([
            "api/main.yaml": "a:\n  $ref: one.yaml\n",
            "api/one.yaml": "x:\n  $ref: two.yaml\n",
            "api/two.yaml": "y:\n  $ref: one.yaml\n",
        ])
        #expect(
            diagnostics == [
                "api/one.yaml:2:9: error: $ref cycle: api/one.yaml -> api/two.yaml -> api/one.yaml [ref-cycle]"
            ])
    }

    @Test func reportsAMissingTarget() {
        let (_, diagnostics) = resolveReferences(["api/main.yaml": "a:\n  b:\n    $ref: nowhere.yaml\n"])
        #expect(diagnostics == ["api/main.yaml:3:11: error: $ref target 'nowhere.yaml' does not exist [ref-not-found]"])
    }

    /// matrix-doc named examples `m.room.message#m.text` until 2019, and its resolver opened a
    /// `$ref` as a path: a fragment that is no JSON pointer is part of the name when that file exists.
    @Test func readsAHashInAFileNameWhenTheFragmentIsNoPointer() {
        let (node, diagnostics) = resolveReferences([
            "api/main.yaml": "a:\n  $ref: 'examples/m.room.message#m.text'\nb:\n  $ref: 'examples/x.yaml#/y'\n",
            "api/examples/m.room.message#m.text": "{\"msgtype\": \"m.text\"}\n",
            "api/examples/x.yaml": "y: {z: 1}\n",
            "api/examples/x.yaml#/y": "not: this\n",
        ])
        #expect(diagnostics.isEmpty)
        #expect(node?["a"]?["msgtype"]?.string == "m.text")
        #expect(node?["b"]?["z"]?.string == "1")
        let (_, missing) = resolveReferences(["api/main.yaml": "a:\n  $ref: 'x.yaml#m.text'\n"])
        #expect(missing == ["api/main.yaml:2:9: error: $ref target 'x.yaml' does not exist [ref-not-found]"])
    }

    @Test func reportsAMissingPointer() {
        let (_, diagnostics) = resolveReferences(["api/main.yaml": "a:\n  $ref: '#/no/such'\n"])
        #expect(
            diagnostics == [
                "api/main.yaml:2:9: error: $ref '#/no/such': no '/no/such' in api/main.yaml [ref-not-found]"
            ])
    }

    @Test(arguments: ["/etc/passwd", "../../../../../../../etc/passwd", "../../outside.yaml"])
    func refusesPathsThatLeaveTheRoot(target: String) {
        let (node, diagnostics) = resolveReferences(["api/main.yaml": "a:\n  $ref: '\(target)'\n"])
        #expect(diagnostics == ["api/main.yaml:2:9: error: $ref '\(target)' leaves the source root [ref-not-found]"])
        #expect(node?["a"]?.pairs?.isEmpty == true)
    }

    @Test func refusesANulInThePathAndALeadingZeroInAPointer() {
        let (_, diagnostics) = resolveReferences([
            "api/main.yaml": "a:\n  $ref: \"x.yaml%00.txt\"\nb:\n  $ref: 'x.yaml#/list/01'\n",
            "api/x.yaml": "list: [a, b]\n",
        ])
        #expect(diagnostics.count == 2)
        #expect(diagnostics.allSatisfy { $0.contains(": error: ") })
        #expect(diagnostics.first?.hasPrefix("api/main.yaml:2:9:") == true)
        #expect(diagnostics.last?.hasPrefix("api/main.yaml:4:9:") == true)
    }

    @Test func warnsOnlyWhenSiblingKeysStillDescribeTheSchema() {
        let (node, diagnostics) = resolveReferences(["api/main.yaml": "a:\n  type: object\n  $ref: gone.yaml\n"])
        #expect(
            diagnostics.count == 1
                && diagnostics[0].hasSuffix(": warning: $ref target 'gone.yaml' does not exist [ref-fallback]"))
        #expect(node?["a"]?["type"]?.string == "object")
    }

    @Test func followsGitSymlinksCheckedOutAsFiles() {
        let (node, diagnostics) = resolveReferences([
            "api/main.yaml": "a:\n  $ref: definitions/events/core.yaml\n",
            "api/definitions/events": "../../event-schemas\n",
            "event-schemas/core.yaml": "type: object\n",
        ])
        #expect(diagnostics.isEmpty)
        #expect(node?["a"]?["type"]?.string == "object")
    }

    @Test func resolvesKeysBesideARefFromTheTargetsFolder() {
        // matrix-doc's examples: `edu.json` beside `$ref: examples/transaction.json` lives in examples/.
        let (node, diagnostics) = resolveReferences([
            "api/main.yaml": "example:\n  $ref: examples/t.json\n  edus: [{$ref: edu.json}]\n",
            "api/examples/t.json": "{\"origin\": \"a\"}",
            "api/examples/edu.json": "{\"edu_type\": \"m.typing\"}",
        ])
        #expect(diagnostics.isEmpty)
        #expect(node?["example"]?["origin"]?.string == "a")
        #expect(node?["example"]?["edus"]?.items?.first?["edu_type"]?.string == "m.typing")
    }
}

@Suite struct SchemaReaderTests {
    func read(_ yaml: String) throws -> (Schema, [String]) {
        let diagnostics = DiagnosticCollector()
        let node = try #require(try YAMLReader().parse(Array(yaml.utf8), file: "s.yaml").root)
        let schema = SchemaReader(diagnostics: diagnostics, style: TextStyle(isRST: false, variables: BuildVariables()))
            .read(AllOfMerger.resolve(node))
        return (schema, diagnostics.found.map(\.description))
    }

    @Test func mergesAllOfPropertiesAndUnitesRequired() throws {
        let (schema, diagnostics) = try read(
            """
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
        #expect(schema.description?.text == "Merged.")
    }

    @Test func reportsKeywordsOfTheWrongType() throws {
        let (_, diagnostics) = try read("type: object\nproperties: 5\nrequired: yes-please\nitems: [ ]\nenum: {a: 1}\n")
        #expect(
            diagnostics == [
                "s.yaml:4:1: warning: a schema of type object has 'items', which only an array has [schema-type-mismatch]",
                "s.yaml:2:13: error: 'properties' must be a mapping of names to schemas, not an integer [invalid-schema]",
                "s.yaml:3:11: error: 'required' must be a list of property names, not a string [invalid-schema]",
                "s.yaml:4:8: error: 'items' must be a schema, not a list [invalid-schema]",
                "s.yaml:5:7: error: 'enum' must be a list, not a mapping [invalid-schema]",
            ])
    }

    @Test func readsTypeListsAndMaps() throws {
        let (schema, _) = try read("type: [string, 'null']\nadditionalProperties: {type: integer}\n")
        #expect(schema.types == ["string", "null"])
        #expect(schema.additionalProperties?.types == ["integer"])
        #expect(schema.isMap)
    }

    @Test func givesThePatternFormatToTheMapItSitsOn() throws {
        let (schema, _) = try read(
            """
            type: object
            patternProperties:
              "^@":
                x-pattern-format: mx-user-id
                type: object
                additionalProperties: {type: string}
            """)
        #expect(schema.patternProperties.first?.schema.keyFormat == "mx-user-id")
    }
}

/// The keys noted below each node are those a full walk of it finds.
@Suite struct KeysBelowTests {
    static func walked(_ node: YAMLNode) -> YAMLNode.KeysBelow {
        var keys: YAMLNode.KeysBelow = []
        for item in node.items ?? [] { keys.formUnion(walked(item)) }
        for pair in node.pairs ?? [] {
            keys.formUnion(walked(pair.value))
            if pair.key == "$ref" { keys.insert(.reference) }
            if pair.key == "allOf" { keys.insert(.allOf) }
        }
        return keys
    }

    static func expectNoted(_ node: YAMLNode) {
        #expect(node.keysBelow == walked(node))
        for item in node.items ?? [] { expectNoted(item) }
        for pair in node.pairs ?? [] { expectNoted(pair.value) }
    }

    @Test(arguments: 0..<30)
    func notesTheKeysAWalkFinds(seed: UInt64) throws {
        var random = SplitMix64(state: seed)
        func value(_ depth: Int) -> String {
            switch depth > 3 ? 0 : Int.random(in: 0..<3, using: &random) {
            case 0: return "x"
            case 1:
                return "["
                    + (0..<Int.random(in: 0..<3, using: &random)).map { _ in value(depth + 1) }.joined(separator: ", ")
                    + "]"
            default:
                let keys = ["$ref", "allOf", "a", "b", "type"].shuffled(using: &random).prefix(
                    Int.random(in: 0..<3, using: &random))
                return "{" + keys.map { "\"\($0)\": \(value(depth + 1))" }.joined(separator: ", ") + "}"
            }
        }
        var root = try #require(try YAMLReader().parse(Array(value(0).utf8), file: "t.yaml").root)
        Self.expectNoted(root)
        // A node whose content is replaced notes what it holds now.
        root.content = .mapping([YAMLNode.Pair(key: "allOf", keyLocation: .start, value: root)])
        Self.expectNoted(root)
    }
}

/// JSON pointers as RFC 6901 reads them: `~1` is `/`, `~0` is `~`.
@Suite struct JSONPointerTests {
    @Test(arguments: [
        ("/a/b~1c/~0d", ["a", "b/c", "~d"]), ("/", [""]), ("/a//b", ["a", "", "b"]), ("", []),
        ("/x%20y", ["x y"]), ("/é~01", ["é~1"]),
    ])
    func readsTokens(text: String, tokens: [String]) throws {
        #expect(try JSONPointer.parse(text).get().tokens == tokens)
    }

    @Test(arguments: ["a", "/a~2", "/a~"])
    func refusesWhatIsNoPointer(text: String) {
        #expect(throws: JSONPointer.Problem.self) { try JSONPointer.parse(text).get() }
    }
}

/// A mapping's keys are found as YAML compares them.
@Suite struct YAMLKeyLookupTests {
    @Test func findsKeysByTheirCodePoints() throws {
        let node = try #require(
            try YAMLReader().parse(Array("a: 1\nlong_key: 2\ne\u{301}: 3\n".utf8), file: "t.yaml").root)
        #expect(node["long_key"]?.string == "2")
        #expect(node["a"]?.string == "1")
        #expect(node["e\u{301}"]?.string == "3")
        #expect(node["\u{E9}"] == nil)
        #expect(node["long_kez"] == nil && node.pair("b") == nil)
    }
}
