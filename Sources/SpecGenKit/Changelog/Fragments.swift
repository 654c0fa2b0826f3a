/// A newsfragment file: `2282.new`, `2278.new.1`, `+typo.clarification`.
package struct Fragment: Sendable {
    /// The path relative to the source root.
    package var path: String
    /// The issue, without leading zeros; empty for an orphan.
    package var issue: String
    package var type: FragmentType
    package var counter: Int
    package var text: String
    package var section: String
}

/// Finds fragments and applies towncrier's rules: name patterns, known types, merging and order.
struct FragmentReader {
    let reader: SourceReader
    let diagnostics: DiagnosticCollector
    let config: TowncrierConfig

    /// Parses a fragment file name the way towncrier does.
    /// - Returns: issue, type and counter, or `nil` for a name that is not a fragment of a known type.
    static func parse(_ name: String, types: [FragmentType], orphanPrefix: String) -> (
        issue: String, type: FragmentType, counter: Int, orphan: Bool
    )? {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 2 else { return nil }
        for index in 1..<parts.count {
            guard let type = types.first(where: { $0.directory == parts[index] }) else { continue }
            let ticket = parts[index - 1]
            var counter = 0
            if parts.count > index + 1, let number = Int(parts[index + 1]), parts[index + 1].allSatisfy(\.isNumber) {
                counter = number
            }
            let isOrphan = !orphanPrefix.isEmpty && ticket.hasPrefix(orphanPrefix)
            return (isOrphan ? "" : Self.strippingLeadingZeros(ticket), type, counter, isOrphan)
        }
        return nil
    }

    static func strippingLeadingZeros(_ ticket: String) -> String {
        if let number = Int(ticket) { return String(number) }
        return ticket
    }

    /// The fragment folders that exist, with their sections; a folder that leads out of the
    /// source root is reported and left out, so nothing outside the tree is read or removed.
    func folders() -> [(section: (name: String, path: String), folder: String)] {
        var result: [((String, String), String)] = []
        for section in config.sections {
            guard let folder = config.fragmentFolder(for: section) else {
                diagnostics.emit(
                    Diagnostic(
                        .outsideRoot,
                        "the fragment folder of section '\(section.name)' leaves the source root", file: config.path,
                        at: config.location(of: config.directory != nil ? "directory" : "path")))
                continue
            }
            switch reader.kind(folder) {
            case .directory: result.append((section, folder))
            case .outsideRoot:
                diagnostics.emit(
                    Diagnostic(
                        .outsideRoot,
                        "the fragment folder '\(folder)' is a symbolic link out of the source root; its files are not read or removed",
                        file: config.path, at: config.location(of: config.directory != nil ? "directory" : "path")))
            default: continue
            }
        }
        return result
    }

    /// Every fragment of a known type in every section, in file-name order.
    /// - Parameter check: report names, types, empty files and duplicates as diagnostics.
    func fragments(check: Bool) -> [Fragment] {
        var result: [Fragment] = []
        for (section, folder) in folders() {
            var seen: [String: String] = [:]
            var orphanCounters: [String: Int] = [:]
            for name in reader.list(folder) where !name.hasPrefix(".") {
                let path = SourcePath.child(folder, name)
                switch reader.kind(path) {
                case .directory: continue
                case .file: break
                case .special, .outsideRoot, .missing, .badName:
                    diagnostics.emit(
                        Diagnostic(
                            .unreadableFile, SourceFileError(listedEntry: reader.kind(path))!.message, file: path))
                    continue
                }
                guard let parsed = Self.parse(name, types: config.types, orphanPrefix: config.orphanPrefix) else {
                    if check {
                        let known = config.types.map(\.directory).joined(separator: ", ")
                        diagnostics.emit(
                            Diagnostic(
                                .fragmentName,
                                "'\(name)' is not ISSUE.TYPE[.COUNTER] with a known type (\(known)); it is left out of the changelog",
                                file: path))
                    }
                    continue
                }
                var counter = parsed.counter
                if parsed.orphan {
                    counter = orphanCounters[parsed.type.directory, default: 0]
                    orphanCounters[parsed.type.directory, default: 0] += 1
                }
                let key = "\(parsed.orphan ? name : parsed.issue).\(parsed.type.directory).\(counter)"
                if let other = seen[key] {
                    if check {
                        diagnostics.emit(
                            Diagnostic(
                                .duplicateFragment,
                                "'\(name)' and '\(other)' are the same issue, type and counter; number one of them",
                                file: path))
                    }
                    continue
                }
                seen[key] = name
                let text: String
                switch reader.text(path) {
                case .failure(let diagnostic):
                    diagnostics.emit(diagnostic)
                    continue
                case .success(let value):
                    text = value
                }
                if check && text.trimming("\n").trimming(" ").isEmpty && parsed.type.showContent {
                    diagnostics.emit(Diagnostic(.emptyFragment, "the fragment is empty", file: path))
                }
                result.append(
                    Fragment(
                        path: path, issue: parsed.issue, type: parsed.type, counter: counter, text: text,
                        section: section.name))
            }
        }
        return result
    }

    /// Groups fragments by section and type, merging identical texts, in towncrier's order:
    /// entries by their issues (numbers as numbers), orphans last by text.
    func categories(of fragments: [Fragment], section: String) -> [ChangelogCategory] {
        config.types.compactMap { type in
            var entries: [ChangelogEntry] = []
            var positions: [String: Int] = [:]
            for fragment in fragments where fragment.section == section && fragment.type == type {
                let text = type.showContent ? Self.bulletText(fragment.text) : ""
                if let index = positions[text] {
                    if !fragment.issue.isEmpty {
                        entries[index].issues.append(ChangelogIssue(id: fragment.issue, url: nil))
                    }
                    entries[index].fragments.append(fragment.path)
                } else {
                    positions[text] = entries.count
                    entries.append(
                        ChangelogEntry(
                            text: SourceText(text, file: fragment.path),
                            issues: fragment.issue.isEmpty ? [] : [ChangelogIssue(id: fragment.issue, url: nil)],
                            fragments: [fragment.path]))
                }
            }
            guard !entries.isEmpty else { return nil }
            for index in entries.indices { entries[index].issues.sort { Self.issueOrder($0.id, $1.id) } }
            let sorted = entries.enumerated().sorted { a, b in
                let keyA = a.element.issues.isEmpty ? a.element.text.text : ""
                let keyB = b.element.issues.isEmpty ? b.element.text.text : ""
                if keyA != keyB { return keyA < keyB }
                let issuesA = a.element.issues.map(\.id), issuesB = b.element.issues.map(\.id)
                if issuesA != issuesB { return Self.issueListOrder(issuesA, issuesB) }
                return a.offset < b.offset
            }.map(\.element)
            return ChangelogCategory(title: type.name, entries: sorted)
        }
    }

    /// towncrier strips the text and indents its continuation lines under the bullet.
    static func bulletText(_ text: String) -> String {
        let stripped = text.trimming("\n").trimmingWhitespace
        return stripped.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { index, line in
            index == 0 || line.trimmingWhitespace.isEmpty ? String(line) : "  " + line
        }.joined(separator: "\n")
    }

    /// Numbers before strings, numbers by value, strings by text: towncrier's `issue_key`.
    static func issueOrder(_ a: String, _ b: String) -> Bool {
        switch (Int(a), Int(b)) {
        case (let x?, let y?): return x < y
        case (nil, _?): return true
        case (_?, nil): return false
        case (nil, nil): return a < b
        }
    }

    static func issueListOrder(_ a: [String], _ b: [String]) -> Bool {
        for (x, y) in zip(a, b) where x != y { return issueOrder(x, y) }
        return a.count < b.count
    }
}

extension StringProtocol {
    /// The text without whitespace or newlines at either end, as Python's `str.strip()`.
    var trimmingWhitespace: String {
        let text = String(self)
        // Text that starts and ends with a printable ASCII character has nothing to trim.
        if let first = text.utf8.first, let last = text.utf8.last, (0x21..<0x7F).contains(first),
            (0x21..<0x7F).contains(last)
        {
            return text
        }
        var slice = text[...]
        while let first = slice.first, first.isWhitespace { slice = slice.dropFirst() }
        while let last = slice.last, last.isWhitespace { slice = slice.dropLast() }
        return String(slice)
    }
}
