/// Text read from a source file, with where it starts, so that problems found inside it (raw
/// HTML, a broken link) can be reported at the right line of the file.
public struct SourceText: Sendable, Hashable {
    public var text: String
    /// The file's root-relative path.
    public var file: String
    /// Where the text's first line is in the file.
    public var origin: SourceLocation
    /// The columns that a block scalar's lines are indented by; `nil` when the text's lines do not
    /// map to the file's one for one (a folded or quoted scalar), so only lines are shifted.
    public var indent: Int?

    public init(_ text: String, file: String, origin: SourceLocation = .start, indent: Int? = 0) {
        self.text = text
        self.file = file
        self.origin = origin
        self.indent = indent
    }

    /// A position in the file for a 1-based line and column of the text.
    public func fileLocation(_ location: SourceLocation) -> SourceLocation {
        guard location.line > 0 else { return origin }
        if location.line == 1 {
            return SourceLocation(line: origin.line, column: origin.column + location.column - 1)
        }
        let column = indent.map { $0 + location.column } ?? 1
        return SourceLocation(line: origin.line + location.line - 1, column: column)
    }
}
