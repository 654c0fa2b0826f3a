/// Reads released changelogs back into the entry model: towncrier's RST (matrix-doc's
/// `changelogs/<api>.rst`, matrix-spec's `changelogs/legacy/*.rst`) and matrix-spec's release
/// pages (`content/changelog/v1.8.md`), in every style the real releases used.
///
/// Every line is either read into the model or reported: a release file is never dropped in part
/// without a warning at the line that was not understood.
enum ChangelogHistoryReader {
    struct Problem {
        var line: Int
        var message: String
    }

    // MARK: RST

    /// Versions are titles underlined with `=`, types titles underlined with `-`, entries `- ` bullets;
    /// other paragraphs are the release's notes.
    static func releases(fromRST text: String, file: String) -> (releases: [ChangelogRelease], problems: [Problem]) {
        let lines = text.splittingBytes("\n").map {
            String($0.trimmingSuffix("\r"))
        }
        var releases: [ChangelogRelease] = []
        var problems: [Problem] = []
        var index = 0
        var category: ChangelogCategory?
        var entry: (lines: [String], line: Int)?
        var note: [String] = []
        func finishEntry() {
            guard let current = entry else { return }
            entry = nil
            let text = current.lines.joined(separator: "\n").trimmingWhitespace
            guard !text.isEmpty else { return }
            // An entry with a list of its own (hand-written changelogs) keeps each issue on its item.
            let hasList = text.splittingBytes("\n").contains { $0.drop { $0 == " " }.hasPrefix("- ") }
            let (body, issues) = hasList ? (text, []) : splitRSTIssues(text)
            if category == nil { category = ChangelogCategory(title: "", entries: []) }
            category!.entries.append(
                ChangelogEntry(
                    text: SourceText(body, file: file, origin: SourceLocation(line: current.line, column: 3)),
                    issues: issues, fragments: []))
        }
        func finishNote() {
            guard !note.isEmpty, !releases.isEmpty else {
                note = []
                return
            }
            ensureSection()
            releases[releases.count - 1].sections[0].notes.append(note.joined(separator: "\n"))
            note = []
        }
        func ensureSection() {
            if releases[releases.count - 1].sections.isEmpty {
                releases[releases.count - 1].sections = [ChangelogSection(name: "", categories: [])]
            }
        }
        func finishCategory() {
            finishEntry()
            finishNote()
            if let current = category, !current.entries.isEmpty, !releases.isEmpty {
                ensureSection()
                releases[releases.count - 1].sections[0].categories.append(current)
            }
            category = nil
        }
        while index < lines.count {
            let line = lines[index]
            let next = index + 1 < lines.count ? lines[index + 1] : ""
            if !line.isEmpty, !line.hasPrefix(" "), isUnderline(next, for: line) {
                finishCategory()
                if next.first == "=" {
                    releases.append(
                        ChangelogRelease(
                            version: line.trimmingWhitespace, date: nil, sections: [], file: file,
                            location: SourceLocation(line: index + 1, column: 1), markup: .rst))
                } else {
                    category = ChangelogCategory(title: line.trimmingWhitespace, entries: [])
                }
                index += 2
                continue
            }
            if line.hasPrefix("- ") || line.hasPrefix("* ") {
                finishEntry()
                finishNote()
                entry = ([String(line.dropFirst(2))], index + 1)
            } else if entry != nil, line.isEmpty || line.hasPrefix("  ") {
                entry!.lines.append(line.hasPrefix("  ") ? String(line.dropFirst(2)) : line)
            } else if line.trimmingWhitespace.isEmpty {
                finishEntry()
                finishNote()
            } else if line.hasPrefix("..") {
                finishEntry()
            } else if releases.isEmpty {
                problems.append(Problem(line: index + 1, message: "text before the first release heading is not read"))
            } else {
                finishEntry()
                note.append(line.trimmingWhitespace)
            }
            index += 1
        }
        finishCategory()
        return (releases, problems)
    }

    private static func isUnderline(_ line: String, for title: String) -> Bool {
        guard let first = line.first, "=-~^".contains(first) else { return false }
        return line.allSatisfy { $0 == first } && line.count >= min(3, title.count)
    }

    /// Splits `text (`#12 <url>`_, `#13 <url>`_)` into the text and its issues.
    static func splitRSTIssues(_ text: String) -> (String, [ChangelogIssue]) {
        guard let open = text.lastRangeOfBytes("(`#") else { return (text, []) }
        var tail = text[open.lowerBound...].dropFirst()
        var trailing = ""
        if tail.hasSuffix(").") {
            trailing = "."
            tail = tail.dropLast(2)
        } else if tail.hasSuffix(")") {
            tail = tail.dropLast()
        } else {
            return (text, [])
        }
        var issues: [ChangelogIssue] = []
        for part in tail.split(separator: ",") {
            let item = part.trimmingWhitespace
            guard item.hasPrefix("`#"), item.hasSuffix(">`_"), let lt = item.firstIndex(of: "<") else {
                return (text, [])
            }
            let id = item[item.index(item.startIndex, offsetBy: 2)..<lt].trimming(" ")
            let url = String(item[item.index(after: lt)..<item.index(item.endIndex, offsetBy: -3)])
            issues.append(ChangelogIssue(id: id, url: url))
        }
        let body = text[..<open.lowerBound].trimmingWhitespace
        return (body + trailing, issues)
    }

    // MARK: matrix-spec Markdown pages

    /// One release page, in any of the styles releases have used: `## v1.8` or a front-matter title,
    /// `###` or `##` API headings, `**Type**` or `<strong>Type</strong>` categories, `- ` entries.
    static func release(fromMarkdownPage page: String, file: String) -> (release: ChangelogRelease, problems: [Problem])
    {
        var problems: [Problem] = []
        let lines = page.splittingBytes("\n").map { String($0.trimmingSuffix("\r")) }
        var index = 0
        var frontMatter: [String: String] = [:]
        if lines.first == "---" {
            index = 1
            while index < lines.count, lines[index] != "---" {
                let line = lines[index]
                if let colon = line.firstIndex(of: ":"), !line.hasPrefix(" ") {
                    frontMatter[String(line[..<colon])] = line[line.index(after: colon)...].trimming(" ").trimming("\"")
                }
                index += 1
            }
            index += 1
        }
        let stem = String(SourcePath.name(file).dropLast(3))
        var release = ChangelogRelease(
            version: frontMatter["linkTitle"] ?? stem, date: frontMatter["date"].map(displayDate), sections: [],
            file: file,
            location: .start, markup: .markdown)
        var section: ChangelogSection?
        var category: ChangelogCategory?
        var entry: (lines: [String], line: Int)?
        var inComment = false
        var inTable = false
        func finishEntry() {
            guard let current = entry else { return }
            entry = nil
            let (text, issues) = splitMarkdownIssues(current.lines.joined(separator: "\n").trimmingWhitespace)
            if category == nil { category = ChangelogCategory(title: "", entries: []) }
            category!.entries.append(
                ChangelogEntry(
                    text: SourceText(text, file: file, origin: SourceLocation(line: current.line, column: 3)),
                    issues: issues, fragments: []))
        }
        func finishCategory() {
            finishEntry()
            if let current = category {
                if section == nil { section = ChangelogSection(name: "", categories: []) }
                section!.categories.append(current)
            }
            category = nil
        }
        func finishSection() {
            finishCategory()
            if let current = section { release.sections.append(current) }
            section = nil
        }
        while index < lines.count {
            let line = lines[index]
            let number = index + 1
            index += 1
            let trimmed = line.trimmingWhitespace
            if inComment {
                if trimmed.hasSuffix("-->") { inComment = false }
                continue
            }
            if trimmed.hasPrefix("<!--") {
                inComment = !trimmed.hasSuffix("-->")
                continue
            }
            if inTable {
                if let range = line.range(of: "<th>Release date</th><td>"),
                    let end = line.range(of: "</td>", range: range.upperBound..<line.endIndex)
                {
                    release.date = String(line[range.upperBound..<end.lowerBound])
                }
                if trimmed.hasPrefix("</table>") { inTable = false }
                continue
            }
            if trimmed.hasPrefix("<table") {
                inTable = !trimmed.contains("</table>")
                continue
            }
            if line.hasPrefix("#") {
                let text = line.drop { $0 == "#" }.trimming(" ")
                if isVersion(text) {
                    finishSection()
                    release.version = text
                    release.location = SourceLocation(line: number, column: 1)
                } else {
                    finishSection()
                    section = ChangelogSection(name: text, categories: [])
                }
                continue
            }
            if let title = categoryTitle(trimmed) {
                finishCategory()
                category = ChangelogCategory(title: title, entries: [])
                continue
            }
            if line.hasPrefix("- ") || line.hasPrefix("* ") {
                finishEntry()
                entry = ([String(line.dropFirst(2))], number)
                continue
            }
            if entry != nil, line.hasPrefix("  ") {
                entry!.lines.append(String(line.dropFirst(2)))
                continue
            }
            if trimmed.isEmpty {
                finishEntry()
                continue
            }
            if trimmed == "No significant changes." {
                finishEntry()
                if section == nil { section = ChangelogSection(name: "", categories: []) }
                section!.notes.append(trimmed)
                continue
            }
            finishEntry()
            problems.append(
                Problem(
                    line: number,
                    message:
                        "'\(trimmed.prefix(60))' is not read as part of the release: it is not a heading, a type or a '- ' entry"
                ))
        }
        finishSection()
        return (release, problems)
    }

    /// `**Spec Clarifications**` or `<strong>Spec Clarifications</strong>`.
    private static func categoryTitle(_ line: String) -> String? {
        if line.hasPrefix("**"), line.hasSuffix("**"), line.count > 4 { return String(line.dropFirst(2).dropLast(2)) }
        if line.hasPrefix("<strong>"), line.hasSuffix("</strong>"), line.count > 17 {
            return String(line.dropFirst(8).dropLast(9))
        }
        return nil
    }

    /// `v1.8`, `r0.6.1`.
    static func isVersion(_ text: String) -> Bool {
        guard let first = text.first, first == "v" || first == "r" else { return false }
        let rest = text.dropFirst()
        return !rest.isEmpty && rest.first!.isNumber && rest.allSatisfy { $0.isNumber || $0 == "." }
    }

    /// `2025-09-17` (or a timestamp) reads `September 17, 2025`, as the published pages show dates.
    static func displayDate(_ value: String) -> String {
        let parts = value.prefix(10).split(separator: "-")
        let months = [
            "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
            "November", "December",
        ]
        guard parts.count == 3, let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            (1...12).contains(month)
        else {
            return value
        }
        return "\(months[month - 1]) \(day < 10 ? "0" : "")\(day), \(year)"
    }

    /// Splits `text ([#1517](url), [#1518](url))` into the text and its issues.
    static func splitMarkdownIssues(_ text: String) -> (String, [ChangelogIssue]) {
        guard text.hasSuffix(")"), let open = text.lastRangeOfBytes(" ([#") else { return (text, []) }
        let inner = text[open.upperBound..<text.index(before: text.endIndex)]
        var issues: [ChangelogIssue] = []
        for part in ("[#" + inner).splittingBytes(", [") {
            let item = String(part.hasPrefix("[") ? part.dropFirst() : part)
            guard let close = item.firstRangeOfBytes("]("), item.hasSuffix(")") else { return (text, []) }
            let label = item[..<close.lowerBound]
            let url = item[close.upperBound..<item.index(before: item.endIndex)]
            issues.append(ChangelogIssue(id: String(label.drop { $0 == "#" }), url: String(url)))
        }
        return (String(text[..<open.lowerBound]), issues)
    }

    /// Orders versions newest first: `v1.10` after `v1.9`, `r0.5.0` after `r0.4.0`.
    static func newestFirst(_ a: String, _ b: String) -> Bool {
        let numbersA = a.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        let numbersB = b.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        return numbersB.lexicographicallyPrecedes(numbersA)
    }
}

extension StringProtocol {
    func trimmingSuffix(_ suffix: String) -> SubSequence {
        hasSuffix(suffix) ? self[..<index(endIndex, offsetBy: -suffix.count)] : self[...]
    }
}
