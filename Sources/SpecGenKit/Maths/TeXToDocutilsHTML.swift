/// Turns the TeX of an RST `:math:` role into HTML as docutils' `math2html` did for gendoc's
/// pages (docutils' default `math_output: HTML`): `<span class="formula">` with letters in
/// italics, scripts as `<sub>`/`<sup>`, spaces dropped and the operators spaced by docutils' table
/// (`a+b` is "a + b", `,` is ", ", `'` is "’"). The text is then what the 2019 site showed, and
/// search and copying find it. A command it does not know is an error with its name, as in
/// ``TeXToMathML``, whose symbol tables it shares.
struct TeXToDocutilsHTML {
    typealias UnknownCommand = TeXToMathML.UnknownCommand

    static func convert(_ tex: String) throws(UnknownCommand) -> String {
        var parser = Parser(cursor: TeXToMathML.Parser(tokens: TeXToMathML.Tokenizer.tokens(tex)))
        var html = ""
        while parser.next != nil {
            html += try parser.pieces()
            // A closing brace or `&` with nothing open is passed over.
            if parser.next != nil { parser.cursor.position += 1 }
        }
        return "<span class=\"formula\">" + html + "</span>"
    }

    /// math2html's `modified` characters, as the docutils of gendoc's time wrote them.
    static let spaced: [Character: String] = [
        "'": "’", "+": " + ", ",": ", ", "-": " − ", "/": " ⁄ ", ":": " : ", "<": " &lt; ", "=": " = ",
        ">": " &gt; ", "~": "\u{A0}",
    ]

    struct Parser {
        /// The tokens and the place in them, with ``TeXToMathML``'s readers of spaces and of
        /// `\text{…}`'s characters.
        var cursor: TeXToMathML.Parser

        var next: TeXToMathML.Token? { cursor.next }

        /// Atoms with their scripts up to a closing brace, `&` or the end.
        mutating func pieces() throws(UnknownCommand) -> String {
            var html = ""
            while let token = next, token != .close, token != .alignment {
                if token == .subscriptMark || token == .superscriptMark {
                    html += try scripts()
                } else {
                    html += try atom()
                }
            }
            return html
        }

        /// `_i^2` after a base: one script alone, or both (the superscript first, as docutils writes them).
        mutating func scripts() throws(UnknownCommand) -> String {
            var sub: String?
            var sup: String?
            while let token = next, token == .subscriptMark || token == .superscriptMark {
                cursor.position += 1
                let argument = try self.argument()
                if token == .subscriptMark { sub = argument } else { sup = argument }
            }
            switch (sub, sup) {
            case (let sub?, let sup?):
                return
                    "<span class=\"scripts\"><sup class=\"script\">\(sup)</sup><sub class=\"script\">\(sub)</sub></span>"
            case (let sub?, nil): return "<sub>\(sub)</sub>"
            case (nil, let sup?): return "<sup>\(sup)</sup>"
            default: return ""
            }
        }

        mutating func argument() throws(UnknownCommand) -> String {
            cursor.skipSpaces()
            return next == .open ? try group() : try atom()
        }

        mutating func group() throws(UnknownCommand) -> String {
            guard cursor.depth < TeXToMathML.maximumDepth else { throw UnknownCommand(name: "{ (nested too deep)") }
            cursor.position += 1
            cursor.depth += 1
            defer { cursor.depth -= 1 }
            let content = try pieces()
            if next == .close { cursor.position += 1 }
            return content
        }

        /// One atom: a run of letters in italics, a number, a symbol or a group.
        mutating func atom() throws(UnknownCommand) -> String {
            guard let token = next else { return "" }
            switch token {
            case .open:
                return try group()
            case .character(let character):
                cursor.position += 1
                if character.isWhitespace { return "" }
                if character.isLetter {
                    var word = String(character)
                    while case .character(let letter)? = next, letter.isLetter {
                        word.append(letter)
                        cursor.position += 1
                    }
                    return "<i>" + HTMLWriter.escaped(word) + "</i>"
                }
                return TeXToDocutilsHTML.spaced[character] ?? HTMLWriter.escaped(String(character))
            case .command(let name):
                cursor.position += 1
                if let symbol = TeXToMathML.identifiers[name] ?? TeXToMathML.operators[name] { return symbol }
                if TeXToMathML.spaces[name] != nil { return "" }
                switch name {
                case "{", "}", "_", "%", "#", "$", "&", "|": return HTMLWriter.escaped(name)
                case "lbrace": return "{"
                case "rbrace": return "}"
                case "text", "textrm", "mbox", "textnormal", "mathrm", "operatorname":
                    return HTMLWriter.escaped(cursor.text())
                case "mathit", "textit": return "<i>" + HTMLWriter.escaped(cursor.text()) + "</i>"
                case "mathbf", "textbf": return "<b>" + HTMLWriter.escaped(cursor.text()) + "</b>"
                case "frac":
                    // docutils' fraction reads "(a)/(b)" as text.
                    let numerator = try argument()
                    let denominator = try argument()
                    return "<span class=\"fraction\">(\(numerator))/(\(denominator))</span>"
                case "sqrt": return "√(" + (try argument()) + ")"
                case "left", "right", "big", "Big", "bigl", "bigr", "Bigl", "Bigr":
                    cursor.skipSpaces()
                    guard let token = next else { return "" }
                    cursor.position += 1
                    switch token {
                    case .character("."): return ""
                    case .character(let character): return HTMLWriter.escaped(String(character))
                    case .command(let delimiter):
                        guard let symbol = TeXToMathML.delimiters[delimiter] else {
                            throw UnknownCommand(name: delimiter)
                        }
                        return symbol
                    default: return ""
                    }
                default: throw UnknownCommand(name: name)
                }
            case .close, .subscriptMark, .superscriptMark, .alignment:
                cursor.position += 1
                return ""
            }
        }
    }
}
