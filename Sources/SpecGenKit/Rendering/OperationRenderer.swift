/// Writes one endpoint's section: heading, badges, description, request and responses.
struct OperationRenderer {
    let markdown: MarkdownRenderer
    var fields: FieldTableWriter { FieldTableWriter(markdown: markdown) }

    /// Renders an operation whose heading id is `id`. Every other id inside starts with `id` and `_`,
    /// which page-level ids never contain, so operations can be rendered in parallel.
    /// - Parameter mentions: proposals and changelog entries that mention the operation, hrefs relative to the page.
    /// - Parameter change: how a diff marks the operation: `added` or `changed`, with notes.
    func render(_ operation: Operation, id: String, mentions: [Mention] = [], change: (kind: String, notes: [String])? = nil) -> [UInt8] {
        var html = HTMLWriter(capacity: 16_384)
        html.open("section", [("class", "operation"), ("aria-labelledby", id)])
        html.newline()
        html.open("h3", [("id", id), ("class", "operation-title")])
        html.element("span", [("class", "method method-\(operation.method.lowercased())")], text: operation.method)
        html.text(" ")
        html.element("span", [("class", "path")], text: operation.fullPath)
        html.text(" ")
        html.element("a", [("class", "anchor"), ("href", "#" + id), ("aria-label", "Link to \(operation.method) \(operation.fullPath)")], text: "#")
        html.close("h3")
        html.newline()
        if let change {
            html.open("div", [("class", "diff-mark diff-\(change.kind)")])
            html.element("span", [("class", "badge badge-diff-\(change.kind)")], text: change.kind == "added" ? "Added by this change" : "Changed by this change")
            if !change.notes.isEmpty {
                html.open("ul")
                for note in change.notes { html.element("li", text: note) }
                html.close("ul")
            }
            html.close("div")
            html.newline()
        }
        writeBadges(operation, into: &html)
        if let summary = operation.summary {
            html.open("p", [("class", "summary")])
            markdown.renderInline(summary, into: &html)
            html.close("p")
            html.newline()
        }
        if let description = operation.description, description != operation.summary {
            fields.writeMarkdown(description, into: &html)
        }
        fields.writeChangeNotes(operation.versionNotes, into: &html)
        writeMentions(mentions, into: &html)
        var tables = FieldTableBuilder(idPrefix: id, anchors: AnchorAllocator())
        writeRequest(operation, id: id, tables: &tables, into: &html)
        writeResponses(operation, id: id, tables: &tables, into: &html)
        html.close("section")
        html.newline()
        return html.bytes
    }

    // MARK: Parts

    private func writeBadges(_ operation: Operation, into html: inout HTMLWriter) {
        var badges: [(String, String)] = []
        if operation.deprecated { badges.append(("deprecated", "Deprecated")) }
        if operation.requiresAuthentication { badges.append(("auth", "Requires authentication")) }
        if operation.rateLimited { badges.append(("rate-limited", "Rate-limited")) }
        badges += operation.versionNotes.badges.map { ($0.kind, $0.label) }
        guard !badges.isEmpty else { return }
        html.open("ul", [("class", "badges")])
        for (kind, label) in badges {
            html.open("li", [("class", "badge badge-\(kind)")])
            html.text(label)
            html.close("li")
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
            html.element("a", [("href", mention.href)], text: mention.label)
            html.close("li")
        }
        html.close("ul")
        html.close("div")
        html.newline()
    }

    private func writeRequest(_ operation: Operation, id: String, tables: inout FieldTableBuilder, into html: inout HTMLWriter) {
        html.element("h4", [("id", id + "_request")], text: "Request")
        html.newline()
        let start = tables.tables.count
        for location in Parameter.Location.allCases {
            let parameters = operation.parameters.filter { $0.location == location }
            guard !parameters.isEmpty else { continue }
            let rows = parameters.map {
                FieldRow(
                    name: $0.name, required: $0.required, description: $0.description ?? $0.schema.description,
                    schema: $0.schema, deprecated: $0.deprecated, versionNotes: $0.versionNotes)
            }
            tables.addRows(rows, title: "\(location.rawValue.capitalized) parameters", idSuffix: "request-\(location.rawValue)")
        }
        fields.writeTables(tables.tables[start...], into: &html)
        if let body = operation.requestBody {
            writeBody(body, title: "Request body", idSuffix: "request-body", tables: &tables, into: &html)
        }
        if operation.parameters.isEmpty && operation.requestBody == nil {
            html.element("p", [("class", "none")], text: "No request parameters or request body.")
            html.newline()
        }
        writeRequestExample(operation, id: id, into: &html)
    }

    private func writeBody(_ body: Body, title: String, idSuffix: String, tables: inout FieldTableBuilder, into html: inout HTMLWriter) {
        if let description = body.description { fields.writeMarkdown(description, into: &html) }
        guard body.contentTypes.contains(where: { !Self.isJSON($0) }) else {
            writeJSONBody(body, title: title, tables: &tables, into: &html)
            return
        }
        // Binary and text bodies: what may be sent, one row per media type.
        let start = tables.tables.count
        let id = tables.anchors.unique("\(tables.idPrefix)_\(idSuffix)-content-types")
        html.open("figure", [("class", "field-table"), ("id", id)])
        html.open("figcaption")
        html.element("span", [("class", "table-title")], text: "\(title) content types")
        html.text(" ")
        html.element("a", [("class", "anchor"), ("href", "#" + id), ("aria-label", "Link to this table")], text: "#")
        html.close("figcaption")
        html.open("div", [("class", "table-wrap")])
        html.open("table", [("class", "content-types")])
        html.raw("<thead><tr><th scope=\"col\">Content type</th><th scope=\"col\">Type</th><th scope=\"col\">Description</th></tr></thead>\n<tbody>\n")
        for type in body.contentTypes {
            html.open("tr")
            html.open("td")
            html.element("code", text: type)
            html.close("td")
            html.open("td")
            if let schema = body.schema {
                fields.writeType(tables.typeParts(schema, fallbackTitle: schema.title ?? title, depth: 0), into: &html)
                if let format = schema.format { html.text(" "); html.element("span", [("class", "format")], text: "(\(format))") }
            } else {
                html.text("bytes")
            }
            html.close("td")
            html.open("td")
            if let description = body.schema?.description { fields.writeMarkdown(description, into: &html) }
            html.close("td")
            html.close("tr")
            html.newline()
        }
        html.raw("</tbody>\n</table>\n</div>\n</figure>\n")
        fields.writeTables(tables.tables[start...], into: &html)
    }

    /// JSON pretty-printed; a text or binary body's example as written, not as a JSON string.
    static func exampleText(_ example: Example, contentType: String?) -> String {
        if let contentType, !isJSON(contentType), let scalar = example.value.scalar, scalar.kind == .string {
            return scalar.text
        }
        return JSONWriter.prettyPrinted(example.value)
    }

    static func isJSON(_ contentType: String) -> Bool {
        contentType == "application/json" || contentType.hasSuffix("+json")
    }

    private func writeJSONBody(_ body: Body, title: String, tables: inout FieldTableBuilder, into html: inout HTMLWriter) {
        guard let schema = body.schema else { return }
        let start = tables.tables.count
        let rootType = tables.add(schema, title: title)
        if let rootType {
            html.open("p", [("class", "body-type")])
            html.text("\(title): ")
            fields.writeType(rootType, into: &html)
            html.close("p")
            html.newline()
            fields.writeValueNotes(schema, into: &html)
        }
        fields.writeTables(tables.tables[start...], into: &html)
    }

    private func writeResponses(_ operation: Operation, id: String, tables: inout FieldTableBuilder, into html: inout HTMLWriter) {
        html.element("h4", [("id", id + "_responses")], text: "Responses")
        html.newline()
        guard !operation.responses.isEmpty else {
            html.element("p", [("class", "none")], text: "No responses are specified.")
            return
        }
        let statusIDs = operation.responses.map { response -> String? in
            response.headers.isEmpty && response.body == nil ? nil : "\(id)_response-\(AnchorAllocator.slug(response.status))"
        }
        html.open("div", [("class", "table-wrap")])
        html.open("table", [("class", "responses"), ("id", id + "_status-codes")])
        html.element("caption") { html in
            html.text("Status codes ")
            html.element("a", [("class", "anchor"), ("href", "#\(id)_status-codes"), ("aria-label", "Link to this table")], text: "#")
        }
        html.raw("<thead><tr><th scope=\"col\">Status</th><th scope=\"col\">Description</th></tr></thead>\n<tbody>\n")
        for (response, statusID) in zip(operation.responses, statusIDs) {
            html.open("tr")
            html.open("td")
            if let statusID {
                html.open("a", [("href", "#" + statusID)])
                html.element("code", text: response.status)
                html.close("a")
            } else {
                html.element("code", text: response.status)
            }
            html.close("td")
            html.open("td")
            if let description = response.description { fields.writeMarkdown(description, into: &html) }
            html.close("td")
            html.close("tr")
            html.newline()
        }
        html.raw("</tbody>\n</table>\n</div>\n")
        for (response, statusID) in zip(operation.responses, statusIDs) {
            guard let statusID else { continue }
            html.open("h5", [("id", statusID)])
            html.text("\(response.status) response")
            html.close("h5")
            html.newline()
            if let description = response.body?.description { fields.writeMarkdown(description, into: &html) }
            if !response.headers.isEmpty {
                let start = tables.tables.count
                let rows = response.headers.map {
                    FieldRow(
                        name: $0.name, required: $0.required, description: $0.description, schema: $0.schema,
                        deprecated: $0.deprecated, versionNotes: $0.versionNotes)
                }
                tables.addRows(rows, title: "Headers", idSuffix: "response-\(AnchorAllocator.slug(response.status))-headers")
                fields.writeTables(tables.tables[start...], into: &html)
            }
            if var body = response.body {
                body.description = nil
                writeBody(body, title: "Response body", idSuffix: "response-\(response.status)", tables: &tables, into: &html)
                let examples = body.examples.isEmpty ? ExampleSynthesizer.example(for: body.schema).map { [Example(name: nil, contentType: nil, value: $0)] } ?? [] : body.examples
                for example in examples {
                    fields.writeExample(
                        title: example.name.map { "Example: \($0)" } ?? "Example",
                        code: Self.exampleText(example, contentType: example.contentType ?? body.contentTypes.first), into: &html)
                }
            }
        }
    }

    // MARK: Examples

    private func writeRequestExample(_ operation: Operation, id: String, into html: inout HTMLWriter) {
        var path = operation.fullPath
        var query: [String] = []
        for parameter in operation.parameters {
            guard let example = parameter.example ?? parameter.schema.example else { continue }
            let value = example.string ?? JSONWriter.inline(example)
            switch parameter.location {
            case .path: path = path.replacingOccurrences(of: "{\(parameter.name)}", with: PercentEncoding.encode(value))
            case .query: query.append("\(PercentEncoding.encode(parameter.name))=\(PercentEncoding.encode(value))")
            default: break
            }
        }
        var lines = ["\(operation.method) \(path)\(query.isEmpty ? "" : "?" + query.joined(separator: "&")) HTTP/1.1"]
        for parameter in operation.parameters where parameter.location == .header {
            if let example = parameter.example?.string { lines.append("\(parameter.name): \(example)") }
        }
        var body = ""
        if let requestBody = operation.requestBody {
            let example = requestBody.examples.first ?? ExampleSynthesizer.example(for: requestBody.schema).map { Example(name: nil, contentType: nil, value: $0) }
            if let example {
                let contentType = example.contentType ?? requestBody.contentTypes.first ?? "application/json"
                if !lines.contains(where: { $0.lowercased().hasPrefix("content-type:") }) {
                    lines.append("Content-Type: \(contentType)")
                }
                body = "\n\n" + Self.exampleText(example, contentType: contentType)
            }
        }
        fields.writeExample(title: "Request example", code: lines.joined(separator: "\n") + body, into: &html)
    }
}

/// Builds an example from the examples of a schema's properties when the source gives none.
enum ExampleSynthesizer {
    static func example(for schema: Schema?, depth: Int = 0) -> YAMLNode? {
        guard let schema, depth < 16 else { return nil }
        if let example = schema.example { return example }
        let location = schema.location
        if schema.hasFields {
            var pairs: [YAMLNode.Pair] = []
            for property in schema.properties {
                if let value = example(for: property.schema, depth: depth + 1) {
                    pairs.append(YAMLNode.Pair(key: property.name, keyLocation: location, value: value))
                }
            }
            return pairs.isEmpty ? nil : YAMLNode(.mapping(pairs), at: location, file: schema.file)
        }
        if schema.isArray, let item = example(for: schema.items ?? schema.prefixItems.first, depth: depth + 1) {
            return YAMLNode(.sequence([item]), at: location, file: schema.file)
        }
        return nil
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
