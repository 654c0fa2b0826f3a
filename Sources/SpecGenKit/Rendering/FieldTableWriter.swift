/// Writes field tables, types, allowed values, examples and Markdown: the parts that API and
/// event pages share.
struct FieldTableWriter {
    let markdown: MarkdownRenderer

    func writeChangeNotes(_ notes: VersionNotes, into html: inout HTMLWriter) {
        for change in notes.changedIn where !change.text.isEmpty {
            html.open("div", [("class", "change-note")])
            html.element("p", [("class", "change-version")], text: "Changed in \(change.version):")
            writeMarkdown(change.text, into: &html)
            html.close("div")
            html.newline()
        }
    }


    /// Each table sits in a figure whose caption holds its title, self-link and description
    /// (a description may hold a table of its own, which a `<caption>` may not).
    func writeTables(_ tables: ArraySlice<FieldTable>, into html: inout HTMLWriter) {
        for table in tables {
            html.open("figure", [("class", "field-table"), ("id", table.id)])
            html.open("figcaption")
            html.element("span", [("class", "table-title")], text: table.title)
            html.text(" ")
            html.element("a", [("class", "anchor"), ("href", "#" + table.id), ("aria-label", "Link to the \(table.title) table")], text: "#")
            if let description = table.description {
                html.open("div", [("class", "table-description")])
                writeMarkdown(description, into: &html)
                html.close("div")
            }
            html.close("figcaption")
            html.open("div", [("class", "table-wrap")])
            html.open("table", [("class", "fields")])
            html.raw("<thead><tr><th scope=\"col\">Name</th><th scope=\"col\">Type</th><th scope=\"col\">Description</th></tr></thead>\n<tbody>\n")
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
        if let format = row.schema.format {
            html.text(" ")
            html.element("span", [("class", "format")], text: "(\(format))")
        }
        html.close("td")
        html.open("td", [("class", "field-description")])
        var badges: [(String, String)] = []
        if row.deprecated { badges.append(("deprecated", "Deprecated")) }
        if let added = row.versionNotes.addedIn { badges.append(("added", "Added in \(added)")) }
        for change in row.versionNotes.changedIn { badges.append(("changed", "Changed in \(change.version)")) }
        for (kind, label) in badges {
            html.element("span", [("class", "badge badge-\(kind)")], text: label)
            html.text(" ")
        }
        if let description = row.description { writeMarkdown(description, into: &html) }
        writeChangeNotes(row.versionNotes, into: &html)
        writeValueNotes(row.schema, into: &html)
        html.close("td")
        html.close("tr")
        html.newline()
    }

    func writeType(_ parts: [TypePart], into html: inout HTMLWriter) {
        for part in parts {
            switch part {
            case .text(let text): html.text(text)
            case .link(let text, let href): html.element("a", [("href", href)], text: text)
            case .map(let value):
                html.open("span", [("class", "map-type")])
                html.text("{string: ")
                writeType(value, into: &html)
                html.text("}")
                html.close("span")
            }
        }
    }

    /// Allowed values, constants and defaults, each value an unbreakable `<code>`; also those of
    /// array items, map values and `oneOf` variants that have no table of their own.
    func writeValueNotes(_ schema: Schema, into html: inout HTMLWriter) {
        var seen = Set<ObjectIdentifier>()
        var queue = [schema]
        var first = true
        while let current = queue.popLast() {
            guard seen.insert(ObjectIdentifier(current)).inserted, !(current.hasFields && !first) else { continue }
            first = false
            if current.enumValues.count == 1 || (current.enumValues.isEmpty && current.constValue != nil) {
                let value = current.enumValues.first ?? current.constValue!
                html.open("p", [("class", "values")])
                html.text("Must be ")
                writeValue(value, into: &html)
                html.text(".")
                html.close("p")
            } else if !current.enumValues.isEmpty {
                html.open("p", [("class", "values")])
                html.text("One of: ")
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
            queue += [current.items, current.additionalProperties].compactMap { $0 }
            queue += current.patternProperties.map(\.schema) + current.oneOf.reversed() + current.anyOf.reversed()
        }
    }

    func writeValue(_ value: YAMLNode, into html: inout HTMLWriter) {
        let text = value.scalar?.kind == .string ? value.scalar!.text : JSONWriter.inline(value)
        html.element("code", [("class", "value")], text: text)
    }

    func writeExample(title: String, code: String, into html: inout HTMLWriter) {
        html.open("figure", [("class", "example")])
        html.element("figcaption", text: title)
        html.open("pre")
        html.element("code", text: code)
        html.close("pre")
        html.close("figure")
        html.newline()
    }

    func writeMarkdown(_ text: String, into html: inout HTMLWriter) {
        var anchors = AnchorAllocator()
        markdown.render(text, into: &html, anchors: &anchors)
    }
}
