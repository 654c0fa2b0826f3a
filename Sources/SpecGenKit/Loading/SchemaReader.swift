/// How a tree writes its texts: Markdown, or (matrix-doc) Markdown with RST mixed in, and `%VAR%` variables.
struct TextStyle: Sendable {
    var isRST: Bool
    var variables: BuildVariables
    /// The substitutions the spec's RST prose defines, as Markdown: `|/sync|` in a description is
    /// `` `/sync` ``. A cached part is reused only under the same ``partVariant``, which changes with them.
    var proseSubstitutions: [String: String] = [:] {
        didSet {
            var hasher = FNV1a()
            for (name, text) in proseSubstitutions.sorted(by: { $0.key < $1.key }) {
                hasher.combine(Array(name.utf8))
                hasher.combine(Array(text.utf8))
            }
            partVariant = proseSubstitutions.isEmpty ? "" : "#" + String(hasher.value, radix: 16)
        }
    }
    private(set) var partVariant = ""

    /// A scalar's text, converted to Markdown, with where it lies in its file.
    func text(_ node: YAMLNode?) -> SourceText? {
        guard let node, var text = node.sourceText else { return nil }
        text.text = convert(text.text)
        return text
    }

    func convert(_ text: String) -> String {
        let substituted = variables.substitute(text)
        return isRST ? RSTCompatibility.markdown(from: substituted, prose: proseSubstitutions) : substituted
    }
}

/// Builds ``Schema`` values from resolved YAML (`$ref` and `allOf` already done), reporting
/// keywords of the wrong type.
struct SchemaReader {
    let diagnostics: DiagnosticCollector
    let style: TextStyle
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
        // A list is merged before this reader sees it; anything else stays to be reported.
        if let allOf = node["allOf"], allOf.items == nil {
            report("'allOf' must be a list, not \(allOf.kindName)", at: allOf)
        }
        let schemaTypes = types(node)
        if let items = node.pair("items"), schemaTypes.contains("object"), !schemaTypes.contains("array") {
            diagnostics.emit(
                Diagnostic(
                    .schemaTypeMismatch, "a schema of type object has 'items', which only an array has",
                    file: items.value.file, at: items.keyLocation))
        }
        if let listed = node.pair("properties"), schemaTypes.contains("array"), !schemaTypes.contains("object") {
            diagnostics.emit(
                Diagnostic(
                    .schemaTypeMismatch, "a schema of type array has 'properties', which only an object has",
                    file: listed.value.file, at: listed.keyLocation))
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
                    if let name = item.string {
                        required.insert(name)
                    } else {
                        report("'required' must list strings", at: item)
                    }
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
        return Schema(
            title: string("title", in: node),
            description: string("description", in: node) != nil ? style.text(node["description"]) : nil,
            types: schemaTypes,
            format: string("format", in: node),
            enumValues: list("enum", in: node),
            constValue: node["const"],
            defaultValue: node["default"],
            properties: properties,
            required: required,
            items: items,
            additionalProperties: additional,
            patternProperties: patternProperties,
            keyFormat: string("x-pattern-format", in: node) ?? string("x-pattern", in: node),
            oneOf: schemas("oneOf", in: node, depth: depth),
            anyOf: schemas("anyOf", in: node, depth: depth),
            example: node["example"] ?? node["x-example"] ?? node["examples"]?.items?.first,
            isComposed: node.isComposed,
            deprecated: node["deprecated"]?.bool ?? false,
            versionNotes: versionNotes(node),
            location: node.location,
            file: node.file,
            isRequiredFlag: node["required"]?.bool ?? false,
            forbidsAdditionalProperties: node["additionalProperties"]?.bool == false,
            prefixItems: prefixItems,
            requiredNodes: node["required"]?.items ?? []
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
                item.pairs != nil
                    ? read(item, depth: depth + 1)
                    : Schema(types: [item.string ?? "any"], location: item.location, file: item.file)
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
        return scalar.text
    }

    private func list(_ key: String, in node: YAMLNode) -> [YAMLNode] {
        guard let value = node[key] else { return [] }
        guard let items = value.items else {
            report("'\(key)' must be a list, not \(value.kindName)", at: value)
            return []
        }
        return items
    }

    func versionNotes(_ node: YAMLNode) -> VersionNotes {
        var notes = VersionNotes()
        notes.addedIn = node["x-addedInMatrixVersion"]?.string
        if let changed = node["x-changedInMatrixVersion"] {
            if let pairs = changed.pairs {
                notes.changedIn = pairs.map { VersionNotes.Change(version: $0.key, text: style.text($0.value)) }
            } else if let version = changed.string {
                notes.changedIn = [VersionNotes.Change(version: version, text: nil)]
            }
        }
        return notes
    }

    func warn(_ message: String, at node: YAMLNode) {
        diagnostics.emit(Diagnostic(.schemaReadAs, message, file: node.file, at: node.location))
    }

    func report(_ message: String, at node: YAMLNode) {
        diagnostics.emit(Diagnostic(.invalidSchema, message, file: node.file, at: node.location))
    }
}
