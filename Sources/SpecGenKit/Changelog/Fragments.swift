import Foundation

/// A newsfragment file: `2282.new`, `2278.new.1`, `+typo.clarification`.
public struct Fragment: Sendable {
    /// The path relative to the source root.
    public var path: String
    public var absolutePath: String
    /// The issue, without leading zeros; empty for an orphan.
    public var issue: String
    public var type: FragmentType
    public var counter: Int
    public var text: String
    public var section: String
}

/// Finds fragments and applies towncrier's rules: name patterns, known types, merging and order.
struct FragmentReader {
    let tree: SourceTree
    let config: TowncrierConfig

    /// Parses a fragment file name the way towncrier does.
    /// - Returns: issue, type and counter, or `nil` for a name that is not a fragment of a known type.
    static func parse(_ name: String, types: [FragmentType], orphanPrefix: String) -> (issue: String, type: FragmentType, counter: Int, orphan: Bool)? {
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

    /// Every fragment of a known type in every section, in file-name order.
    /// - Parameter check: report names, types, empty files and duplicates as diagnostics.
    func fragments(check: Bool) -> [Fragment] {
        var result: [Fragment] = []
        for section in config.sections {
            let folder = config.fragmentFolder(for: section)
            let names = SpecLayout.contents(of: folder)
            var seen: [String: String] = [:]
            var orphanCounters: [String: Int] = [:]
            for name in names where !name.hasPrefix(".") {
                let absolute = folder + "/" + name
                let display = tree.displayPath(absolute)
                guard !SpecLayout.isDirectory(absolute) else { continue }
                guard let parsed = Self.parse(name, types: config.types, orphanPrefix: config.orphanPrefix) else {
                    if check {
                        let known = config.types.map(\.directory).joined(separator: ", ")
                        tree.diagnostics.emit(
                            .warning("'\(name)' is not ISSUE.TYPE[.COUNTER] with a known type (\(known)); it is left out of the changelog", file: display))
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
                        tree.diagnostics.emit(.error("'\(name)' and '\(other)' are the same issue, type and counter; number one of them", file: display))
                    }
                    continue
                }
                seen[key] = name
                guard let bytes = tree.readFile(absolute, display: display) else { continue }
                let text = String(decoding: bytes, as: UTF8.self)
                if check && text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty && parsed.type.showContent {
                    tree.diagnostics.emit(.error("the fragment is empty", file: display))
                }
                if check, let found = HostileMarkup.find(in: text) {
                    tree.diagnostics.emit(HostileMarkup.warning(found, in: "the fragment", file: display, at: SourceLocation(line: 1, column: 1)))
                }
                if check && String(validatingUTF8Bytes: bytes) == nil {
                    tree.diagnostics.emit(.error("the fragment is not UTF-8", file: display))
                }
                result.append(
                    Fragment(
                        path: display, absolutePath: absolute, issue: parsed.issue, type: parsed.type, counter: counter,
                        text: text, section: section.name))
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
                    if !fragment.issue.isEmpty { entries[index].issues.append(issue(fragment.issue)) }
                    entries[index].fragments.append(fragment.path)
                } else {
                    positions[text] = entries.count
                    entries.append(ChangelogEntry(text: text, issues: fragment.issue.isEmpty ? [] : [issue(fragment.issue)], fragments: [fragment.path]))
                }
            }
            guard !entries.isEmpty else { return nil }
            for index in entries.indices { entries[index].issues.sort { Self.issueOrder($0.id, $1.id) } }
            let sorted = entries.enumerated().sorted { a, b in
                let keyA = a.element.issues.isEmpty ? a.element.text : ""
                let keyB = b.element.issues.isEmpty ? b.element.text : ""
                if keyA != keyB { return keyA < keyB }
                let issuesA = a.element.issues.map(\.id), issuesB = b.element.issues.map(\.id)
                if issuesA != issuesB { return Self.issueListOrder(issuesA, issuesB) }
                return a.offset < b.offset
            }.map(\.element)
            return ChangelogCategory(title: type.name, entries: sorted)
        }
    }

    private func issue(_ id: String) -> ChangelogIssue {
        ChangelogIssue(id: id, url: nil)
    }

    /// towncrier strips the text and indents its continuation lines under the bullet.
    static func bulletText(_ text: String) -> String {
        let stripped = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return stripped.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { index, line in
            index == 0 || line.trimmingCharacters(in: .whitespaces).isEmpty ? String(line) : "  " + line
        }.joined(separator: "\n")
    }

    /// Numbers before strings, numbers by value, strings by text: towncrier's `issue_key`.
    static func issueOrder(_ a: String, _ b: String) -> Bool {
        switch (Int(a), Int(b)) {
        case let (x?, y?): return x < y
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

extension String {
    init?(validatingUTF8Bytes bytes: [UInt8]) {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: break loop
            case .error: return nil
            }
        }
        self = String(decoding: bytes, as: UTF8.self)
    }
}
