/// A YAML scalar with the type YAML 1.1 gives it, as PyYAML resolves it.
package struct YAMLScalar: Sendable, Hashable {
    package enum Kind: Sendable, Hashable {
        case string, int, float, bool, null
    }

    package var text: String
    package var kind: Kind
    /// For a literal or folded block scalar, the columns its lines are indented by.
    package var blockIndent: Int?

    package init(_ text: String, kind: Kind = .string, blockIndent: Int? = nil) {
        self.text = text
        self.kind = kind
        self.blockIndent = blockIndent
    }

    /// The scalar's value for `bool` kinds (`yes`, `on`, `True`, ...).
    package var boolValue: Bool? {
        guard kind == .bool else { return nil }
        switch text.lowercased() {
        case "true", "yes", "on": return true
        default: return false
        }
    }

    /// Resolves an untagged plain scalar's kind with PyYAML's YAML 1.1 rules: `0x1F` and `017` are
    /// integers, `1.` and `.5` floats, `1e3` a string (PyYAML wants a dot and a signed exponent).
    static func resolvePlain(_ text: String) -> Kind {
        guard let first = text.utf8.first else { return .null }
        switch first {
        case UInt8(ascii: "~"), UInt8(ascii: "n"), UInt8(ascii: "N"):
            // The words are four letters at most; most plain scalars are longer.
            guard text.utf8.count <= 4 else { return .string }
            if text == "~" || text == "null" || text == "Null" || text == "NULL" { return .null }
            if text == "no" || text == "No" || text == "NO" { return .bool }
            return .string
        case UInt8(ascii: "t"), UInt8(ascii: "T"), UInt8(ascii: "f"), UInt8(ascii: "F"),
            UInt8(ascii: "y"), UInt8(ascii: "Y"), UInt8(ascii: "o"), UInt8(ascii: "O"):
            guard text.utf8.count <= 5 else { return .string }
            switch text {
            case "true", "True", "TRUE", "false", "False", "FALSE", "yes", "Yes", "YES",
                "on", "On", "ON", "off", "Off", "OFF":
                return .bool
            default:
                return .string
            }
        case UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let utf8 = Array(text.utf8)
            if YAMLNumber.integerValue(utf8) != nil { return .int }
            if YAMLNumber.isFloat(utf8) { return .float }
            return .string
        default:
            return .string
        }
    }
}

/// YAML 1.1 numbers as PyYAML reads them, and as JSON writes them.
enum YAMLNumber {
    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    private static let underscore = UInt8(ascii: "_")

    /// The value of a YAML 1.1 integer (`12`, `+1`, `0x1F`, `017`, `0b101`, `1_000`, `1:30`), or `nil`.
    static func integerValue(_ utf8: [UInt8]) -> (negative: Bool, magnitude: [UInt8], radix: Int, sexagesimal: Bool)? {
        var index = 0
        var negative = false
        if index < utf8.count, utf8[index] == UInt8(ascii: "-") || utf8[index] == UInt8(ascii: "+") {
            negative = utf8[index] == UInt8(ascii: "-")
            index += 1
        }
        let body = Array(utf8[index...])
        guard let first = body.first else { return nil }
        func all(_ bytes: ArraySlice<UInt8>, _ allowed: (UInt8) -> Bool) -> Bool {
            !bytes.isEmpty && bytes.allSatisfy { allowed($0) || $0 == underscore }
        }
        if body.count > 2, first == UInt8(ascii: "0"), body[1] == UInt8(ascii: "b") {
            return all(body[2...], { $0 == 0x30 || $0 == 0x31 }) ? (negative, Array(body[2...]), 2, false) : nil
        }
        if body.count > 2, first == UInt8(ascii: "0"), body[1] == UInt8(ascii: "x") {
            let hex: (UInt8) -> Bool = {
                isDigit($0) || ($0 | 0x20 >= UInt8(ascii: "a") && $0 | 0x20 <= UInt8(ascii: "f"))
            }
            return all(body[2...], hex) ? (negative, Array(body[2...]), 16, false) : nil
        }
        if body.count > 1, first == UInt8(ascii: "0") {
            return all(body[1...], { $0 >= 0x30 && $0 <= 0x37 }) ? (negative, Array(body[1...]), 8, false) : nil
        }
        if body == [UInt8(ascii: "0")] { return (negative, body, 10, false) }
        guard first != UInt8(ascii: "0"), isDigit(first) else { return nil }
        if body.contains(UInt8(ascii: ":")) {
            // Base 60: `1:30` is 90. Every part after the first is 0 to 59.
            let parts = body.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
            guard all(parts[0], isDigit) else { return nil }
            for part in parts.dropFirst() {
                guard (1...2).contains(part.count), part.allSatisfy(isDigit),
                    part.count == 1 || part.first! <= UInt8(ascii: "5")
                else { return nil }
            }
            return (negative, body, 60, true)
        }
        return all(body[...], isDigit) ? (negative, body, 10, false) : nil
    }

    /// Whether the text is a YAML 1.1 float as PyYAML reads one.
    static func isFloat(_ utf8: [UInt8]) -> Bool {
        let text = String(decoding: utf8, as: UTF8.self)
        if [".nan", ".NaN", ".NAN"].contains(text) { return true }
        var body = utf8[...]
        if let first = body.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") { body = body.dropFirst() }
        if [".inf", ".Inf", ".INF"].contains(String(decoding: body, as: UTF8.self)) { return true }
        // [0-9][0-9_]*(:[0-5]?[0-9])*\.[0-9_]*([eE][-+][0-9]+)?  or (unsigned) \.[0-9][0-9_]*([eE][-+][0-9]+)?
        var index = body.startIndex
        func digits(_ allowUnderscore: Bool) -> Int {
            let start = index
            while index < body.endIndex, isDigit(body[index]) || (allowUnderscore && body[index] == underscore) {
                index += 1
            }
            return index - start
        }
        if body.first == UInt8(ascii: ".") {
            guard body.count == utf8.count else { return false }
            index += 1
            guard index < body.endIndex, isDigit(body[index]) else { return false }
            _ = digits(true)
        } else {
            guard let first = body.first, isDigit(first), digits(true) > 0 else { return false }
            while index < body.endIndex, body[index] == UInt8(ascii: ":") {
                index += 1
                let count = digits(false)
                guard count == 1 || count == 2 else { return false }
            }
            guard index < body.endIndex, body[index] == UInt8(ascii: ".") else { return false }
            index += 1
            _ = digits(true)
        }
        if index < body.endIndex, body[index] == UInt8(ascii: "e") || body[index] == UInt8(ascii: "E") {
            index += 1
            guard index < body.endIndex, body[index] == UInt8(ascii: "-") || body[index] == UInt8(ascii: "+") else {
                return false
            }
            index += 1
            guard digits(false) > 0 else { return false }
        }
        return index == body.endIndex
    }

    /// The number as JSON writes it: `0x1F` is `31`, `+1` is `1`, `1.` is `1.0`, `.5` is `0.5`.
    static func json(_ scalar: YAMLScalar) -> String {
        let utf8 = Array(scalar.text.utf8)
        if scalar.kind == .int, let value = integerValue(utf8) {
            let digits = value.magnitude.filter { $0 != underscore }
            var result: String
            if value.sexagesimal {
                var total = 0
                for part in digits.split(separator: UInt8(ascii: ":")) {
                    total = total * 60 + (Int(String(decoding: part, as: UTF8.self)) ?? 0)
                }
                result = String(total)
            } else if value.radix == 10 {
                result = String(decoding: digits, as: UTF8.self)
            } else if let number = UInt64(String(decoding: digits, as: UTF8.self), radix: value.radix) {
                result = String(number)
            } else {
                result = scalar.text
            }
            return value.negative && result != "0" ? "-" + result : result
        }
        guard scalar.kind == .float else { return scalar.text }
        var text = scalar.text.replacingOccurrences(of: "_", with: "")
        switch text.lowercased() {
        case ".nan": return "NaN"
        case ".inf", "+.inf": return "Infinity"
        case "-.inf": return "-Infinity"
        default: break
        }
        if text.hasPrefix("+") { text.removeFirst() }
        let negative = text.hasPrefix("-")
        if negative { text.removeFirst() }
        if text.contains(":") {
            // Base 60 with a fraction: `1:30.5` is 90.5.
            let parts = text.split(separator: ".", maxSplits: 1)
            var total = 0
            for part in parts[0].split(separator: ":") { total = total * 60 + (Int(part) ?? 0) }
            text = String(total) + "." + (parts.count > 1 && !parts[1].isEmpty ? String(parts[1]) : "0")
        }
        if text.hasPrefix(".") { text = "0" + text }
        if let dot = text.firstIndex(of: ".") {
            let after = text.index(after: dot)
            if after == text.endIndex || text[after] == "e" || text[after] == "E" { text.insert("0", at: after) }
        }
        return (negative ? "-" : "") + text
    }
}

/// A node of a parsed YAML document, with the 1-based position where it starts.
///
/// Mappings keep their keys' order. Keys are always strings: YAML's `200:` becomes `"200"`.
package struct YAMLNode: Sendable, Equatable {
    package enum Content: Sendable, Equatable {
        case scalar(YAMLScalar)
        case sequence([YAMLNode])
        case mapping([Pair])
    }

    package struct Pair: Sendable, Equatable {
        package var key: String
        package var keyLocation: SourceLocation
        package var value: YAMLNode

        package init(key: String, keyLocation: SourceLocation, value: YAMLNode) {
            self.key = key
            self.keyLocation = keyLocation
            self.value = value
        }
    }

    /// Keys that tree walks look for, noted for every subtree that holds one, so that a walk
    /// can pass over the subtrees without them.
    package struct KeysBelow: OptionSet, Sendable, Hashable {
        package let rawValue: UInt8
        package init(rawValue: UInt8) { self.rawValue = rawValue }
        /// `$ref`, which ``ReferenceResolver`` follows.
        package static let reference = KeysBelow(rawValue: 1)
        /// `allOf`, which ``AllOfMerger`` merges.
        package static let allOf = KeysBelow(rawValue: 2)
    }

    package var content: Content {
        didSet { keysBelow = Self.keys(in: content) }
    }
    package var location: SourceLocation
    /// The root-relative path of the file the node was read from.
    package var file: String
    /// A mapping merged from an `allOf` (by ``AllOfMerger``).
    package var isComposed = false
    /// The walked-for keys that the node or a node inside it has.
    package private(set) var keysBelow: KeysBelow

    package init(_ content: Content, at location: SourceLocation, file: String) {
        self.content = content
        self.location = location
        self.file = file
        keysBelow = Self.keys(in: content)
    }

    private static func keys(in content: Content) -> KeysBelow {
        switch content {
        case .scalar:
            return []
        case .sequence(let items):
            var keys: KeysBelow = []
            for index in items.indices { keys.formUnion(items[index].keysBelow) }
            return keys
        case .mapping(let pairs):
            var keys: KeysBelow = []
            for index in pairs.indices {
                keys.formUnion(pairs[index].value.keysBelow)
                if pairs[index].key == "$ref" {
                    keys.insert(.reference)
                } else if pairs[index].key == "allOf" {
                    keys.insert(.allOf)
                }
            }
            return keys
        }
    }

    // MARK: Access

    /// The node with each child that `transform` changes replaced, or `nil` when it changes none,
    /// so that a tree rewrite copies only the paths it changed.
    func replacingChildren(_ transform: (YAMLNode) -> YAMLNode?) -> YAMLNode? {
        switch content {
        case .scalar:
            return nil
        case .sequence(let items):
            var changed: [YAMLNode]?
            for index in items.indices {
                guard let replacement = transform(items[index]) else { continue }
                if changed == nil { changed = items }
                changed![index] = replacement
            }
            return changed.map { YAMLNode(.sequence($0), at: location, file: file) }
        case .mapping(let pairs):
            var changed: [Pair]?
            // By index: a loop over the pairs would copy each key and node it passes.
            for index in pairs.indices {
                guard let replacement = transform(pairs[index].value) else { continue }
                if changed == nil { changed = pairs }
                changed![index].value = replacement
            }
            return changed.map { YAMLNode(.mapping($0), at: location, file: file) }
        }
    }

    package subscript(key: String) -> YAMLNode? {
        guard case .mapping(let pairs) = content, let index = Self.index(of: key, in: pairs) else { return nil }
        return pairs[index].value
    }

    package func pair(_ key: String) -> Pair? {
        guard case .mapping(let pairs) = content, let index = Self.index(of: key, in: pairs) else { return nil }
        return pairs[index]
    }

    /// Keys of different UTF-8 lengths are different keys, as they are for YAML and PyYAML, which
    /// compare code points (a precomposed `é` is not `e` and a combining accent). The lengths are
    /// compared first, which rules out most keys without comparing them.
    private static func index(of key: String, in pairs: [Pair]) -> Int? {
        let length = key.utf8.count
        return pairs.indices.first { pairs[$0].key.utf8.count == length && pairs[$0].key == key }
    }

    package var pairs: [Pair]? {
        if case .mapping(let pairs) = content { return pairs }
        return nil
    }

    package var items: [YAMLNode]? {
        if case .sequence(let items) = content { return items }
        return nil
    }

    package var scalar: YAMLScalar? {
        if case .scalar(let scalar) = content { return scalar }
        return nil
    }

    /// The text of a scalar that is not null.
    package var string: String? {
        guard case .scalar(let scalar) = content, scalar.kind != .null else { return nil }
        return scalar.text
    }

    package var bool: Bool? { scalar?.boolValue }

    package var isNull: Bool {
        if case .scalar(let scalar) = content { return scalar.kind == .null }
        return false
    }

    /// The scalar's text with where it lies in its file, for text that is rendered as Markdown.
    package var sourceText: SourceText? {
        guard case .scalar(let scalar) = content, scalar.kind != .null else { return nil }
        if let indent = scalar.blockIndent {
            return SourceText(
                scalar.text, file: file, origin: SourceLocation(line: location.line + 1, column: indent + 1),
                indent: indent)
        }
        return SourceText(scalar.text, file: file, origin: location, indent: nil)
    }

    package var kindName: String {
        switch content {
        case .scalar(let scalar):
            switch scalar.kind {
            case .string: return "a string"
            case .int: return "an integer"
            case .float: return "a number"
            case .bool: return "a boolean"
            case .null: return "null"
            }
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        }
    }
}
