import Foundation

/// A value of a Go template: what Hugo's page variables and functions give.
indirect enum GoValue: Sendable, Equatable {
    case string(String)
    case int(Int)
    case bool(Bool)
    case date(year: Int, month: Int, day: Int)
    case list([GoValue])
    case map([String: GoValue])
    case null

    /// Go's truth: empty strings, zero, false, empty collections and nil are false.
    var isTrue: Bool {
        switch self {
        case .string(let text): return !text.isEmpty
        case .int(let number): return number != 0
        case .bool(let value): return value
        case .date: return true
        case .list(let items): return !items.isEmpty
        case .map(let entries): return !entries.isEmpty
        case .null: return false
        }
    }

    /// As `{{ . }}` prints it.
    var text: String {
        switch self {
        case .string(let text): return text
        case .int(let number): return String(number)
        case .bool(let value): return value ? "true" : "false"
        case .date(let year, let month, let day):
            return "\(year)-\(String(month).leftPadded(2))-\(String(day).leftPadded(2))"
        case .list(let items): return "[" + items.map(\.text).joined(separator: " ") + "]"
        case .map: return "map[]"
        case .null: return ""
        }
    }
}

/// The subset of Go's text/template that the spec's output-format templates use (the
/// changelog's `changelog.checklist.md`): text, comments, `{{-`/`-}}` trimming, variables,
/// pipelines, `if`/`else if`/`else`, `with`, `range`, and the functions Hugo provides that they
/// call. Anything else is a located error, never a guess.
struct GoTemplate: Sendable {
    private let nodes: [Node]
    let file: String

    /// How deep `if`, `with` and `range` may nest, and parentheses in a pipeline.
    static let maximumDepth = 64

    private indirect enum Node: Sendable {
        case text(String)
        case output(Pipeline, SourceLocation)
        case assign(name: String, declares: Bool, Pipeline, SourceLocation)
        case conditional(branches: [(Pipeline, [Node])], otherwise: [Node], SourceLocation)
        case with(Pipeline, [Node], otherwise: [Node], SourceLocation)
        case range(Pipeline, [Node], SourceLocation)
    }

    private indirect enum Operand: Sendable {
        case field([String])
        case variable(String, [String])
        case literal(GoValue)
        case call(String, [Operand])
        case nested(Pipeline)
    }

    private struct Pipeline: Sendable {
        /// Each command's function name (or `nil` for an operand) and arguments; the result of one
        /// is the last argument of the next.
        var commands: [(function: String?, arguments: [Operand])]
    }

    init(_ text: String, file: String) throws(Diagnostic) {
        self.file = file
        var parser = Parser(actions: try Lexer(text: text, file: file).pieces(), file: file)
        nodes = try parser.parseNodes(until: [], depth: 0).nodes
    }

    /// The template rendered with `.` as `context`.
    func render(_ context: GoValue) throws(Diagnostic) -> String {
        var variables: [String: GoValue] = ["$": context]
        var out = ""
        try render(nodes, dot: context, variables: &variables, into: &out)
        return out
    }

    private func render(_ nodes: [Node], dot: GoValue, variables: inout [String: GoValue], into out: inout String)
        throws(Diagnostic)
    {
        for node in nodes {
            switch node {
            case .text(let text): out += text
            case .output(let pipeline, let location):
                out += try evaluate(pipeline, dot: dot, variables: variables, at: location).text
            case .assign(let name, _, let pipeline, let location):
                variables[name] = try evaluate(pipeline, dot: dot, variables: variables, at: location)
            case .conditional(let branches, let otherwise, let location):
                var taken = false
                for (condition, body) in branches
                where try evaluate(condition, dot: dot, variables: variables, at: location).isTrue {
                    try render(body, dot: dot, variables: &variables, into: &out)
                    taken = true
                    break
                }
                if !taken { try render(otherwise, dot: dot, variables: &variables, into: &out) }
            case .with(let pipeline, let body, let otherwise, let location):
                let value = try evaluate(pipeline, dot: dot, variables: variables, at: location)
                try render(
                    value.isTrue ? body : otherwise, dot: value.isTrue ? value : dot, variables: &variables, into: &out)
            case .range(let pipeline, let body, let location):
                switch try evaluate(pipeline, dot: dot, variables: variables, at: location) {
                case .list(let items):
                    for item in items { try render(body, dot: item, variables: &variables, into: &out) }
                case .map(let entries):
                    for key in entries.keys.sorted() {
                        try render(body, dot: entries[key]!, variables: &variables, into: &out)
                    }
                case .null: break
                default: throw fail("'range' needs a list or a map", at: location)
                }
            }
        }
    }

    private func fail(_ message: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(.templateError, message, file: file, at: location)
    }

    // MARK: Evaluating

    private func evaluate(_ pipeline: Pipeline, dot: GoValue, variables: [String: GoValue], at location: SourceLocation)
        throws(Diagnostic) -> GoValue
    {
        var previous: GoValue?
        for command in pipeline.commands {
            var arguments: [GoValue] = []
            for operand in command.arguments {
                arguments.append(try evaluate(operand, dot: dot, variables: variables, at: location))
            }
            if let previous { arguments.append(previous) }
            if let function = command.function {
                previous = try call(function, arguments, at: location)
            } else {
                guard arguments.count == 1 else { throw fail("a value cannot take arguments", at: location) }
                previous = arguments[0]
            }
        }
        return previous ?? .null
    }

    private func evaluate(_ operand: Operand, dot: GoValue, variables: [String: GoValue], at location: SourceLocation)
        throws(Diagnostic) -> GoValue
    {
        switch operand {
        case .literal(let value): return value
        case .field(let path): return Self.lookup(path, in: dot)
        case .variable(let name, let path):
            guard let value = variables[name] else { throw fail("undefined variable \(name)", at: location) }
            return Self.lookup(path, in: value)
        case .nested(let pipeline): return try evaluate(pipeline, dot: dot, variables: variables, at: location)
        case .call(let name, let arguments):
            var values: [GoValue] = []
            for argument in arguments {
                values.append(try evaluate(argument, dot: dot, variables: variables, at: location))
            }
            return try call(name, values, at: location)
        }
    }

    private static func lookup(_ path: [String], in value: GoValue) -> GoValue {
        var current = value
        for key in path {
            guard case .map(let entries) = current else { return .null }
            current = entries[key] ?? entries[key.prefix(1).lowercased() + key.dropFirst()] ?? .null
        }
        return current
    }

    private func call(_ name: String, _ arguments: [GoValue], at location: SourceLocation) throws(Diagnostic) -> GoValue
    {
        func needs(_ count: Int) throws(Diagnostic) {
            guard arguments.count == count else {
                throw fail(
                    "'\(name)' takes \(count) argument\(count == 1 ? "" : "s"), not \(arguments.count)", at: location)
            }
        }
        switch name {
        case "lower", "strings.ToLower":
            try needs(1)
            return .string(arguments[0].text.lowercased())
        case "upper", "strings.ToUpper":
            try needs(1)
            return .string(arguments[0].text.uppercased())
        case "eq":
            guard arguments.count >= 2 else { throw fail("'eq' takes two arguments or more", at: location) }
            return .bool(arguments.dropFirst().contains { Self.equal(arguments[0], $0) })
        case "ne":
            try needs(2)
            return .bool(!Self.equal(arguments[0], arguments[1]))
        case "not":
            try needs(1)
            return .bool(!arguments[0].isTrue)
        case "and": return arguments.first { !$0.isTrue } ?? arguments.last ?? .null
        case "or": return arguments.first { $0.isTrue } ?? arguments.last ?? .null
        case "len":
            try needs(1)
            switch arguments[0] {
            case .string(let text): return .int(text.utf8.count)
            case .list(let items): return .int(items.count)
            case .map(let entries): return .int(entries.count)
            default: return .int(0)
            }
        case "printf", "fmt.Printf":
            guard case .string(let format)? = arguments.first else {
                throw fail("'printf' needs a format string", at: location)
            }
            return .string(Self.printf(format, Array(arguments.dropFirst())))
        case "time.Format", "dateFormat":
            try needs(2)
            guard case .date(let year, let month, let day) = arguments[1] else {
                throw fail("'\(name)' needs a date, not '\(arguments[1].text)'", at: location)
            }
            guard let formatted = Self.format(year: year, month: month, day: day, layout: arguments[0].text) else {
                throw fail("'\(name)': the layout '\(arguments[0].text)' is not supported", at: location)
            }
            return .string(formatted)
        case "replaceRE":
            try needs(3)
            let (pattern, replacement, subject) = (arguments[0].text, arguments[1].text, arguments[2].text)
            // A pattern without metacharacters matches itself: a byte search, not the regex engine.
            if !pattern.isEmpty, !pattern.contains(where: { "\\.+*?()|[]{}^$".contains($0) }),
                !replacement.contains("$")
            {
                return .string(subject.replacingBytes(pattern, with: replacement))
            }
            guard let expression = try? NSRegularExpression(pattern: arguments[0].text) else {
                throw fail("'replaceRE': '\(arguments[0].text)' is not a regular expression", at: location)
            }
            let template = NSRegularExpression.escapedTemplate(for: replacement)
                .replacingOccurrences(of: "\\$", with: "$")
            return .string(
                expression.stringByReplacingMatches(
                    in: subject, range: NSRange(subject.startIndex..., in: subject), withTemplate: template))
        case "safeURL", "safeHTML", "safeHTMLAttr", "safeCSS", "safeJS", "markdownify", "plainify", "string":
            // What they mark as safe is sanitised where it is written, like all raw HTML.
            try needs(1)
            return .string(arguments[0].text)
        case "htmlEscape":
            try needs(1)
            return .string(TeXToMathML.escape(arguments[0].text))
        case "replace", "strings.Replace":
            try needs(3)
            return .string(arguments[0].text.replacingOccurrences(of: arguments[1].text, with: arguments[2].text))
        default:
            throw fail("the function '\(name)' is not supported by specgen's Go templates", at: location)
        }
    }

    private static func equal(_ a: GoValue, _ b: GoValue) -> Bool {
        switch (a, b) {
        case (.string(let x), .string(let y)): return x == y
        default: return a == b
        }
    }

    /// `%s`, `%d`, `%v` and `%%`.
    private static func printf(_ format: String, _ arguments: [GoValue]) -> String {
        var out = ""
        var next = 0
        var characters = format.makeIterator()
        while let character = characters.next() {
            guard character == "%" else {
                out.append(character)
                continue
            }
            guard let verb = characters.next() else {
                out += "%!(NOVERB)"
                break
            }
            if verb == "%" {
                out += "%"
                continue
            }
            if next < arguments.count {
                out += arguments[next].text
                next += 1
            } else {
                out += "%!\(verb)(MISSING)"
            }
        }
        return out
    }

    private static let months = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
        "December",
    ]

    /// Hugo's localised layouts (`:date_long` is "July 8, 2026" in English) and Go's reference-time
    /// layouts of dates ("January 2, 2006", "2006-01-02").
    static func format(year: Int, month: Int, day: Int, layout: String) -> String? {
        guard (1...12).contains(month) else { return nil }
        let name = months[month - 1]
        switch layout {
        case ":date_full": return "\(weekday(year: year, month: month, day: day)), \(name) \(day), \(year)"
        case ":date_long": return "\(name) \(day), \(year)"
        case ":date_medium": return "\(name.prefix(3)) \(day), \(year)"
        case ":date_short": return "\(month)/\(day)/\(String(year).suffix(2))"
        default: break
        }
        guard !layout.hasPrefix(":") else { return nil }
        // Go's layouts write the reference date, Monday January 2, 2006, in the form wanted.
        let tokens: [(String, String)] = [
            ("January", name), ("2006", String(year)), ("Jan", String(name.prefix(3))),
            ("01", String(month).leftPadded(2)), ("02", String(day).leftPadded(2)), ("_2", String(day)),
            ("1", String(month)), ("2", String(day)),
        ]
        var out = ""
        var rest = Substring(layout)
        while !rest.isEmpty {
            if let (token, value) = tokens.first(where: { rest.hasPrefix($0.0) }) {
                out += value
                rest = rest.dropFirst(token.count)
            } else {
                out.append(rest.removeFirst())
            }
        }
        return out
    }

    private static func weekday(year: Int, month: Int, day: Int) -> String {
        // Zeller's congruence, with Monday first.
        let (y, m) = month < 3 ? (year - 1, month + 12) : (year, month)
        let h = (day + 13 * (m + 1) / 5 + y + y / 4 - y / 100 + y / 400) % 7
        return ["Saturday", "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday"][h]
    }

    /// `2026-07-08`, or the date of `2026-07-08T10:00:00Z`.
    static func date(_ text: String) -> GoValue? {
        let parts = text.prefix(10).split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, text.count >= 10 else { return nil }
        return .date(year: parts[0], month: parts[1], day: parts[2])
    }

    // MARK: Reading

    /// Text, or an action with where it starts.
    private enum Piece {
        case text(String)
        case action(String, SourceLocation)
    }

    private struct Lexer {
        let text: String
        let file: String

        func pieces() throws(Diagnostic) -> [Piece] {
            var pieces: [Piece] = []
            var rest = Substring(text)
            var line = 1
            var column = 1
            func advance(over consumed: Substring) {
                for character in consumed {
                    if character == "\n" {
                        line += 1
                        column = 1
                    } else {
                        column += 1
                    }
                }
            }
            var trimNext = false
            while let open = rest.range(of: "{{") {
                var before = rest[..<open.lowerBound]
                if trimNext { before = before.drop(while: \.isWhitespace) }
                var action = rest[open.upperBound...]
                let trimsBefore = action.hasPrefix("- ") || action.hasPrefix("-\n") || action.hasPrefix("-\t")
                if trimsBefore {
                    while let last = before.last, last.isWhitespace { before = before.dropLast() }
                    action = action.dropFirst()
                }
                if !before.isEmpty { pieces.append(.text(String(before))) }
                advance(over: rest[..<open.upperBound])
                let location = SourceLocation(line: line, column: column - 2)
                // A comment may hold `}}`; it ends at `*/}}` or `*/ -}}`.
                let isComment = action.drop(while: \.isWhitespace).hasPrefix("/*")
                let closer = isComment ? action.range(of: "*/") : nil
                let searchFrom = closer?.upperBound ?? action.startIndex
                guard let close = action[searchFrom...].range(of: "}}") else {
                    throw Diagnostic(.templateError, "'{{' is not closed with '}}'", file: file, at: location)
                }
                var body = action[..<close.lowerBound]
                trimNext = body.hasSuffix(" -") || body.hasSuffix("\n-") || body.hasSuffix("\t-")
                if trimNext { body = body.dropLast() }
                if !isComment { pieces.append(.action(body.trimmingCharacters(in: .whitespacesAndNewlines), location)) }
                advance(over: rest[open.upperBound..<close.upperBound])
                rest = action[close.upperBound...]
            }
            let tail = trimNext ? rest.drop(while: \.isWhitespace) : rest
            if !tail.isEmpty { pieces.append(.text(String(tail))) }
            return pieces
        }
    }

    private struct Parser {
        let actions: [Piece]
        let file: String
        var position = 0

        init(actions: [Piece], file: String) {
            self.actions = actions
            self.file = file
        }

        func fail(_ message: String, at location: SourceLocation) -> Diagnostic {
            Diagnostic(.templateError, message, file: file, at: location)
        }

        /// Nodes up to one of `terminators` (`end`, `else`, `else if …`), which it returns.
        mutating func parseNodes(until terminators: Set<String>, depth: Int) throws(Diagnostic) -> (
            nodes: [Node], terminator: (String, SourceLocation)?
        ) {
            var nodes: [Node] = []
            while position < actions.count {
                let piece = actions[position]
                position += 1
                guard case .action(let body, let location) = piece else {
                    if case .text(let text) = piece { nodes.append(.text(text)) }
                    continue
                }
                let keyword = String(body.prefix { !$0.isWhitespace })
                if terminators.contains(keyword) { return (nodes, (body, location)) }
                guard depth < GoTemplate.maximumDepth || !["if", "with", "range"].contains(keyword) else {
                    throw fail("blocks nest more than \(GoTemplate.maximumDepth) deep", at: location)
                }
                let rest = String(body.dropFirst(keyword.count)).trimmingCharacters(in: .whitespaces)
                switch keyword {
                case "if":
                    var branches: [(Pipeline, [Node])] = []
                    var condition = try pipeline(rest, at: location)
                    var otherwise: [Node] = []
                    while true {
                        let (body, terminator) = try parseNodes(until: ["else", "end"], depth: depth + 1)
                        guard let (text, at) = terminator else { throw fail("'if' has no '{{ end }}'", at: location) }
                        branches.append((condition, body))
                        if text == "end" { break }
                        let elseRest = text.dropFirst(4).trimmingCharacters(in: .whitespaces)
                        if elseRest.hasPrefix("if ") {
                            condition = try pipeline(String(elseRest.dropFirst(3)), at: at)
                            continue
                        }
                        let (final, end) = try parseNodes(until: ["end"], depth: depth + 1)
                        guard end != nil else { throw fail("'else' has no '{{ end }}'", at: at) }
                        otherwise = final
                        break
                    }
                    nodes.append(.conditional(branches: branches, otherwise: otherwise, location))
                case "with", "range":
                    let value = try pipeline(rest, at: location)
                    let (body, terminator) = try parseNodes(until: ["else", "end"], depth: depth + 1)
                    guard let (text, at) = terminator else {
                        throw fail("'\(keyword)' has no '{{ end }}'", at: location)
                    }
                    var otherwise: [Node] = []
                    if text != "end" {
                        let (final, end) = try parseNodes(until: ["end"], depth: depth + 1)
                        guard end != nil else { throw fail("'else' has no '{{ end }}'", at: at) }
                        otherwise = final
                    }
                    nodes.append(
                        keyword == "with"
                            ? .with(value, body, otherwise: otherwise, location) : .range(value, body, location))
                case "end", "else":
                    throw fail("'{{ \(keyword) }}' closes nothing", at: location)
                case "define", "template", "block", "break", "continue":
                    throw fail("'\(keyword)' is not supported by specgen's Go templates", at: location)
                default:
                    if body.hasPrefix("$"), let assignment = body.range(of: ":=") ?? body.range(of: " = ") {
                        let name = body[..<assignment.lowerBound].trimmingCharacters(in: .whitespaces)
                        let value = try pipeline(String(body[assignment.upperBound...]), at: location)
                        nodes.append(.assign(name: name, declares: body[assignment] == ":=", value, location))
                    } else {
                        nodes.append(.output(try pipeline(body, at: location), location))
                    }
                }
            }
            return (nodes, nil)
        }

        /// `a b | c d`: commands split at `|` outside strings and parentheses.
        func pipeline(_ text: String, at location: SourceLocation, depth: Int = 0) throws(Diagnostic) -> Pipeline {
            guard depth < GoTemplate.maximumDepth else {
                throw fail("parentheses nest more than \(GoTemplate.maximumDepth) deep", at: location)
            }
            var commands: [(String?, [Operand])] = []
            for command in try split(text, at: location) {
                let words = try tokens(command, at: location)
                guard let first = words.first else { throw fail("an empty command", at: location) }
                let operands = try words.map { word throws(Diagnostic) in try operand(word, at: location, depth: depth)
                }
                if case .call(let name, let inner) = operands[0], inner.isEmpty {
                    commands.append((name, Array(operands.dropFirst())))
                } else {
                    guard words.count == 1 else { throw fail("'\(first)' is not a function", at: location) }
                    commands.append((nil, operands))
                }
            }
            return Pipeline(commands: commands)
        }

        private func split(_ text: String, at location: SourceLocation) throws(Diagnostic) -> [String] {
            var parts: [String] = []
            var current = ""
            var depth = 0
            var quote: Character?
            for character in text {
                if let open = quote {
                    current.append(character)
                    if character == open { quote = nil }
                    continue
                }
                switch character {
                case "\"", "`": quote = character
                case "(": depth += 1
                case ")": depth -= 1
                case "|" where depth == 0:
                    parts.append(current)
                    current = ""
                    continue
                default: break
                }
                current.append(character)
            }
            guard quote == nil, depth == 0 else { throw fail("'\(text)' is not closed", at: location) }
            parts.append(current)
            return parts.map { $0.trimmingCharacters(in: .whitespaces) }
        }

        /// Words of a command: strings, parenthesised pipelines and the rest split at spaces.
        private func tokens(_ text: String, at location: SourceLocation) throws(Diagnostic) -> [String] {
            var words: [String] = []
            var current = ""
            var depth = 0
            var quote: Character?
            for character in text {
                if let open = quote {
                    current.append(character)
                    if character == open && !(open == "\"" && current.hasSuffix("\\\"") && !current.hasSuffix("\\\\\""))
                    {
                        quote = nil
                    }
                    continue
                }
                if character == " " && depth == 0 {
                    if !current.isEmpty { words.append(current) }
                    current = ""
                    continue
                }
                if character == "\"" || character == "`" { quote = character }
                if character == "(" { depth += 1 }
                if character == ")" { depth -= 1 }
                current.append(character)
            }
            if !current.isEmpty { words.append(current) }
            return words
        }

        private func operand(_ word: String, at location: SourceLocation, depth: Int) throws(Diagnostic) -> Operand {
            if word.hasPrefix("\"") {
                guard let data = word.data(using: .utf8),
                    let string = try? JSONDecoder().decode(String.self, from: data)
                else { throw fail("\(word) is not a string", at: location) }
                return .literal(.string(string))
            }
            if word.hasPrefix("`") { return .literal(.string(String(word.dropFirst().dropLast()))) }
            if word.hasPrefix("(") {
                return .nested(try pipeline(String(word.dropFirst().dropLast()), at: location, depth: depth + 1))
            }
            if word == "." { return .field([]) }
            if word.hasPrefix(".") { return .field(word.dropFirst().split(separator: ".").map(String.init)) }
            if word.hasPrefix("$") {
                let parts = word.split(separator: ".").map(String.init)
                return .variable(parts[0], Array(parts.dropFirst()))
            }
            if word == "true" || word == "false" { return .literal(.bool(word == "true")) }
            if word == "nil" { return .literal(.null) }
            if let number = Int(word) { return .literal(.int(number)) }
            return .call(word, [])
        }
    }
}
