/// A problem found before its place in a file is known: the kind and the words of a diagnostic.
/// Whoever knows the file and position makes it a ``Diagnostic``.
package struct Finding: Sendable, Hashable {
    package var id: DiagnosticID
    package var message: String

    package init(_ id: DiagnosticID, _ message: String) {
        self.id = id
        self.message = message
    }

    package func at(_ location: SourceLocation, in file: String) -> Diagnostic {
        Diagnostic(id, message, file: file, at: location)
    }
}
