/// Hands out ids that are unique within one page.
public struct AnchorAllocator: Sendable {
    private var used: Set<String> = []

    public init() {}

    /// Returns `base` the first time, then `base-2`, `base-3`, ...
    public mutating func unique(_ base: String) -> String {
        let base = base.isEmpty ? "section" : base
        if used.insert(base).inserted { return base }
        var counter = 2
        while !used.insert("\(base)-\(counter)").inserted { counter += 1 }
        return "\(base)-\(counter)"
    }

    /// Marks an id as taken without changing it.
    public mutating func reserve(_ id: String) {
        used.insert(id)
    }

    /// A readable id from any text: lower-case ASCII letters and digits, runs of anything else as one `-`.
    /// - Parameter keep: punctuation kept inside the id, such as `"._"` for `m.room.member`.
    public static func slug(_ text: String, keep: String = "") -> String {
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
