/// Builds ``Schema`` values from resolved YAML, reporting keywords of the wrong type.
struct SchemaReader {
    let tree: SourceTree
    let maxDepth = 64

    func read(_ node: YAMLNode) -> Schema {
        read(node, depth: 0)
    }

    func read(_ node: YAMLNode, depth: Int) -> Schema {
        guard depth < maxDepth else {
            report("schema nests more than \(maxDepth) levels; the rest is not shown", at: node)
            return Schema(location: node.location, file: node.file)
        }
        guard node.pairs != nil else {
            if node.bool == nil && !node.isNull {
                report("a schema must be a mapping, not \(node.kindName)", at: node)
            }
            return Schema(location: node.location, file: node.file)
        }
        var parts: [Schema] = []
        if let allOf = node["allOf"] {
            if let items = allOf.items {
                parts = items.map { read($0, depth: depth + 1) }
            } else {
                report("'allOf' must be a list, not \(allOf.kindName)", at: allOf)
            }
        }
        var properties: [Schema.Property] = []
        var patternProperties: [Schema.Property] = []
        if let node = node["properties"] {
            properties = readProperties(node, key: "properties", depth: depth)
        }
        if let node = node["patternProperties"] {
            patternProperties = readProperties(node, key: "patternProperties", depth: depth)
        }
        var required: Set<String> = []
        if let node = node["required"] {
            if let items = node.items {
                for item in items {
                    if let name = item.string { required.insert(name) } else { report("'required' must list strings", at: item) }
                }
            } else if node.bool == nil {
                report("'required' must be a list of property names, not \(node.kindName)", at: node)
            }
        }
        for property in properties where property.schema.isRequiredFlag {
            required.insert(property.name)
        }
        var additional: Schema?
        if let node = node["additionalProperties"] {
            if node.pairs != nil {
                additional = read(node, depth: depth + 1)
            } else if node.bool == true {
                additional = Schema(location: node.location, file: node.file)
            } else if node.bool == nil {
                report("'additionalProperties' must be a schema or a boolean, not \(node.kindName)", at: node)
            }
        }
        var items: Schema?
        var prefixItems: [Schema] = []
        if let node = node["items"] {
            if node.pairs != nil {
                items = read(node, depth: depth + 1)
            } else if let list = node.items, !list.isEmpty {
                prefixItems = list.map { read($0, depth: depth + 1) }
            } else {
                report("'items' must be a schema, not \(node.kindName)", at: node)
            }
        }
        if let node = node["prefixItems"] {
            if let list = node.items {
                prefixItems = list.map { read($0, depth: depth + 1) }
            } else {
                report("'prefixItems' must be a list of schemas, not \(node.kindName)", at: node)
            }
        }
        let own = Schema(
            title: string("title", in: node),
            description: string("description", in: node).map(tree.markdownDescription),
            types: types(node),
            format: string("format", in: node),
            enumValues: list("enum", in: node),
            constValue: node["const"],
            defaultValue: node["default"],
            properties: properties,
            required: required,
            items: items,
            additionalProperties: additional,
            patternProperties: patternProperties,
            keyPattern: string("x-pattern", in: node) ?? string("x-pattern-format", in: node),
            oneOf: schemas("oneOf", in: node, depth: depth),
            anyOf: schemas("anyOf", in: node, depth: depth),
            example: node["example"] ?? node["x-example"] ?? node["examples"]?.items?.first,
            deprecated: node["deprecated"]?.bool ?? false,
            versionNotes: versionNotes(node),
            location: node.location,
            file: node.file,
            isRequiredFlag: node["required"]?.bool ?? false,
            forbidsAdditionalProperties: node["additionalProperties"]?.bool == false,
            prefixItems: prefixItems
        )
        return parts.isEmpty ? own : Self.merge(parts + [own])
    }

    /// `allOf`: properties joined (later ones win), `required` united, the first title and description kept.
    static func merge(_ schemas: [Schema]) -> Schema {
        let own = schemas.last!
        var properties: [Schema.Property] = []
        var patternProperties: [Schema.Property] = []
        var required: Set<String> = []
        for schema in schemas {
            for property in schema.properties {
                if let index = properties.firstIndex(where: { $0.name == property.name }) {
                    properties[index] = property
                } else {
                    properties.append(property)
                }
            }
            patternProperties += schema.patternProperties
            required.formUnion(schema.required)
        }
        /// The schema's own value, else the most specific part's (the last that has one).
        func first<T>(_ value: (Schema) -> T?) -> T? {
            if let mine = value(own) { return mine }
            return schemas.reversed().lazy.compactMap(value).first
        }
        func firstNonEmpty<T>(_ value: (Schema) -> [T]) -> [T] {
            let mine = value(own)
            return mine.isEmpty ? schemas.lazy.map(value).first { !$0.isEmpty } ?? [] : mine
        }
        return Schema(
            title: first(\.title),
            description: first(\.description),
            types: firstNonEmpty(\.types),
            format: first(\.format),
            enumValues: firstNonEmpty(\.enumValues),
            constValue: first(\.constValue),
            defaultValue: first(\.defaultValue),
            properties: properties,
            required: required,
            items: first(\.items),
            additionalProperties: first(\.additionalProperties),
            patternProperties: patternProperties,
            keyPattern: first(\.keyPattern),
            oneOf: firstNonEmpty(\.oneOf),
            anyOf: firstNonEmpty(\.anyOf),
            example: first(\.example),
            deprecated: schemas.contains { $0.deprecated },
            versionNotes: own.versionNotes.isEmpty ? schemas.first { !$0.versionNotes.isEmpty }?.versionNotes ?? own.versionNotes : own.versionNotes,
            location: own.location,
            file: own.file,
            isRequiredFlag: own.isRequiredFlag,
            forbidsAdditionalProperties: schemas.contains { $0.forbidsAdditionalProperties },
            prefixItems: firstNonEmpty(\.prefixItems)
        )
    }

    // MARK: Keywords

    private func readProperties(_ node: YAMLNode, key: String, depth: Int) -> [Schema.Property] {
        guard let pairs = node.pairs else {
            if node.items?.isEmpty == true {
                warn("'\(key)' must be a mapping of names to schemas; the empty list is read as no \(key)", at: node)
            } else if !node.isNull {
                report("'\(key)' must be a mapping of names to schemas, not \(node.kindName)", at: node)
            }
            return []
        }
        return pairs.map { Schema.Property(name: $0.key, schema: read($0.value, depth: depth + 1)) }
    }

    private func types(_ node: YAMLNode) -> [String] {
        guard let type = node["type"] else { return [] }
        if let scalar = type.scalar, scalar.kind == .string { return [scalar.text] }
        if let items = type.items {
            return items.compactMap { item in
                if let scalar = item.scalar, scalar.kind == .string || scalar.kind == .null {
                    return scalar.kind == .null ? "null" : scalar.text
                }
                if item.pairs == nil { report("'type' must list strings, not \(item.kindName)", at: item) }
                return nil
            }
        }
        report("'type' must be a string or a list of strings, not \(type.kindName)", at: type)
        return []
    }

    private func schemas(_ key: String, in node: YAMLNode, depth: Int) -> [Schema] {
        if key == "oneOf", let typeList = node["type"]?.items, typeList.contains(where: { $0.pairs != nil }) {
            // `type: [string, {type: object, ...}]` is not JSON Schema; read its members as variants.
            warn("'type' must list type names; the schemas in it are read as 'oneOf' variants", at: node["type"]!)
            return typeList.map { item in
                item.pairs != nil ? read(item, depth: depth + 1) : Schema(types: [item.string ?? "any"], location: item.location, file: item.file)
            }
        }
        guard let value = node[key] else { return [] }
        guard let items = value.items else {
            report("'\(key)' must be a list of schemas, not \(value.kindName)", at: value)
            return []
        }
        return items.map { read($0, depth: depth + 1) }
    }

    func string(_ key: String, in node: YAMLNode) -> String? {
        guard let value = node[key] else { return nil }
        if value.isNull { return nil }
        guard let scalar = value.scalar else {
            report("'\(key)' must be a string, not \(value.kindName)", at: value)
            return nil
        }
        if key == "description" || key == "title", let found = HostileMarkup.find(in: scalar.text) {
            tree.diagnostics.emit(HostileMarkup.warning(found, in: "the \(key)", file: tree.displayPath(of: value.file), at: value.location))
        }
        return scalar.text
    }

    private func list(_ key: String, in node: YAMLNode) -> [YAMLNode] {
        guard let value = node[key] else { return [] }
        guard let items = value.items else {
            report("'\(key)' must be a list, not \(value.kindName)", at: value)
            return []
        }
        for item in items {
            if let text = item.string, let found = HostileMarkup.find(in: text) {
                tree.diagnostics.emit(HostileMarkup.warning(found, in: "the value", file: tree.displayPath(of: item.file), at: item.location))
            }
        }
        return items
    }

    func versionNotes(_ node: YAMLNode) -> VersionNotes {
        var notes = VersionNotes()
        notes.addedIn = node["x-addedInMatrixVersion"]?.string
        if let changed = node["x-changedInMatrixVersion"] {
            if let pairs = changed.pairs {
                notes.changedIn = pairs.map { ($0.key, $0.value.string ?? "") }
            } else if let version = changed.string {
                notes.changedIn = [(version, "")]
            }
        }
        return notes
    }

    func warn(_ message: String, at node: YAMLNode) {
        tree.diagnostics.emit(.warning(message, file: tree.displayPath(of: node.file), at: node.location))
    }

    func report(_ message: String, at node: YAMLNode) {
        tree.diagnostics.emit(.error(message, file: tree.displayPath(of: node.file), at: node.location))
    }
}
