/// One problem found in the sources, printed the way a compiler prints it.
package struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    package enum Severity: String, Sendable, Hashable {
        case error
        case warning
    }

    package var severity: Severity
    /// The file's path relative to the source root (or as given, for files outside it).
    package var file: String
    /// Where in the file; line 1, column 1 for a problem with the whole file.
    package var location: SourceLocation
    package var message: String

    package init(_ severity: Severity, _ message: String, file: String, at location: SourceLocation = .start) {
        self.severity = severity
        self.file = file
        self.location = location
        self.message = message
    }

    package static func error(_ message: String, file: String, at location: SourceLocation = .start) -> Diagnostic {
        Diagnostic(.error, message, file: file, at: location)
    }

    package static func warning(_ message: String, file: String, at location: SourceLocation = .start) -> Diagnostic {
        Diagnostic(.warning, message, file: file, at: location)
    }

    /// `path:line:col: error: message`.
    package var description: String {
        "\(file.isEmpty ? "." : file):\(location.line):\(location.column): \(severity.rawValue): \(message)"
    }

    /// Orders by file, then line and column, then message.
    package static func sortedForDisplay(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics.sorted { a, b in
            if a.file != b.file { return a.file < b.file }
            if a.location != b.location { return a.location < b.location }
            if a.severity != b.severity { return a.severity == .error }
            return a.message < b.message
        }
    }
}

extension Diagnostic: Error {}
