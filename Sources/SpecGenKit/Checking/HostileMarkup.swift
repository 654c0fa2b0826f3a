/// Finds markup in source text that would run script if it were passed through: specgen always
/// shows it as text, and says so, since specs take contributions from strangers.
enum HostileMarkup {
    private static let needles = ["<script", "<iframe", "<object", "<embed", "javascript:", "onload=", "onerror=", "onclick=", "onmouseover="]
    private static let patterns = needles.map { Array($0.utf8) }

    /// The first script-running piece of markup in `text`, or `nil`. One pass over the bytes,
    /// folding ASCII case, so long texts such as proposals cost little.
    static func find(in text: String) -> String? {
        var earliest: (offset: Int, index: Int)?
        var text = text
        text.withUTF8 { bytes in
            guard bytes.count > 3 else { return }
            for offset in 0..<bytes.count {
                let first = bytes[offset] | 0x20
                guard first == UInt8(ascii: "<") | 0x20 || first == UInt8(ascii: "j") || first == UInt8(ascii: "o") else { continue }
                for (index, pattern) in patterns.enumerated() where offset + pattern.count <= bytes.count {
                    var matched = true
                    for (position, expected) in pattern.enumerated() {
                        let byte = bytes[offset + position]
                        let folded = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
                        if folded != expected { matched = false; break }
                    }
                    if matched {
                        earliest = (offset, index)
                        return
                    }
                }
            }
        }
        return earliest.map { needles[$0.index] }
    }

    static func warning(_ found: String, in what: String, file: String, at location: SourceLocation?) -> Diagnostic {
        .warning("\(what) holds '\(found)', which is shown as text and never run", file: file, at: location)
    }
}
