/// Writes a page's components: endpoints, events, definitions, boxes, lists of pages.
struct ComponentRenderer {
    let page: PageRenderer
    var fields: FieldTableWriter { FieldTableWriter(page: page) }

    func render(_ component: PageComponent, inline: Bool, into html: inout HTMLWriter) {
        switch component {
        case .operations(let plans):
            for plan in plans { OperationRenderer(page: page).render(plan, into: &html) }
        case .events(let plans):
            for plan in plans { writeEvent(plan, into: &html) }
        case .commonFields(let plan):
            writeCommonFields(plan, into: &html)
        case .definition(let plan):
            writeDefinition(plan, into: &html)
        case .box(let kind, let document, let source):
            html.open("div", [("class", "alert alert-\(kind)"), ("role", "note")])
            let titles = ["note": "Note", "warning": "Warning", "rationale": "Rationale", "info": "Info"]
            if let title = titles[kind] { html.element("p", [("class", "alert-title")], text: title) }
            html.newline()
            page.writeDocument(document, source: source, into: &html)
            html.close("div")
            html.newline()
        case .versionBadge(let kind, let version, let thisVersion, let block):
            let display = version.hasPrefix("v") || version.hasPrefix("r") ? version : "v" + version
            let label =
                thisVersion
                ? (kind == "added" ? "New in this version" : "Changed in this version")
                : (kind == "added" ? "Added in \(display)" : "Changed in \(display)")
            if block && !inline { html.open("p") }
            html.element("span", [("class", "badge badge-\(kind)")], text: label)
            if block && !inline { html.close("p"); html.newline() }
        case .include(let document, let source):
            page.writeDocument(document, source: source, into: &html)
        case .emojiTable(let data):
            writeEmojiTable(data, into: &html)
        case .proposalTables(let data):
            writeProposalTables(data, into: &html)
        case .diagram(let source, let alt):
            if let source {
                html.void(
                    "img",
                    [
                        ("src", page.resolver.relative(source)), ("alt", alt), ("loading", "lazy"),
                        ("class", "diagram-image"),
                    ])
            } else {
                html.element("span", [("class", "missing-image")], text: "[diagram: \(alt)]")
            }
        case .releases(let plan):
            if let unreleased = plan.unreleased { writeChangelogIndex(unreleased, releasesBelow: true, into: &html) }
            for (document, source) in plan.releases { page.writeDocument(document, source: source, into: &html) }
        case .versionDescription(let version, let unstable):
            if unstable || version == nil {
                html.raw("<p>This is the <strong>unstable</strong> version of the Matrix specification.</p>\n")
                html.raw("<p>This changelog lists changes made since the last release of the specification.</p>\n")
            } else {
                html.open("p")
                html.text("This is version ")
                html.element("strong", text: version!)
                html.text(" of the Matrix specification.")
                html.close("p")
                html.newline()
            }
        case .unknown(let document, let source):
            if let document { page.writeDocument(document, source: source, inline: inline, into: &html) }
        case .apiIndex(let entries):
            html.open("ul", [("class", "api-list")])
            for entry in entries {
                html.open("li")
                html.element("a", [("href", page.resolver.relative(entry.href))], text: entry.title)
                html.text(" — " + entry.detail)
                html.close("li")
                html.newline()
            }
            html.close("ul")
            html.newline()
        case .proposalIndex(let entries, let template):
            writeProposalIndex(entries, template: template, into: &html)
        case .proposalMeta(let plan):
            writeProposalMeta(plan, into: &html)
        case .changelogIndex(let plan):
            writeChangelogIndex(plan, releasesBelow: false, into: &html)
        case .changelogEntries(let plan):
            writeEntries(plan, into: &html)
        case .changes(let plan):
            writeChanges(plan.diff, into: &html)
        case .lead(let text, let className):
            guard !text.isEmpty else { return }
            html.element("p", [("class", className)], text: text)
            html.newline()
        case .pageDescription(let document, let source):
            html.open("div", [("class", "page-description")])
            html.newline()
            page.writeDocument(document, source: source, into: &html)
            html.close("div")
            html.newline()
        case .endpointList(let entries):
            writeEndpointList(entries, into: &html)
        case .releaseInfo(let info):
            html.open("table", [("class", "release-info")])
            html.open("tr")
            html.element("th", text: "Git commit")
            html.open("td")
            html.element("a", [("href", info.commitURL)], text: info.commitURL)
            html.close("td")
            html.close("tr")
            if let date = info.date {
                html.open("tr")
                html.element("th", text: "Release date")
                html.element("td", text: date)
                html.close("tr")
            }
            if let checklist = info.checklistHref {
                html.open("tr")
                html.element("th", text: "Checklist")
                html.open("td")
                html.element("a", [("href", page.resolver.relative(checklist))], text: SourcePath.name(checklist))
                html.close("td")
                html.close("tr")
            }
            html.close("table")
            html.newline()
        }
    }

    /// "List of Endpoints": the page's endpoints by the module whose text shows them, those of the
    /// page's own text first, under "Required", as the spec's template groups them.
    private func writeEndpointList(_ entries: [EndpointListEntry], into html: inout HTMLWriter) {
        var groups: [(title: String, entries: [EndpointListEntry])] = []
        var seen = Set<String>()
        let sorted = entries.enumerated().sorted { a, b in
            (a.element.module ?? "", a.offset) < (b.element.module ?? "", b.offset)
        }.map(\.element)
        for entry in sorted where seen.insert(entry.method + " " + entry.path).inserted {
            let title = entry.module ?? "Required"
            if groups.last?.title == title {
                groups[groups.count - 1].entries.append(entry)
            } else {
                groups.append((title, [entry]))
            }
        }
        html.open("details", [("class", "endpoint-list")])
        html.element("summary", text: "List of Endpoints")
        for group in groups {
            html.open("div", [("class", "endpoint-group")])
            html.element("p", [("class", "endpoint-group-title")], text: group.title)
            html.open("ul")
            for entry in group.entries {
                html.open("li")
                html.open("a", [("href", "#" + entry.anchor)])
                html.element("span", [("class", "method method-\(entry.method.lowercased())")], text: entry.method)
                html.text(" ")
                Self.writePath(entry.path, into: &html)
                if entry.isDeprecated { html.element("span", [("class", "deprecated-mark")], text: " (deprecated)") }
                html.close("a")
                html.close("li")
            }
            html.close("ul")
            html.close("div")
        }
        html.close("details")
        html.newline()
    }

    /// A heading with an id and a `#` self-link after its text.
    static func heading(
        _ level: Int, id: String?, into html: inout HTMLWriter, classes: String? = nil, label: String,
        content: (inout HTMLWriter) -> Void
    ) {
        let tag = "h\(min(6, max(1, level)))"
        html.open(tag, [("id", id), ("class", classes)])
        content(&html)
        if let id {
            html.text(" ")
            html.element("a", [("class", "anchor"), ("href", "#" + id), ("aria-label", label)], text: "#")
        }
        html.close(tag)
        html.newline()
    }

    // MARK: Events

    private func writeEvent(_ plan: EventPlan, into html: inout HTMLWriter) {
        let schema = plan.schema
        html.open(
            "section",
            [
                ("class", plan.schema.variant == nil ? "event-section" : "event-section event-variant"),
                ("aria-labelledby", plan.id),
            ])
        Self.heading(plan.level, id: plan.id, into: &html, classes: "event-title", label: "Link to \(plan.displayName)")
        { html in
            if let title = plan.title {
                page.writeMarkdown(title, inline: true, into: &html)
            } else if let label = plan.variantLabel {
                html.text(plan.displayName + " with ")
                html.element("span", [("class", "event-type")], text: label)
            } else {
                html.element("span", [("class", "event-type")], text: plan.displayName)
            }
        }
        html.open("ul", [("class", "badges")])
        if let common = plan.commonFieldsID {
            html.open("li", [("class", "badge badge-kind")])
            html.element("a", [("href", "#" + common)], text: schema.kind.singular)
            html.close("li")
        } else {
            html.element(
                "li", [("class", "badge badge-kind")],
                text: schema.stateKey != nil || schema.kind == .state ? "State event" : "Message event")
        }
        for badge in schema.versionNotes.badges {
            html.element("li", [("class", "badge badge-\(badge.kind)")], text: badge.label)
        }
        html.close("ul")
        html.newline()
        fields.writeChangeNotes(schema.versionNotes, into: &html)
        ProposalNoteWriter(page: page).write(for: page.plan.path + "#" + plan.id, into: &html)
        if let description = schema.description { page.writeMarkdown(description, into: &html) }
        if let stateKey = schema.stateKey {
            html.open("div", [("class", "state-key")])
            html.open("p")
            html.element("strong", text: "State key: ")
            if let description = stateKey.description {
                page.writeMarkdown(description, inline: true, into: &html)
            } else {
                html.text("see the common fields of state events.")
            }
            html.close("p")
            fields.writeValueNotes(stateKey, into: &html)
            html.close("div")
            html.newline()
        }
        if let content = schema.content {
            if let type = plan.contentType, content.isMap || !content.variants.isEmpty || !content.hasFields {
                html.open("p", [("class", "body-type")])
                html.text("Content: ")
                fields.writeType(type, into: &html)
                html.close("p")
                if let description = content.description, plan.tables.first?.description == nil {
                    page.writeMarkdown(description, into: &html)
                }
                fields.writeValueNotes(content, into: &html)
            }
            if !content.hasFields, !content.isMap, content.variants.isEmpty, content.description == nil {
                html.element("p", [("class", "none")], text: "No content fields.")
            }
            fields.writeTables(plan.tables, into: &html)
        }
        fields.writeTables(plan.otherTables, into: &html)
        for example in plan.examples {
            let label =
                example.name == schema.name
                ? "Example" : "Example: \(example.name.split(separator: "$").dropFirst().joined(separator: "$"))"
            fields.writeExample(
                title: label == "Example: " ? "Example" : label, code: JSONWriter.prettyPrinted(example.value),
                into: &html)
        }
        for variant in plan.variants { writeEvent(variant, into: &html) }
        html.close("section")
        html.newline()
    }

    private func writeCommonFields(_ plan: CommonFieldsPlan, into html: inout HTMLWriter) {
        html.open("div", [("class", "common-fields")])
        if plan.id == nil {
            html.open("p", [("class", "fields-title")])
            html.element("strong", text: plan.title)
            html.close("p")
        }
        if let description = plan.description { page.writeMarkdown(description, into: &html) }
        if let inherited = plan.inherits {
            html.open("p")
            html.text("It has the fields of ")
            html.element("a", [("href", "#" + inherited.id)], text: inherited.title)
            html.text(", and these:")
            html.close("p")
        }
        fields.writeTables(plan.tables, into: &html)
        html.close("div")
        html.newline()
    }

    private func writeDefinition(_ plan: DefinitionPlan, into html: inout HTMLWriter) {
        html.open("section", [("class", "definition-section"), ("aria-labelledby", plan.id)])
        Self.heading(
            plan.level, id: plan.id, into: &html, classes: "definition-title",
            label: "Link to \(plan.title)\(plan.titleSuffix)"
        ) { html in
            html.code(plan.title)
            html.text(plan.titleSuffix)
        }
        if !plan.schema.versionNotes.isEmpty {
            html.open("ul", [("class", "badges")])
            for badge in plan.schema.versionNotes.badges {
                html.element("li", [("class", "badge badge-\(badge.kind)")], text: badge.label)
            }
            html.close("ul")
        }
        if let description = plan.schema.description { page.writeMarkdown(description, into: &html) }
        if let type = plan.rootType {
            html.open("p", [("class", "body-type")])
            html.text("Type: ")
            fields.writeType(type, into: &html)
            html.close("p")
            fields.writeValueNotes(plan.schema, into: &html)
        }
        fields.writeTables(plan.tables, into: &html)
        if let example = plan.example {
            fields.writeExample(title: "Example", code: JSONWriter.prettyPrinted(example), into: &html)
        }
        html.close("section")
        html.newline()
    }

    // MARK: Data tables

    private func writeEmojiTable(_ data: YAMLNode?, into html: inout HTMLWriter) {
        guard let items = data?.items else {
            html.element(
                "p", [("class", "none")],
                text: "The emoji table comes from data-definitions/sas-emoji.json, which this tree does not have.")
            return
        }
        html.open("div", [("class", "table-wrap")])
        html.open("table", [("class", "emoji-table")])
        html.raw(
            "<thead><tr><th scope=\"col\">Number</th><th scope=\"col\">Emoji</th><th scope=\"col\">Unicode</th><th scope=\"col\">Description</th></tr></thead>\n<tbody>\n"
        )
        for item in items {
            html.open("tr")
            for key in ["number", "emoji", "unicode", "description"] {
                html.element("td", text: item[key].map { $0.scalar?.text ?? JSONWriter.inline($0) } ?? "")
            }
            html.close("tr")
            html.newline()
        }
        html.raw("</tbody>\n</table>\n</div>\n")
    }

    private func writeProposalTables(_ data: YAMLNode?, into html: inout HTMLWriter) {
        guard let states = data?.items else {
            html.element(
                "p", [("class", "none")],
                text:
                    "The tables of proposals by state come from GitHub (data/msc/proposals.json) when the published site is built; this tree has none."
            )
            html.newline()
            return
        }
        for state in states {
            html.element("h3", [("class", "proposal-table-title")], text: state["title"]?.string ?? "")
            guard let proposals = state["proposals"]?.items, !proposals.isEmpty else {
                html.element("p", text: "No MSCs are currently in this state.")
                continue
            }
            html.open("div", [("class", "table-wrap")])
            html.open("table", [("class", "msc-table")])
            html.raw(
                "<thead><tr><th>MSC</th><th>Title</th><th>Created at</th><th>Updated at</th><th>Docs</th><th>Author</th><th>Shepherd</th></tr></thead>\n<tbody>\n"
            )
            for proposal in proposals {
                html.open("tr")
                html.open("td")
                let number = proposal["number"].map { $0.scalar?.text ?? "" } ?? ""
                if let url = proposal["url"]?.string, URLPolicy.allows(url) {
                    html.element("a", [("href", url)], text: number)
                } else {
                    html.text(number)
                }
                html.close("td")
                for key in ["title", "created_at", "updated_at"] {
                    html.element("td", text: proposal[key]?.string ?? "")
                }
                html.open("td")
                for (index, link) in (proposal["documentation"]?.items ?? []).enumerated() {
                    if index > 0 { html.text(", ") }
                    if let url = link.string, URLPolicy.allows(url) {
                        html.element("a", [("href", url)], text: String(index + 1))
                    }
                }
                html.close("td")
                html.open("td")
                for (index, author) in (proposal["authors"]?.items ?? []).compactMap(\.string).enumerated() {
                    if index > 0 { html.text(", ") }
                    html.element("a", [("href", "https://github.com/" + author)], text: "@" + author)
                }
                html.close("td")
                html.open("td")
                if let shepherd = proposal["shepherd"]?.string {
                    html.element("a", [("href", "https://github.com/" + shepherd)], text: "@" + shepherd)
                }
                html.close("td")
                html.close("tr")
                html.newline()
            }
            html.raw("</tbody>\n</table>\n</div>\n")
        }
    }

    // MARK: Proposals

    private func writeProposalIndex(_ entries: [ProposalIndexEntry], template: String?, into html: inout HTMLWriter) {
        html.open("p", [("class", "lead")])
        html.text("\(entries.count) proposals (MSCs), by number.")
        if let template {
            html.text(" New ones start from ")
            html.element("a", [("href", page.resolver.relative(template))], text: "the proposal template")
            html.text(".")
        }
        html.close("p")
        html.open("div", [("class", "table-wrap")])
        html.open("table", [("class", "proposals")])
        html.raw(
            "<thead><tr><th scope=\"col\">MSC</th><th scope=\"col\">Title</th><th scope=\"col\">Status</th><th scope=\"col\">Authors</th></tr></thead>\n<tbody>\n"
        )
        for entry in entries {
            let href = page.resolver.relative(entry.href)
            html.open("tr")
            html.open("td", [("class", "msc-number")])
            html.element("a", [("href", href)], text: "MSC\(entry.proposal.number)")
            html.close("td")
            html.open("td")
            html.element("a", [("href", href)], text: entry.proposal.shortTitle)
            html.close("td")
            html.element("td", text: entry.proposal.status ?? "")
            html.element("td", text: entry.proposal.authors ?? "")
            html.close("tr")
            html.newline()
        }
        html.raw("</tbody>\n</table>\n</div>\n")
    }

    private func writeProposalMeta(_ plan: ProposalMetaPlan, into html: inout HTMLWriter) {
        let proposal = plan.proposal
        html.open("dl", [("class", "proposal-meta")])
        html.element("dt", text: "Proposal")
        html.element("dd", text: "MSC\(proposal.number)")
        for (label, value) in [
            ("Status", proposal.status), ("Author", proposal.authors), ("Shepherd", proposal.shepherd),
        ] {
            guard let value else { continue }
            html.element("dt", text: label)
            html.open("dd")
            page.writeMarkdown(SourceText(value, file: proposal.path), inline: true, into: &html)
            html.close("dd")
        }
        html.element("dt", text: "Source")
        html.open("dd", [("class", "source-path")])
        html.element("code", text: proposal.path)
        html.close("dd")
        html.close("dl")
        html.newline()
        writeLandings(of: proposal.number, into: &html)
        let stated = Set((page.map.citations.targets[proposal.number] ?? []).map(\.href))
        let endpoints = (page.map.endpointsOfProposal[proposal.number] ?? []).filter { !stated.contains($0.href) }
        if !endpoints.isEmpty {
            html.open("aside", [("class", "proposal-endpoints")])
            html.element("p", [("class", "aside-title")], text: "Endpoints in the spec that this proposal touches")
            html.open("ul")
            for endpoint in endpoints {
                html.open("li")
                html.open("a", [("href", page.resolver.relative(endpoint.href))])
                html.element(
                    "span", [("class", "method method-\(endpoint.method.lowercased())")], text: endpoint.method)
                html.text(" ")
                Self.writePath(endpoint.fullPath, into: &html)
                html.close("a")
                html.close("li")
            }
            html.close("ul")
            html.close("aside")
            html.newline()
        }
    }

    /// "Landed in": the changelog entries that cite the proposal, and what they say it brought.
    private func writeLandings(of number: Int, into html: inout HTMLWriter) {
        let landings = page.map.citations.landings[number] ?? []
        guard !landings.isEmpty else { return }
        html.open("aside", [("class", "proposal-landings")])
        html.element("p", [("class", "aside-title")], text: "Where the spec took it up")
        html.open("ul")
        for landing in landings {
            html.open("li")
            html.text(landing.isReleased ? "Landed in " : "Due in ")
            html.element("a", [("href", page.resolver.relative(landing.href))], text: landing.release)
            html.text(": ")
            let text = landing.markup == .rst ? RSTCompatibility.markdown(from: landing.text) : landing.text
            page.writeDocument(page.markdown.parse(text).document, source: nil, inline: true, into: &html)
            html.close("li")
        }
        html.close("ul")
        let targets = page.map.citations.targets[number] ?? []
        if !targets.isEmpty {
            html.element("p", [("class", "aside-title")], text: "What it brought, as the changelogs say")
            html.open("ul")
            for target in targets {
                html.open("li")
                html.open("a", [("href", page.resolver.relative(target.href))])
                html.element("code", text: target.label)
                html.close("a")
                html.text(", in \(target.phrase)")
                html.close("li")
            }
            html.close("ul")
        }
        html.close("aside")
        html.newline()
    }

    /// An endpoint path that may wrap only after a `/`: each segment is kept whole.
    static func writePath(_ path: String, into html: inout HTMLWriter) {
        html.open("span", [("class", "path")])
        var first = true
        for segment in path.splittingBytes("/") {
            if !first {
                html.text("/")
                html.void("wbr")
            }
            if !segment.isEmpty { html.element("span", [("class", "segment")], text: String(segment)) }
            first = false
        }
        html.close("span")
    }

    // MARK: Changelogs

    private func writeChangelogIndex(_ plan: ChangelogIndexPlan, releasesBelow: Bool, into html: inout HTMLWriter) {
        Self.heading(2, id: plan.headingIDs[0], into: &html, label: "Link to this section") {
            $0.text("Unreleased changes")
        }
        if plan.unreleased.allSatisfy({ $0.categories.isEmpty }) {
            html.element("p", [("class", "none")], text: "No unreleased changes.")
        } else {
            html.element("p", [("class", "lead")], text: UnreleasedChanges.lead(of: plan.unreleased))
        }
        for (api, ids) in zip(plan.unreleased, plan.unreleasedIDs) {
            guard let section = ids.section else { continue }
            Self.heading(3, id: section, into: &html, label: "Link to this section") { $0.text(api.title) }
            writeEntries(
                ChangelogEntriesPlan(
                    categories: api.categories, categoryIDs: api.categories.map { _ in nil }, entryIDs: ids.entries,
                    markup: api.markup, notes: []),
                into: &html)
        }
        if let id = plan.headingIDs[1] {
            Self.heading(2, id: id, into: &html, label: "Link to this section") { $0.text("Releases") }
            writeItems(plan.releases, into: &html)
        }
        if let id = plan.headingIDs[2] {
            Self.heading(2, id: id, into: &html, label: "Link to this section") {
                $0.text(releasesBelow ? "Earlier histories" : "Changelogs by API")
            }
            writeItems(plan.histories, into: &html)
        }
    }

    private func writeItems(_ items: [ChangelogIndexPlan.Item], into html: inout HTMLWriter) {
        html.open("ul", [("class", "api-list")])
        for item in items {
            html.open("li")
            html.element("a", [("href", page.resolver.relative(item.href))], text: item.title)
            if !item.detail.isEmpty { html.text(" — " + item.detail) }
            html.close("li")
            html.newline()
        }
        html.close("ul")
        html.newline()
    }

    private func writeEntries(_ plan: ChangelogEntriesPlan, into html: inout HTMLWriter) {
        for note in plan.notes {
            html.open("div", [("class", "release-note")])
            var text = SourceText(note, file: page.plan.source?.file ?? "")
            if plan.markup == .rst { text.text = RSTCompatibility.markdown(from: note) }
            page.writeMarkdown(text, into: &html)
            html.close("div")
            html.newline()
        }
        for (index, category) in plan.categories.enumerated() {
            if !category.title.isEmpty {
                Self.heading(4, id: plan.categoryIDs[index], into: &html, label: "Link to this section") {
                    $0.text(category.title)
                }
            }
            html.open("ul", [("class", "changes")])
            for (entryIndex, entry) in category.entries.enumerated() {
                html.open("li", [("id", plan.entryIDs[index][entryIndex])])
                var text = entry.text
                if plan.markup == .rst || page.followsGendoc { text.text = RSTCompatibility.markdown(from: text.text) }
                let isBlock =
                    text.text.containsBytes("\n\n") || text.text.containsBytes("\n- ")
                    || text.text.containsBytes("\n* ")
                page.writeMarkdown(text, inline: !isBlock, headingOffset: 4, into: &html)
                if !entry.issues.isEmpty {
                    html.text(" (")
                    for (issueIndex, issue) in entry.issues.enumerated() {
                        if issueIndex > 0 { html.text(", ") }
                        if let url = issue.url, URLPolicy.allows(url) {
                            html.element("a", [("href", url)], text: "#" + issue.id)
                        } else {
                            html.text("#" + issue.id)
                        }
                    }
                    html.text(")")
                }
                html.close("li")
                html.newline()
            }
            html.close("ul")
            html.newline()
        }
    }

    // MARK: Diff

    private func writeChanges(_ diff: SpecDiff, into html: inout HTMLWriter) {
        func list(_ title: String, id: String, _ items: [(text: String, href: String?, notes: [String])]) {
            guard !items.isEmpty else { return }
            Self.heading(2, id: id, into: &html, label: "Link to this section") { $0.text("\(title) (\(items.count))") }
            html.open("ul", [("class", "changes")])
            for item in items {
                html.open("li")
                if let href = item.href {
                    html.element("a", [("href", page.resolver.relative(href))], text: item.text)
                } else {
                    html.text(item.text)
                }
                if !item.notes.isEmpty {
                    html.open("ul")
                    for note in item.notes { html.element("li", text: note) }
                    html.close("ul")
                }
                html.close("li")
            }
            html.close("ul")
            html.newline()
        }
        let map = page.map
        func href(_ method: String, _ path: String) -> String? { map.endpoints["\(method) \(path)"]?.href }
        if diff.isEmpty { html.element("p", text: "No changes to endpoints, events, newsfragments or proposals.") }
        list("Breaking changes", id: "breaking", diff.breaking.map { ($0, nil, []) })
        list(
            "Endpoints added", id: "added",
            diff.addedEndpoints.map { ("\($0.method) \($0.path)", href($0.method, $0.path), []) })
        list("Endpoints removed", id: "removed", diff.removedEndpoints.map { ("\($0.method) \($0.path)", nil, []) })
        list(
            "Endpoints changed", id: "changed",
            diff.changedEndpoints.map { ("\($0.method) \($0.path)", href($0.method, $0.path), $0.notes) })
        list("Events added", id: "events-added", diff.addedEvents.map { ($0, map.events[$0], []) })
        list("Events removed", id: "events-removed", diff.removedEvents.map { ($0, nil, []) })
        list(
            "Events changed", id: "events-changed",
            diff.changedEvents.map { event in
                (event.type, map.events[event.type], event.changes.map { "[\($0.impact.rawValue)] \($0.text)" })
            })
        list("Newsfragments added", id: "fragments", diff.addedFragments.map { ("\($0.path): \($0.text)", nil, []) })
        list("Proposals added", id: "proposals-added", diff.addedProposals.map { ($0, nil, []) })
        list("Proposals changed", id: "proposals-changed", diff.changedProposals.map { ($0, nil, []) })
    }
}
