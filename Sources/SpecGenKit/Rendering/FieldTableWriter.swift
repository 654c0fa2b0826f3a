/// Writes field tables, types, allowed values, examples and change notes: the parts that
/// operations, events and definitions share.
struct FieldTableWriter {
    let page: PageRenderer

    func writeChangeNotes(_ notes: VersionNotes, into html: inout HTMLWriter) {
        for change in notes.changedIn {
            guard let text = change.text, !text.text.isEmpty else { continue }
            html.open("div", [("class", "change-note")])
            html.element(
                "p", [("class", "change-version")], text: "Changed in \(VersionNotes.display(change.version)):")
            page.writeMarkdown(text, into: &html)
            html.close("div")
            html.newline()
        }
    }

    /// Each table sits in a figure whose caption holds its title, self-link and description
    /// (a description may hold a table of its own, which a `<caption>` may not).
    func writeTables(_ tables: [FieldTable], into html: inout HTMLWriter) {
        for table in tables {
            html.open("figure", [("class", "field-table"), ("id", table.id)])
            html.open("figcaption")
            html.element("span", [("class", "table-title")], text: table.title)
            html.text(" ")
            html.element(
                "a",
                [("class", "anchor"), ("href", "#" + table.id), ("aria-label", "Link to the \(table.title) table")],
                text: "#")
            if let description = table.description {
                html.open("div", [("class", "table-description")])
                page.writeMarkdown(description, into: &html)
                html.close("div")
            }
            html.close("figcaption")
            html.open("div", [("class", "table-wrap")])
            html.open("table", [("class", "fields")])
            html.raw(
                "<thead><tr><th scope=\"col\">Name</th><th scope=\"col\">Type</th><th scope=\"col\">Description</th></tr></thead>\n<tbody>\n"
            )
            for row in table.rows { writeRow(row, into: &html) }
            html.raw("</tbody>\n</table>\n</div>\n</figure>\n")
        }
    }

    func writeRow(_ row: FieldRow, into html: inout HTMLWriter) {
        html.open("tr")
        html.open("td", [("class", "field-name")])
        if row.isKeyPattern {
            if row.name == "*" {
                html.element("em", text: "any key")
            } else {
                html.element("code", [("class", "key-pattern")], text: row.name)
            }
        } else {
            html.element("code", text: row.name)
        }
        if row.required {
            html.text(" ")
            html.element("span", [("class", "required")], text: "required")
        }
        html.close("td")
        html.open("td", [("class", "field-type")])
        writeType(row.type, into: &html)
        if let format = row.schema.format, !row.formatInType {
            html.text(" ")
            html.element("span", [("class", "format")], text: "(\(format))")
        }
        html.close("td")
        html.open("td", [("class", "field-description")])
        var badges: [(String, String)] = []
        if row.deprecated { badges.append(("deprecated", "Deprecated")) }
        badges += row.versionNotes.badges.map { ($0.kind, $0.label) }
        for (kind, label) in badges {
            html.element("span", [("class", "badge badge-\(kind)")], text: label)
            html.text(" ")
        }
        if let description = row.description { page.writeMarkdown(description, into: &html) }
        writeChangeNotes(row.versionNotes, into: &html)
        writeValueNotes(row.schema, into: &html)
        html.close("td")
        html.close("tr")
        html.newline()
    }

    /// The type, in one `<code>`-like span per word so that it wraps only between alternatives.
    func writeType(_ parts: [TypePart], into html: inout HTMLWriter) {
        html.open("span", [("class", "type")])
        write(parts, into: &html)
        html.close("span")
    }

    private func write(_ parts: [TypePart], into html: inout HTMLWriter) {
        for part in parts {
            switch part {
            case .text("|"):
                html.text("|")
                html.void("wbr")
            case .text(let text):
                html.text(text)
            case .link(let text, let href):
                html.element("a", [("href", href)], text: text)
            case .siteLink(let text, let target):
                let destination = target.hasPrefix("/") || LinkResolver.hasScheme(target) ? target : "/" + target
                switch page.resolver.resolve(destination) {
                case .href(let href): html.element("a", [("href", href)], text: text)
                case .none: html.text(text)
                }
            case .map(let key, let value):
                html.open("span", [("class", "map-type")])
                html.text("{")
                write(key, into: &html)
                html.text(": ")
                write(value, into: &html)
                html.text("}")
                html.close("span")
            }
        }
    }

    /// Allowed values, constants and defaults, each value an unbreakable `<code>`; also those of
    /// array items, map values and `oneOf` variants that have no table of their own.
    func writeValueNotes(_ schema: Schema, into html: inout HTMLWriter) {
        var seen = Set<ObjectIdentifier>()
        // Each schema with the words that say where its values go: "" for the field itself.
        var queue: [(schema: Schema, subject: String)] = [(schema, "")]
        while !queue.isEmpty {
            let (current, subject) = queue.removeFirst()
            guard seen.insert(ObjectIdentifier(current)).inserted, !(current.hasFields && current !== schema) else {
                continue
            }
            let lead = subject.isEmpty ? "" : subject + " "
            if page.followsGendoc, !current.enumValues.isEmpty, subject.isEmpty || subject == "Items" {
                writeGendocValues(current.enumValues, into: &html)
            } else if current.enumValues.isEmpty, let value = current.constValue {
                // One allowed value is listed as Hugo lists it, as a list of one; a constant must be it.
                html.open("p", [("class", "values")])
                html.text(subject.isEmpty ? "Must be " : lead + "must be ")
                writeValue(value, into: &html)
                html.text(".")
                html.close("p")
            } else if !current.enumValues.isEmpty {
                html.open("p", [("class", "values")])
                html.text(subject.isEmpty ? "One of: " : lead + "are one of: ")
                for (index, value) in current.enumValues.enumerated() {
                    if index > 0 { html.text(", ") }
                    writeValue(value, into: &html)
                }
                html.text(".")
                html.close("p")
            }
            if let defaultValue = current.defaultValue, current === schema {
                html.open("p", [("class", "values")])
                html.text("Defaults to ")
                writeValue(defaultValue, into: &html)
                html.text(".")
                html.close("p")
            }
            if let items = current.items { queue.append((items, "Items")) }
            for (index, item) in current.prefixItems.enumerated() { queue.append((item, "Item \(index + 1)")) }
            if let values = current.additionalProperties { queue.append((values, "Values")) }
            queue += current.patternProperties.map { ($0.schema, "Values of keys matching \($0.name)") }
            for (index, variant) in current.variants.enumerated() {
                let name = variant.title ?? variant.types.first.map { "a \($0)" } ?? "variant \(index + 1)"
                queue.append((variant, "As \(name), it"))
            }
        }
    }

    /// gendoc's words for a field's or its items' allowed values (`process_data_type`): "Must be
    /// 'x'." for one, "One of: ["a", "b"]" for several.
    private func writeGendocValues(_ values: [YAMLNode], into html: inout HTMLWriter) {
        html.open("p", [("class", "values")])
        if values.count == 1 {
            html.text("Must be '")
            html.code(values[0].scalar?.text ?? JSONWriter.inline(values[0]), className: "value")
            html.text("'.")
        } else {
            html.text("One of: [")
            for (index, value) in values.enumerated() {
                if index > 0 { html.text(", ") }
                html.code(JSONWriter.inline(value), className: "value")
            }
            html.text("]")
        }
        html.close("p")
    }

    func writeValue(_ value: YAMLNode, into html: inout HTMLWriter) {
        let text = value.scalar?.kind == .string ? value.scalar!.text : JSONWriter.inline(value)
        html.code(text, className: "value")
    }

    /// An example, its JSON coloured; one longer than ``foldedExampleLines`` is folded under
    /// its title, so that a long response doesn't push the next endpoint a screen away.
    func writeExample(title: String, code: String, into html: inout HTMLWriter) {
        var text = code
        let lines = text.withUTF8 { $0.reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 } }
        let folded = lines > Self.foldedExampleLines
        html.open(folded ? "details" : "figure", [("class", "example")])
        if folded {
            html.open("summary")
            html.text(title)
            html.element("span", [("class", "line-count")], text: " (\(lines) lines)")
            html.close("summary")
        } else {
            html.element("figcaption", text: title)
        }
        html.open("pre")
        html.open("code")
        html.highlightedJSON(code)
        html.close("code")
        html.close("pre")
        html.close(folded ? "details" : "figure")
        html.newline()
    }

    /// The most lines an example shows before it is folded: about a screen.
    static let foldedExampleLines = 40
}
