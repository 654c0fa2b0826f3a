/// Prints YAML values as pretty JSON, keeping the source's key order.
package enum JSONWriter {
    /// Two-space indented JSON. A top-level string is printed as it is, since sources write
    /// whole JSON examples as block scalars.
    package static func prettyPrinted(_ node: YAMLNode) -> String {
        writtenJSON(node) ?? String(decoding: bytes(node, indent: 0), as: UTF8.self)
    }

    /// The text of a string that is a whole JSON object or array (`example: |- {…}`), which is
    /// shown as it is written; `nil` for any other value.
    static func writtenJSON(_ node: YAMLNode) -> String? {
        guard let scalar = node.scalar, scalar.kind == .string else { return nil }
        let trimmed = scalar.text.trimming("\n")
        return trimmed.hasPrefix("{") || trimmed.hasPrefix("[") ? trimmed : nil
    }

    /// The value as two-space indented JSON, as UTF-8, with each string value of a mapping
    /// passed through `editingValues`.
    package static func bytes(
        _ node: YAMLNode, indent: Int? = 0, editingValues edit: ((String) -> String)? = nil
    ) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(4096)
        write(node, indent: indent, edit: edit, into: &out)
        return out
    }

    /// The value as it would appear in JSON, on one line: `"text"`, `42`, `true`.
    package static func inline(_ node: YAMLNode) -> String {
        String(decoding: bytes(node, indent: nil), as: UTF8.self)
    }

    private static func write(
        _ node: YAMLNode, indent: Int?, edit: ((String) -> String)? = nil, into out: inout [UInt8]
    ) {
        switch node.content {
        case .scalar(let scalar):
            switch scalar.kind {
            case .string: writeString(scalar.text, into: &out)
            case .int, .float: out += YAMLNumber.json(scalar).utf8
            case .bool: out += (scalar.boolValue == true ? "true" : "false").utf8
            case .null: out += "null".utf8
            }
        case .sequence(let items):
            guard !items.isEmpty else {
                out += "[]".utf8
                return
            }
            out.append(UInt8(ascii: "["))
            for index in items.indices {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                newline(indent.map { $0 + 1 }, into: &out)
                write(items[index], indent: indent.map { $0 + 1 }, edit: edit, into: &out)
            }
            newline(indent, into: &out)
            out.append(UInt8(ascii: "]"))
        case .mapping(let pairs):
            guard !pairs.isEmpty else {
                out += "{}".utf8
                return
            }
            out.append(UInt8(ascii: "{"))
            for index in pairs.indices {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                newline(indent.map { $0 + 1 }, into: &out)
                writeString(pairs[index].key, into: &out)
                out += ": ".utf8
                if let edit, let scalar = pairs[index].value.scalar, scalar.kind == .string {
                    writeString(edit(scalar.text), into: &out)
                } else {
                    write(pairs[index].value, indent: indent.map { $0 + 1 }, edit: edit, into: &out)
                }
            }
            newline(indent, into: &out)
            out.append(UInt8(ascii: "}"))
        }
    }

    private static let spaces = [UInt8](repeating: UInt8(ascii: " "), count: 256)

    private static func newline(_ indent: Int?, into out: inout [UInt8]) {
        guard let indent else { return }
        out.append(UInt8(ascii: "\n"))
        var left = 2 * indent
        while left > 0 {
            let run = min(left, spaces.count)
            spaces.withUnsafeBufferPointer { out.append(contentsOf: UnsafeBufferPointer(rebasing: $0[..<run])) }
            left -= run
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// A JSON string: quotes, backslashes and control characters escaped; the rest as UTF-8.
    private static func writeString(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            var start = 0
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                // '"' (0x22), '\\' (0x5C) and control bytes: anything above '\\' needs no look.
                guard byte <= 0x5C, byte < 0x20 || byte == 0x22 || byte == 0x5C else { continue }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index - 1]))
                start = index
                switch byte {
                case 0x22: out += "\\\"".utf8
                case 0x5C: out += "\\\\".utf8
                case 0x0A: out += "\\n".utf8
                case 0x0D: out += "\\r".utf8
                case 0x09: out += "\\t".utf8
                default: out += [0x5C, 0x75, 0x30, 0x30, hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0xF)]]
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
        }
        out.append(UInt8(ascii: "\""))
    }
}
