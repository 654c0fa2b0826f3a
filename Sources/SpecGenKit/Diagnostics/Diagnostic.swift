/// One problem found in the sources, printed the way a compiler prints it.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable {
        case error
        case warning
    }

    public var severity: Severity
    /// The file's path relative to the source root (or as given, for files outside it).
    public var file: String
    public var location: SourceLocation?
    public var message: String

    public init(_ severity: Severity, _ message: String, file: String, at location: SourceLocation? = nil) {
        self.severity = severity
        self.file = file
        self.location = location
        self.message = message
    }

    public static func error(_ message: String, file: String, at location: SourceLocation? = nil) -> Diagnostic {
        Diagnostic(.error, message, file: file, at: location)
    }

    public static func warning(_ message: String, file: String, at location: SourceLocation? = nil) -> Diagnostic {
        Diagnostic(.warning, message, file: file, at: location)
    }

    /// `path:line:col: error: message`, or `path: error: message` without a location.
    public var description: String {
        if let location {
            return "\(file):\(location.line):\(location.column): \(severity.rawValue): \(message)"
        }
        return "\(file): \(severity.rawValue): \(message)"
    }

    /// Orders by file, then line and column, then message.
    public static func sortedForDisplay(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics.sorted { a, b in
            if a.file != b.file { return a.file < b.file }
            let la = a.location ?? SourceLocation(line: 0, column: 0)
            let lb = b.location ?? SourceLocation(line: 0, column: 0)
            if la != lb { return la < lb }
            return a.message < b.message
        }
    }
}

extension Diagnostic: Error {}
