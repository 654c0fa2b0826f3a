/// A position in a source file.
///
/// Lines and columns are 1-based. For YAML files a column counts Unicode scalars, as libyaml does;
/// for Markdown it counts UTF-8 bytes, as cmark does.
package struct SourceLocation: Sendable, Hashable, Comparable {
    package var line: Int
    package var column: Int

    package init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// The start of the line `lines` below this one; itself when `lines` is 0.
    package func movedDown(_ lines: Int) -> SourceLocation {
        lines == 0 ? self : SourceLocation(line: line + lines, column: 1)
    }

    /// Line 1, column 1: where diagnostics about a whole file point.
    package static let start = SourceLocation(line: 1, column: 1)

    package static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }
}
