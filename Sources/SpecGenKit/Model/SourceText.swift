#if canImport(Glibc)
    import Glibc
#endif

/// Text read from a source file, with where it starts, so that problems found inside it (raw
/// HTML, a broken link) can be reported at the right line of the file.
package struct SourceText: Sendable, Hashable {
    package var text: String
    /// The file's root-relative path.
    package var file: String
    /// Where the text's first line is in the file.
    package var origin: SourceLocation
    /// The columns that a block scalar's lines are indented by; `nil` when the text's lines do not
    /// map to the file's one for one (a folded or quoted scalar), so only lines are shifted.
    package var indent: Int?

    /// For a text made of several whole files one after another (an RST page of matrix-doc):
    /// the line of the text each file starts at, in order. Empty for a text of one file.
    package var parts: [Part] = []

    package struct Part: Sendable, Hashable {
        package var firstLine: Int
        package var file: String
    }

    package init(_ text: String, file: String, origin: SourceLocation = .start, indent: Int? = 0) {
        self.text = text
        self.file = file
        self.origin = origin
        self.indent = indent
    }

    /// The part a line of the text is in.
    private func part(at line: Int) -> Part? {
        parts.last { $0.firstLine <= line } ?? parts.first
    }

    /// The file a position of the text is in: ``file``, unless the text is made of several.
    package func file(at location: SourceLocation) -> String {
        part(at: location.line)?.file ?? file
    }

    /// A position in the file for a 1-based line and column of the text.
    package func fileLocation(_ location: SourceLocation) -> SourceLocation {
        if let part = part(at: location.line) {
            return SourceLocation(line: max(1, location.line - part.firstLine + 1), column: max(1, location.column))
        }
        guard location.line > 0 else { return origin }
        if location.line == 1 {
            return SourceLocation(line: origin.line, column: origin.column + location.column - 1)
        }
        let column = indent.map { $0 + location.column } ?? 1
        return SourceLocation(line: origin.line + location.line - 1, column: column)
    }
}

/// A string as a key by its exact UTF-8 bytes. `String` hashes and compares by Unicode canonical
/// equivalence, which normalises any text that is not ASCII: for the memos keyed by whole pages
/// of text that was most of their cost. Texts that differ in bytes are different sources anyway.
struct ExactText: Hashable, Sendable {
    var text: String

    init(_ text: String) {
        self.text = text
    }

    static func == (a: ExactText, b: ExactText) -> Bool {
        var (x, y) = (a.text, b.text)
        return x.withUTF8 { p in
            y.withUTF8 { q in
                p.count == q.count && (p.count == 0 || memcmp(p.baseAddress!, q.baseAddress!, p.count) == 0)
            }
        }
    }

    func hash(into hasher: inout Hasher) {
        var text = self.text
        text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}

extension SourceText {
    package static func == (a: SourceText, b: SourceText) -> Bool {
        a.file == b.file && a.origin == b.origin && a.indent == b.indent && ExactText(a.text) == ExactText(b.text)
    }

    package func hash(into hasher: inout Hasher) {
        hasher.combine(ExactText(text))
        hasher.combine(file)
        hasher.combine(origin)
        hasher.combine(indent)
    }
}
