/// One problem found in the sources, printed the way a compiler prints it.
package struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    package enum Severity: String, Sendable, Hashable {
        case error
        case warning
    }

    /// What kind of problem it is: a stable name that `--warn`, `--error` and `--ignore` take.
    package var id: DiagnosticID
    package var severity: Severity
    /// The file's path relative to the source root (or as given, for files outside it).
    package var file: String
    /// Where in the file; line 1, column 1 for a problem with the whole file.
    package var location: SourceLocation
    package var message: String
    /// More to say, each a sentence of its own, such as "did you mean 'filename'?".
    package var notes: [String] = []

    /// A diagnostic of its kind's default severity.
    package init(
        _ id: DiagnosticID, _ message: String, file: String, at location: SourceLocation = .start, notes: [String] = []
    ) {
        self.id = id
        severity = id.defaultSeverity
        self.file = file
        self.location = location
        self.message = message
        self.notes = notes
    }

    /// `path:line:col: error: message [id]`, then a `note:` line for each note. A message that
    /// quotes source over several lines is written on one, so that each line is one diagnostic.
    package var description: String {
        let place = "\(file.isEmpty ? "." : file):\(location.line):\(location.column)"
        var text = "\(place): \(severity.rawValue): \(Self.oneLine(message)) [\(id.name)]"
        for note in notes { text += "\n\(place): note: \(Self.oneLine(note))" }
        return text
    }

    /// The text with each line break (and other control character but the tab) as a space.
    static func oneLine(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && $0 != "\t" }) else {
            return text
        }
        return String(
            String.UnicodeScalarView(
                text.replacingOccurrences(of: "\r\n", with: "\n").unicodeScalars.map {
                    $0.properties.generalCategory == .control && $0 != "\t" ? " " : $0
                }))
    }

    /// Orders by file, then line and column, then errors first, then message.
    package static func sortedForDisplay(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics.sorted { a, b in
            if a.file != b.file { return a.file < b.file }
            if a.location != b.location { return a.location < b.location }
            if a.severity != b.severity { return a.severity == .error }
            if a.message != b.message { return a.message < b.message }
            return a.id.name < b.id.name
        }
    }
}

extension Diagnostic: Error {}
