/// Hugo's `anchorize`, with Goldmark's `github` rules: what spec.matrix.org uses for every
/// heading, operation, event and table id.
package enum HugoAnchor {
    /// Spaces and `-` become `-`; letters, digits and `_` are kept, lower-cased; everything else
    /// is dropped. `POST /_matrix/client/v3/account/3pid/unbind` gives `post-_matrixclientv3account3pidunbind`.
    package static func anchorize(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.trimming(" ").unicodeScalars {
            switch scalar {
            case " ", "-": out.append("-")
            case "_": out.append("_")
            case "a"..."z", "0"..."9": out.unicodeScalars.append(scalar)
            case "A"..."Z": out.unicodeScalars.append(Unicode.Scalar(scalar.value + 32)!)
            default:
                if scalar.value >= 0x80, scalar.properties.isAlphabetic || scalar.properties.numericType == .decimal {
                    out += String(scalar).lowercased()
                }
            }
        }
        return out
    }
}

/// Hands out ids that are unique within one page, the way Goldmark does for headings: the
/// first `x`, then `x-1`, `x-2`, ….
package struct AnchorAllocator: Sendable {
    private var used: Set<String> = []
    /// The suffix to try first for a base that is taken.
    private var nextSuffix: [String: Int] = [:]

    package init() {}

    /// `base` the first time, then `base-1`, `base-2`, …; `fallback` when `base` is empty.
    package mutating func unique(_ base: String, fallback: String = "heading") -> String {
        let base = base.isEmpty ? fallback : base
        if used.insert(base).inserted { return base }
        // Counting on from the last suffix this base got keeps many equal titles linear.
        var counter = nextSuffix[base, default: 1]
        while !used.insert("\(base)-\(counter)").inserted { counter += 1 }
        nextSuffix[base] = counter + 1
        return "\(base)-\(counter)"
    }

    /// Marks an id as taken; false when it already was.
    @discardableResult
    package mutating func reserve(_ id: String) -> Bool {
        used.insert(id).inserted
    }

    package func contains(_ id: String) -> Bool { used.contains(id) }

    /// Every id handed out or reserved.
    package var ids: Set<String> { used }

    /// A readable id from any text: lower-case ASCII letters and digits, runs of anything else as one `-`.
    /// - Parameter keep: punctuation kept inside the id, such as `"._"` for `m.room.member`.
    package static func slug(_ text: String, keep: String = "") -> String {
        let kept = Set(keep.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var pendingDash = false
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                if pendingDash && !out.isEmpty { out.append(UInt8(ascii: "-")) }
                pendingDash = false
                out.append(byte)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                if pendingDash && !out.isEmpty { out.append(UInt8(ascii: "-")) }
                pendingDash = false
                out.append(byte + 32)
            case _ where kept.contains(byte):
                if pendingDash && !out.isEmpty { out.append(UInt8(ascii: "-")) }
                pendingDash = false
                if !out.isEmpty { out.append(byte) }
            default:
                pendingDash = true
            }
        }
        while let last = out.last, kept.contains(last) { out.removeLast() }
        return String(decoding: out, as: UTF8.self)
    }
}
