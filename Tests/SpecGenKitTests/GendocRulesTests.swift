import Testing

@testable import SpecGenKit

/// The rules of matrix-doc's templates that a matrix-doc tree is rendered by: gendoc's examples,
/// and the RST its API descriptions mix into Markdown.
@Suite struct GendocRulesTests {
    static func string(_ text: String) -> YAMLNode {
        YAMLNode(.scalar(YAMLScalar(text, kind: .string)), at: .start, file: "")
    }

    static func property(_ name: String, example: String) -> Schema.Property {
        Schema.Property(name: name, schema: Schema(types: ["string"], example: string(example)))
    }

    @Test func gendocBuildsTheExampleOfASchemaDeclaredWithAllOfFromItsProperties() throws {
        let stated = YAMLNode(.mapping([]), at: .start, file: "")
        let composed = Schema(
            types: ["object"], properties: [Self.property("origin", example: "matrix.org")], example: stated,
            isComposed: true)
        let gendoc = try #require(ExampleSynthesizer.example(for: composed, rule: .gendoc))
        #expect(JSONWriter.inline(gendoc) == #"{"origin": "matrix.org"}"#)
        // Hugo's template shows the stated example, and so does gendoc without allOf.
        #expect(ExampleSynthesizer.example(for: composed, rule: .hugo)?.pairs?.isEmpty == true)
        let plain = Schema(types: ["object"], properties: composed.properties, example: stated)
        #expect(ExampleSynthesizer.example(for: plain, rule: .gendoc)?.pairs?.isEmpty == true)
    }

    @Test func gendocShowsEachItemOfATuple() throws {
        let tuple = Schema(
            types: ["array"],
            prefixItems: [
                Schema(types: ["string"], example: Self.string("$abc")),
                Schema(types: ["object"], properties: [Self.property("sha256", example: "hash")]),
            ])
        let example = try #require(ExampleSynthesizer.example(for: tuple, rule: .gendoc))
        #expect(JSONWriter.inline(example) == #"["$abc",{"sha256": "hash"}]"#)
    }

    @Test func replacesTheProsesSubstitutionsInDescriptions() {
        let prose = ["encrypted_files": "End-to-end encryption", "/sync": "`/sync`"]
        #expect(
            RSTCompatibility.markdown(from: "As in |encrypted_files|_.", prose: prose)
                == "As in [End-to-end encryption](<specgen-rst:encrypted_files>).")
        #expect(RSTCompatibility.markdown(from: "A call to |/sync|. Then", prose: prose) == "A call to `/sync`. Then")
        // Not defined by the prose: the link keeps the name, a plain reference its bars.
        #expect(
            RSTCompatibility.markdown(from: "See |other|_ and |x|.", prose: prose)
                == "See [other](<specgen-rst:other>) and |x|.")
        // A table's bars are not references.
        #expect(RSTCompatibility.markdown(from: "| a | b |", prose: prose) == "| a | b |")
    }

    @Test func dropsRSTsEscapesOutsideCode() {
        #expect(RSTCompatibility.markdown(from: "``username``\\s which") == "``username``s which")
        #expect(RSTCompatibility.markdown(from: "a\\ b and \\*c\\*") == "ab and \\*c\\*")
        // After a space it joins nothing: a Markdown table's `from \\ to` keeps its backslash.
        #expect(RSTCompatibility.markdown(from: "| from \\ to | x\\y |") == "| from \\ to | xy |")
        #expect(RSTCompatibility.markdown(from: "``a\\s``") == "``a\\s``")
        #expect(RSTCompatibility.markdown(from: "C:\\\\temp") == "C:\\\\temp")
    }
}
