/// Writes a release's text exactly as towncrier does: with its default RST template when the
/// configuration names none, or with the template it names (a Jinja template, such as matrix-spec's
/// `template.md.jinja`).
struct TowncrierWriter {
    let config: TowncrierConfig

    /// The issue as the config's `issue_format` writes it, or `#N`.
    func render(issue: String) -> String {
        if let format = config.issueFormat { return format.replacingOccurrences(of: "{issue}", with: issue) }
        return Int(issue) != nil ? "#" + issue : issue
    }

    /// `r0.1.4\n======\n`: the title line and its underline.
    func titleLine(version: String, date: String) -> String {
        let title = (config.titleFormat ?? "{name} {version} ({project_date})")
            .replacingOccurrences(of: "{name}", with: "")
            .replacingOccurrences(of: "{version}", with: version)
            .replacingOccurrences(of: "{project_date}", with: date)
            .trimming(" ")
        return title + "\n" + String(repeating: config.underlines.first ?? "=", count: title.count) + "\n"
    }

    // MARK: towncrier's default template

    /// The body that towncrier's default RST template renders, stripped and ending in one newline.
    func defaultTemplate(_ sections: [ChangelogSection]) -> String {
        let underlines = Array(config.underlines.dropFirst())
        var out = ""
        for section in sections {
            var underline = underlines.first ?? "-"
            if !section.name.isEmpty {
                out += section.name + "\n" + String(repeating: underline, count: section.name.count) + "\n\n"
                underline = underlines.count > 1 ? underlines[1] : "~"
            }
            out += "\n"
            guard !section.categories.isEmpty else {
                out += "No significant changes.\n\n\n"
                continue
            }
            for category in section.categories {
                out += category.title + "\n" + String(repeating: underline, count: category.title.count) + "\n\n"
                if config.types.first(where: { $0.name == category.title })?.showContent ?? true {
                    for entry in category.entries {
                        let issues = entry.issues.map { render(issue: $0.id) }.joined(separator: ", ")
                        out += "- " + entry.text.text + (issues.isEmpty ? "" : " (" + issues + ")") + "\n"
                    }
                    out += "\n"
                } else {
                    out +=
                        "- " + category.entries.flatMap(\.issues).map { render(issue: $0.id) }.joined(separator: ", ")
                        + "\n\n"
                }
                out += "\n"
            }
        }
        return Self.rstrip(out) + "\n"
    }

    // MARK: The tree's template

    /// What the tree's Jinja template renders for the release, as towncrier post-processes it.
    func render(_ template: JinjaTemplate, sections: [ChangelogSection], version: String, date: String)
        throws(Diagnostic) -> String
    {
        var sectionData: [(String, JinjaValue)] = []
        for section in sections {
            var categories: [(String, JinjaValue)] = []
            for category in section.categories {
                guard let type = config.types.first(where: { $0.name == category.title }) else { continue }
                var texts: [(String, JinjaValue)] = []
                for entry in category.entries {
                    let key = type.showContent ? entry.text.text : ""
                    let issues = entry.issues.map { JinjaValue.string(render(issue: $0.id)) }
                    if let index = texts.firstIndex(where: { $0.0 == key }), case .list(let existing) = texts[index].1 {
                        texts[index].1 = .list(existing + issues)
                    } else {
                        texts.append((key, .list(issues)))
                    }
                }
                categories.append((type.directory, .dict(texts)))
            }
            sectionData.append((section.name, .dict(categories)))
        }
        let definitions = JinjaValue.dict(
            config.types.map { type in
                (type.directory, .dict([("name", .string(type.name)), ("showcontent", .bool(type.showContent))]))
            })
        let context: [String: JinjaValue] = [
            "sections": .dict(sectionData), "definitions": definitions,
            "underlines": .list(config.underlines.map { .string($0) }),
            "versiondata": .dict([("name", .string("")), ("version", .string(version)), ("date", .string(date))]),
            "top_underline": .string(config.underlines.first ?? "="), "render_title": .bool(false),
        ]
        return Self.rstrip(try template.render(context)) + "\n"
    }

    /// The whole file after an RST release: the new section on top, or after the start line.
    func prepending(_ section: String, to existing: String) -> String {
        if let range = existing.range(of: config.startString) {
            let before = Self.rstrip(String(existing[..<range.lowerBound]))
            let after = String(existing[range.upperBound...])
            return before + "\n\n" + config.startString + "\n" + section + (after.isEmpty ? "" : "\n\n")
                + Self.lstrip(after)
        }
        return section + (existing.isEmpty ? "" : "\n\n") + Self.lstrip(existing)
    }

    static func rstrip(_ text: String) -> String {
        var slice = Substring(text)
        while let last = slice.last, last.isWhitespace { slice = slice.dropLast() }
        return String(slice)
    }

    static func lstrip(_ text: String) -> String {
        String(Substring(text).drop { $0.isWhitespace })
    }
}
