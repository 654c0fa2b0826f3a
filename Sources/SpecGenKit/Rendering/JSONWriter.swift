/// Prints YAML values as pretty JSON, keeping the source's key order.
package enum JSONWriter {
    /// Two-space indented JSON. A top-level string is printed as it is, since sources write
    /// whole JSON examples as block scalars.
    package static func prettyPrinted(_ node: YAMLNode) -> String {
        if case .scalar(let scalar) = node.content, scalar.kind == .string {
            let trimmed = scalar.text.trimming("\n")
            if trimmed.hasPrefix("{") || trimmed.hasPrefix("[") { return trimmed }
        }
        var out = ""
        write(node, indent: 0, into: &out)
        return out
    }

    /// The value as it would appear in JSON, on one line: `"text"`, `42`, `true`.
    package static func inline(_ node: YAMLNode) -> String {
        var out = ""
        write(node, indent: nil, into: &out)
        return out
    }

    private static func write(_ node: YAMLNode, indent: Int?, into out: inout String) {
        switch node.content {
        case .scalar(let scalar):
            switch scalar.kind {
            case .string: writeString(scalar.text, into: &out)
            case .int, .float: out += YAMLNumber.json(scalar)
            case .bool: out += scalar.boolValue == true ? "true" : "false"
            case .null: out += "null"
            }
        case .sequence(let items):
            guard !items.isEmpty else {
                out += "[]"
                return
            }
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += "," }
                newline(indent.map { $0 + 1 }, into: &out)
                write(item, indent: indent.map { $0 + 1 }, into: &out)
            }
            newline(indent, into: &out)
            out += "]"
        case .mapping(let pairs):
            guard !pairs.isEmpty else {
                out += "{}"
                return
            }
            out += "{"
            for (index, pair) in pairs.enumerated() {
                if index > 0 { out += "," }
                newline(indent.map { $0 + 1 }, into: &out)
                writeString(pair.key, into: &out)
                out += ": "
                write(pair.value, indent: indent.map { $0 + 1 }, into: &out)
            }
            newline(indent, into: &out)
            out += "}"
        }
    }

    private static func newline(_ indent: Int?, into out: inout String) {
        guard let indent else {
            return
        }
        out += "\n"
        out += String(repeating: "  ", count: indent)
    }

    private static func writeString(_ text: String, into out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                out +=
                    "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                    + String(scalar.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
