/// Writes the events reference: common fields, then every event grouped by kind and type prefix.
struct EventsPageRenderer {
    static let pagePath = "events/index.html"

    let catalog: EventCatalog
    let markdown: MarkdownRenderer
    var fields: FieldTableWriter { FieldTableWriter(markdown: markdown) }

    /// An event's id is its type, which is already readable and unique.
    static func anchor(for type: String) -> String { type }

    /// `m.room.member` is in `m.room`; `m.key.verification.start` in `m.key.verification`.
    static func prefix(of type: String) -> String {
        guard let dot = type.lastIndex(of: "."), type[..<dot].contains(".") else { return type }
        return String(type[..<dot])
    }

    func render() -> [UInt8] {
        var html = HTMLWriter(capacity: 256 * 1024)
        var anchors = AnchorAllocator()
        for event in catalog.events { anchors.reserve(Self.anchor(for: event.type)) }
        let groups = EventKind.allCases.map { kind in
            let events = catalog.events.filter { $0.kind == kind }
            let prefixes = Dictionary(grouping: events) { Self.prefix(of: $0.type) }
            return (kind, prefixes.keys.sorted().map { ($0, prefixes[$0]!) })
        }.filter { !$0.1.isEmpty }
        let groupIDs = groups.map { kind, prefixes in
            (anchors.unique(kind.rawValue + "-events"), prefixes.map { anchors.unique(kind.rawValue + "-" + AnchorAllocator.slug($0.0, keep: ".")) })
        }
        let commonID = anchors.unique("common-fields")
        for common in catalog.common { anchors.reserve(common.kind.commonFieldsID) }

        html.element("h1", text: "Events")
        html.element("p", [("class", "lead")], text: "\(catalog.events.count) event types, by kind and namespace.")
        html.newline()
        html.open("div", [("class", "api-layout")])
        writeNavigation(groups: groups, ids: groupIDs, commonID: commonID, into: &html)
        html.open("article", [("class", "events")])
        writeCommonFields(id: commonID, anchors: &anchors, into: &html)
        for ((kind, prefixes), (kindID, prefixIDs)) in zip(groups, groupIDs) {
            html.open("section", [("class", "event-kind"), ("aria-labelledby", kindID)])
            html.headingWithAnchor("h2", id: kindID, text: kind.title)
            for ((prefix, events), prefixID) in zip(prefixes, prefixIDs) {
                html.headingWithAnchor("h3", id: prefixID, text: prefix == events.first?.type && events.count == 1 ? prefix : prefix + ".*")
                for event in events { writeEvent(event, anchors: &anchors, into: &html) }
            }
            html.close("section")
            html.newline()
        }
        html.close("article")
        html.close("div")
        html.newline()
        return html.bytes
    }

    // MARK: Parts

    private func writeNavigation(
        groups: [(EventKind, [(String, [EventDefinition])])], ids: [(String, [String])], commonID: String,
        into html: inout HTMLWriter
    ) {
        html.open("nav", [("class", "toc"), ("aria-labelledby", "toc-title")])
        html.element("h2", [("id", "toc-title"), ("class", "toc-title")], text: "Events")
        html.open("ul")
        html.open("li")
        html.element("a", [("href", "#" + commonID), ("class", "event-link")], text: "Common fields")
        html.close("li")
        html.close("ul")
        for ((kind, prefixes), (kindID, _)) in zip(groups, ids) {
            html.open("h3", [("class", "toc-group")])
            html.element("a", [("href", "#" + kindID)], text: kind.title)
            html.close("h3")
            html.open("ul")
            for (_, events) in prefixes {
                for event in events {
                    html.open("li")
                    html.element("a", [("href", "#" + Self.anchor(for: event.type)), ("class", "event-link")], text: event.type)
                    html.close("li")
                }
            }
            html.close("ul")
            html.newline()
        }
        html.close("nav")
        html.newline()
    }

    private func writeCommonFields(id: String, anchors: inout AnchorAllocator, into html: inout HTMLWriter) {
        guard !catalog.common.isEmpty else { return }
        html.open("section", [("class", "common-fields"), ("aria-labelledby", id)])
        html.headingWithAnchor("h2", id: id, text: "Common fields")
        html.element("p", text: "Every event has the fields of its kind, shown once here.")
        var inherited: CommonEventFields?
        for common in catalog.common {
            html.headingWithAnchor("h3", id: common.kind.commonFieldsID, text: common.title)
            if let description = common.schema.description { fields.writeMarkdown(description, into: &html) }
            // Each kind builds on the one before: show only what it adds.
            let known = Set(inherited?.schema.properties.map(\.name) ?? [])
            if let inherited {
                html.open("p")
                html.text("It has the fields of ")
                html.element("a", [("href", "#" + inherited.kind.commonFieldsID)], text: inherited.title)
                html.text(", and these:")
                html.close("p")
            }
            var tables = FieldTableBuilder(idPrefix: common.kind.commonFieldsID, anchors: anchors)
            let rows = common.schema.properties.filter { !known.contains($0.name) }.map { property in
                FieldRow(
                    name: property.name, required: common.schema.required.contains(property.name),
                    description: property.schema.description, schema: property.schema,
                    deprecated: property.schema.deprecated, versionNotes: property.schema.versionNotes)
            }
            tables.addRows(rows, title: "\(common.title) fields", idSuffix: "fields")
            anchors = tables.anchors
            fields.writeTables(tables.tables[...], into: &html)
            inherited = common
        }
        html.close("section")
        html.newline()
    }

    private func writeEvent(_ event: EventDefinition, anchors: inout AnchorAllocator, into html: inout HTMLWriter) {
        let id = Self.anchor(for: event.type)
        html.open("section", [("class", "event"), ("aria-labelledby", id)])
        html.open("h4", [("id", id), ("class", "event-title")])
        html.element("span", [("class", "event-type")], text: event.type)
        html.text(" ")
        html.element("a", [("class", "anchor"), ("href", "#" + id), ("aria-label", "Link to \(event.type)")], text: "#")
        html.close("h4")
        html.newline()
        html.open("ul", [("class", "badges")])
        html.open("li", [("class", "badge badge-kind")])
        html.element("a", [("href", "#" + event.kind.commonFieldsID)], text: event.kind.title.dropLast().description)
        html.close("li")
        for badge in event.versionNotes.badges {
            html.element("li", [("class", "badge badge-\(badge.kind)")], text: badge.label)
        }
        html.close("ul")
        html.newline()
        fields.writeChangeNotes(event.versionNotes, into: &html)
        if let description = event.description { fields.writeMarkdown(description, into: &html) }
        if let stateKey = event.stateKey {
            html.open("div", [("class", "state-key")])
            html.open("p")
            html.element("strong", text: "State key: ")
            if let description = stateKey.description {
                markdown.renderInline(description, into: &html)
            } else {
                html.text("see the common fields of state events.")
            }
            html.close("p")
            fields.writeValueNotes(stateKey, into: &html)
            html.close("div")
            html.newline()
        }
        writeContent(event.content, idPrefix: id + "_content", anchors: &anchors, into: &html)
        if !event.otherFields.isEmpty {
            var tables = FieldTableBuilder(idPrefix: id, anchors: anchors)
            let rows = event.otherFields.map { property in
                FieldRow(
                    name: property.name, required: event.required.contains(property.name),
                    description: property.schema.description, schema: property.schema,
                    deprecated: property.schema.deprecated, versionNotes: property.schema.versionNotes)
            }
            tables.addRows(rows, title: "Other fields", idSuffix: "other-fields")
            anchors = tables.anchors
            fields.writeTables(tables.tables[...], into: &html)
        }
        writeExamples(event.examples, into: &html)
        for variant in event.variants {
            let variantID = anchors.unique(id + "_variant-" + AnchorAllocator.slug(variant.name, keep: "._"))
            html.open("section", [("class", "event-variant"), ("aria-labelledby", variantID)])
            html.open("h5", [("id", variantID)])
            html.text("\(event.type) with ")
            html.element("span", [("class", "event-type")], text: variantLabel(variant))
            html.text(" ")
            html.element("a", [("class", "anchor"), ("href", "#" + variantID), ("aria-label", "Link to this variant")], text: "#")
            html.close("h5")
            if let description = variant.description { fields.writeMarkdown(description, into: &html) }
            writeContent(variant.content, idPrefix: variantID + "_content", anchors: &anchors, into: &html)
            writeExamples(variant.examples, into: &html)
            html.close("section")
            html.newline()
        }
        html.close("section")
        html.newline()
    }

    /// `msgtype: m.text` when the variant's content fixes a discriminator, else the file name's suffix.
    private func variantLabel(_ variant: EventVariant) -> String {
        for property in variant.content?.properties ?? [] where property.schema.enumValues.count == 1 {
            if ["msgtype", "method", "algorithm"].contains(property.name), let value = property.schema.enumValues[0].string {
                return "\(property.name): \(value)"
            }
        }
        return variant.name
    }

    private func writeContent(_ content: Schema?, idPrefix: String, anchors: inout AnchorAllocator, into html: inout HTMLWriter) {
        guard let content else { return }
        var tables = FieldTableBuilder(idPrefix: idPrefix, anchors: anchors)
        let rootType = tables.add(content, title: "Content")
        anchors = tables.anchors
        if let rootType, content.additionalProperties != nil || !content.oneOf.isEmpty {
            html.open("p", [("class", "body-type")])
            html.text("Content: ")
            fields.writeType(rootType, into: &html)
            html.close("p")
        }
        if content.hasFields == false, content.additionalProperties == nil, content.oneOf.isEmpty, content.description == nil {
            html.element("p", [("class", "none")], text: "No content fields.")
        }
        fields.writeTables(tables.tables[...], into: &html)
    }

    private func writeExamples(_ examples: [Example], into html: inout HTMLWriter) {
        for example in examples {
            fields.writeExample(title: example.name.map { "Example: \($0)" } ?? "Example", code: JSONWriter.prettyPrinted(example.value), into: &html)
        }
    }
}
