/// Finds markup in source text that would run script if it were passed through: specgen always
/// shows it as text, and says so, since specs take contributions from strangers.
enum HostileMarkup {
    private static let needles = ["<script", "<iframe", "<object", "<embed", "javascript:", "onload=", "onerror=", "onclick=", "onmouseover="]

    /// The first script-running piece of markup in `text`, or `nil`.
    static func find(in text: String) -> String? {
        guard text.containsBytes("<") || text.containsBytes("=") || text.containsBytes(":") else { return nil }
        let lower = text.lowercased()
        return needles.first { lower.contains($0) }
    }

    static func warning(_ found: String, in what: String, file: String, at location: SourceLocation?) -> Diagnostic {
        .warning("\(what) holds '\(found)', which is shown as text and never run", file: file, at: location)
    }
}
