/// One piece of a rendered type: text, or a link to a nested table.
indirect enum TypePart: Sendable {
    case text(String)
    case link(String, href: String)
    /// `{key: value}`, written in a span of its own; the key is `string` or what `x-pattern-format` names.
    case map(key: String, value: [TypePart])
}

/// A row of a field table: a property, a parameter or a header.
struct FieldRow {
    var name: String
    /// True for the keys of a map (`patternProperties`, `additionalProperties`): the name is a pattern.
    var isKeyPattern = false
    var required: Bool
    var description: String?
    var schema: Schema
    var deprecated: Bool
    var versionNotes: VersionNotes
    var type: [TypePart] = []
}

/// A titled table of fields with its own id.
struct FieldTable {
    var id: String
    var title: String
    var description: String?
    var rows: [FieldRow]
}

/// Lays a schema out as tables: the object itself, then every nested object in its own table,
/// linked from the Type column.
struct FieldTableBuilder {
    /// Prefix of every table id, unique on the page (`post-…-unbind_request`).
    let idPrefix: String
    var anchors: AnchorAllocator
    private(set) var tables: [FieldTable] = []
    private var pending: [(schema: Schema, index: Int)] = []
    private var tableIDs: [ObjectIdentifier: String] = [:]
    private let maxDepth = 32

    init(idPrefix: String, anchors: AnchorAllocator) {
        self.idPrefix = idPrefix
        self.anchors = anchors
    }

    /// Adds a table for an object schema, or returns the type of a schema that is not one.
    /// - Returns: the type to show above the tables when the schema is not itself a table.
    mutating func add(_ schema: Schema, title: String) -> [TypePart]? {
        var rootType: [TypePart]?
        if schema.hasFields && schema.oneOf.isEmpty && schema.anyOf.isEmpty {
            _ = register(schema, title: schema.title ?? title)
        } else {
            rootType = typeParts(schema, fallbackTitle: schema.title ?? title, depth: 0)
        }
        drain()
        return rootType
    }

    /// Adds a table of parameters or headers.
    mutating func addRows(_ rows: [FieldRow], title: String, idSuffix: String) {
        let id = anchors.unique(idPrefix + "_" + idSuffix)
        var typed: [FieldRow] = []
        for var row in rows {
            row.type = typeParts(row.schema, fallbackTitle: row.schema.title ?? row.name, depth: 0)
            typed.append(row)
        }
        tables.append(FieldTable(id: id, title: title, description: nil, rows: typed))
        drain()
    }

    private mutating func drain() {
        while !pending.isEmpty {
            let (schema, index) = pending.removeFirst()
            tables[index].rows = rows(of: schema, depth: 1)
        }
    }

    private mutating func register(_ schema: Schema, title: String) -> String {
        let key = ObjectIdentifier(schema)
        if let id = tableIDs[key] { return id }
        let id = anchors.unique(idPrefix + "_" + AnchorAllocator.slug(title))
        tableIDs[key] = id
        tables.append(FieldTable(id: id, title: title, description: schema.description, rows: []))
        pending.append((schema, tables.count - 1))
        return id
    }

    private mutating func rows(of schema: Schema, depth: Int) -> [FieldRow] {
        var rows: [FieldRow] = []
        for property in schema.properties {
            let child = property.schema
            var row = FieldRow(
                name: property.name, required: schema.required.contains(property.name),
                description: child.description, schema: child, deprecated: child.deprecated,
                versionNotes: child.versionNotes)
            row.type = typeParts(child, fallbackTitle: child.title ?? property.name, depth: depth)
            rows.append(row)
        }
        for pattern in schema.patternProperties {
            var row = FieldRow(
                name: pattern.name, isKeyPattern: true, required: false, description: pattern.schema.description,
                schema: pattern.schema, deprecated: pattern.schema.deprecated, versionNotes: pattern.schema.versionNotes)
            row.type = typeParts(pattern.schema, fallbackTitle: pattern.schema.title ?? "Value", depth: depth)
            rows.append(row)
        }
        if let additional = schema.additionalProperties {
            var row = FieldRow(
                name: schema.keyPattern ?? "*", isKeyPattern: true, required: false, description: additional.description,
                schema: additional, deprecated: additional.deprecated, versionNotes: additional.versionNotes)
            row.type = typeParts(additional, fallbackTitle: additional.title ?? "Value", depth: depth)
            rows.append(row)
        }
        return rows
    }

    /// The type as text with links: `[Event]`, `{string: Filter}`, `string | null`, `A | B`.
    mutating func typeParts(_ schema: Schema, fallbackTitle: String, depth: Int) -> [TypePart] {
        guard depth < maxDepth else { return [.text("…")] }
        let variants = schema.oneOf.isEmpty ? schema.anyOf : schema.oneOf
        if !variants.isEmpty {
            var parts: [TypePart] = []
            for (index, variant) in variants.enumerated() {
                if index > 0 { parts.append(.text(" | ")) }
                parts += typeParts(variant, fallbackTitle: variant.title ?? "\(fallbackTitle) (\(index + 1))", depth: depth + 1)
            }
            return parts
        }
        let named = schema.types.filter { $0 != "null" }
        var parts: [TypePart]
        if schema.hasFields {
            let id = register(schema, title: schema.title ?? fallbackTitle)
            parts = [.link(schema.title ?? fallbackTitle, href: "#" + id)]
        } else if !schema.prefixItems.isEmpty {
            parts = [.text("[")]
            for (index, item) in schema.prefixItems.enumerated() {
                if index > 0 { parts.append(.text(", ")) }
                parts += typeParts(item, fallbackTitle: item.title ?? "\(fallbackTitle) item \(index + 1)", depth: depth + 1)
            }
            if let rest = schema.items { parts += [.text(", …")] + typeParts(rest, fallbackTitle: rest.title ?? fallbackTitle, depth: depth + 1) }
            parts.append(.text("]"))
        } else if schema.isArray {
            let items = schema.items ?? Schema()
            parts = [.text("[")] + typeParts(items, fallbackTitle: items.title ?? fallbackTitle, depth: depth + 1) + [.text("]")]
        } else if let value = schema.additionalProperties ?? schema.patternProperties.first?.schema {
            parts = [.map(key: schema.keyPattern ?? "string", value: typeParts(value, fallbackTitle: value.title ?? fallbackTitle, depth: depth + 1))]
        } else if !named.isEmpty {
            parts = [.text(named.joined(separator: " | "))]
        } else if schema.types.isEmpty {
            parts = [.text(schema.title ?? "any")]
        } else {
            parts = []
        }
        if schema.types.contains("null") {
            parts += parts.isEmpty ? [.text("null")] : [.text(" | null")]
        }
        return parts
    }
}
