import Testing

@testable import SpecGenKit

/// TeX to MathML, for the Olm and Megolm pages' formulas.
@Suite struct MathTests {
    static func convert(_ tex: String, display: Bool = false) throws -> String {
        try TeXToMathML.convert(tex, display: display)
    }

    /// RST's `:math:` on a matrix-doc tree, as docutils' `math2html` wrote it for gendoc.
    @Test func writesDocutilsFormulasForRST() throws {
        #expect(
            try TeXToDocutilsHTML.convert("S'(E) = S(E)")
                == "<span class=\"formula\"><i>S</i>’(<i>E</i>) = <i>S</i>(<i>E</i>)</span>")
        #expect(
            try TeXToDocutilsHTML.convert("\\cup C_i - \\cap C_i")
                == "<span class=\"formula\">∪<i>C</i><sub><i>i</i></sub> − ∩<i>C</i><sub><i>i</i></sub></span>")
        #expect(
            try TeXToDocutilsHTML.convert("K_{A}^{public}")
                == "<span class=\"formula\"><i>K</i><span class=\"scripts\"><sup class=\"script\"><i>public</i></sup>"
                + "<sub class=\"script\"><i>A</i></sub></span></span>")
        #expect(
            try TeXToDocutilsHTML.convert("(B_{0} \\ll 5 | B_{1} \\gg 3) + 1000")
                == "<span class=\"formula\">(<i>B</i><sub>0</sub>≪5|<i>B</i><sub>1</sub>≫3) + 1000</span>")
        #expect(
            try TeXToDocutilsHTML.convert("\\{ E_1, \\ldots \\} x<y")
                == "<span class=\"formula\">{<i>E</i><sub>1</sub>, …}<i>x</i> &lt; <i>y</i></span>")
        #expect(
            try TeXToDocutilsHTML.convert("\\frac{a}{2} \\text{if } \\left( x \\right)")
                == "<span class=\"formula\"><span class=\"fraction\">(<i>a</i>)/(2)</span>if (<i>x</i>)</span>")
        #expect(throws: TeXToMathML.UnknownCommand(name: "weird")) { try TeXToDocutilsHTML.convert("a \\weird b") }
        var html = HTMLWriter()
        #expect(MathWriter.write("\\weird", display: false, style: .docutils, into: &html) == "weird")
        #expect(String(decoding: html.bytes, as: UTF8.self).contains("\\weird"))
    }

    @Test func writesScriptsTextAndOperators() throws {
        #expect(
            try Self.convert("R_{i,j}")
                == "<math><msub><mi>R</mi><mrow><mi>i</mi><mo>,</mo><mi>j</mi></mrow></msub></math>")
        #expect(
            try Self.convert("2^{24}n")
                == "<math><mrow><msup><mn>2</mn><mrow><mn>24</mn></mrow></msup><mi>n</mi></mrow></math>")
        #expect(
            try Self.convert("\\operatorname{HKDF}\\left(0,S\\right)")
                == "<math><mrow><mi>HKDF</mi><mo fence=\"true\">(</mo><mn>0</mn><mo>,</mo><mi>S</mi><mo fence=\"true\">)</mo></mrow></math>"
        )
        #expect(try Self.convert("\\text{``OLM\\_ROOT\"}") == "<math><mtext>“OLM_ROOT”</mtext></math>")
        #expect(try Self.convert("\\text{``\\char`\\\\x01\"}") == "<math><mtext>“\\x01”</mtext></math>")
        #expect(try Self.convert("a\\;\\parallel\\;b").contains("<mo>∥</mo>"))
        #expect(
            try Self.convert("\\alpha \\oplus \\Omega") == "<math><mrow><mi>α</mi><mo>⊕</mo><mi>Ω</mi></mrow></math>")
        #expect(
            try Self.convert("\\frac{a}{b}")
                == "<math><mfrac><mrow><mi>a</mi></mrow><mrow><mi>b</mi></mrow></mfrac></math>")
        #expect(try Self.convert("\\text{if }x").contains("<mtext>if\u{A0}</mtext>"))
        #expect(try Self.convert("\\text{  a  b }").contains("<mtext>\u{A0}a  b\u{A0}</mtext>"))
        #expect(try Self.convert("\\text{ab}").contains("<mtext>ab</mtext>"))
    }

    @Test func writesAlignedRowsAndCases() throws {
        let aligned = try Self.convert("\\begin{aligned} a &= b \\\\ c &= d \\end{aligned}", display: true)
        #expect(
            aligned.hasPrefix("<math display=\"block\"><mtable columnalign=\"right left\"><mtr><mtd><mi>a</mi></mtd>"))
        #expect(aligned.components(separatedBy: "<mtr>").count == 3)
        let cases = try Self.convert("\\begin{cases} x & \\text{if } y \\\\ z & \\text{otherwise} \\end{cases}")
        #expect(cases.contains("<mo fence=\"true\">{</mo><mtable columnalign=\"left left\">"))
        #expect(cases.contains("<mtext>otherwise</mtext>"))
    }

    @Test func namesTheCommandItDoesNotKnow() {
        #expect(throws: TeXToMathML.UnknownCommand(name: "unknowncommand")) {
            try Self.convert("a \\unknowncommand b")
        }
        #expect(throws: TeXToMathML.UnknownCommand(name: "begin{tikzpicture}")) {
            try Self.convert("\\begin{tikzpicture}\\end{tikzpicture}")
        }
    }

    @Test func boundsNestingAndEscapesText() throws {
        let deep = String(repeating: "{", count: 500) + "x" + String(repeating: "}", count: 500)
        #expect(throws: TeXToMathML.UnknownCommand.self) { try Self.convert(deep) }
        #expect(try Self.convert("a<b\\text{<script>}").contains("&lt;script&gt;"))
        #expect(try Self.convert("}x&").contains("<mi>x</mi>"))
    }

    /// On a page, a formula with a command the converter does not know is shown as written, with a
    /// warning at its place.
    @Test func showsAnUnknownFormulaAsWrittenWithAWarning() throws {
        let result = TestSite.render([
            "config.toml":
                "title = \"X\"\n[markup.goldmark.extensions.passthrough]\nenable = true\n[markup.goldmark.extensions.passthrough.delimiters]\nblock = [['\\[', '\\]']]\ninline = [['\\(', '\\)']]\n",
            "content/_index.md": "---\ntitle: X\n---\n\nKnown \\(R_{i}\\) and\nunknown \\(\\weird{x}\\).\n",
        ])
        let page = try result.page("index.html")
        #expect(page.contains("<math><msub><mi>R</mi><mrow><mi>i</mi></mrow></msub></math>"))
        #expect(page.contains("<code class=\"math\">\\weird{x}</code>"))
        #expect(
            result.messages == [
                "content/_index.md:5:1: warning: the TeX command '\\weird' is not one specgen converts; the formula is shown as written [unknown-tex]"
            ])
    }
}
