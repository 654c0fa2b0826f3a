import Foundation

/// Reads released changelogs back into the entry model: towncrier's RST (matrix-doc's
/// `changelogs/<api>.rst`) and matrix-spec's release pages (`content/changelog/v1.8.md`).
enum ChangelogHistoryReader {
    // MARK: RST

    /// Versions are titles underlined with `=`, types titles underlined with `-`, entries `- ` bullets.
    static func releases(fromRST text: String) -> [ChangelogRelease] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var releases: [ChangelogRelease] = []
        var index = 0
        var category: ChangelogCategory?
        var entryLines: [String]?
        func finishEntry() {
            guard let lines = entryLines else { return }
            entryLines = nil
            let text = lines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
            guard !text.isEmpty else { return }
            let (body, issues) = splitRSTIssues(text)
            if category == nil { category = ChangelogCategory(title: "", entries: []) }
            category!.entries.append(ChangelogEntry(text: body, issues: issues, fragments: []))
        }
        func finishCategory() {
            finishEntry()
            if let category, !category.entries.isEmpty, !releases.isEmpty {
                if releases[releases.count - 1].sections.isEmpty {
                    releases[releases.count - 1].sections = [ChangelogSection(name: "", categories: [])]
                }
                releases[releases.count - 1].sections[0].categories.append(category)
            }
            category = nil
        }
        while index < lines.count {
            let line = lines[index]
            let next = index + 1 < lines.count ? lines[index + 1] : ""
            if !line.isEmpty, !line.hasPrefix(" "), isUnderline(next, for: line) {
                if next.first == "=" {
                    finishCategory()
                    releases.append(ChangelogRelease(version: line.trimmingCharacters(in: .whitespaces), date: nil, sections: []))
                } else {
                    finishCategory()
                    category = ChangelogCategory(title: line.trimmingCharacters(in: .whitespaces), entries: [])
                }
                index += 2
                continue
            }
            if line.hasPrefix("- ") || line.hasPrefix("* ") {
                finishEntry()
                entryLines = [String(line.dropFirst(2))]
            } else if entryLines != nil, line.isEmpty || line.hasPrefix("  ") {
                entryLines!.append(line.hasPrefix("  ") ? String(line.dropFirst(2)) : line)
            } else if !line.isEmpty {
                finishEntry()
                entryLines = [line]
            }
            index += 1
        }
        finishCategory()
        return releases
    }

    private static func isUnderline(_ line: String, for title: String) -> Bool {
        guard let first = line.first, "=-~^".contains(first) else { return false }
        return line.allSatisfy { $0 == first } && line.count >= min(3, title.count)
    }

    /// Splits `text (`#12 <url>`_, `#13 <url>`_)` into the text and its issues.
    static func splitRSTIssues(_ text: String) -> (String, [ChangelogIssue]) {
        guard let open = text.range(of: "(`#", options: .backwards) else { return (text, []) }
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
        for part in tail.components(separatedBy: ",") {
            let item = part.trimmingCharacters(in: .whitespacesAndNewlines)
            guard item.hasPrefix("`#"), item.hasSuffix(">`_"), let lt = item.firstIndex(of: "<") else { return (text, []) }
            let id = item[item.index(item.startIndex, offsetBy: 2)..<lt].trimmingCharacters(in: .whitespaces)
            let url = String(item[item.index(after: lt)..<item.index(item.endIndex, offsetBy: -3)])
            issues.append(ChangelogIssue(id: id, url: url))
        }
        let body = text[..<open.lowerBound].trimmingCharacters(in: .whitespacesAndNewlines)
        return (body + trailing, issues)
    }

    // MARK: matrix-spec Markdown pages

    /// One release page: `## v1.8`, the release date from its table, `### Section`, `**Type**`, `- entry`.
    static func release(fromMarkdownPage page: String) -> ChangelogRelease? {
        var body = Substring(page)
        if body.hasPrefix("---\n"), let end = body.dropFirst(4).range(of: "\n---\n") {
            body = body[end.upperBound...]
        }
        var release: ChangelogRelease?
        var section: ChangelogSection?
        var category: ChangelogCategory?
        var entry: [String]?
        func finishEntry() {
            guard let lines = entry else { return }
            entry = nil
            let (text, issues) = splitMarkdownIssues(lines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines))
            category?.entries.append(ChangelogEntry(text: text, issues: issues, fragments: []))
        }
        func finishCategory() {
            finishEntry()
            if let category { section?.categories.append(category) }
            category = nil
        }
        func finishSection() {
            finishCategory()
            if let section { release?.sections.append(section) }
            section = nil
        }
        for line in body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("## ") {
                finishSection()
                release = ChangelogRelease(version: String(line.dropFirst(3)).trimmingCharacters(in: .whitespaces), date: nil, sections: [])
            } else if let range = line.range(of: "<th>Release date</th><td>"), let end = line.range(of: "</td>", range: range.upperBound..<line.endIndex) {
                release?.date = String(line[range.upperBound..<end.lowerBound])
            } else if line.hasPrefix("### ") {
                finishSection()
                section = ChangelogSection(name: String(line.dropFirst(4)), categories: [])
            } else if line.hasPrefix("**"), line.hasSuffix("**"), line.count > 4 {
                finishCategory()
                category = ChangelogCategory(title: String(line.dropFirst(2).dropLast(2)), entries: [])
            } else if line.hasPrefix("- ") {
                finishEntry()
                entry = [String(line.dropFirst(2))]
            } else if entry != nil, line.hasPrefix("  ") {
                entry!.append(String(line.dropFirst(2)))
            } else if !line.trimmingCharacters(in: .whitespaces).isEmpty {
                finishEntry()
            }
        }
        finishSection()
        return release
    }

    /// Splits `text ([#1517](url), [#1518](url))` into the text and its issues.
    static func splitMarkdownIssues(_ text: String) -> (String, [ChangelogIssue]) {
        guard text.hasSuffix(")"), let open = text.range(of: " ([#", options: .backwards) else { return (text, []) }
        let inner = text[open.upperBound..<text.index(before: text.endIndex)]
        var issues: [ChangelogIssue] = []
        for part in ("[#" + inner).components(separatedBy: ", [") {
            let item = part.hasPrefix("[") ? String(part.dropFirst()) : part
            guard let close = item.range(of: "](") , item.hasSuffix(")") else { return (text, []) }
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

/// Builds each API's changelog history: its unreleased fragments and its releases.
struct ChangelogLoader {
    let tree: SourceTree
    let layout: ChangelogLayout

    func load() -> [ChangelogHistory] {
        var histories: [ChangelogHistory] = []
        for (api, path) in layout.configs {
            let config: TowncrierConfig
            do {
                config = try TowncrierConfigReader.read(path: path, display: tree.displayPath(path))
            } catch {
                tree.diagnostics.emit(error)
                continue
            }
            let reader = FragmentReader(tree: tree, config: config)
            let fragments = reader.fragments(check: true)
            let issueURL = unreleasedIssueURL(config)
            func linked(_ categories: [ChangelogCategory]) -> [ChangelogCategory] {
                categories.map { category in
                    var category = category
                    for index in category.entries.indices {
                        category.entries[index].issues = category.entries[index].issues.map { issue in
                            ChangelogIssue(id: issue.id, url: issueURL?.replacingOccurrences(of: "{issue}", with: issue.id))
                        }
                    }
                    return category
                }
            }
            if config.writesMarkdown {
                let pages = SpecLayout.contents(of: layout.root + "/content/changelog").filter { $0.hasPrefix("v") && $0.hasSuffix(".md") }
                let releases = pages.compactMap { name -> ChangelogRelease? in
                    guard let text = try? String(contentsOfFile: layout.root + "/content/changelog/" + name, encoding: .utf8) else { return nil }
                    return ChangelogHistoryReader.release(fromMarkdownPage: text)
                }.sorted { ChangelogHistoryReader.newestFirst($0.version, $1.version) }
                for section in config.sections {
                    let sectionReleases = releases.compactMap { release -> ChangelogRelease? in
                        guard let found = release.sections.first(where: { $0.name == section.name }) else { return nil }
                        return ChangelogRelease(version: release.version, date: release.date, sections: [found])
                    }
                    histories.append(
                        ChangelogHistory(
                            name: section.path, title: section.name, isMarkdown: true,
                            unreleased: linked(reader.categories(of: fragments, section: section.name)),
                            releases: sectionReleases))
                }
            } else {
                let file = SourceTree.normalize(config.folder + "/" + config.filename)
                let text = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
                histories.append(
                    ChangelogHistory(
                        name: api, title: ChangelogLayout.title(for: api), isMarkdown: false,
                        unreleased: linked(reader.categories(of: fragments, section: "")),
                        releases: ChangelogHistoryReader.releases(fromRST: text)))
            }
        }
        return histories
    }

    /// The issue link pattern (`…/issues/{issue}`) from `issue_format` or the Markdown template.
    private func unreleasedIssueURL(_ config: TowncrierConfig) -> String? {
        if let format = config.issueFormat, let lt = format.firstIndex(of: "<"), let gt = format.lastIndex(of: ">"), lt < gt {
            return String(format[format.index(after: lt)..<gt])
        }
        if let template = config.template, let text = try? String(contentsOfFile: config.folder + "/" + template, encoding: .utf8),
            let prefix = TowncrierWriter.issueURL(inTemplate: text)
        {
            return prefix + "{issue}"
        }
        return nil
    }
}
