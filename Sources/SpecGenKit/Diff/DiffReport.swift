/// A ``SpecDiff`` as one list of items, and that list written for a reader: plain text, a
/// pull-request comment in Markdown, or JSON for a bot (schema in the README, "diff --format json").
package struct DiffReport: Sendable {
    package enum Format: String, Sendable, CaseIterable {
        case text, markdown, json
    }

    /// One change: what it touches, what happened to it, and what it means for clients.
    package struct Item: Sendable, Hashable {
        package enum Kind: String, Sendable {
            case endpoint, event, newsfragment, proposal
        }

        package var impact: SpecDiff.Impact
        package var kind: Kind
        /// `POST /_matrix/client/v3/login`, `m.room.member`, a fragment's or proposal's path.
        package var subject: String
        package var change: String
        /// Where the subject is on the head's site, from the site root: `client-server-api/#post_…`.
        package var sitePath: String?
    }

    package var diff: SpecDiff
    package var base: String
    package var head: String

    package init(diff: SpecDiff, base: String, head: String) {
        self.diff = diff
        self.base = base
        self.head = head
    }

    /// Every change, the most serious first, in the order the diff found them within each impact.
    package var items: [Item] {
        var items: [Item] = []
        func endpoint(_ method: String, _ path: String, api: String) -> (String, String?) {
            ("\(method) \(path)", endpointSitePath(method: method, path: path, api: api))
        }
        for added in diff.addedEndpoints {
            let (subject, site) = endpoint(added.method, added.path, api: added.api)
            items.append(Item(impact: .compatible, kind: .endpoint, subject: subject, change: "added", sitePath: site))
        }
        for removed in diff.removedEndpoints {
            items.append(
                Item(
                    impact: .breaking, kind: .endpoint, subject: "\(removed.method) \(removed.path)",
                    change: "removed", sitePath: nil))
        }
        for changed in diff.changedEndpoints {
            let (subject, site) = endpoint(changed.method, changed.path, api: changed.api)
            for note in changed.changes {
                items.append(
                    Item(impact: note.impact, kind: .endpoint, subject: subject, change: note.text, sitePath: site))
            }
        }
        items += diff.addedEvents.map { Item(impact: .compatible, kind: .event, subject: $0, change: "added") }
        items += diff.removedEvents.map { Item(impact: .breaking, kind: .event, subject: $0, change: "removed") }
        for event in diff.changedEvents {
            items += event.changes.map { Item(impact: $0.impact, kind: .event, subject: event.type, change: $0.text) }
        }
        items += diff.addedFragments.map {
            Item(
                impact: .documentation, kind: .newsfragment, subject: $0.path,
                change: "added: " + $0.text.split(separator: "\n").joined(separator: " "))
        }
        items += diff.addedProposals.map { Item(impact: .documentation, kind: .proposal, subject: $0, change: "added") }
        items += diff.changedProposals.map {
            Item(impact: .documentation, kind: .proposal, subject: $0, change: "changed")
        }
        // A stable sort: by impact, then as found.
        return items.enumerated().sorted { ($0.element.impact, $0.offset) < ($1.element.impact, $1.offset) }.map(
            \.element)
    }

    /// "2 breaking, 5 compatible, 3 documentation".
    static func countsLine(_ items: [Item]) -> String {
        SpecDiff.Impact.ordered.map { impact in "\(items.filter { $0.impact == impact }.count) \(impact.rawValue)" }
            .joined(separator: ", ")
    }

    private func endpointSitePath(method: String, path: String, api: String) -> String {
        switch diff.layout {
        case .matrixSpec:
            return SitePaths.publishedURL(ofAPI: api) + "#" + method.lowercased() + HugoAnchor.anchorize(path)
        case .matrixDoc:
            return api + "/#" + AnchorAllocator.slug("\(method) \(path)")
        }
    }

    // MARK: Formats

    package func write(_ format: Format, linkBase: String? = nil) -> String {
        switch format {
        case .text: return diff.summary(base: base, head: head)
        case .markdown: return markdown(linkBase: linkBase)
        case .json: return json(linkBase: linkBase)
        }
    }

    /// A pull-request comment: the counts, then a table for each impact.
    private func markdown(linkBase: String?) -> String {
        var lines = ["### specgen diff: `\(base)` → `\(head)`", ""]
        let all = items
        guard !all.isEmpty else {
            return (lines + ["No changes to endpoints, events, newsfragments or proposals."]).joined(separator: "\n")
                + "\n"
        }
        lines.append("**\(Self.countsLine(all))**")
        for impact in SpecDiff.Impact.ordered {
            let rows = all.filter { $0.impact == impact }
            guard !rows.isEmpty else { continue }
            lines += [
                "", "#### \(impact.rawValue.capitalized) (\(rows.count))", "", "| What | Change |", "| --- | --- |",
            ]
            for row in rows {
                var subject = "`\(Self.cell(row.subject).replacingOccurrences(of: "`", with: "'"))`"
                if let linkBase, let site = row.sitePath { subject = "[\(subject)](\(Self.joined(linkBase, site)))" }
                lines.append("| \(subject) | \(Self.cell(row.change)) |")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A table cell's text: no line breaks, and pipes escaped.
    private static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "|", with: "\\|")
    }

    private static func joined(_ base: String, _ path: String) -> String {
        (base.hasSuffix("/") ? base : base + "/") + path
    }

    /// `{"base", "head", "impact", "counts": {…}, "items": [{"impact", "kind", "subject", "change", "url"?}]}`.
    private func json(linkBase: String?) -> String {
        let all = items
        var out = "{\"base\":\(Self.quoted(base)),\"head\":\(Self.quoted(head)),\"impact\":"
        out += diff.impact.map { Self.quoted($0.rawValue) } ?? "null"
        out += ",\"counts\":{"
        out += SpecDiff.Impact.ordered.map { impact in
            "\(Self.quoted(impact.rawValue)):\(all.filter { $0.impact == impact }.count)"
        }.joined(separator: ",")
        out += "},\"items\":["
        out += all.map { item in
            var object =
                "{\"impact\":\(Self.quoted(item.impact.rawValue)),\"kind\":\(Self.quoted(item.kind.rawValue)),\"subject\":\(Self.quoted(item.subject)),\"change\":\(Self.quoted(item.change))"
            if let linkBase, let site = item.sitePath {
                object += ",\"url\":\(Self.quoted(Self.joined(linkBase, site)))"
            }
            return object + "}"
        }.joined(separator: ",\n")
        return out + "]}\n"
    }

    private static func quoted(_ text: String) -> String { JSONText.string(text) }
}

extension SpecDiff.Impact {
    /// The most serious first.
    package static let ordered: [SpecDiff.Impact] = [.breaking, .compatible, .documentation]
}
