/// One problem found in the sources, printed the way a compiler prints it.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable {
        case error
        case warning
    }

    public var severity: Severity
    /// The file's path relative to the source root (or as given, for files outside it).
    public var file: String
    /// Where in the file; line 1, column 1 for a problem with the whole file.
    public var location: SourceLocation
    public var message: String

    public init(_ severity: Severity, _ message: String, file: String, at location: SourceLocation = .start) {
        self.severity = severity
        self.file = file
        self.location = location
        self.message = message
    }

    public static func error(_ message: String, file: String, at location: SourceLocation = .start) -> Diagnostic {
        Diagnostic(.error, message, file: file, at: location)
    }

    public static func warning(_ message: String, file: String, at location: SourceLocation = .start) -> Diagnostic {
        Diagnostic(.warning, message, file: file, at: location)
    }

    /// `path:line:col: error: message`.
    public var description: String {
        "\(file.isEmpty ? "." : file):\(location.line):\(location.column): \(severity.rawValue): \(message)"
    }

    /// Orders by file, then line and column, then message.
    public static func sortedForDisplay(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics.sorted { a, b in
            if a.file != b.file { return a.file < b.file }
            if a.location != b.location { return a.location < b.location }
            if a.severity != b.severity { return a.severity == .error }
            return a.message < b.message
        }
    }
}

extension Diagnostic: Error {}
