import Foundation
import SpecGenTestSupport
import Testing

@testable import SpecGenKit

/// The Go template subset that renders the spec's output formats, such as a release's checklist.
@Suite struct GoTemplateTests {
    static func render(_ text: String, _ context: GoValue = .map([:])) throws -> String {
        try GoTemplate(text, file: "t.md").render(context)
    }

    @Test func trimsAroundActionsAndDropsComments() throws {
        #expect(try Self.render("a  {{- /* gone */ -}}  b\n{{ \"c\" -}}\n\n d") == "ab\ncd")
        #expect(try Self.render("{{- /*\n  a comment with }} inside\n*/ -}}\nx") == "x")
    }

    @Test func evaluatesVariablesConditionsAndPipelines() throws {
        let context = GoValue.map([
            "LinkTitle": .string("V1.19"), "Title": .string("v1.19 Changelog"),
            "Date": try #require(GoTemplate.date("2026-07-08")), "RawContent": .string("## A\n\n- one\n- two\n"),
        ])
        let template = """
            {{ $version := lower .LinkTitle -}}
            # {{ .Title }}
            {{ if ne $version "unstable" -}}
            | {{ printf "https://example.org/tree/%s" $version }} | {{ .Date | time.Format ":date_long" }} |
            {{ else -}}
            unstable
            {{ end -}}
            {{ .RawContent | replaceRE "\\n- " "\\n- [ ] " }}
            """
        #expect(
            try Self.render(template, context)
                == "# v1.19 Changelog\n| https://example.org/tree/v1.19 | July 8, 2026 |\n## A\n\n- [ ] one\n- [ ] two\n"
        )
        #expect(try Self.render("{{ if eq 1 2 }}a{{ else if eq 2 2 }}b{{ else }}c{{ end }}") == "b")
        #expect(try Self.render("{{ with .X }}{{ . }}{{ else }}none{{ end }}", .map(["X": .string("x")])) == "x")
        #expect(
            try Self.render("{{ range .L }}[{{ . }}]{{ end }}", .map(["L": .list([.int(1), .int(2)])])) == "[1][2]")
    }

    /// A pattern without metacharacters is replaced by a byte search: as the regex engine does.
    @Test(arguments: 0..<20)
    func replacesLiteralPatternsAsTheRegexEngineDoes(seed: UInt64) throws {
        var random = SplitMix64(state: seed)
        let pieces = ["\n", "- ", "a", "aa", "ü", "\n- ", "[ ]", "x"]
        let subject = random.text(of: pieces, counts: 0...14)
        let pattern = random.text(of: ["a", "\n", "- ", "ü", "x"], counts: 1...3)
        let replacement = random.text(of: ["b", "[ ] ", "\n"], counts: 0...2)
        let expression = try NSRegularExpression(pattern: NSRegularExpression.escapedPattern(for: pattern))
        let expected = expression.stringByReplacingMatches(
            in: subject, range: NSRange(subject.startIndex..., in: subject),
            withTemplate: NSRegularExpression.escapedTemplate(for: replacement))
        let context = GoValue.map(["S": .string(subject), "P": .string(pattern), "R": .string(replacement)])
        #expect(try Self.render("{{ replaceRE .P .R .S }}", context) == expected)
    }

    @Test func formatsDatesAsHugoDoes() {
        #expect(GoTemplate.format(year: 2026, month: 7, day: 8, layout: ":date_long") == "July 8, 2026")
        #expect(GoTemplate.format(year: 2026, month: 7, day: 8, layout: ":date_medium") == "Jul 8, 2026")
        #expect(GoTemplate.format(year: 2026, month: 7, day: 8, layout: "2006-01-02") == "2026-07-08")
        #expect(GoTemplate.format(year: 2026, month: 7, day: 8, layout: "January 2, 2006") == "July 8, 2026")
        #expect(GoTemplate.format(year: 2026, month: 12, day: 2, layout: ":date_full") == "Wednesday, December 2, 2026")
    }

    @Test func saysWhatItDoesNotKnowWhereItIs() {
        let error = #expect(throws: Diagnostic.self) { try Self.render("x\n  {{ partial \"a\" . }}") }
        #expect(
            error?.description
                == "t.md:2:3: error: the function 'partial' is not supported by specgen's Go templates [template-error]"
        )
        #expect(throws: Diagnostic.self) { try Self.render("{{ if true }}open") }
        #expect(throws: Diagnostic.self) { try Self.render("{{ .X") }
        #expect(throws: Diagnostic.self) { try Self.render("{{ end }}") }
    }

    @Test func boundsNesting() {
        let deep = String(repeating: "{{ if true }}", count: 200) + String(repeating: "{{ end }}", count: 200)
        #expect(throws: Diagnostic.self) { try Self.render(deep) }
        let parentheses = "{{ " + String(repeating: "(", count: 200) + "1" + String(repeating: ")", count: 200) + " }}"
        #expect(throws: Diagnostic.self) { try Self.render(parentheses) }
    }
}
