/// Reads `event-schemas/schema/*` and `event-schemas/examples/*` into an ``EventCatalog``.
struct EventLoader {
    let tree: SourceTree
    let resolver: ReferenceResolver
    let schemaDirectory: String

    private var schemas: SchemaReader { SchemaReader(tree: tree) }

    /// File names without `.yaml`/`.json`: `m.room.message$m.text`.
    static func baseName(_ file: String) -> String {
        for suffix in [".yaml", ".yml", ".json"] where file.hasSuffix(suffix) { return String(file.dropLast(suffix.count)) }
        return file
    }

    func load() -> EventCatalog {
        let eventFiles = SpecLayout.contents(of: schemaDirectory).filter {
            $0.hasPrefix("m.") && !SpecLayout.isDirectory(schemaDirectory + "/" + $0)
        }
        let exampleDirectory = SourceTree.parentDirectory(schemaDirectory) + "/examples"
        let exampleFiles = SpecLayout.contents(of: exampleDirectory).filter {
            $0.hasPrefix("m.") && !SpecLayout.isDirectory(exampleDirectory + "/" + $0)
        }
        let parsed = parallelMap(eventFiles) { name in readSchema(schemaDirectory + "/" + name) }
        let examples = parallelMap(exampleFiles) { name -> (String, YAMLNode?) in
            let id = tree.id(for: exampleDirectory + "/" + name)
            return (Self.baseName(name), tree.document(id).map(resolver.resolve))
        }

        var byName: [String: ParsedSchema] = [:]
        for (name, schema) in zip(eventFiles, parsed) {
            if let schema { byName[Self.baseName(name)] = schema }
        }
        var examplesByName: [String: [Example]] = [:]
        for (name, node) in examples {
            guard let node else { continue }
            // An example belongs to the schema of the same name, else to the event before the `$`.
            let owner = byName[name] != nil ? name : String(name.split(separator: "$").first ?? "")
            let label = name == owner ? nil : String(name.dropFirst(owner.count + 1))
            examplesByName[owner, default: []].append(Example(name: label, contentType: nil, value: node))
        }

        let common = loadCommon()
        var events: [String: EventDefinition] = [:]
        for name in byName.keys.sorted() {
            guard let schema = byName[name] else { continue }
            let parts = name.split(separator: "$", maxSplits: 1).map(String.init)
            let type = parts[0]
            let ownExamples = examplesByName[name] ?? []
            check(ownExamples, against: schema, type: name)
            if parts.count == 2, byName[type] != nil || events[type] != nil {
                let variant = EventVariant(
                    name: parts[1], file: schema.file, description: schema.schema.description,
                    content: schema.content, examples: ownExamples)
                if events[type] == nil, let base = byName[type] {
                    events[type] = definition(type: type, base, examples: examplesByName[type] ?? [], common: common)
                }
                events[type]?.variants.append(variant)
                continue
            }
            if events[type] == nil {
                events[type] = definition(type: type, schema, examples: ownExamples, common: common)
            }
        }
        return EventCatalog(events: events.keys.sorted().compactMap { events[$0] }, common: common)
    }

    // MARK: Schemas

    private struct ParsedSchema {
        var file: FileID
        var schema: Schema
        var content: Schema?
        var kind: EventKind
    }

    private func readSchema(_ path: String) -> ParsedSchema? {
        let id = tree.id(for: path)
        guard let raw = tree.document(id) else { return nil }
        // A bare object such as m.key.verification.m.relates_to is a shared part, not an event.
        guard raw["allOf"] != nil || raw["properties"]?["type"] != nil else { return nil }
        let schema = schemas.read(resolver.resolve(raw))
        let content = schema.properties.first { $0.name == "content" }?.schema
        return ParsedSchema(file: id, schema: schema, content: content, kind: kind(raw: raw, schema: schema))
    }

    /// The kind from the core schema the event builds on, else from its fields.
    private func kind(raw: YAMLNode, schema: Schema) -> EventKind {
        let references = (raw["allOf"]?.items ?? []).compactMap { $0["$ref"]?.string }
        if references.contains(where: { $0.contains("state_event") }) { return .state }
        if references.contains(where: { $0.contains("room_event") }) { return .room }
        if schema.properties.contains(where: { $0.name == "state_key" }) { return .state }
        return .other
    }

    private func loadCommon() -> [CommonEventFields] {
        let folder = schemaDirectory + "/core-event-schema"
        let cores: [(EventKind, String, String)] = [
            (.other, "event.yaml", "Event"), (.room, "room_event.yaml", "Room Event"),
            (.state, "state_event.yaml", "State Event"),
        ]
        return cores.compactMap { kind, file, title in
            let path = folder + "/" + file
            guard FileManagerShim.exists(path), let raw = tree.document(tree.id(for: path)) else { return nil }
            let schema = schemas.read(resolver.resolve(raw))
            return CommonEventFields(kind: kind, title: schema.title ?? title, schema: schema)
        }
    }

    private func definition(type: String, _ parsed: ParsedSchema, examples: [Example], common: [CommonEventFields]) -> EventDefinition {
        let commonNames = Set(common.first { $0.kind == parsed.kind }?.schema.properties.map(\.name) ?? [])
        let others = parsed.schema.properties.filter {
            !["content", "type", "state_key"].contains($0.name) && !commonNames.contains($0.name)
        }
        return EventDefinition(
            type: type, kind: parsed.kind, file: parsed.file, path: tree.displayPath(of: parsed.file),
            description: parsed.schema.description, content: parsed.content,
            stateKey: parsed.schema.properties.first { $0.name == "state_key" }?.schema,
            otherFields: others, required: parsed.schema.required, examples: examples, variants: [],
            versionNotes: parsed.schema.versionNotes)
    }

    // MARK: Example checks

    /// Checks each example against its schema; problems are warnings at the example's line.
    private func check(_ examples: [Example], against parsed: ParsedSchema, type: String) {
        let validator = ExampleValidator(tree: tree)
        for example in examples {
            tree.diagnostics.emit(contentsOf: validator.validate(example.value, against: parsed.schema, subject: "example of \(type)"))
        }
    }
}
