/// The inline markup of reStructuredText, as docutils recognises it: literals, emphasis,
/// references (named, anonymous, embedded URIs, simple `name_`), substitutions, roles, footnote
/// references and standalone URIs.
///
/// References stay unresolved here (``RSTReference``): which target a name means is known only
/// once the whole page is read.
struct RSTInlineParser {
    /// The text of one paragraph (or title, or cell), lines joined by `\n`.
    let text: [Character]
    /// Where each line of the text starts in the source, and at which offset in `text`.
    let lineStarts: [(offset: Int, location: SourceLocation)]
    var findings: [(Finding, SourceLocation)] = []

    init(_ lines: [RSTLine]) {
        var characters: [Character] = []
        var starts: [(Int, SourceLocation)] = []
        for (index, line) in lines.enumerated() {
            if index > 0 { characters.append("\n") }
            starts.append((characters.count, SourceLocation(line: line.number, column: line.column)))
            characters += line.text
        }
        text = characters
        lineStarts = starts
    }

    func location(at offset: Int) -> SourceLocation {
        var found = lineStarts.first?.location ?? .start
        var startOffset = 0
        for start in lineStarts where start.offset <= offset {
            found = start.location
            startOffset = start.offset
        }
        return SourceLocation(line: found.line, column: found.column + offset - startOffset)
    }

    // MARK: Recognition rules

    private static let openers: Set<Character> = ["'", "\"", "(", "[", "{", "<", "-", "/", ":", "‘", "“", "«"]
    private static let closers: Set<Character> = [
        "'", "\"", ")", "]", "}", ">", "-", "/", ":", ".", ",", ";", "!", "?", "\\", "’", "”", "»",
    ]

    /// Whether inline markup may start at `index`: at the start, or after white space or an opening punctuation.
    private func canStart(at index: Int, length: Int) -> Bool {
        let after = index + length
        guard after < text.count, !text[after].isWhitespace else { return false }
        guard index > 0 else { return true }
        let before = text[index - 1]
        return before.isWhitespace || Self.openers.contains(before)
    }

    /// Whether an end-string at `index` of `length` may close markup.
    private func canEnd(at index: Int, length: Int) -> Bool {
        guard index > 0, !text[index - 1].isWhitespace else { return false }
        let after = index + length
        guard after < text.count else { return true }
        return text[after].isWhitespace || Self.closers.contains(text[after])
    }

    private func matches(_ string: String, at index: Int) -> Bool {
        var position = index
        for character in string {
            guard position < text.count, text[position] == character else { return false }
            position += 1
        }
        return true
    }

    /// The first end-string at or after `from` that may close markup.
    private func findEnd(_ string: String, from: Int) -> Int? {
        var index = from
        while index < text.count {
            if text[index] == "\\" {
                index += 2
                continue
            }
            if matches(string, at: index), canEnd(at: index, length: string.count) { return index }
            index += 1
        }
        return nil
    }

    /// The closing backquote of interpreted text or a reference: what may follow it is judged
    /// after its `_`, `__` or `:role:` suffix.
    private func findInterpretedEnd(from: Int, closing: Character = "`") -> Int? {
        var index = from
        while index < text.count {
            if text[index] == "\\" {
                index += 2
                continue
            }
            if text[index] == closing, index > from, !text[index - 1].isWhitespace {
                var suffix = 1
                if matches("__", at: index + 1) {
                    suffix = 3
                } else if matches("_", at: index + 1) {
                    suffix = 2
                } else if matches(":", at: index + 1) {
                    var roleEnd = index + 2
                    while roleEnd < text.count, text[roleEnd].isLetter || text[roleEnd] == "-" { roleEnd += 1 }
                    if roleEnd < text.count, text[roleEnd] == ":" { suffix = roleEnd - index + 1 }
                }
                if canEnd(at: index, length: suffix) { return index }
            }
            index += 1
        }
        return nil
    }

    /// The same without escapes: inside a literal a backslash is itself.
    private func findLiteralEnd(from: Int) -> Int? {
        var index = from
        while index + 1 < text.count {
            if text[index] == "`", text[index + 1] == "`", canEnd(at: index, length: 2),
                index + 2 >= text.count || text[index + 2] != "`"
            {
                return index
            }
            index += 1
        }
        return nil
    }

    // MARK: Parsing

    mutating func parse() -> [MarkdownInline] {
        var output: [MarkdownInline] = []
        /// Text not yet made an inline; a simple reference name (`name_`) is taken from its end.
        var buffer = ""
        func flush() {
            if !buffer.isEmpty { output.append(.text(buffer)) }
            buffer = ""
        }
        var index = 0
        /// Where the last literal that docutils does not read ends: its closing backquotes open nothing.
        var shownAsWritten = 0
        while index < text.count {
            let character = text[index]
            switch character {
            case "\\":
                if index + 1 < text.count {
                    let next = text[index + 1]
                    if !next.isWhitespace { buffer.append(next) }
                    index += 2
                } else {
                    index += 1
                }
                continue
            case "\n":
                flush()
                output.append(.softBreak)
                index += 1
                continue
            case "`" where matches("``", at: index) && canStart(at: index, length: 2):
                if let end = findLiteralEnd(from: index + 2) {
                    flush()
                    output.append(.code(Self.oneLine(text[(index + 2)..<end])))
                    index = end + 2
                    continue
                }
            case "`" where index >= shownAsWritten && matches("``", at: index) && !canStart(at: index, length: 2):
                // `?key=``value```: docutils reads markup only after a space or punctuation, so
                // the backquotes are shown; the author meant a literal.
                if index + 2 < text.count, !text[index + 2].isWhitespace, text[index + 2] != "`",
                    let end = findLiteralEnd(from: index + 2)
                {
                    shownAsWritten = end + 2
                    findings.append(
                        (
                            Finding(
                                .rstMarkup,
                                "'\(String(text[index..<(end + 2)]))' is not read as a literal: docutils reads markup only after a space or punctuation; it is shown as written"
                            ), location(at: index)
                        ))
                }
            case "*" where matches("**", at: index) && canStart(at: index, length: 2):
                if let end = findEnd("**", from: index + 3) {
                    flush()
                    output.append(.strong([.text(unescaped(index + 2, end))]))
                    index = end + 2
                    continue
                }
            case "*" where canStart(at: index, length: 1):
                if let end = findEnd("*", from: index + 2) {
                    flush()
                    output.append(.emphasis([.text(unescaped(index + 1, end))]))
                    index = end + 1
                    continue
                }
            case ":" where canStart(at: index, length: 1):
                if let (inline, next) = role(at: index) {
                    flush()
                    output.append(inline)
                    index = next
                    continue
                }
            case "`" where canStart(at: index, length: 1):
                if let (inline, next) = interpreted(at: index, role: nil) {
                    flush()
                    output.append(inline)
                    index = next
                    continue
                }
            case "|" where canStart(at: index, length: 1):
                if let end = findInterpretedEnd(from: index + 1, closing: "|") {
                    let name = String(text[(index + 1)..<end])
                    var next = end + 1
                    var reference: RSTReference.Kind?
                    if matches("__", at: next) {
                        reference = .anonymous
                        next += 2
                    } else if matches("_", at: next) {
                        reference = .named(DocutilsNames.normalized(name))
                        next += 1
                    }
                    flush()
                    output.append(RSTReference.substitution(name, reference: reference, at: location(at: index)))
                    index = next
                    continue
                }
            case "_" where matches("_`", at: index) && canStart(at: index, length: 2):
                if let end = findEnd("`", from: index + 2) {
                    flush()
                    let words = unescaped(index + 2, end)
                    output.append(.html(RSTReference.anchorHTML(DocutilsNames.id(words)), location(at: index)))
                    output.append(.text(words))
                    index = end + 1
                    continue
                }
            case "[" where canStart(at: index, length: 1):
                // `[RFC 5869](https://…)`: Markdown written in RST by mistake; read as the link it means.
                if let close = text[index...].firstIndex(of: "]"), matches("](http", at: close),
                    let end = text[close...].firstIndex(of: ")"), !text[close..<end].contains(where: \.isWhitespace)
                {
                    flush()
                    let at = location(at: index)
                    findings.append(
                        (
                            Finding(.rstMarkup, "a Markdown link in reStructuredText; it is read as the link it means"),
                            at
                        ))
                    let url = String(text[(close + 2)..<end])
                    output.append(
                        .link(destination: url, title: "", content: [.text(unescaped(index + 1, close))], location: at))
                    index = end + 1
                    continue
                }
                if let close = text[index...].firstIndex(of: "]"), matches("]_", at: close),
                    canEnd(at: close + 1, length: 1)
                {
                    let label = String(text[(index + 1)..<close])
                    if label == "#" || label.hasPrefix("#") || label.allSatisfy(\.isNumber) {
                        flush()
                        output.append(RSTReference.footnote(label, at: location(at: index)))
                        index = close + 2
                        continue
                    }
                }
            case "h", "m":
                if canStart(at: index, length: 1) || index == 0, let (url, next) = standaloneURI(at: index) {
                    flush()
                    output.append(
                        .link(destination: url, title: "", content: [.text(url)], location: location(at: index)))
                    index = next
                    continue
                }
            case "_":
                // `name_` and `name__`: a simple reference name just written.
                let isAnonymous = matches("__", at: index)
                let length = isAnonymous ? 2 : 1
                if canEnd(at: index, length: length), let word = trailingReferenceName(buffer) {
                    buffer.removeLast(word.count)
                    flush()
                    let kind: RSTReference.Kind = isAnonymous ? .anonymous : .named(DocutilsNames.normalized(word))
                    output.append(RSTReference.link([.text(word)], kind, at: location(at: index - word.count)))
                    index += length
                    continue
                }
            default:
                break
            }
            buffer.append(character)
            index += 1
        }
        flush()
        return output
    }

    /// The text between two offsets with backslash escapes removed.
    private func unescaped(_ start: Int, _ end: Int) -> String {
        var result = ""
        var index = start
        while index < end {
            if text[index] == "\\", index + 1 < end {
                if !text[index + 1].isWhitespace { result.append(text[index + 1]) }
                index += 2
            } else {
                result.append(text[index])
                index += 1
            }
        }
        return result
    }

    /// The reference name a text ends with (`Client_Auth` of "see Client_Auth"), if it could be one:
    /// letters and digits, joined by single `-`, `_`, `.`, `:` or `+`, after white space or an opener.
    private func trailingReferenceName(_ buffer: String) -> String? {
        let characters = Array(buffer)
        var start = characters.count
        while start > 0 {
            let character = characters[start - 1]
            if character.isLetter || character.isNumber {
                start -= 1
            } else if "-_.:+".contains(character), start > 1, start < characters.count,
                characters[start - 2].isLetter || characters[start - 2].isNumber
            {
                start -= 1
            } else {
                break
            }
        }
        guard start < characters.count, characters[start].isLetter || characters[start].isNumber else { return nil }
        if start > 0 {
            let before = characters[start - 1]
            guard before.isWhitespace || Self.openers.contains(before) else { return nil }
        }
        return String(characters[start...])
    }

    /// `:role:`text``: the role's inline.
    private mutating func role(at index: Int) -> (MarkdownInline, Int)? {
        var end = index + 1
        while end < text.count, text[end].isLetter || text[end].isNumber || "-_.+".contains(text[end]) { end += 1 }
        guard end > index + 1, end + 1 < text.count, text[end] == ":", text[end + 1] == "`" else { return nil }
        let name = String(text[(index + 1)..<end]).lowercased()
        return interpreted(at: end + 1, role: name, roleStart: index)
    }

    /// `` `text` `` with an optional role, or a reference `` `text`_ ``, `` `text <url>`__ ``.
    private mutating func interpreted(at index: Int, role: String?, roleStart: Int? = nil) -> (MarkdownInline, Int)? {
        guard let end = findInterpretedEnd(from: index + 1) else { return nil }
        let body = String(text[(index + 1)..<end])
        let at = location(at: roleStart ?? index)
        var next = end + 1
        if role == nil, matches("__", at: next) || matches("_", at: next) {
            let isAnonymous = matches("__", at: next)
            next += isAnonymous ? 2 : 1
            return (reference(body, anonymous: isAnonymous, at: at), next)
        }
        var role = role
        if role == nil, matches(":", at: next) {
            // A role written after the text: `x`:math:.
            var roleEnd = next + 1
            while roleEnd < text.count, text[roleEnd].isLetter || text[roleEnd] == "-" { roleEnd += 1 }
            if roleEnd < text.count, text[roleEnd] == ":", roleEnd > next + 1 {
                role = String(text[(next + 1)..<roleEnd]).lowercased()
                next = roleEnd + 1
            }
        }
        let content = unescaped(index + 1, end)
        switch role {
        case nil, "title-reference", "title", "t", "emphasis":
            return (.emphasis([.text(content)]), next)
        case "strong":
            return (.strong([.text(content)]), next)
        case "code", "literal":
            return (.code(body), next)
        case "math":
            return (.math(body, at), next)
        case "sup", "superscript":
            return (.html("<sup>" + HTMLWriter.escaped(content) + "</sup>", at), next)
        case "sub", "subscript":
            return (.html("<sub>" + HTMLWriter.escaped(content) + "</sub>", at), next)
        case let other?:
            findings.append(
                (
                    Finding(.rstMarkup, "unknown role ':\(other):'; its text is shown as it is"),
                    at
                ))
            return (.text(content), next)
        }
    }

    /// `text <url>`_, `text <name_>`_ or `name`_.
    private func reference(_ body: String, anonymous: Bool, at location: SourceLocation) -> MarkdownInline {
        let trimmed = Self.oneLine(body).trimming(" ")
        if trimmed.hasSuffix(">"), let open = trimmed.lastIndex(of: "<"),
            open == trimmed.startIndex || trimmed[trimmed.index(before: open)].isWhitespace
        {
            let label = trimmed[..<open].trimming(" ")
            var target = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
            target = target.filter { !$0.isWhitespace }
            let content: [MarkdownInline] = [.text(label.isEmpty ? target : Self.unescapedText(label))]
            if target.hasSuffix("_"), !target.hasSuffix("\\_") {
                return RSTReference.link(
                    content, .named(DocutilsNames.normalized(String(target.dropLast()))), at: location)
            }
            return RSTReference.link(content, .uri(Self.unescapedText(target), label: label), at: location)
        }
        let words = Self.unescapedText(Self.oneLine(body))
        return RSTReference.link(
            [.text(words)], anonymous ? .anonymous : .named(DocutilsNames.normalized(words)), at: location)
    }

    /// The characters with each line break a space.
    private static func oneLine(_ characters: some Sequence<Character>) -> String {
        String(characters.map { $0 == "\n" ? " " : $0 })
    }

    private static func unescapedText(_ text: some StringProtocol) -> String {
        var result = ""
        var escaping = false
        for character in text {
            if escaping {
                result.append(character)
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else {
                result.append(character)
            }
        }
        return result
    }

    /// `https://…` or `mailto:…` standing alone, without the punctuation that ends a sentence.
    private func standaloneURI(at index: Int) -> (String, Int)? {
        guard matches("https://", at: index) || matches("http://", at: index) || matches("mailto:", at: index) else {
            return nil
        }
        var end = index
        while end < text.count, !text[end].isWhitespace, !"<>\"`".contains(text[end]) { end += 1 }
        while end > index, ".,;:!?)'".contains(text[end - 1]) { end -= 1 }
        let url = String(text[index..<end])
        guard url.count > 8 else { return nil }
        return (url, end)
    }
}

/// A reference waiting for its target: the inline forms the parser leaves for the page to resolve.
enum RSTReference {
    enum Kind {
        /// `name`_ : matched by normalised name.
        case named(String)
        /// `text`__ : the next anonymous target of the page.
        case anonymous
        /// `text <https://…>`_ : its own target; `label` also names it for later references.
        case uri(String, label: String)
    }

    /// The markers are links whose destination starts with this, never written out: the page's
    /// resolution replaces each.
    static let scheme = "specgen-rst-pending:"

    static func link(_ content: [MarkdownInline], _ kind: Kind, at location: SourceLocation) -> MarkdownInline {
        let destination: String
        switch kind {
        case .named(let name): destination = scheme + "name:" + name
        case .anonymous: destination = scheme + "anonymous:"
        case .uri(let uri, let label):
            // A label with its own URI also defines a target of that name, as docutils does.
            destination = scheme + "uri:" + DocutilsNames.normalized(label) + "\u{0}" + uri
        }
        return .link(destination: destination, title: "", content: content, location: location)
    }

    static func substitution(_ name: String, reference: Kind?, at location: SourceLocation) -> MarkdownInline {
        var destination = scheme + "substitution:" + name
        switch reference {
        case .named(let target)?: destination += "\u{0}" + target
        case .anonymous?: destination += "\u{0}"
        case .uri, nil: break
        }
        return .link(destination: destination, title: "", content: [.text(name)], location: location)
    }

    static func footnote(_ label: String, at location: SourceLocation) -> MarkdownInline {
        .link(destination: scheme + "footnote:" + label, title: "", content: [.text(label)], location: location)
    }

    /// An empty element that only carries an id, for a target that is not a heading.
    static func anchorHTML(_ id: String) -> String {
        "<span id=\"" + HTMLWriter.escaped(id) + "\"></span>"
    }
}
