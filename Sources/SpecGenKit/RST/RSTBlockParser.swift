/// One line of reStructuredText, with where it is in its file.
struct RSTLine {
    var text: String
    /// 1-based, in the text the page's locations count in.
    var number: Int
    /// 1-based column of the text's first character.
    var column: Int

    var isBlank: Bool { text.allSatisfy { $0 == " " || $0 == "\t" } }
    var indent: Int { text.prefix { $0 == " " }.count }

    /// The line without its first `count` columns.
    func dedented(_ count: Int) -> RSTLine {
        let removed = min(count, indent)
        return RSTLine(text: String(text.dropFirst(removed)), number: number, column: column + removed)
    }
}

/// What a `{{variable}}` stands for: its blocks, and the names of the sections they make
/// (`m.room.member`), which references may name, with their ids.
struct RSTExpansion {
    var blocks: [MarkdownBlock]
    var names: [String: String] = [:]
    /// Ids to put before the blocks, as the sections gendoc made had them (`m-room-member`).
    var anchors: [String] = []
}

/// What the RST of one page defines besides its blocks, which references resolve against.
struct RSTDefinitions {
    /// `.. _name: https://…` and `text <https://…>`_ (by normalised name): a URI.
    var uris: [String: String] = [:]
    /// `.. _name:` before an element, and section titles: an id on the page.
    var ids: [String: String] = [:]
    /// `.. __: https://…` and `__ https://…`, in order.
    var anonymous: [String] = []
    /// `.. |name| replace:: text`.
    var substitutions: [String: [MarkdownInline]] = [:]
    /// `.. [#] text`: the footnotes' ids, in order, and their numbers.
    var footnotes: [String] = []
}

/// The block structure of reStructuredText, as docutils reads it, on the document model that
/// Markdown pages use: sections, paragraphs, literal blocks, lists, field and definition lists,
/// grid and simple tables, block quotes, targets, substitutions, footnotes, comments and the
/// directives matrix-doc's prose uses.
///
/// `{{variable}}` lines are handed to `expand`, which gives the blocks they stand for.
struct RSTBlockParser {
    /// The adornment characters, from the top level down (`targets.yaml`'s `title_styles`).
    var titleStyles: [Character]
    /// The levels a file's titles are moved down by (its depth in `targets.yaml`).
    var levelOffset = 0
    /// The blocks a `{{variable}}` stands for; `nil` for one that names nothing.
    var expand: (String, SourceLocation) -> RSTExpansion?

    var definitions = RSTDefinitions()
    var findings: [(Finding, SourceLocation)] = []
    /// The text of the page's first top-level title, which is the page's title.
    var title: String?
    /// Ids of `.. _name:` targets that wait for the element they name.
    private var pendingTargets: [String] = []
    /// The ids of the anchors that expansions have written on the page.
    private var writtenAnchors = Set<String>()
    /// The ids of the page's sections so far.
    private var sectionIDs = Set<String>()
    /// Adornments met that `titleStyles` does not list, in the order met.
    private var extraStyles: [String] = []

    init(titleStyles: [Character], levelOffset: Int = 0, expand: @escaping (String, SourceLocation) -> RSTExpansion?) {
        self.titleStyles = titleStyles
        self.levelOffset = levelOffset
        self.expand = expand
    }

    /// The limit on nesting (block quotes in lists in directives…), past which text is shown as code.
    static let maxDepth = 32

    mutating func parse(_ lines: [RSTLine], depth: Int = 0) -> [MarkdownBlock] {
        guard depth < Self.maxDepth else {
            if let first = lines.first {
                findings.append(
                    (
                        Finding(.limitExceeded, "RST nested more than \(Self.maxDepth) levels deep; shown as text"),
                        SourceLocation(line: first.number, column: first.column)
                    ))
            }
            return [.code(info: "", literal: lines.map(\.text).joined(separator: "\n"))]
        }
        var blocks: [MarkdownBlock] = []
        var index = 0
        var literalFollows = false
        while index < lines.count {
            let line = lines[index]
            if line.isBlank {
                index += 1
                continue
            }
            let location = SourceLocation(line: line.number, column: line.column)
            // An indented block: the literal block a `::` announced, else a block quote.
            if line.indent > 0 {
                var end = index
                while end < lines.count, lines[end].isBlank || lines[end].indent > 0 { end += 1 }
                let block = Self.dedent(Array(lines[index..<end]))
                if literalFollows {
                    blocks.append(.code(info: "", literal: block.map(\.text).joined(separator: "\n")))
                } else {
                    blocks.append(.blockQuote(parse(block, depth: depth + 1)))
                }
                literalFollows = false
                index = end
                continue
            }
            literalFollows = false
            let text = line.text
            if text.hasPrefix("{{"), text.trimming(" ").hasSuffix("}}") {
                let name = text.trimming(" ").dropFirst(2).dropLast(2).trimming(" ")
                if let expanded = expand(name, location) {
                    // An anchor the page has already (a section of that title, the same event twice) is not written again.
                    var anchors: [MarkdownBlock] = []
                    for id in expanded.anchors where !writtenAnchors.contains(id) && !sectionIDs.contains(id) {
                        writtenAnchors.insert(id)
                        anchors.append(.html(RSTReference.anchorHTML(id), location))
                    }
                    blocks += attachTargets(anchors + expanded.blocks)
                    for (target, id) in expanded.names where definitions.ids[target] == nil {
                        definitions.ids[target] = id
                    }
                } else {
                    findings.append(
                        (
                            Finding(
                                .templateVariable,
                                "'{{\(name)}}' names no API file, event, definition or changelog of this tree; nothing is shown for it"
                            ), location
                        ))
                }
                index += 1
                continue
            }
            if text == ".." || text.hasPrefix(".. ") {
                let end = explicitBlockEnd(lines, from: index)
                blocks += explicitMarkup(Array(lines[index..<end]), depth: depth)
                index = end
                continue
            }
            if text.hasPrefix("__ ") {
                definitions.anonymous.append(String(text.dropFirst(3)).trimming(" "))
                index += 1
                continue
            }
            if let (heading, next) = section(lines, at: index) {
                if let heading { blocks += attachTargets([heading]) }
                index = next
                continue
            }
            if Self.isAdornment(text), text.count >= 4, index + 1 >= lines.count || lines[index + 1].isBlank {
                blocks.append(.thematicBreak)
                index += 1
                continue
            }
            if text.hasPrefix("+-"), text.hasSuffix("+"), let (table, next) = gridTable(lines, at: index) {
                blocks += attachTargets([table])
                index = next
                continue
            }
            if Self.isSimpleTableBorder(text), let (table, next) = simpleTable(lines, at: index) {
                blocks += attachTargets([table])
                index = next
                continue
            }
            if let marker = Self.bulletMarker(text) ?? enumeratorMarker(lines, at: index) {
                let (list, next) = self.list(lines, at: index, first: marker, depth: depth)
                blocks += attachTargets([list])
                index = next
                continue
            }
            if Self.fieldName(text) != nil {
                let (list, next) = fieldList(lines, at: index, depth: depth)
                blocks += attachTargets([list])
                index = next
                continue
            }
            // A paragraph: the lines up to a blank or indented one.
            var end = index + 1
            while end < lines.count, !lines[end].isBlank, lines[end].indent == 0 { end += 1 }
            if end == index + 1, end < lines.count, !lines[end].isBlank, lines[end].indent > 0, !text.hasSuffix("::") {
                let (list, next) = definitionList(lines, at: index, depth: depth)
                blocks += attachTargets([list])
                index = next
                continue
            }
            var paragraph = Array(lines[index..<end])
            var last = paragraph[paragraph.count - 1].text
            if last.hasSuffix("::") {
                literalFollows = true
                last.removeLast()
                if last.trimming(" ") == ":" {
                    paragraph.removeLast()
                } else if last.hasSuffix(" :") || last.hasSuffix("\t:") {
                    last = String(last.dropLast().trimming(" "))
                    paragraph[paragraph.count - 1].text = last
                } else {
                    paragraph[paragraph.count - 1].text = last
                }
            }
            if !paragraph.isEmpty { blocks += attachTargets([.paragraph(inlines(paragraph))]) }
            index = end
        }
        return blocks
    }

    // MARK: Pieces

    /// The inlines of some lines, with what the inline parser found.
    mutating func inlines(_ lines: [RSTLine]) -> [MarkdownInline] {
        var parser = RSTInlineParser(lines)
        let result = parser.parse()
        findings += parser.findings
        return result
    }

    /// Blocks with the ids of the targets before them in front.
    private mutating func attachTargets(_ blocks: [MarkdownBlock]) -> [MarkdownBlock] {
        guard !pendingTargets.isEmpty else { return blocks }
        var headingID: String?
        if case .heading(let heading)? = blocks.first { headingID = heading.derivedID }
        let anchors = pendingTargets.filter { $0 != headingID }.map {
            MarkdownBlock.html(RSTReference.anchorHTML($0), .start)
        }
        pendingTargets = []
        return anchors + blocks
    }

    /// The lines of one piece of explicit markup: its first line and the indented or blank lines after it.
    private func explicitBlockEnd(_ lines: [RSTLine], from index: Int) -> Int {
        var end = index + 1
        while end < lines.count, lines[end].isBlank || lines[end].indent > 0 { end += 1 }
        while end > index + 1, lines[end - 1].isBlank { end -= 1 }
        return end
    }

    /// The lines less their common indentation, without blank lines at either end.
    static func dedent(_ lines: [RSTLine]) -> [RSTLine] {
        var result = dedentKeepingBlanks(lines)
        while result.last?.isBlank == true { result.removeLast() }
        while result.first?.isBlank == true { result.removeFirst() }
        return result
    }

    // MARK: Sections

    static func isAdornment(_ text: String) -> Bool {
        guard let first = text.first, !text.isEmpty, "=-~+^`@:#*'\"._!$%&,;<>?/|\\[]{}()".contains(first) else {
            return false
        }
        return text.allSatisfy { $0 == first } || text.trimming(" ").allSatisfy { $0 == first } && text.first != " "
    }

    /// A section title at `index` (underlined, or over- and underlined): its heading, or `nil`
    /// for the page's title, and the line after it.
    private mutating func section(_ lines: [RSTLine], at index: Int) -> (MarkdownBlock?, Int)? {
        let line = lines[index]
        var titleLine: RSTLine
        var style: String
        var next: Int
        if Self.isAdornment(line.text.trimming(" ")), index + 2 < lines.count,
            lines[index + 2].text.trimming(" ") == line.text.trimming(" "), !lines[index + 1].isBlank
        {
            titleLine = lines[index + 1]
            titleLine.text = titleLine.text.trimming(" ")
            style = String(line.text.first!) + "o"
            next = index + 3
        } else if index + 1 < lines.count, !Self.isAdornment(line.text) || line.text.count < 4 {
            let under = lines[index + 1].text.trimming(" ")
            guard lines[index + 1].indent == 0, Self.isAdornment(under), under.count >= min(4, line.text.count),
                under.count >= line.text.trimming(" ").count || under.count >= 4
            else { return nil }
            titleLine = line
            style = String(under.first!)
            next = index + 2
        } else {
            return nil
        }
        let level = self.level(of: style)
        let content = inlines([titleLine])
        let text = MarkdownInline.plainText(content).trimming(" ")
        let id = DocutilsNames.id(text)
        definitions.ids[DocutilsNames.normalized(text)] = definitions.ids[DocutilsNames.normalized(text)] ?? id
        if level <= 1 && title == nil {
            title = text
            return (nil, next)
        }
        var heading = MarkdownHeading(
            level: min(max(level, 2), 6), content: content, explicitID: nil, classes: [], id: nil,
            location: SourceLocation(line: titleLine.number, column: titleLine.column))
        heading.derivedID = id.isEmpty ? "section" : id
        sectionIDs.insert(heading.derivedID!)
        return (.heading(heading), next)
    }

    /// The place of the first title of the file being read among the styles: its titles are
    /// counted from there, as gendoc does, so a file that starts with `---` titles is not one level deeper.
    private var fileOffset: Int?

    /// Starts the next file of the page, whose titles move down by `depth`.
    mutating func startFile(depth: Int) {
        levelOffset = depth
        fileOffset = nil
    }

    /// A title's level, 1 for the page's: its adornment's place in the styles, counted from the
    /// file's first title's and moved down by the file's depth.
    private mutating func level(of style: String) -> Int {
        var index: Int
        if style.count == 1, let known = titleStyles.firstIndex(of: style.first!) {
            index = known
        } else {
            if !extraStyles.contains(style) { extraStyles.append(style) }
            index = titleStyles.count + extraStyles.firstIndex(of: style)!
        }
        if fileOffset == nil { fileOffset = index }
        return index - fileOffset! + 1 + levelOffset
    }

    // MARK: Lists

    private static func bulletMarker(_ text: String) -> Int? {
        guard let first = text.first, "-*+•".contains(first) else { return nil }
        if text.count == 1 { return 2 }
        return text.dropFirst().first == " " ? 2 + text.dropFirst().prefix { $0 == " " }.count - 1 : nil
    }

    /// The width of an enumerator (`1. `, `#. `, `a) `, `(2) `) at `index`, when the next line
    /// does not make it a paragraph's first line.
    private func enumeratorMarker(_ lines: [RSTLine], at index: Int) -> Int? {
        guard let width = Self.enumeratorWidth(lines[index].text) else { return nil }
        if index + 1 < lines.count {
            let next = lines[index + 1]
            if !next.isBlank, next.indent == 0, Self.enumeratorWidth(next.text) == nil { return nil }
        }
        return width
    }

    /// What kind of enumerator a line starts with: its label's kind and its punctuation.
    private static func enumeratorStyle(_ text: String) -> String {
        let label = text.drop { $0 == "(" }.prefix { $0.isNumber || $0 == "#" || $0.isLetter }
        let kind =
            label == "#" ? "#" : label.allSatisfy(\.isNumber) ? "1" : label.first?.isUppercase == true ? "A" : "a"
        let punctuation = text.drop { $0 == "(" }.dropFirst(label.count).first.map(String.init) ?? ""
        return (text.hasPrefix("(") ? "(" : "") + kind + punctuation
    }

    private static func enumeratorWidth(_ text: String) -> Int? {
        var characters = Substring(text)
        var width = 0
        let parenthesised = characters.first == "("
        if parenthesised {
            characters = characters.dropFirst()
            width += 1
        }
        let label = characters.prefix { $0.isNumber || $0 == "#" || ($0.isLetter && $0.isASCII) }
        guard !label.isEmpty, label == "#" || label.allSatisfy(\.isNumber) || label.count == 1 else { return nil }
        characters = characters.dropFirst(label.count)
        width += label.count
        guard let close = characters.first, parenthesised ? close == ")" : (close == "." || close == ")") else {
            return nil
        }
        characters = characters.dropFirst()
        width += 1
        guard characters.first == " " || characters.isEmpty else { return nil }
        return width + 1 + characters.dropFirst().prefix { $0 == " " }.count
    }

    private mutating func list(_ lines: [RSTLine], at start: Int, first: Int, depth: Int) -> (MarkdownBlock, Int) {
        let ordered = Self.bulletMarker(lines[start].text) == nil
        let bullet = lines[start].text.first
        var items: [[MarkdownBlock]] = []
        var index = start
        var tight = true
        var startNumber = 1
        if ordered, let number = Int(lines[start].text.prefix { $0.isNumber }) { startNumber = number }
        while index < lines.count {
            let line = lines[index]
            let width: Int?
            if ordered {
                // A list goes on while its enumerators keep their style: `#.` after `#.`, `1)` after `1)`.
                width =
                    items.isEmpty
                    ? first
                    : Self.enumeratorStyle(line.text) == Self.enumeratorStyle(lines[start].text)
                        ? Self.enumeratorWidth(line.text) : nil
            } else {
                width = line.text.first == bullet ? Self.bulletMarker(line.text) : nil
            }
            guard let width, line.indent == 0 else { break }
            var body = [line.dedented(0)]
            body[0].text = String(line.text.dropFirst(width))
            body[0].column += width
            var end = index + 1
            while end < lines.count, lines[end].isBlank || lines[end].indent > 0 { end += 1 }
            var itemEnd = end
            while itemEnd > index + 1, lines[itemEnd - 1].isBlank { itemEnd -= 1 }
            let rest = Array(lines[(index + 1)..<itemEnd])
            let restIndent = rest.filter { !$0.isBlank }.map(\.indent).min() ?? width
            body += rest.map { $0.dedented(min(width, restIndent)) }
            if rest.contains(where: \.isBlank) { tight = false }
            items.append(parse(body, depth: depth + 1))
            index = end
            if itemEnd < end { tight = tight && end >= lines.count }
            if index < lines.count, itemEnd < end, lines[index].indent == 0 { tight = false }
        }
        return (.list(MarkdownList(ordered: ordered, start: startNumber, tight: tight, items: items)), index)
    }

    /// `:name: body` → the field's name.
    private static func fieldName(_ text: String) -> Substring? {
        guard text.hasPrefix(":"), !text.hasPrefix("::") else { return nil }
        var index = text.index(after: text.startIndex)
        var inLiteral = false
        while index < text.endIndex {
            let character = text[index]
            if character == "`" { inLiteral.toggle() }
            if character == ":", !inLiteral {
                let after = text.index(after: index)
                if after == text.endIndex || text[after] == " " {
                    let name = text[text.index(after: text.startIndex)..<index]
                    return name.isEmpty || name.first == " " ? nil : name
                }
            }
            if character == "\\" { index = text.index(after: index) }
            if index < text.endIndex { index = text.index(after: index) }
        }
        return nil
    }

    private mutating func fieldList(_ lines: [RSTLine], at start: Int, depth: Int) -> (MarkdownBlock, Int) {
        var items: [MarkdownDefinition] = []
        var index = start
        while index < lines.count {
            if lines[index].isBlank {
                index += 1
                continue
            }
            let line = lines[index]
            guard line.indent == 0, let name = Self.fieldName(line.text) else { break }
            // docutils writes a field's name with its colon: `M_FORBIDDEN:`.
            var nameLine = line
            nameLine.text = String(name) + ":"
            nameLine.column += 1
            let width = name.count + 2
            var end = index + 1
            while end < lines.count, lines[end].isBlank || lines[end].indent > 0 { end += 1 }
            var body: [RSTLine] = []
            let firstText = String(line.text.dropFirst(width)).trimming(" ")
            var rest = Self.dedent(Array(lines[(index + 1)..<end]))
            if !firstText.isEmpty {
                body.append(RSTLine(text: firstText, number: line.number, column: line.column + width + 1))
                if let next = rest.first, next.number == line.number + 1 {
                    body += rest
                } else {
                    body.append(RSTLine(text: "", number: line.number, column: 1))
                    body += rest
                }
                rest = []
            } else {
                body = rest
            }
            items.append(MarkdownDefinition(terms: [inlines([nameLine])], definitions: [parse(body, depth: depth + 1)]))
            index = end
        }
        return (.definitionList(items), index)
    }

    private mutating func definitionList(_ lines: [RSTLine], at start: Int, depth: Int) -> (MarkdownBlock, Int) {
        var items: [MarkdownDefinition] = []
        var index = start
        while index < lines.count {
            var probe = index
            while probe < lines.count, lines[probe].isBlank { probe += 1 }
            guard probe + 1 < lines.count, lines[probe].indent == 0, !lines[probe].isBlank,
                !lines[probe + 1].isBlank, lines[probe + 1].indent > 0,
                probe == start || Self.fieldName(lines[probe].text) == nil
            else { break }
            if probe != start, lines[probe].text.hasPrefix("..") || Self.bulletMarker(lines[probe].text) != nil {
                break
            }
            // `term : classifier` is shown as written, as docutils shows the classifier beside the term.
            let term = lines[probe]
            var end = probe + 1
            while end < lines.count, lines[end].isBlank || lines[end].indent > 0 { end += 1 }
            let body = Self.dedent(Array(lines[(probe + 1)..<end]))
            items.append(MarkdownDefinition(terms: [inlines([term])], definitions: [parse(body, depth: depth + 1)]))
            index = end
        }
        return (.definitionList(items), index)
    }

    // MARK: Explicit markup

    private mutating func explicitMarkup(_ lines: [RSTLine], depth: Int) -> [MarkdownBlock] {
        let first = lines[0]
        let location = SourceLocation(line: first.number, column: first.column)
        let head = String(first.text.dropFirst(2)).trimming(" ")
        let rest = Array(lines.dropFirst())
        // Targets: `.. _name: uri`, `.. _name:`, `.. __: uri`.
        if head.hasPrefix("_") {
            let (name, uri) = Self.target(head + rest.map { $0.text.trimming(" ") }.joined())
            if name == "_" || head.hasPrefix("__:") {
                definitions.anonymous.append(uri)
            } else if uri.isEmpty {
                let id = DocutilsNames.id(name)
                definitions.ids[DocutilsNames.normalized(name)] = id
                pendingTargets.append(id)
            } else if uri.hasSuffix("_"), !uri.hasSuffix("\\_") {
                // An indirect target: another name's target (`` `module:im`_ ``).
                var other = uri.dropLast()
                if other.hasPrefix("`"), other.hasSuffix("`"), other.count > 1 { other = other.dropFirst().dropLast() }
                definitions.uris[DocutilsNames.normalized(name)] =
                    RSTReference.scheme + "name:"
                    + DocutilsNames.normalized(String(other))
            } else {
                definitions.uris[DocutilsNames.normalized(name)] = uri
            }
            return []
        }
        // Substitution definitions: `.. |name| replace:: text`.
        if head.hasPrefix("|"), let close = head.dropFirst().firstIndex(of: "|") {
            let name = String(head[head.index(after: head.startIndex)..<close])
            let after = head[head.index(after: close)...].trimming(" ")
            if after.hasPrefix("replace::") {
                var body = [RSTLine(text: String(after.dropFirst(9)).trimming(" "), number: first.number, column: 1)]
                body += rest.map { $0.dedented($0.indent) }
                definitions.substitutions[name] = inlines(body.filter { !$0.isBlank })
            } else {
                findings.append(
                    (
                        Finding(
                            .rstMarkup,
                            "the substitution '|\(name)|' is defined by '\(after.prefix(30))', which specgen does not read; references to it show its name"
                        ), location
                    ))
            }
            return []
        }
        // Footnotes: `.. [#] text`.
        if head.hasPrefix("["), let close = head.firstIndex(of: "]") {
            let label = String(head[head.index(after: head.startIndex)..<close])
            definitions.footnotes.append(label)
            let number = definitions.footnotes.count
            var body = [
                RSTLine(text: String(head[head.index(after: close)...]).trimming(" "), number: first.number, column: 1)
            ]
            body += Self.dedent(rest)
            var blocks = parse(body, depth: depth + 1)
            let marker: [MarkdownInline] = [
                .html(RSTReference.anchorHTML("footnote-\(number)"), location), .text("[\(number)] "),
            ]
            if case .paragraph(let inlines)? = blocks.first {
                blocks[0] = .paragraph(marker + inlines)
            } else {
                blocks.insert(.paragraph(marker), at: 0)
            }
            return blocks
        }
        // Directives: `.. name:: argument` (docutils allows one space before the `::`).
        if let separator = head.range(of: "::"),
            case let written = head[..<separator.lowerBound].trimming(" "),
            written.allSatisfy({ $0.isLetter || $0.isNumber || "-_:.".contains($0) }), !written.isEmpty,
            head[..<separator.lowerBound].count <= written.count + 1
        {
            let name = written.lowercased()
            let argument = String(head[separator.upperBound...]).trimming(" ")
            return directive(name, argument: argument, body: rest, at: location, depth: depth)
        }
        // Anything else is a comment.
        return []
    }

    /// `_name: uri` (or `` _`name`: uri ``, or `__: uri`) → name and URI, the URI's spaces removed.
    private static func target(_ text: String) -> (String, String) {
        var body = text.dropFirst()
        var name: Substring
        if body.hasPrefix("`"), let close = body.dropFirst().firstIndex(of: "`") {
            name = body[body.index(after: body.startIndex)..<close]
            body = body[body.index(after: close)...]
            if body.hasPrefix(":") { body = body.dropFirst() }
        } else {
            var end = body.startIndex
            while end < body.endIndex,
                body[end] != ":"
                    || (body.index(after: end) < body.endIndex && body[body.index(after: end)] != " "
                        && body.index(after: end) != body.endIndex)
            {
                if body[end] == "\\" { end = body.index(after: end) }
                if end < body.endIndex { end = body.index(after: end) }
            }
            name = body[..<end]
            body = end < body.endIndex ? body[body.index(after: end)...] : ""
        }
        if name.isEmpty { name = "_" }
        let target = body.trimming(" ")
        // A reference to another target keeps its words; a URI loses the spaces it was wrapped at.
        if target.hasSuffix("_") {
            return (String(name), target.split(whereSeparator: \.isWhitespace).joined(separator: " "))
        }
        return (String(name), target.filter { !$0.isWhitespace })
    }

    private mutating func directive(
        _ name: String, argument: String, body lines: [RSTLine], at location: SourceLocation, depth: Int
    ) -> [MarkdownBlock] {
        // Options (`:linenos:`) come first, then a blank line, then the content.
        var index = 0
        var options: [String: String] = [:]
        let dedented = Self.dedentKeepingBlanks(lines)
        while index < dedented.count, let option = Self.fieldName(dedented[index].text) {
            options[String(option)] = String(dedented[index].text.dropFirst(option.count + 2)).trimming(" ")
            index += 1
        }
        let content = Self.dedent(Array(dedented[index...]))
        switch name {
        case "code", "code-block", "sourcecode":
            return [.code(info: argument, literal: content.map(\.text).joined(separator: "\n"))]
        case "note", "warning", "important", "tip", "hint", "caution", "danger", "attention", "error":
            var body = content
            if !argument.isEmpty {
                body.insert(RSTLine(text: argument, number: location.line, column: location.column), at: 0)
                if content.first?.number != location.line + 1 {
                    body.insert(RSTLine(text: "", number: location.line, column: 1), at: 1)
                }
            }
            let kind = ["warning", "caution", "danger", "attention", "error"].contains(name) ? "warning" : "note"
            return [box(kind, title: nil, parse(body, depth: depth + 1), at: location)]
        case "admonition", "topic", "sidebar":
            return [box("note", title: argument, parse(content, depth: depth + 1), at: location)]
        case "table", "list-table":
            var blocks = parse(content, depth: depth + 1)
            if name == "list-table" {
                guard
                    let table = Self.listTable(
                        blocks, headerRows: Int(options["header-rows"] ?? "") ?? 0, at: location)
                else {
                    findings.append(
                        (
                            Finding(
                                .rstMarkup,
                                "a list-table is a list of rows, each a list of cells of text; this one is shown as it is"
                            ),
                            location
                        ))
                    return blocks
                }
                blocks = [.table(table)]
            }
            if !argument.isEmpty { blocks.insert(titleParagraph(argument, at: location), at: 0) }
            return blocks
        case "raw":
            guard argument.lowercased() == "html" else {
                findings.append(
                    (Finding(.rstMarkup, "raw '\(argument)' content is only shown for html; it is left out"), location))
                return []
            }
            return [.html(content.map(\.text).joined(separator: "\n"), location)]
        case "contents", "sectnum", "title":
            // The page's own contents, numbering and title take their place.
            return []
        case "math":
            return [
                .math((argument.isEmpty ? "" : argument + "\n") + content.map(\.text).joined(separator: "\n"), location)
            ]
        default:
            findings.append(
                (Finding(.rstMarkup, "unknown directive '\(name)'; its content is shown as it is"), location))
            return parse(content, depth: depth + 1)
        }
    }

    /// docutils' `list-table`: one bullet list of rows, each a bullet list of cells, the first
    /// `header-rows` rows the header (a table has one header row here; more go to the body). A
    /// cell holds paragraphs, joined on one line; anything else is not read as a table.
    static func listTable(_ blocks: [MarkdownBlock], headerRows: Int, at location: SourceLocation) -> MarkdownTable? {
        guard blocks.count == 1, case .list(let rows) = blocks[0], !rows.ordered else { return nil }
        var table: [[[MarkdownInline]]] = []
        for row in rows.items {
            guard row.count == 1, case .list(let cells) = row[0], !cells.ordered else { return nil }
            var read: [[MarkdownInline]] = []
            for cell in cells.items {
                var inlines: [MarkdownInline] = []
                for block in cell {
                    guard case .paragraph(let paragraph) = block else { return nil }
                    if !inlines.isEmpty { inlines.append(.text(" ")) }
                    inlines += paragraph
                }
                read.append(inlines)
            }
            table.append(read)
        }
        let columns = table.map(\.count).max() ?? 0
        guard columns > 0 else { return nil }
        table = table.map { $0 + Array(repeating: [], count: columns - $0.count) }
        let header = headerRows > 0 ? table.removeFirst() : []
        return MarkdownTable(
            alignments: Array(repeating: nil, count: columns), header: header, rows: table, location: location)
    }

    private static func dedentKeepingBlanks(_ lines: [RSTLine]) -> [RSTLine] {
        let indent = lines.filter { !$0.isBlank }.map(\.indent).min() ?? 0
        return lines.map { $0.dedented(indent) }
    }

    /// A directive's title (`.. table:: Events`, `.. admonition:: Rationale`), in bold above its content.
    private mutating func titleParagraph(_ title: String, at location: SourceLocation) -> MarkdownBlock {
        .paragraph([.strong(inlines([RSTLine(text: title, number: location.line, column: location.column)]))])
    }

    /// A note or warning box, as `boxes/note` shows one, with an optional title.
    private mutating func box(_ kind: String, title: String?, _ blocks: [MarkdownBlock], at location: SourceLocation)
        -> MarkdownBlock
    {
        var inner = blocks
        if let title, !title.isEmpty { inner.insert(titleParagraph(title, at: location), at: 0) }
        return .shortcode(
            ShortcodeCall(
                name: BoxShortcode.name(ofKind: kind), parameters: [:], inner: MarkdownDocument(blocks: inner),
                location: location,
                innerOrigin: .start, isMarkdownForm: true, source: ".. \(kind)::"))
    }

    // MARK: Tables

    private static func isSimpleTableBorder(_ text: String) -> Bool {
        let trimmed = text.trimming(" ")
        return trimmed.hasPrefix("=") && trimmed.utf8.contains(UInt8(ascii: " "))
            && trimmed.allSatisfy { $0 == "=" || $0 == " " }
    }

    /// A grid table (`+---+---+`): its cells as inlines, the rows above a `+===+` line its header.
    private mutating func gridTable(_ lines: [RSTLine], at start: Int) -> (MarkdownBlock, Int)? {
        var end = start
        while end < lines.count, let first = lines[end].text.first, first == "+" || first == "|" { end += 1 }
        let border = Array(lines[start].text)
        let boundaries = border.indices.filter { border[$0] == "+" }
        guard boundaries.count >= 2 else { return nil }
        var header: [[MarkdownInline]] = []
        var rows: [[[MarkdownInline]]] = []
        var current: [[RSTLine]] = Array(repeating: [], count: boundaries.count - 1)
        func finishRow(isHeader: Bool) {
            guard current.contains(where: { !$0.isEmpty }) else { return }
            let cells = current.map { cellInlines(Self.dedent($0)) }
            if isHeader { header = cells } else { rows.append(cells) }
            current = Array(repeating: [], count: boundaries.count - 1)
        }
        for line in lines[(start + 1)..<end] {
            let characters = Array(line.text)
            if characters.first == "+" {
                finishRow(isHeader: characters.contains("=") && header.isEmpty && rows.isEmpty)
                continue
            }
            for column in 0..<(boundaries.count - 1) {
                let from = boundaries[column] + 1
                let to = min(boundaries[column + 1], characters.count)
                guard from < to else { continue }
                var cell = String(characters[from..<to])
                if cell.hasSuffix("|") { cell.removeLast() }
                current[column].append(
                    RSTLine(text: cell.trimmingTrailing(), number: line.number, column: line.column + from))
            }
        }
        finishRow(isHeader: false)
        let table = MarkdownTable(
            alignments: Array(repeating: nil, count: boundaries.count - 1), header: header, rows: rows,
            location: SourceLocation(line: lines[start].number, column: lines[start].column))
        return (.table(table), end)
    }

    /// A simple table (`=====  =====`): columns from the border, a second border ends the header.
    private mutating func simpleTable(_ lines: [RSTLine], at start: Int) -> (MarkdownBlock, Int)? {
        let border = Array(lines[start].text)
        var columns: [Range<Int>] = []
        var position = 0
        while position < border.count {
            if border[position] == "=" {
                let from = position
                while position < border.count, border[position] == "=" { position += 1 }
                columns.append(from..<position)
            } else {
                position += 1
            }
        }
        guard columns.count >= 2 else { return nil }
        var rowLines: [[RSTLine]] = []
        var borders = 1
        var headerRows = 0
        var index = start + 1
        while index < lines.count {
            let line = lines[index]
            if Self.isSimpleTableBorder(line.text) {
                borders += 1
                index += 1
                if index >= lines.count || lines[index].isBlank {
                    break
                }
                if borders == 2 { headerRows = rowLines.count }
                continue
            }
            if line.isBlank {
                index += 1
                continue
            }
            if line.text.trimming(" ").allSatisfy({ $0 == "-" || $0 == " " }) {
                index += 1
                continue
            }
            let characters = Array(line.text)
            let startsRow =
                columns[0].lowerBound < characters.count && !characters[columns[0]].allSatisfy({ $0 == " " })
            if startsRow || rowLines.isEmpty { rowLines.append([]) }
            rowLines[rowLines.count - 1].append(line)
            index += 1
        }
        guard borders >= 2 else { return nil }
        func cells(_ lines: [RSTLine]) -> [[MarkdownInline]] {
            columns.indices.map { column in
                let from = columns[column].lowerBound
                let cellLines = lines.map { line -> RSTLine in
                    let characters = Array(line.text)
                    let to =
                        column + 1 < columns.count
                        ? min(columns[column + 1].lowerBound, characters.count) : characters.count
                    let text = from < to ? String(characters[from..<to]) : ""
                    return RSTLine(text: text.trimmingTrailing(), number: line.number, column: line.column + from)
                }
                return cellInlines(Self.dedent(cellLines))
            }
        }
        let hasHeader = borders >= 3 && headerRows > 0
        let header = hasHeader ? rowLines[0..<headerRows].map(cells).reduce([]) { $0.isEmpty ? $1 : $0 } : []
        let rows = (hasHeader ? Array(rowLines[headerRows...]) : rowLines).map(cells)
        let table = MarkdownTable(
            alignments: Array(repeating: nil, count: columns.count), header: header, rows: rows,
            location: SourceLocation(line: lines[start].number, column: lines[start].column))
        return (.table(table), index)
    }

    /// A cell's blocks as inlines: paragraphs joined by line breaks, list items on lines of their own.
    private mutating func cellInlines(_ lines: [RSTLine]) -> [MarkdownInline] {
        guard !lines.isEmpty else { return [] }
        var result: [MarkdownInline] = []
        func append(_ blocks: [MarkdownBlock]) {
            for block in blocks {
                if !result.isEmpty { result.append(.lineBreak) }
                switch block {
                case .paragraph(let inlines): result += inlines
                case .list(let list):
                    for (number, item) in list.items.enumerated() {
                        if number > 0 { result.append(.lineBreak) }
                        result.append(.text(list.ordered ? "\(list.start + number). " : "• "))
                        append(item)
                    }
                case .code(_, let literal): result.append(.code(literal))
                case .blockQuote(let inner): append(inner)
                case .definitionList(let items):
                    for item in items {
                        for term in item.terms { result += term }
                        for definition in item.definitions { append(definition) }
                    }
                default: break
                }
            }
        }
        append(parse(lines, depth: 1))
        return result
    }
}

extension String {
    fileprivate func trimmingTrailing() -> String {
        var result = self
        while result.last == " " { result.removeLast() }
        return result
    }
}
