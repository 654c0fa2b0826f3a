/// One piece of a rendered type: text, or a link to a nested table or a format's definition.
indirect enum TypePart: Sendable, Equatable {
    case text(String)
    case link(String, href: String)
    /// A link out of the page (a string format's definition), resolved when rendered.
    case siteLink(String, target: String)
    /// `{key: value}`, written in a span of its own; the key is `string` or a format's name.
    case map(key: [TypePart], value: [TypePart])
}

/// A row of a field table: a property, a parameter or a header.
struct FieldRow: Sendable, Equatable {
    var name: String
    /// True for the keys of a map (`patternProperties`, `additionalProperties`): the name is a pattern.
    var isKeyPattern = false
    var required: Bool
    var description: SourceText?
    var schema: Schema
    var deprecated: Bool
    var versionNotes: VersionNotes
    var type: [TypePart] = []
    /// Whether the type already names the schema's format (`User ID`), so no `(format)` follows it.
    var formatInType = false
}

/// A titled table of fields with its own id.
struct FieldTable: Sendable, Equatable {
    var id: String
    var title: String
    var description: SourceText?
    var rows: [FieldRow]
}

/// Lays a schema out as tables: the object itself, then every nested object in its own table,
/// linked from the Type column. Ids come from the page's allocator, so they are unique on the page.
struct FieldTableBuilder {
    /// What every table id starts with.
    let idBase: String
    let scheme: AnchorScheme
    let formats: [String: StringFormat]
    private(set) var tables: [FieldTable] = []
    /// For each table, the table whose rows first named it: sub-tables are shown right after it.
    private var parents: [Int?] = []
    private var parent: Int?
    private var pending: [(schema: Schema, index: Int)] = []
    private var tableIDs: [ObjectIdentifier: String] = [:]
    private let maxDepth = 32

    init(idBase: String, scheme: AnchorScheme, formats: [String: StringFormat]) {
        self.idBase = idBase
        self.scheme = scheme
        self.formats = formats
    }

    /// Adds a table for an object schema, or returns the type of a schema that is not one.
    /// - Returns: the type to show above the tables when the schema is not itself a table.
    mutating func add(_ schema: Schema, title: String, anchors: inout AnchorAllocator) -> [TypePart]? {
        var rootType: [TypePart]?
        if schema.hasFields && schema.variants.isEmpty {
            _ = register(schema, title: schema.title ?? title, anchors: &anchors)
        } else {
            rootType = typeParts(schema, fallbackTitle: schema.title ?? title, depth: 0, anchors: &anchors)
        }
        drain(&anchors)
        return rootType
    }

    /// Adds a table of parameters or headers.
    mutating func addRows(_ rows: [FieldRow], title: String, id: String, anchors: inout AnchorAllocator) {
        let index = tables.count
        tables.append(FieldTable(id: id, title: title, description: nil, rows: []))
        parents.append(nil)
        parent = index
        var typed: [FieldRow] = []
        for var row in rows {
            row.type = typeParts(row.schema, fallbackTitle: row.schema.title ?? row.name, depth: 0, anchors: &anchors)
            row.formatInType = showsFormatInType(row.schema)
            typed.append(row)
        }
        tables[index].rows = typed
        drain(&anchors)
    }

    /// Fills the tables waiting for their rows (ids are handed out breadth first, so they stay
    /// stable), then orders them depth first: each table is followed by the tables it uses.
    private mutating func drain(_ anchors: inout AnchorAllocator) {
        while !pending.isEmpty {
            let (schema, index) = pending.removeFirst()
            parent = index
            tables[index].rows = rows(of: schema, depth: 1, anchors: &anchors)
        }
        parent = nil
        var children: [Int: [Int]] = [:]
        var roots: [Int] = []
        for (index, parent) in parents.enumerated() {
            if let parent { children[parent, default: []].append(index) } else { roots.append(index) }
        }
        var order: [Int] = []
        func visit(_ index: Int) {
            order.append(index)
            for child in children[index] ?? [] { visit(child) }
        }
        roots.forEach(visit)
        guard order != Array(tables.indices) else { return }
        tables = order.map { tables[$0] }
        let position = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
        parents = order.map { parents[$0].map { position[$0]! } }
    }

    private mutating func register(_ schema: Schema, title: String, anchors: inout AnchorAllocator) -> String {
        let key = ObjectIdentifier(schema)
        if let id = tableIDs[key] { return id }
        let id = anchors.unique(scheme.table(base: idBase, title: title))
        tableIDs[key] = id
        tables.append(FieldTable(id: id, title: title, description: schema.description, rows: []))
        parents.append(parent)
        pending.append((schema, tables.count - 1))
        return id
    }

    private mutating func rows(of schema: Schema, depth: Int, anchors: inout AnchorAllocator) -> [FieldRow] {
        var rows: [FieldRow] = []
        for property in schema.properties {
            let child = property.schema
            var row = FieldRow(
                name: property.name, required: schema.required.contains(property.name),
                description: child.description, schema: child, deprecated: child.deprecated,
                versionNotes: child.versionNotes)
            row.type = typeParts(child, fallbackTitle: child.title ?? property.name, depth: depth, anchors: &anchors)
            row.formatInType = showsFormatInType(child)
            rows.append(row)
        }
        for pattern in schema.patternProperties {
            var row = FieldRow(
                name: pattern.name, isKeyPattern: true, required: false, description: pattern.schema.description,
                schema: pattern.schema, deprecated: pattern.schema.deprecated, versionNotes: pattern.schema.versionNotes
            )
            row.type = typeParts(
                pattern.schema, fallbackTitle: pattern.schema.title ?? "Value", depth: depth, anchors: &anchors)
            rows.append(row)
        }
        if let additional = schema.additionalProperties, !schema.properties.isEmpty || !schema.patternProperties.isEmpty
        {
            var row = FieldRow(
                name: additional.keyFormat ?? "*", isKeyPattern: true, required: false,
                description: additional.description,
                schema: additional, deprecated: additional.deprecated, versionNotes: additional.versionNotes)
            row.type = typeParts(
                additional, fallbackTitle: additional.title ?? "Value", depth: depth, anchors: &anchors)
            rows.append(row)
        }
        return rows
    }

    /// A string format's name, linked where the tree defines it: `mx-user-id` is "User ID".
    func formatParts(_ format: String) -> [TypePart]? {
        guard let known = formats[format] else { return nil }
        guard let url = known.url else { return [.text(known.title)] }
        return [.siteLink(known.title, target: url)]
    }

    /// What a map's keys are: the format its value schema names (`x-pattern-format`), else `string`.
    private func keyParts(_ value: Schema) -> [TypePart] {
        guard let format = value.keyFormat else { return [.text("string")] }
        return formatParts(format) ?? [.text(format)]
    }

    /// The type as text with links, `|` between alternatives as the spec's templates write them:
    /// `[Event]`, `{User ID: {string: string}}`, `Room ID|Room Alias`, `string|null`.
    mutating func typeParts(_ schema: Schema, fallbackTitle: String, depth: Int, anchors: inout AnchorAllocator)
        -> [TypePart]
    {
        guard depth < maxDepth else { return [.text("…")] }
        let variants = schema.variants
        if !variants.isEmpty {
            var parts: [TypePart] = []
            for (index, variant) in variants.enumerated() {
                if index > 0 { parts.append(.text("|")) }
                parts += typeParts(
                    variant, fallbackTitle: variant.title ?? "\(fallbackTitle) (\(index + 1))", depth: depth + 1,
                    anchors: &anchors)
            }
            return parts
        }
        let named = schema.types.filter { $0 != "null" }
        var parts: [TypePart]
        if scheme.traits.namesTypesByTitleFirst, named == ["string"], !schema.enumValues.isEmpty {
            parts = [.text("enum")]
        } else if scheme.traits.namesTypesByTitleFirst, let value = schema.additionalProperties, !schema.hasFields,
            schema.patternProperties.isEmpty
        {
            let valueParts = typeParts(
                value, fallbackTitle: value.title ?? fallbackTitle, depth: depth + 1, anchors: &anchors)
            // The tree's template names a map by its title, else `{string: …}`.
            parts = schema.title.map { [.text($0)] } ?? [.map(key: [.text("string")], value: valueParts)]
        } else if scheme.traits.namesTypesByTitleFirst, !schema.hasFields, !schema.isArray, let title = schema.title,
            schema.patternProperties.isEmpty, schema.variants.isEmpty
        {
            parts = [.text(title)]
        } else if schema.hasFields {
            let id = register(schema, title: schema.title ?? fallbackTitle, anchors: &anchors)
            parts = [.link(schema.title ?? fallbackTitle, href: "#" + id)]
        } else if !schema.prefixItems.isEmpty {
            parts = [.text("[")]
            for (index, item) in schema.prefixItems.enumerated() {
                if index > 0 { parts.append(.text(", ")) }
                parts += typeParts(
                    item, fallbackTitle: item.title ?? "\(fallbackTitle) item \(index + 1)", depth: depth + 1,
                    anchors: &anchors)
            }
            if let rest = schema.items {
                parts +=
                    [.text(", …")]
                    + typeParts(rest, fallbackTitle: rest.title ?? fallbackTitle, depth: depth + 1, anchors: &anchors)
            }
            parts.append(.text("]"))
        } else if schema.isArray {
            let items = schema.items ?? Schema()
            parts =
                [.text("[")]
                + typeParts(items, fallbackTitle: items.title ?? fallbackTitle, depth: depth + 1, anchors: &anchors) + [
                    .text("]")
                ]
        } else if !schema.patternProperties.isEmpty {
            // One `{key: value}` per pattern, its key named by the value's format.
            parts = []
            for (index, pattern) in schema.patternProperties.enumerated() {
                if index > 0 { parts.append(.text("|")) }
                let value = typeParts(
                    pattern.schema, fallbackTitle: pattern.schema.title ?? fallbackTitle, depth: depth + 1,
                    anchors: &anchors)
                parts.append(.map(key: keyParts(pattern.schema), value: value))
            }
        } else if let value = schema.additionalProperties {
            parts = [
                .map(
                    key: keyParts(value),
                    value: typeParts(
                        value, fallbackTitle: value.title ?? fallbackTitle, depth: depth + 1, anchors: &anchors))
            ]
        } else if named == ["object"], let title = schema.title {
            // An object with no fields of its own is named by its title, as the spec's template does.
            parts = [.text(title)]
        } else if named == ["string"], let format = schema.format, let formatted = formatParts(format) {
            parts = formatted
        } else if !named.isEmpty {
            parts = [.text(named.joined(separator: "|"))]
        } else if schema.types.isEmpty {
            parts = [.text(schema.title ?? "any")]
        } else {
            parts = []
        }
        if schema.types.contains("null") {
            parts += parts.isEmpty ? [.text("null")] : [.text("|null")]
        }
        return parts
    }

    /// Whether the row's type already names its format, so no `(format)` follows it.
    func showsFormatInType(_ schema: Schema) -> Bool {
        schema.format.map { formats[$0] != nil } ?? false
    }
}
