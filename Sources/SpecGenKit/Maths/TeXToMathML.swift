/// Turns the TeX of the spec's formulas into MathML, which browsers show without a script: the
/// subset the Olm and Megolm pages write (letters and numbers, sub- and superscripts, `\text`,
/// `\mathrm`, `\mathit`, `\operatorname`, `\left`/`\right`, `\frac`, `\sqrt`, the `aligned` and
/// `cases` environments, spacing, Greek letters and the usual symbols). A command it does not
/// know is an error with its name, and the formula is then shown as written.
struct TeXToMathML {
    struct UnknownCommand: Error, Equatable {
        var name: String
    }

    /// How deep groups may nest: a bound against hostile input.
    static let maximumDepth = 64

    /// `<math>` for an inline formula, `<math display="block">` for a display one.
    static func convert(_ tex: String, display: Bool) throws(UnknownCommand) -> String {
        var parser = Parser(tokens: Tokenizer.tokens(tex))
        var nodes: [Node] = []
        while parser.next != nil {
            nodes += try parser.nodes(until: [])
            // A brace or `&` with nothing open is passed over.
            if parser.next != nil { parser.position += 1 }
        }
        return "<math" + (display ? " display=\"block\"" : "") + ">" + Node.row(nodes).xml + "</math>"
    }

    // MARK: Tokens

    enum Token: Equatable {
        case command(String)
        case character(Character)
        case open, close, subscriptMark, superscriptMark, alignment
    }

    enum Tokenizer {
        static func tokens(_ tex: String) -> [Token] {
            var tokens: [Token] = []
            var characters = Array(tex)
            var index = 0
            while index < characters.count {
                let character = characters[index]
                index += 1
                switch character {
                case "\\":
                    guard index < characters.count else { break }
                    if characters[index].isLetter {
                        var name = ""
                        while index < characters.count, characters[index].isLetter {
                            name.append(characters[index])
                            index += 1
                        }
                        tokens.append(.command(name))
                    } else {
                        tokens.append(.command(String(characters[index])))
                        index += 1
                    }
                case "{": tokens.append(.open)
                case "}": tokens.append(.close)
                case "_": tokens.append(.subscriptMark)
                case "^": tokens.append(.superscriptMark)
                case "&": tokens.append(.alignment)
                case "%":
                    while index < characters.count, characters[index] != "\n" { index += 1 }
                default: tokens.append(.character(character))
                }
            }
            characters.removeAll()
            return tokens
        }
    }

    // MARK: Nodes

    /// A piece of MathML, and whether it is a row of several (which scripts then wrap whole).
    struct Node {
        var xml: String

        static func element(_ name: String, _ content: String, _ attributes: String = "") -> Node {
            Node(xml: "<\(name)\(attributes.isEmpty ? "" : " " + attributes)>\(content)</\(name)>")
        }

        static func row(_ nodes: [Node]) -> Node {
            nodes.count == 1 ? nodes[0] : element("mrow", nodes.map(\.xml).joined())
        }
    }

    static func escape(_ text: String) -> String { HTMLWriter.escaped(text) }

    // MARK: Parsing

    struct Parser {
        var tokens: [Token]
        var position = 0
        var depth = 0

        init(tokens: [Token]) {
            self.tokens = tokens
        }

        var next: Token? { position < tokens.count ? tokens[position] : nil }

        /// Atoms with their scripts up to a closing brace, the end, or one of `stops`.
        mutating func expression(until stops: Set<String>) throws(UnknownCommand) -> Node {
            .row(try nodes(until: stops))
        }

        mutating func nodes(until stops: Set<String>) throws(UnknownCommand) -> [Node] {
            var nodes: [Node] = []
            while let token = next {
                if token == .close || token == .alignment { break }
                if case .command(let name) = token, stops.contains(name) { break }
                if token == .subscriptMark || token == .superscriptMark {
                    let base = nodes.popLast() ?? Node(xml: "<mrow></mrow>")
                    nodes.append(try scripts(on: base))
                    continue
                }
                if let node = try atom() { nodes.append(node) }
            }
            return nodes
        }

        /// `x_i^2`: the base with what follows it.
        mutating func scripts(on base: Node) throws(UnknownCommand) -> Node {
            var sub: Node?
            var sup: Node?
            while let token = next, token == .subscriptMark || token == .superscriptMark {
                position += 1
                let argument = try self.argument()
                if token == .subscriptMark { sub = argument } else { sup = argument }
            }
            switch (sub, sup) {
            case (let sub?, let sup?): return .element("msubsup", base.xml + sub.xml + sup.xml)
            case (let sub?, nil): return .element("msub", base.xml + sub.xml)
            case (nil, let sup?): return .element("msup", base.xml + sup.xml)
            default: return base
            }
        }

        /// One token or one braced group, as a command's argument or a script.
        mutating func argument() throws(UnknownCommand) -> Node {
            skipSpaces()
            guard let token = next else { return Node(xml: "<mrow></mrow>") }
            if token == .open {
                return try group()
            }
            return try atom() ?? Node(xml: "<mrow></mrow>")
        }

        /// `{…}`.
        mutating func group() throws(UnknownCommand) -> Node {
            guard depth < TeXToMathML.maximumDepth else { throw UnknownCommand(name: "{ (nested too deep)") }
            position += 1
            depth += 1
            defer { depth -= 1 }
            let content = try nodes(until: [])
            if next == .close { position += 1 }
            return .element("mrow", content.map(\.xml).joined())
        }

        /// A braced argument's raw text, for `\text{…}` and `\operatorname{…}`.
        mutating func text() -> String {
            skipSpaces()
            guard next == .open else {
                if case .character(let character)? = next {
                    position += 1
                    return String(character)
                }
                return ""
            }
            position += 1
            var out = ""
            var nesting = 0
            while let token = next {
                position += 1
                switch token {
                case .open: nesting += 1
                case .close:
                    if nesting == 0 { return TeXToMathML.quotes(out) }
                    nesting -= 1
                case .character(let character): out.append(character)
                case .subscriptMark: out.append("_")
                case .superscriptMark: out.append("^")
                case .alignment: out.append("&")
                case .command(let name):
                    if name == "char" {
                        out += charCode()
                    } else if name.count == 1, !name.first!.isLetter {
                        out += name == " " ? " " : name
                    } else {
                        out += "\\" + name
                    }
                }
            }
            return TeXToMathML.quotes(out)
        }

        /// `\char`\x`: the character whose code follows, written as a character or a number.
        mutating func charCode() -> String {
            guard let token = next else { return "" }
            position += 1
            switch token {
            case .character("`"):
                guard let following = next else { return "" }
                position += 1
                if case .command(let name) = following { return String(name.prefix(1)) }
                if case .character(let character) = following { return String(character) }
                return ""
            case .character(let first) where first.isNumber:
                var digits = String(first)
                while case .character(let digit)? = next, digit.isNumber {
                    digits.append(digit)
                    position += 1
                }
                return Int(digits).flatMap(UnicodeScalar.init).map { String(Character($0)) } ?? ""
            default:
                return ""
            }
        }

        mutating func skipSpaces() {
            while case .character(let character)? = next, character.isWhitespace { position += 1 }
        }

        /// One atom, or `nil` for what shows nothing (a space in maths).
        mutating func atom() throws(UnknownCommand) -> Node? {
            guard let token = next else { return nil }
            switch token {
            case .open:
                return try group()
            case .character(let character):
                position += 1
                if character.isWhitespace { return nil }
                if character.isLetter { return .element("mi", TeXToMathML.escape(String(character))) }
                if character.isNumber {
                    var digits = String(character)
                    while case .character(let digit)? = next, digit.isNumber || digit == "." {
                        digits.append(digit)
                        position += 1
                    }
                    return .element("mn", digits)
                }
                if character == "'" { return .element("mo", "′") }
                if character == "-" { return .element("mo", "−") }
                return .element("mo", TeXToMathML.escape(String(character)))
            case .command(let name):
                position += 1
                return try command(name)
            case .close, .subscriptMark, .superscriptMark, .alignment:
                position += 1
                return nil
            }
        }

        mutating func command(_ name: String) throws(UnknownCommand) -> Node? {
            if let symbol = TeXToMathML.identifiers[name] { return .element("mi", symbol) }
            if let symbol = TeXToMathML.operators[name] { return .element("mo", symbol) }
            if let width = TeXToMathML.spaces[name] { return Node(xml: "<mspace width=\"\(width)\"></mspace>") }
            switch name {
            case "_", "%", "#", "$", "&":
                return .element("mi", TeXToMathML.escape(name))
            case "{", "lbrace": return .element("mo", "{")
            case "}", "rbrace": return .element("mo", "}")
            case "text", "textrm", "mbox", "textnormal":
                // Spaces at the ends of a text are kept, as TeX keeps them.
                let words = text()
                // Most texts have no space at either end: the regular expression is kept for those that do.
                let kept =
                    words.first == " " || words.last == " " || words.last?.isNewline == true
                    ? words.replacingOccurrences(of: "^ +| +$", with: "\u{A0}", options: .regularExpression) : words
                return .element("mtext", TeXToMathML.escape(kept))
            case "textit":
                return .element("mtext", TeXToMathML.escape(text()), "mathvariant=\"italic\"")
            case "operatorname", "mathrm":
                let word = text()
                return .element("mi", TeXToMathML.escape(word), word.count == 1 ? "mathvariant=\"normal\"" : "")
            case "mathit":
                // Each letter its own identifier, which MathML shows in italics.
                let word = text()
                return .row(word.map { .element("mi", TeXToMathML.escape(String($0))) })
            case "mathbf":
                return .element("mi", TeXToMathML.escape(text()), "mathvariant=\"bold\"")
            case "frac":
                let numerator = try argument()
                let denominator = try argument()
                return .element("mfrac", numerator.xml + denominator.xml)
            case "sqrt":
                return .element("msqrt", try argument().xml)
            case "left", "right", "big", "Big", "bigl", "bigr", "Bigl", "Bigr":
                skipSpaces()
                guard let token = next else { return nil }
                position += 1
                switch token {
                case .character("."): return nil
                case .character(let character):
                    return .element("mo", TeXToMathML.escape(String(character)), "fence=\"true\"")
                case .command(let delimiter):
                    if let symbol = TeXToMathML.delimiters[delimiter] {
                        return .element("mo", symbol, "fence=\"true\"")
                    }
                    throw UnknownCommand(name: delimiter)
                default: return nil
                }
            case "begin":
                return try environment()
            case "\\", "newline", "cr":
                return nil
            case "char":
                return .element("mi", TeXToMathML.escape(charCode()))
            case "displaystyle", "textstyle", "nonumber", "notag":
                return nil
            default:
                throw UnknownCommand(name: name)
            }
        }

        /// `\begin{aligned}…\end{aligned}`, `cases`, `matrix` and friends: a table.
        mutating func environment() throws(UnknownCommand) -> Node {
            let name = text()
            guard
                ["aligned", "align", "align*", "gathered", "cases", "matrix", "pmatrix", "bmatrix", "array", "split"]
                    .contains(name)
            else { throw UnknownCommand(name: "begin{\(name)}") }
            if name == "array" { _ = text() }
            guard depth < TeXToMathML.maximumDepth else { throw UnknownCommand(name: "begin (nested too deep)") }
            depth += 1
            defer { depth -= 1 }
            var rows: [[Node]] = [[]]
            while let token = next {
                if case .command("end") = token {
                    position += 1
                    _ = text()
                    break
                }
                if case .command(let command) = token, command == "\\" || command == "cr" {
                    position += 1
                    rows.append([])
                    continue
                }
                if token == .alignment {
                    position += 1
                    // `&` ends a cell and starts the next; a row that starts with it has an empty first cell.
                    if rows[rows.count - 1].isEmpty { rows[rows.count - 1].append(Node(xml: "")) }
                    rows[rows.count - 1].append(Node(xml: ""))
                    continue
                }
                if token == .close {
                    position += 1
                    continue
                }
                let cell = try expression(until: ["\\", "end", "cr"])
                if rows[rows.count - 1].isEmpty {
                    rows[rows.count - 1].append(cell)
                } else {
                    rows[rows.count - 1][rows[rows.count - 1].count - 1].xml += cell.xml
                }
            }
            while let last = rows.last, last.allSatisfy({ $0.xml.isEmpty }) { rows.removeLast() }
            let alignment: String
            switch name {
            case "aligned", "align", "align*", "split": alignment = "right left"
            case "cases": alignment = "left left"
            default: alignment = "center"
            }
            let table = rows.map { row in
                "<mtr>" + row.map { "<mtd>" + $0.xml + "</mtd>" }.joined() + "</mtr>"
            }.joined()
            let node = Node.element("mtable", table, "columnalign=\"\(alignment)\"")
            switch name {
            case "cases": return .element("mrow", "<mo fence=\"true\">{</mo>" + node.xml)
            case "pmatrix":
                return .element("mrow", "<mo fence=\"true\">(</mo>" + node.xml + "<mo fence=\"true\">)</mo>")
            case "bmatrix":
                return .element("mrow", "<mo fence=\"true\">[</mo>" + node.xml + "<mo fence=\"true\">]</mo>")
            default: return node
            }
        }
    }

    /// TeX's quotes in text: ``a'' and `a'.
    static func quotes(_ text: String) -> String {
        guard
            text.containsByte(UInt8(ascii: "`")) || text.containsByte(UInt8(ascii: "'"))
                || text.containsByte(UInt8(ascii: "\""))
        else { return text }
        return text.replacingOccurrences(of: "``", with: "“").replacingOccurrences(of: "''", with: "”")
            .replacingOccurrences(of: "\"", with: "”").replacingOccurrences(of: "`", with: "‘")
    }

    static let identifiers: [String: String] = [
        "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ϵ", "varepsilon": "ε", "zeta": "ζ",
        "eta": "η", "theta": "θ", "vartheta": "ϑ", "iota": "ι", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν",
        "xi": "ξ", "pi": "π", "varpi": "ϖ", "rho": "ρ", "varrho": "ϱ", "sigma": "σ", "varsigma": "ς", "tau": "τ",
        "upsilon": "υ", "phi": "ϕ", "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω", "Gamma": "Γ", "Delta": "Δ",
        "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π", "Sigma": "Σ", "Upsilon": "Υ", "Phi": "Φ", "Psi": "Ψ",
        "Omega": "Ω", "infty": "∞", "ell": "ℓ", "emptyset": "∅", "varnothing": "∅", "nabla": "∇", "partial": "∂",
    ]

    static let operators: [String: String] = [
        "parallel": "∥", "oplus": "⊕", "otimes": "⊗", "equiv": "≡", "exists": "∃", "forall": "∀", "in": "∈",
        "notin": "∉", "ni": "∋", "cdot": "⋅", "times": "×", "div": "÷", "pm": "±", "mp": "∓", "le": "≤", "leq": "≤",
        "ge": "≥", "geq": "≥", "neq": "≠", "ne": "≠", "approx": "≈", "sim": "∼", "simeq": "≃", "cong": "≅",
        "to": "→", "rightarrow": "→", "leftarrow": "←", "gets": "←", "Rightarrow": "⇒", "Leftarrow": "⇐",
        "leftrightarrow": "↔", "Leftrightarrow": "⇔", "mapsto": "↦", "implies": "⟹", "iff": "⟺", "mid": "∣",
        "vert": "|", "lvert": "|", "rvert": "|", "Vert": "‖", "langle": "⟨", "rangle": "⟩", "lfloor": "⌊",
        "rfloor": "⌋", "lceil": "⌈", "rceil": "⌉", "ldots": "…", "dots": "…", "cdots": "⋯", "vdots": "⋮",
        "circ": "∘", "bullet": "∙", "ast": "∗", "star": "⋆", "cup": "∪", "cap": "∩", "subset": "⊂",
        "subseteq": "⊆", "supset": "⊃", "supseteq": "⊇", "wedge": "∧", "land": "∧", "vee": "∨", "lor": "∨",
        "neg": "¬", "lnot": "¬", "ll": "≪", "gg": "≫", "prime": "′", "sum": "∑", "prod": "∏", "int": "∫",
        "setminus": "∖", "xor": "⊕", "propto": "∝", "perp": "⊥", "mod": "mod",
    ]

    static let spaces: [String: String] = [
        ",": "0.1667em", ":": "0.2222em", ">": "0.2222em", ";": "0.2778em", "!": "-0.1667em", " ": "0.25em",
        "quad": "1em", "qquad": "2em", "thinspace": "0.1667em", "medspace": "0.2222em", "thickspace": "0.2778em",
        "enspace": "0.5em",
    ]

    static let delimiters: [String: String] = [
        "{": "{", "}": "}", "lbrace": "{", "rbrace": "}", "langle": "⟨", "rangle": "⟩", "vert": "|", "|": "‖",
        "Vert": "‖", "lvert": "|", "rvert": "|", "lfloor": "⌊", "rfloor": "⌋", "lceil": "⌈", "rceil": "⌉",
    ]
}

/// Writes a formula into a page: MathML, or docutils' HTML for a matrix-doc tree's RST; the TeX
/// as written when the converter does not know one of its commands (which the caller reports).
enum MathWriter {
    enum Style: Sendable {
        /// MathML, which browsers show without a script (matrix-spec's KaTeX-rendered maths).
        case mathML
        /// docutils' `math2html` HTML, as gendoc's pages showed RST's `:math:` role.
        case docutils
    }

    /// - Returns: the command that stopped the conversion, or `nil` when it is converted.
    @discardableResult
    static func write(_ tex: String, display: Bool, style: Style = .mathML, into html: inout HTMLWriter) -> String? {
        do {
            let converted =
                switch style {
                case .mathML: try TeXToMathML.convert(tex, display: display)
                case .docutils: try TeXToDocutilsHTML.convert(tex)
                }
            if display { html.open("div", [("class", "math-display")]) }
            html.raw(converted)
            if display { html.close("div") }
            return nil
        } catch {
            if display {
                html.open("pre", [("class", "math")])
                html.element("code", text: tex)
                html.close("pre")
            } else {
                html.code(tex, className: "math")
            }
            return error.name
        }
    }
}
