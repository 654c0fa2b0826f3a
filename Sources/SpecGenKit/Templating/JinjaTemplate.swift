/// A value a Jinja template works with, with Python's meaning of truth and of `str()`.
indirect enum JinjaValue: Sendable, Equatable {
    case none
    case bool(Bool)
    case int(Int)
    case string(String)
    case list([JinjaValue])
    /// Keys in order, as towncrier's `OrderedDict`s have them.
    case dict([(String, JinjaValue)])

    static func == (lhs: JinjaValue, rhs: JinjaValue) -> Bool {
        switch (lhs, rhs) {
        case (.none, .none): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.int(let a), .int(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.list(let a), .list(let b)): return a == b
        case (.dict(let a), .dict(let b)): return a.map(\.0) == b.map(\.0) && a.map(\.1) == b.map(\.1)
        default: return false
        }
    }

    var isTrue: Bool {
        switch self {
        case .none: return false
        case .bool(let value): return value
        case .int(let value): return value != 0
        case .string(let value): return !value.isEmpty
        case .list(let value): return !value.isEmpty
        case .dict(let value): return !value.isEmpty
        }
    }

    /// As Python's `str()` writes it.
    var text: String {
        switch self {
        case .none: return "None"
        case .bool(let value): return value ? "True" : "False"
        case .int(let value): return String(value)
        case .string(let value): return value
        case .list(let items): return "[" + items.map(\.repr).joined(separator: ", ") + "]"
        case .dict(let pairs): return "{" + pairs.map { "'\($0.0)': \($0.1.repr)" }.joined(separator: ", ") + "}"
        }
    }

    private var repr: String {
        if case .string(let value) = self { return "'" + value + "'" }
        return text
    }

    subscript(key: String) -> JinjaValue? {
        if case .dict(let pairs) = self { return pairs.first { $0.0 == key }?.1 }
        return nil
    }
}

/// The part of Jinja2 that towncrier templates use, rendered the way towncrier sets Jinja up
/// (`trim_blocks=True`): `for` (with unpacking, an `if` filter and `else`), `if`/`elif`/`else`,
/// `set`, `loop.first`/`loop.last`, filters with arguments, subscripts, method calls such as
/// `.items()`, and whitespace control. Anything else is an error at the template's line and column.
struct JinjaTemplate {
    let file: String
    private let nodes: [Node]
    /// How deep blocks, and expressions, may nest: a bound that keeps parsing off the end of the stack.
    static let maximumDepth = 64

    fileprivate indirect enum Node {
        case text(String)
        case output(Expression)
        case forLoop(
            targets: [String], iterable: Expression, condition: Expression?, body: [Node], otherwise: [Node],
            location: SourceLocation)
        case conditional(branches: [(Expression, [Node])], otherwise: [Node])
        case assignment(name: String, value: Expression)
    }

    fileprivate indirect enum Expression {
        case literal(JinjaValue)
        case name(String, SourceLocation)
        case list([Expression])
        case attribute(Expression, String, SourceLocation)
        case subscriptOf(Expression, Expression, SourceLocation)
        case call(Expression, [Expression], SourceLocation)
        case filter(Expression, String, [Expression], SourceLocation)
        case unary(String, Expression)
        case binary(String, Expression, Expression, SourceLocation)
    }

    /// - Throws: a ``Diagnostic`` at the first construct this engine does not know.
    init(_ source: String, file: String) throws(Diagnostic) {
        self.file = file
        var source = source
        // Jinja's keep_trailing_newline=False: one trailing newline of the template is dropped.
        if source.hasSuffix("\n") { source.removeLast() }
        let tokens = try Lexer(source: source, file: file).tokens()
        var parser = Parser(tokens: tokens, file: file)
        nodes = try parser.parseNodes(until: [])
    }

    func render(_ context: [String: JinjaValue]) throws(Diagnostic) -> String {
        var scope = Scope(frames: [context])
        var out = ""
        try render(nodes, scope: &scope, into: &out)
        return out
    }

    // MARK: Rendering

    private struct Scope {
        var frames: [[String: JinjaValue]]

        func lookup(_ name: String) -> JinjaValue? {
            for frame in frames.reversed() { if let value = frame[name] { return value } }
            return nil
        }
    }

    private func render(_ nodes: [Node], scope: inout Scope, into out: inout String) throws(Diagnostic) {
        for node in nodes {
            switch node {
            case .text(let text):
                out += text
            case .output(let expression):
                out += try evaluate(expression, scope: scope).text
            case .assignment(let name, let value):
                scope.frames[scope.frames.count - 1][name] = try evaluate(value, scope: scope)
            case .conditional(let branches, let otherwise):
                var taken = false
                for (condition, body) in branches where try evaluate(condition, scope: scope).isTrue {
                    try render(body, scope: &scope, into: &out)
                    taken = true
                    break
                }
                if !taken { try render(otherwise, scope: &scope, into: &out) }
            case .forLoop(let targets, let iterable, let condition, let body, let otherwise, let location):
                let items: [JinjaValue]
                switch try evaluate(iterable, scope: scope) {
                case .list(let values): items = values
                case .dict(let pairs): items = pairs.map { .string($0.0) }
                case .string(let text): items = text.map { .string(String($0)) }
                case .none: items = []
                default: throw Diagnostic(.templateError, "'for' needs a list or a mapping", file: file, at: location)
                }
                var selected: [[String: JinjaValue]] = []
                for item in items {
                    var bindings: [String: JinjaValue] = [:]
                    if targets.count == 1 {
                        bindings[targets[0]] = item
                    } else {
                        guard case .list(let parts) = item, parts.count == targets.count else {
                            throw Diagnostic(
                                .templateError,
                                "cannot unpack into \(targets.count) names", file: file, at: location)
                        }
                        for (name, value) in zip(targets, parts) { bindings[name] = value }
                    }
                    if let condition {
                        var trial = scope
                        trial.frames.append(bindings)
                        guard try evaluate(condition, scope: trial).isTrue else { continue }
                    }
                    selected.append(bindings)
                }
                if selected.isEmpty {
                    try render(otherwise, scope: &scope, into: &out)
                    continue
                }
                for (index, var bindings) in selected.enumerated() {
                    bindings["loop"] = .dict([
                        ("index", .int(index + 1)), ("index0", .int(index)), ("first", .bool(index == 0)),
                        ("last", .bool(index == selected.count - 1)), ("length", .int(selected.count)),
                        ("revindex", .int(selected.count - index)), ("revindex0", .int(selected.count - index - 1)),
                    ])
                    scope.frames.append(bindings)
                    try render(body, scope: &scope, into: &out)
                    scope.frames.removeLast()
                }
            }
        }
    }

    private func evaluate(_ expression: Expression, scope: Scope) throws(Diagnostic) -> JinjaValue {
        switch expression {
        case .literal(let value):
            return value
        case .name(let name, _):
            return scope.lookup(name) ?? .none
        case .list(let items):
            var values: [JinjaValue] = []
            for item in items { values.append(try evaluate(item, scope: scope)) }
            return .list(values)
        case .attribute(let base, let name, _):
            let value = try evaluate(base, scope: scope)
            return value[name] ?? .none
        case .subscriptOf(let base, let index, let location):
            let value = try evaluate(base, scope: scope)
            let key = try evaluate(index, scope: scope)
            switch (value, key) {
            case (.dict, .string(let name)): return value[name] ?? .none
            case (.list(let items), .int(let position)):
                let resolved = position < 0 ? items.count + position : position
                guard items.indices.contains(resolved) else {
                    throw Diagnostic(.templateError, "index \(position) is out of range", file: file, at: location)
                }
                return items[resolved]
            case (.string(let text), .int(let position)):
                let characters = Array(text)
                let resolved = position < 0 ? characters.count + position : position
                guard characters.indices.contains(resolved) else {
                    throw Diagnostic(.templateError, "index \(position) is out of range", file: file, at: location)
                }
                return .string(String(characters[resolved]))
            default:
                return .none
            }
        case .call(let callee, let arguments, let location):
            guard case .attribute(let base, let method, _) = callee else {
                throw Diagnostic(
                    .templateError, "only methods such as .items() can be called here", file: file, at: location)
            }
            let value = try evaluate(base, scope: scope)
            var values: [JinjaValue] = []
            for argument in arguments { values.append(try evaluate(argument, scope: scope)) }
            guard case .dict(let pairs) = value else {
                throw Diagnostic(.templateError, "'.\(method)()' needs a mapping", file: file, at: location)
            }
            switch method {
            case "items": return .list(pairs.map { .list([.string($0.0), $0.1]) })
            case "keys": return .list(pairs.map { .string($0.0) })
            case "values": return .list(pairs.map(\.1))
            case "get":
                guard case .string(let key)? = values.first else { return values.dropFirst().first ?? .none }
                return value[key] ?? values.dropFirst().first ?? .none
            default:
                throw Diagnostic(.templateError, "the method '.\(method)()' is not supported", file: file, at: location)
            }
        case .filter(let base, let name, let arguments, let location):
            let value = try evaluate(base, scope: scope)
            var values: [JinjaValue] = []
            for argument in arguments { values.append(try evaluate(argument, scope: scope)) }
            return try apply(filter: name, to: value, arguments: values, at: location)
        case .unary(let op, let operand):
            let value = try evaluate(operand, scope: scope)
            if op == "not" { return .bool(!value.isTrue) }
            if case .int(let number) = value { return .int(-number) }
            return .none
        case .binary(let op, let left, let right, let location):
            if op == "and" {
                let lhs = try evaluate(left, scope: scope)
                return lhs.isTrue ? try evaluate(right, scope: scope) : lhs
            }
            if op == "or" {
                let lhs = try evaluate(left, scope: scope)
                return lhs.isTrue ? lhs : try evaluate(right, scope: scope)
            }
            let lhs = try evaluate(left, scope: scope), rhs = try evaluate(right, scope: scope)
            return try binary(op, lhs, rhs, at: location)
        }
    }

    private func binary(_ op: String, _ lhs: JinjaValue, _ rhs: JinjaValue, at location: SourceLocation)
        throws(Diagnostic) -> JinjaValue
    {
        switch (op, lhs, rhs) {
        case ("==", _, _): return .bool(lhs == rhs)
        case ("!=", _, _): return .bool(lhs != rhs)
        case ("in", _, _), ("not in", _, _):
            var found: Bool
            switch rhs {
            case .list(let items): found = items.contains(lhs)
            case .dict(let pairs): found = pairs.contains { .string($0.0) == lhs }
            case .string(let text): found = lhs.text.isEmpty || text.contains(lhs.text)
            default: found = false
            }
            return .bool(op == "in" ? found : !found)
        case ("*", .string(let text), .int(let count)), ("*", .int(let count), .string(let text)):
            return .string(String(repeating: text, count: max(0, count)))
        case ("*", .int(let a), .int(let b)): return .int(a * b)
        case ("+", .int(let a), .int(let b)): return .int(a + b)
        case ("-", .int(let a), .int(let b)): return .int(a - b)
        case ("+", .string(let a), .string(let b)): return .string(a + b)
        case ("+", .list(let a), .list(let b)): return .list(a + b)
        case ("~", _, _): return .string(lhs.text + rhs.text)
        case ("<", .int(let a), .int(let b)): return .bool(a < b)
        case (">", .int(let a), .int(let b)): return .bool(a > b)
        case ("<=", .int(let a), .int(let b)): return .bool(a <= b)
        case (">=", .int(let a), .int(let b)): return .bool(a >= b)
        default: throw Diagnostic(.templateError, "'\(op)' does not apply to these values", file: file, at: location)
        }
    }

    private func apply(filter name: String, to value: JinjaValue, arguments: [JinjaValue], at location: SourceLocation)
        throws(Diagnostic) -> JinjaValue
    {
        switch name {
        case "length", "count":
            switch value {
            case .string(let text): return .int(text.count)
            case .list(let items): return .int(items.count)
            case .dict(let pairs): return .int(pairs.count)
            default: return .int(0)
            }
        case "join":
            let separator = arguments.first?.text ?? ""
            switch value {
            case .list(let items): return .string(items.map(\.text).joined(separator: separator))
            case .dict(let pairs): return .string(pairs.map(\.0).joined(separator: separator))
            default: return .string(value.text)
            }
        case "trim":
            let characters = Set(arguments.first.map(\.text) ?? " \t\n\r")
            var text = Substring(value.text)
            while let first = text.first, characters.contains(first) { text = text.dropFirst() }
            while let last = text.last, characters.contains(last) { text = text.dropLast() }
            return .string(String(text))
        case "lower": return .string(value.text.lowercased())
        case "upper": return .string(value.text.uppercased())
        case "string": return .string(value.text)
        case "default", "d": return value == .none ? (arguments.first ?? .string("")) : value
        case "replace":
            guard arguments.count >= 2 else {
                throw Diagnostic(.templateError, "'replace' needs two arguments", file: file, at: location)
            }
            return .string(value.text.replacingOccurrences(of: arguments[0].text, with: arguments[1].text))
        case "first":
            if case .list(let items) = value { return items.first ?? .none }
            return value.text.first.map { .string(String($0)) } ?? .none
        case "last":
            if case .list(let items) = value { return items.last ?? .none }
            return value.text.last.map { .string(String($0)) } ?? .none
        case "list":
            switch value {
            case .list: return value
            case .dict(let pairs): return .list(pairs.map { .string($0.0) })
            default: return .list(value.text.map { .string(String($0)) })
            }
        default:
            throw Diagnostic(.templateError, "the filter '\(name)' is not supported", file: file, at: location)
        }
    }

    // MARK: Lexing

    fileprivate enum Token {
        case text(String)
        case expression(String, SourceLocation)
        case statement(String, SourceLocation)
    }

    private struct Lexer {
        let source: String
        let file: String

        func tokens() throws(Diagnostic) -> [Token] {
            let characters = Array(source)
            var tokens: [Token] = []
            var text = ""
            var index = 0
            var line = 1, column = 1
            var stripNextLeading = false
            var afterBlock = false
            func advance(_ count: Int) {
                for _ in 0..<count {
                    if characters[index] == "\n" {
                        line += 1
                        column = 1
                    } else {
                        column += 1
                    }
                    index += 1
                }
            }
            func flush(stripTrailing: Bool) {
                var value = text
                if stripTrailing { while let last = value.last, last.isWhitespace { value.removeLast() } }
                if !value.isEmpty { tokens.append(.text(value)) }
                text = ""
            }
            while index < characters.count {
                let character = characters[index]
                if afterBlock {
                    afterBlock = false
                    // trim_blocks: the first newline after a block tag is removed.
                    if character == "\n" {
                        advance(1)
                        continue
                    }
                }
                if stripNextLeading {
                    if character.isWhitespace {
                        advance(1)
                        continue
                    }
                    stripNextLeading = false
                }
                guard character == "{", index + 1 < characters.count, ["{", "%", "#"].contains(characters[index + 1])
                else {
                    text.append(character)
                    advance(1)
                    continue
                }
                let kind = characters[index + 1]
                let close: Character = kind == "{" ? "}" : kind == "%" ? "%" : "#"
                let location = SourceLocation(line: line, column: column)
                var start = index + 2
                let stripBefore = start < characters.count && characters[start] == "-"
                if stripBefore { start += 1 }
                var end = start
                while end + 1 < characters.count, !(characters[end] == close && characters[end + 1] == "}") { end += 1 }
                guard end + 1 < characters.count else {
                    throw Diagnostic(.templateError, "'{\(kind)' is not closed", file: file, at: location)
                }
                var bodyEnd = end
                let stripAfter = bodyEnd > start && characters[bodyEnd - 1] == "-"
                if stripAfter { bodyEnd -= 1 }
                let body = String(characters[start..<bodyEnd]).trimmingWhitespace
                flush(stripTrailing: stripBefore)
                advance(end + 2 - index)
                switch kind {
                case "{": tokens.append(.expression(body, location))
                case "%":
                    tokens.append(.statement(body, location))
                    afterBlock = !stripAfter
                case _:
                    afterBlock = !stripAfter
                }
                stripNextLeading = stripAfter
            }
            flush(stripTrailing: false)
            return tokens
        }
    }

    // MARK: Parsing

    private struct Parser {
        let tokens: [Token]
        let file: String
        var position = 0

        init(tokens: [Token], file: String) {
            self.tokens = tokens
            self.file = file
        }

        /// Nodes up to a statement whose first word is in `terminators`, which is left unread.
        /// How deep blocks are nested where the parser is, against ``JinjaTemplate/maximumDepth``.
        var depth = 0

        mutating func parseNodes(until terminators: Set<String>) throws(Diagnostic) -> [Node] {
            var nodes: [Node] = []
            while position < tokens.count {
                switch tokens[position] {
                case .text(let text):
                    nodes.append(.text(text))
                    position += 1
                case .expression(let body, let location):
                    var parser = ExpressionParser(text: body, file: file, origin: location)
                    nodes.append(.output(try parser.parseWhole()))
                    position += 1
                case .statement(let body, let location):
                    let keyword = String(body.prefix { !$0.isWhitespace })
                    if terminators.contains(keyword) { return nodes }
                    position += 1
                    nodes.append(
                        try statement(
                            keyword, body: String(body.dropFirst(keyword.count)).trimmingWhitespace, at: location))
                }
            }
            if !terminators.isEmpty {
                throw Diagnostic(
                    .templateError,
                    "the template ends before '{% \(terminators.sorted().first!) %}'", file: file, at: .start)
            }
            return nodes
        }

        private mutating func expectEnd(_ keyword: String, opening location: SourceLocation) throws(Diagnostic) {
            guard position < tokens.count, case .statement(let body, _) = tokens[position], body.hasPrefix(keyword)
            else {
                throw Diagnostic(.templateError, "this block has no '{% \(keyword) %}'", file: file, at: location)
            }
            position += 1
        }

        private mutating func statement(_ keyword: String, body: String, at location: SourceLocation) throws(Diagnostic)
            -> Node
        {
            depth += 1
            defer { depth -= 1 }
            guard depth <= JinjaTemplate.maximumDepth else {
                throw Diagnostic(
                    .templateError, "blocks nest more than \(JinjaTemplate.maximumDepth) deep", file: file, at: location
                )
            }
            switch keyword {
            case "for":
                guard let inRange = body.range(of: " in ") else {
                    throw Diagnostic(.templateError, "'for' needs 'in'", file: file, at: location)
                }
                let targets = body[..<inRange.lowerBound].split(separator: ",").map { $0.trimmingWhitespace }
                guard targets.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" } })
                else {
                    throw Diagnostic(.templateError, "'for' needs names before 'in'", file: file, at: location)
                }
                var parser = ExpressionParser(text: String(body[inRange.upperBound...]), file: file, origin: location)
                let iterable = try parser.parseExpression()
                var condition: Expression?
                if parser.consumeKeyword("if") { condition = try parser.parseExpression() }
                try parser.expectEnd()
                let loopBody = try parseNodes(until: ["endfor", "else"])
                var otherwise: [Node] = []
                if case .statement(let next, _) = tokens[position], next == "else" {
                    position += 1
                    otherwise = try parseNodes(until: ["endfor"])
                }
                try expectEnd("endfor", opening: location)
                return .forLoop(
                    targets: targets, iterable: iterable, condition: condition, body: loopBody, otherwise: otherwise,
                    location: location)
            case "if":
                var branches: [(Expression, [Node])] = []
                var conditionParser = ExpressionParser(text: body, file: file, origin: location)
                var condition = try conditionParser.parseWhole()
                var otherwise: [Node] = []
                while true {
                    let nodes = try parseNodes(until: ["elif", "else", "endif"])
                    branches.append((condition, nodes))
                    guard case .statement(let next, let nextLocation) = tokens[position] else { break }
                    if next.hasPrefix("elif") {
                        position += 1
                        var branchParser = ExpressionParser(
                            text: String(next.dropFirst(4)), file: file, origin: nextLocation)
                        condition = try branchParser.parseWhole()
                        continue
                    }
                    if next == "else" {
                        position += 1
                        otherwise = try parseNodes(until: ["endif"])
                    }
                    break
                }
                try expectEnd("endif", opening: location)
                return .conditional(branches: branches, otherwise: otherwise)
            case "set":
                guard let equals = body.firstIndex(of: "=") else {
                    throw Diagnostic(.templateError, "'set' needs '='", file: file, at: location)
                }
                let name = body[..<equals].trimmingWhitespace
                var valueParser = ExpressionParser(
                    text: String(body[body.index(after: equals)...]), file: file, origin: location)
                let value = try valueParser.parseWhole()
                return .assignment(name: name, value: value)
            default:
                throw Diagnostic(
                    .templateError,
                    "the tag '{% \(keyword) %}' is not supported (for, if, elif, else, set are)", file: file,
                    at: location)
            }
        }
    }

    private struct ExpressionParser {
        enum Piece: Equatable {
            case name(String)
            case string(String)
            case number(Int)
            case symbol(String)
        }

        let file: String
        let origin: SourceLocation
        var pieces: [Piece] = []
        var position = 0

        init(text: String, file: String, origin: SourceLocation) {
            self.file = file
            self.origin = origin
            let characters = Array(text)
            var index = 0
            while index < characters.count {
                let character = characters[index]
                if character.isWhitespace {
                    index += 1
                } else if character.isLetter || character == "_" {
                    var end = index
                    while end < characters.count,
                        characters[end].isLetter || characters[end].isNumber || characters[end] == "_"
                    { end += 1 }
                    pieces.append(.name(String(characters[index..<end])))
                    index = end
                } else if character.isNumber {
                    var end = index
                    while end < characters.count, characters[end].isNumber { end += 1 }
                    pieces.append(.number(Int(String(characters[index..<end])) ?? 0))
                    index = end
                } else if character == "'" || character == "\"" {
                    var end = index + 1
                    var value = ""
                    while end < characters.count, characters[end] != character {
                        if characters[end] == "\\", end + 1 < characters.count {
                            end += 1
                            value.append(["n": "\n", "t": "\t"][characters[end]] ?? characters[end])
                        } else {
                            value.append(characters[end])
                        }
                        end += 1
                    }
                    pieces.append(.string(value))
                    index = end + 1
                } else {
                    let two = index + 1 < characters.count ? String(characters[index...index + 1]) : ""
                    if ["==", "!=", "<=", ">=", "//", "**"].contains(two) {
                        pieces.append(.symbol(two))
                        index += 2
                    } else {
                        pieces.append(.symbol(String(character)))
                        index += 1
                    }
                }
            }
        }

        private var current: Piece? { position < pieces.count ? pieces[position] : nil }

        func fail(_ message: String) -> Diagnostic { Diagnostic(.templateError, message, file: file, at: origin) }

        mutating func consumeKeyword(_ word: String) -> Bool {
            if current == .name(word) {
                position += 1
                return true
            }
            return false
        }

        mutating func consume(_ symbol: String) -> Bool {
            if current == .symbol(symbol) {
                position += 1
                return true
            }
            return false
        }

        func expectEnd() throws(Diagnostic) {
            if let current { throw fail("unexpected '\(current)' in the expression") }
        }

        mutating func parseWhole() throws(Diagnostic) -> Expression {
            let expression = try parseExpression()
            try expectEnd()
            return expression
        }

        /// How deep the expression nests where the parser is: parentheses, lists, `not` and `-`.
        private var depth = 0

        mutating func parseExpression() throws(Diagnostic) -> Expression {
            try nested { parser throws(Diagnostic) in try parser.parseOr() }
        }

        private mutating func nested(_ parse: (inout Self) throws(Diagnostic) -> Expression) throws(Diagnostic)
            -> Expression
        {
            depth += 1
            defer { depth -= 1 }
            guard depth <= JinjaTemplate.maximumDepth else {
                throw fail("the expression nests more than \(JinjaTemplate.maximumDepth) deep")
            }
            return try parse(&self)
        }

        private mutating func parseOr() throws(Diagnostic) -> Expression {
            var left = try parseAnd()
            while consumeKeyword("or") { left = .binary("or", left, try parseAnd(), origin) }
            return left
        }

        private mutating func parseAnd() throws(Diagnostic) -> Expression {
            var left = try parseNot()
            while consumeKeyword("and") { left = .binary("and", left, try parseNot(), origin) }
            return left
        }

        private mutating func parseNot() throws(Diagnostic) -> Expression {
            if consumeKeyword("not") {
                return .unary("not", try nested { parser throws(Diagnostic) in try parser.parseNot() })
            }
            return try parseComparison()
        }

        private mutating func parseComparison() throws(Diagnostic) -> Expression {
            var left = try parseAdditive()
            while true {
                if case .symbol(let symbol)? = current, ["==", "!=", "<", ">", "<=", ">="].contains(symbol) {
                    position += 1
                    left = .binary(symbol, left, try parseAdditive(), origin)
                } else if consumeKeyword("in") {
                    left = .binary("in", left, try parseAdditive(), origin)
                } else if current == .name("not"), position + 1 < pieces.count, pieces[position + 1] == .name("in") {
                    position += 2
                    left = .binary("not in", left, try parseAdditive(), origin)
                } else {
                    return left
                }
            }
        }

        private mutating func parseAdditive() throws(Diagnostic) -> Expression {
            var left = try parseMultiplicative()
            while case .symbol(let symbol)? = current, ["+", "-", "~"].contains(symbol) {
                position += 1
                left = .binary(symbol, left, try parseMultiplicative(), origin)
            }
            return left
        }

        private mutating func parseMultiplicative() throws(Diagnostic) -> Expression {
            var left = try parseUnary()
            while case .symbol(let symbol)? = current, ["*"].contains(symbol) {
                position += 1
                left = .binary(symbol, left, try parseUnary(), origin)
            }
            if case .symbol(let symbol)? = current, ["/", "//", "%", "**"].contains(symbol) {
                throw fail("the operator '\(symbol)' is not supported")
            }
            return left
        }

        private mutating func parseUnary() throws(Diagnostic) -> Expression {
            if consume("-") {
                return .unary("-", try nested { parser throws(Diagnostic) in try parser.parseUnary() })
            }
            return try parseFiltered()
        }

        private mutating func parseFiltered() throws(Diagnostic) -> Expression {
            var value = try parsePostfix()
            while consume("|") {
                guard case .name(let name)? = current else { throw fail("a filter name must follow '|'") }
                position += 1
                var arguments: [Expression] = []
                if consume("(") {
                    if !consume(")") {
                        repeat { arguments.append(try parseExpression()) } while consume(",")
                        guard consume(")") else { throw fail("')' must close the filter's arguments") }
                    }
                }
                value = .filter(value, name, arguments, origin)
            }
            return value
        }

        private mutating func parsePostfix() throws(Diagnostic) -> Expression {
            var value = try parsePrimary()
            while true {
                if consume(".") {
                    guard case .name(let name)? = current else { throw fail("a name must follow '.'") }
                    position += 1
                    value = .attribute(value, name, origin)
                } else if consume("[") {
                    let index = try parseExpression()
                    guard consume("]") else { throw fail("']' must close the subscript") }
                    value = .subscriptOf(value, index, origin)
                } else if consume("(") {
                    var arguments: [Expression] = []
                    if !consume(")") {
                        repeat { arguments.append(try parseExpression()) } while consume(",")
                        guard consume(")") else { throw fail("')' must close the call") }
                    }
                    value = .call(value, arguments, origin)
                } else {
                    return value
                }
            }
        }

        private mutating func parsePrimary() throws(Diagnostic) -> Expression {
            guard let piece = current else { throw fail("the expression ends too soon") }
            position += 1
            switch piece {
            case .string(let text): return .literal(.string(text))
            case .number(let number): return .literal(.int(number))
            case .name("true"), .name("True"): return .literal(.bool(true))
            case .name("false"), .name("False"): return .literal(.bool(false))
            case .name("none"), .name("None"): return .literal(.none)
            case .name(let name): return .name(name, origin)
            case .symbol("("):
                let inner = try parseExpression()
                guard consume(")") else { throw fail("')' must close the parenthesis") }
                return inner
            case .symbol("["):
                var items: [Expression] = []
                if !consume("]") {
                    repeat { items.append(try parseExpression()) } while consume(",")
                    guard consume("]") else { throw fail("']' must close the list") }
                }
                return .list(items)
            case .symbol(let symbol):
                throw fail("unexpected '\(symbol)' in the expression")
            }
        }
    }
}
