/// A YAML scalar with the type YAML 1.1 gives a plain scalar, as PyYAML resolves it.
public struct YAMLScalar: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case string, int, float, bool, null
    }

    public var text: String
    public var kind: Kind

    public init(_ text: String, kind: Kind = .string) {
        self.text = text
        self.kind = kind
    }

    /// The scalar's value for `bool` kinds (`yes`, `on`, `True`, ...).
    public var boolValue: Bool? {
        guard kind == .bool else { return nil }
        switch text.lowercased() {
        case "true", "yes", "on": return true
        default: return false
        }
    }

    /// Resolves an untagged plain scalar's kind the way YAML 1.1 (and PyYAML) does.
    static func resolvePlain(_ text: String) -> Kind {
        let utf8 = text.utf8
        guard let first = utf8.first else { return .null }
        switch first {
        case UInt8(ascii: "~"), UInt8(ascii: "n"), UInt8(ascii: "N"):
            if text == "~" || text == "null" || text == "Null" || text == "NULL" { return .null }
            if text == "no" || text == "No" || text == "NO" { return .bool }
            return .string
        case UInt8(ascii: "t"), UInt8(ascii: "T"), UInt8(ascii: "f"), UInt8(ascii: "F"),
            UInt8(ascii: "y"), UInt8(ascii: "Y"), UInt8(ascii: "o"), UInt8(ascii: "O"):
            switch text {
            case "true", "True", "TRUE", "false", "False", "FALSE", "yes", "Yes", "YES",
                "on", "On", "ON", "off", "Off", "OFF":
                return .bool
            default:
                return .string
            }
        case UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return numberKind(utf8)
        default:
            return .string
        }
    }

    private static func numberKind(_ utf8: String.UTF8View) -> Kind {
        var digits = 0
        var dot = false
        var exponent = false
        var index = utf8.startIndex
        if utf8[index] == UInt8(ascii: "-") || utf8[index] == UInt8(ascii: "+") { index = utf8.index(after: index) }
        let rest = String(Substring(utf8[index...]))
        if rest == ".inf" || rest == ".Inf" || rest == ".INF" || rest == ".nan" || rest == ".NaN" || rest == ".NAN" {
            return .float
        }
        while index < utf8.endIndex {
            let byte = utf8[index]
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"):
                digits += 1
            case UInt8(ascii: ".") where !dot && !exponent:
                dot = true
            case UInt8(ascii: "e"), UInt8(ascii: "E"):
                guard digits > 0, !exponent else { return .string }
                exponent = true
                let next = utf8.index(after: index)
                if next < utf8.endIndex, utf8[next] == UInt8(ascii: "-") || utf8[next] == UInt8(ascii: "+") {
                    index = next
                }
            default:
                return .string
            }
            index = utf8.index(after: index)
        }
        guard digits > 0 else { return .string }
        return dot || exponent ? .float : .int
    }
}

/// A node of a parsed YAML document, with the 1-based position where it starts.
///
/// Mappings keep their keys' order. Keys are always strings: YAML's `200:` becomes `"200"`.
public struct YAMLNode: Sendable {
    public enum Content: Sendable {
        case scalar(YAMLScalar)
        case sequence([YAMLNode])
        case mapping([Pair])
    }

    public struct Pair: Sendable {
        public var key: String
        public var keyLocation: SourceLocation
        public var value: YAMLNode

        public init(key: String, keyLocation: SourceLocation, value: YAMLNode) {
            self.key = key
            self.keyLocation = keyLocation
            self.value = value
        }
    }

    public var content: Content
    public var location: SourceLocation
    /// The file the node was read from, as an index into the ``SourceFiles`` table.
    public var file: FileID

    public init(_ content: Content, at location: SourceLocation, file: FileID) {
        self.content = content
        self.location = location
        self.file = file
    }

    // MARK: Access

    public subscript(key: String) -> YAMLNode? {
        guard case .mapping(let pairs) = content else { return nil }
        for pair in pairs where pair.key == key { return pair.value }
        return nil
    }

    public func pair(_ key: String) -> Pair? {
        guard case .mapping(let pairs) = content else { return nil }
        for pair in pairs where pair.key == key { return pair }
        return nil
    }

    public var pairs: [Pair]? {
        if case .mapping(let pairs) = content { return pairs }
        return nil
    }

    public var items: [YAMLNode]? {
        if case .sequence(let items) = content { return items }
        return nil
    }

    public var scalar: YAMLScalar? {
        if case .scalar(let scalar) = content { return scalar }
        return nil
    }

    /// The text of a scalar that is not null.
    public var string: String? {
        guard case .scalar(let scalar) = content, scalar.kind != .null else { return nil }
        return scalar.text
    }

    public var bool: Bool? { scalar?.boolValue }

    public var isNull: Bool {
        if case .scalar(let scalar) = content { return scalar.kind == .null }
        return false
    }

    public var kindName: String {
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

/// An index into the build's ``SourceFiles`` table.
public typealias FileID = Int32
