import Foundation

/// Writes a release's text exactly as towncrier does: its default RST template (matrix-doc),
/// or matrix-spec's Markdown template with `header.md`.
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
            .trimmingCharacters(in: .whitespaces)
        return title + "\n" + String(repeating: config.underlines.first ?? "=", count: title.count) + "\n"
    }

    // MARK: RST

    /// The body that towncrier's default template renders, stripped and ending in one newline.
    func rst(_ sections: [ChangelogSection]) -> String {
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
                        out += "- " + entry.text + (issues.isEmpty ? "" : " (" + issues + ")") + "\n"
                    }
                    out += "\n"
                } else {
                    out += "- " + category.entries.flatMap(\.issues).map { render(issue: $0.id) }.joined(separator: ", ") + "\n\n"
                }
                out += "\n"
            }
        }
        return Self.rstrip(out) + "\n"
    }

    /// The whole file after an RST release: the new section on top, or after the start line.
    func prepending(_ section: String, to existing: String) -> String {
        if let range = existing.range(of: config.startString) {
            let before = Self.rstrip(String(existing[..<range.lowerBound]))
            let after = String(existing[range.upperBound...])
            return before + "\n\n" + config.startString + "\n" + section + (after.isEmpty ? "" : "\n\n") + Self.lstrip(after)
        }
        return section + (existing.isEmpty ? "" : "\n\n") + Self.lstrip(existing)
    }

    // MARK: Markdown

    /// The body of matrix-spec's `template.md.jinja`: a `###` heading per section, a bold line per type.
    func markdown(_ sections: [ChangelogSection], issueURL: String?) -> String {
        var out = ""
        for section in sections {
            if !section.name.isEmpty { out += "\n### " + section.name + "\n" }
            out += "\n"
            guard !section.categories.isEmpty else {
                out += "No significant changes.\n\n"
                continue
            }
            for category in section.categories {
                out += "**" + category.title + "**\n\n"
                for entry in category.entries {
                    let issues = entry.issues.map { issue -> String in
                        let label = render(issue: issue.id)
                        guard let issueURL else { return label }
                        return "[\(label)](\(issueURL)\(issue.id))"
                    }
                    out += "- " + entry.text + (issues.isEmpty ? "" : " (" + issues.joined(separator: ", ") + ")") + "\n"
                }
                out += "\n"
            }
        }
        return Self.rstrip(out) + "\n"
    }

    /// The issue link's prefix from the template: `https://…/issues/` before `{{issue|trim('#')}}`.
    static func issueURL(inTemplate template: String) -> String? {
        guard let marker = template.range(of: "{{issue|trim('#')}}") ?? template.range(of: "{{ issue|trim('#') }}") else { return nil }
        let before = template[..<marker.lowerBound]
        guard let open = before.lastIndex(of: "(") else { return nil }
        return String(before[before.index(after: open)...])
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
