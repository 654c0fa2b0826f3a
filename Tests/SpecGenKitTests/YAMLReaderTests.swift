import Testing

@testable import SpecGenKit

@Suite struct YAMLReaderTests {
    func parse(_ text: String) throws(Diagnostic) -> YAMLNode? {
        try YAMLReader().parse(Array(text.utf8), path: "t.yaml", file: 0).root
    }

    @Test func keepsKeyOrderAndOneBasedPositions() throws {
        let root = try #require(try parse("b: 1\na:\n  - x\n  - y\n"))
        #expect(root.pairs?.map(\.key) == ["b", "a"])
        #expect(root.pair("a")?.keyLocation == SourceLocation(line: 2, column: 1))
        #expect(root["a"]?.items?[1].location == SourceLocation(line: 4, column: 5))
    }

    @Test(arguments: [
        ("42", YAMLScalar.Kind.int), ("-1.5e3", .float), ("true", .bool), ("no", .bool), ("~", .null),
        ("''", .string), ("\"42\"", .string), ("no-support", .string), ("1.2.3", .string), ("0x", .string),
    ])
    func resolvesPlainScalarsAsYAML11(source: String, kind: YAMLScalar.Kind) throws {
        let root = try #require(try parse("v: \(source)\n"))
        #expect(root["v"]?.scalar?.kind == kind)
    }

    @Test func expandsAliasesAndMergeKeys() throws {
        let root = try #require(try parse("base: &b {x: 1, y: 2}\nuse: *b\nmerged:\n  <<: *b\n  y: 3\n"))
        #expect(root["use"]?["y"]?.string == "2")
        #expect(root["merged"]?["x"]?.string == "1")
        #expect(root["merged"]?["y"]?.string == "3")
    }

    @Test func reportsSyntaxErrorsAtTheirLine() {
        #expect {
            _ = try parse("a: 1\nb: [1, 2\nc: 3\n")
        } throws: { error in
            let diagnostic = error as! Diagnostic
            return diagnostic.severity == .error && diagnostic.location?.line == 3
                && diagnostic.description.hasPrefix("t.yaml:3:")
        }
    }

    @Test func stopsAnAliasBombQuickly() {
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...12 {
            let previous = "*a\(level - 1)"
            text += "a\(level): &a\(level) [\(Array(repeating: previous, count: 10).joined(separator: ", "))]\n"
        }
        let start = ContinuousClock.now
        #expect {
            _ = try parse(text)
        } throws: { error in
            (error as! Diagnostic).message.contains("alias bomb")
        }
        #expect(ContinuousClock.now - start < .seconds(1))
    }

    @Test func refusesDeepNesting() {
        let text = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect {
            _ = try parse(text)
        } throws: { error in
            (error as! Diagnostic).message.contains("nesting is deeper than")
        }
    }

    @Test func rejectsInvalidUTF8WithAPosition() {
        #expect {
            _ = try YAMLReader().parse(Array("a: ".utf8) + [0xFF, 0xFE] + Array("\n".utf8), path: "t.yaml", file: 0)
        } throws: { error in
            let diagnostic = error as! Diagnostic
            return diagnostic.message.contains("UTF-8") && diagnostic.location != nil
        }
    }

    @Test func warnsAboutDuplicateKeysAndKeepsTheLast() throws {
        let (root, warnings) = try YAMLReader().parse(Array("a: 1\na: 2\n".utf8), path: "t.yaml", file: 0)
        #expect(root?["a"]?.string == "2")
        #expect(warnings.map(\.description) == ["t.yaml:2:1: warning: duplicate key 'a' (first at line 1); the last one is used"])
    }

    @Test func treatsAnEmptyStreamAsNoDocument() throws {
        #expect(try parse("") == nil)
        #expect(try parse("# only a comment\n") == nil)
    }
}
