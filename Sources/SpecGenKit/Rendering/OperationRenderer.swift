/// Writes one endpoint's section from its plan: heading, badges, description, request and responses.
struct OperationRenderer {
    let page: PageRenderer
    var fields: FieldTableWriter { FieldTableWriter(page: page) }

    func render(_ plan: OperationPlan, into html: inout HTMLWriter) {
        let operation = plan.operation
        let id = plan.id
        html.open("section", [("class", "operation"), ("aria-labelledby", id)])
        html.newline()
        ComponentRenderer.heading(
            plan.level, id: id, into: &html, classes: "operation-title", label: "Link to \(operation.endpoint)"
        ) { html in
            html.element("span", [("class", "method method-\(operation.method.lowercased())")], text: operation.method)
            html.text(" ")
            ComponentRenderer.writePath(operation.fullPath, into: &html)
        }
        if let change = plan.change {
            html.open("div", [("class", "diff-mark diff-\(change.kind)")])
            html.element(
                "span", [("class", "badge badge-diff-\(change.kind)")],
                text: change.kind == "added" ? "Added by this change" : "Changed by this change")
            if !change.notes.isEmpty {
                html.open("ul")
                for note in change.notes { html.element("li", text: note) }
                html.close("ul")
            }
            html.close("div")
            html.newline()
        }
        writeBadges(operation, into: &html)
        if operation.deprecated {
            html.open("div", [("class", "alert alert-warning"), ("role", "note")])
            html.element("p", text: "This API is deprecated and will be removed from a future release.")
            html.close("div")
            html.newline()
        }
        if let summary = operation.summary {
            html.open("p", [("class", "summary")])
            page.writeMarkdown(summary, inline: true, into: &html)
            html.close("p")
            html.newline()
        }
        if let description = operation.description, description.text != operation.summary?.text {
            page.writeMarkdown(description, into: &html)
        }
        fields.writeChangeNotes(operation.versionNotes, into: &html)
        ProposalNoteWriter(page: page).write(for: page.plan.path + "#" + id, into: &html)
        writeMentions(page.resolver.mentions(of: page.plan.path + "#" + id), into: &html)
        writeRequest(plan, into: &html)
        writeResponses(plan, into: &html)
        html.close("section")
        html.newline()
    }

    private func writeBadges(_ operation: Operation, into html: inout HTMLWriter) {
        var badges: [(String, String)] = []
        if operation.deprecated { badges.append(("deprecated", "Deprecated")) }
        switch operation.requiresAuthentication {
        case .required: badges.append(("auth", "Requires authentication"))
        case .optional: badges.append(("auth", "Authentication optional"))
        case .none: break
        }
        if operation.rateLimited { badges.append(("rate-limited", "Rate-limited")) }
        badges += operation.versionNotes.badges.map { ($0.kind, $0.label) }
        guard !badges.isEmpty else { return }
        html.open("ul", [("class", "badges")])
        for (kind, label) in badges {
            html.element("li", [("class", "badge badge-\(kind)")], text: label)
        }
        html.close("ul")
        html.newline()
    }

    private func writeMentions(_ mentions: [Mention], into html: inout HTMLWriter) {
        guard !mentions.isEmpty else { return }
        html.open("div", [("class", "mentions")])
        html.element("p", [("class", "mentions-title")], text: "Mentioned in")
        html.open("ul")
        for mention in mentions {
            html.open("li")
            html.element("a", [("href", page.resolver.relative(mention.href))], text: mention.label)
            html.close("li")
        }
        html.close("ul")
        html.close("div")
        html.newline()
    }

    private func writeRequest(_ plan: OperationPlan, into html: inout HTMLWriter) {
        let level = min(6, plan.level + 1)
        ComponentRenderer.heading(level, id: plan.requestID, into: &html, label: "Link to the request") {
            $0.text("Request")
        }
        fields.writeTables(plan.parameterTables, into: &html)
        if let body = plan.requestBody { writeBody(body, into: &html) }
        if plan.operation.parameters.isEmpty && plan.operation.requestBody == nil {
            html.element("p", [("class", "none")], text: "No request parameters or request body.")
            html.newline()
        }
        writeRequestExample(plan, into: &html)
    }

    private func writeBody(_ plan: BodyPlan, into html: inout HTMLWriter) {
        let body = plan.body
        if let description = body.description { page.writeMarkdown(description, into: &html) }
        if let id = plan.contentTypesID {
            // A binary or text body: what may be sent, one row per media type.
            html.open("figure", [("class", "field-table"), ("id", id)])
            html.open("figcaption")
            html.element("span", [("class", "table-title")], text: "\(plan.title) content types")
            html.text(" ")
            html.element(
                "a", [("class", "anchor"), ("href", "#" + id), ("aria-label", "Link to this table")], text: "#")
            html.close("figcaption")
            html.open("div", [("class", "table-wrap")])
            html.open("table", [("class", "content-types")])
            html.raw(
                "<thead><tr><th scope=\"col\">Content type</th><th scope=\"col\">Type</th><th scope=\"col\">Description</th></tr></thead>\n<tbody>\n"
            )
            for type in body.contentTypes {
                // Each media type with its own schema: its own type, description and changes.
                let schema = body.schemasByType[type] ?? body.schema
                html.open("tr")
                html.open("td")
                html.element("code", text: type)
                html.close("td")
                html.open("td")
                if let own = plan.typesByMediaType[type] {
                    fields.writeType(own, into: &html)
                } else if let rootType = plan.rootType {
                    fields.writeType(rootType, into: &html)
                } else {
                    html.text("bytes")
                }
                if let format = schema?.format {
                    html.text(" "); html.element("span", [("class", "format")], text: "(\(format))")
                }
                html.close("td")
                html.open("td")
                if let description = schema?.description { page.writeMarkdown(description, into: &html) }
                if let notes = schema?.versionNotes {
                    for (kind, label) in notes.badges where kind == "added" {
                        html.open("p")
                        html.element("span", [("class", "badge badge-added")], text: label)
                        html.close("p")
                    }
                    fields.writeChangeNotes(notes, into: &html)
                }
                html.close("td")
                html.close("tr")
                html.newline()
            }
            html.raw("</tbody>\n</table>\n</div>\n</figure>\n")
        } else if let rootType = plan.rootType, let schema = body.schema {
            html.open("p", [("class", "body-type")])
            if schema.isArray, let elements = Self.elements(of: rootType) {
                // As the spec's template says it: "Array of Event, Room State."
                html.text("Array of ")
                fields.writeType(elements, into: &html)
                html.text(".")
            } else {
                html.text("\(plan.title): ")
                fields.writeType(rootType, into: &html)
            }
            html.close("p")
            html.newline()
            // A map's or a list's own words: its items' table has only theirs.
            if schema.isMap || schema.isArray, let description = schema.description {
                page.writeMarkdown(description, into: &html)
            }
            fields.writeValueNotes(schema, into: &html)
        }
        fields.writeTables(plan.tables, into: &html)
    }

    /// What an array type `[a|b]` holds, as a list: `a, b`; `nil` for a type that is not one array.
    static func elements(of type: [TypePart]) -> [TypePart]? {
        guard case .text("[")? = type.first, case .text("]")? = type.last, type.count > 2 else { return nil }
        var depth = 0
        var elements: [TypePart] = []
        for part in type.dropFirst().dropLast() {
            if case .text(let text) = part {
                if text == "[" { depth += 1 } else if text == "]" { depth -= 1 }
                if depth < 0 { return nil }
                if depth == 0, text == "|" {
                    elements.append(.text(", "))
                    continue
                }
            }
            elements.append(part)
        }
        return depth == 0 ? elements : nil
    }

    private func writeResponses(_ plan: OperationPlan, into html: inout HTMLWriter) {
        let level = min(6, plan.level + 1)
        ComponentRenderer.heading(level, id: plan.responsesID, into: &html, label: "Link to the responses") {
            $0.text("Responses")
        }
        guard !plan.responses.isEmpty else {
            html.element("p", [("class", "none")], text: "No responses are specified.")
            return
        }
        html.open("div", [("class", "table-wrap")])
        html.open("table", [("class", "responses"), ("id", plan.statusTableID)])
        html.element("caption") { html in
            html.text("Status codes ")
            html.element(
                "a", [("class", "anchor"), ("href", "#" + plan.statusTableID), ("aria-label", "Link to this table")],
                text: "#")
        }
        html.raw("<thead><tr><th scope=\"col\">Status</th><th scope=\"col\">Description</th></tr></thead>\n<tbody>\n")
        for response in plan.responses {
            html.open("tr")
            html.open("td")
            if let id = response.id {
                html.open("a", [("href", "#" + id)])
                html.element("code", text: response.response.status)
                html.close("a")
            } else {
                html.element("code", text: response.response.status)
            }
            html.close("td")
            html.open("td")
            if let description = response.response.description { page.writeMarkdown(description, into: &html) }
            html.close("td")
            html.close("tr")
            html.newline()
        }
        html.raw("</tbody>\n</table>\n</div>\n")
        for response in plan.responses {
            guard let id = response.id else { continue }
            ComponentRenderer.heading(
                min(6, level + 1), id: id, into: &html, label: "Link to the \(response.response.status) response"
            ) {
                $0.text("\(response.response.status) response")
            }
            if let description = response.response.body?.description { page.writeMarkdown(description, into: &html) }
            fields.writeTables(response.headers, into: &html)
            if let body = response.body {
                writeBody(body, into: &html)
                for example in response.examples {
                    fields.writeExample(
                        title: example.name.map { "Example: \($0)" } ?? "Example",
                        code: Self.exampleText(
                            example, contentType: example.contentType ?? body.body.contentTypes.first), into: &html)
                }
            }
        }
    }

    // MARK: Examples

    /// JSON pretty-printed; a text or binary body's example as written, not as a JSON string.
    static func exampleText(_ example: Example, contentType: String?) -> String {
        if let contentType, !ComponentLayout.isJSON(contentType), let scalar = example.value.scalar,
            scalar.kind == .string
        {
            return scalar.text
        }
        return JSONWriter.prettyPrinted(example.value)
    }

    /// What a client sends: the request line, each header once, and the body as its media type has it.
    private func writeRequestExample(_ plan: OperationPlan, into html: inout HTMLWriter) {
        let operation = plan.operation
        var path = operation.fullPath
        var query: [String] = []
        for parameter in operation.parameters {
            guard let example = parameter.example ?? parameter.schema.example else { continue }
            let value = example.string ?? JSONWriter.inline(example)
            switch parameter.location {
            case .path: path = path.replacingBytes("{" + parameter.name + "}", with: PercentEncoding.encode(value))
            case .query:
                // OpenAPI's default for a query array: the name once per item (`form`, exploded).
                let values = example.items.map { $0.map { $0.string ?? JSONWriter.inline($0) } } ?? [value]
                query += values.map { "\(PercentEncoding.encode(parameter.name))=\(PercentEncoding.encode($0))" }
            default: break
            }
        }
        var lines = ["\(operation.method) \(path)\(query.isEmpty ? "" : "?" + query.joined(separator: "&")) HTTP/1.1"]
        for parameter in operation.parameters where parameter.location == .header {
            guard let example = (parameter.example ?? parameter.schema.example)?.string else { continue }
            // Some sources write the whole header line as the example.
            let line =
                example.lowercased().hasPrefix(parameter.name.lowercased() + ":")
                ? example : "\(parameter.name): \(example)"
            lines.append(line)
        }
        var body = ""
        if let requestBody = operation.requestBody {
            if let example = plan.requestExample {
                let contentType =
                    example.contentType ?? (requestBody.contentTypesStated ? requestBody.contentTypes.first : nil)
                    ?? "application/json"
                if !lines.contains(where: { $0.lowercased().hasPrefix("content-type:") }) {
                    lines.append("Content-Type: \(contentType)")
                }
                body = "\n\n" + Self.exampleText(example, contentType: contentType)
            }
        }
        fields.writeExample(title: "Request example", code: lines.joined(separator: "\n") + body, into: &html)
    }
}

/// Percent-encodes a path segment or query value for the request example.
enum PercentEncoding {
    static func encode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return out
    }
}
