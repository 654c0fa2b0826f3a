/// Reads `event-schemas/schema/*` and `event-schemas/examples/*` into an ``EventCatalog``.
struct EventLoader {
    let context: LoadContext
    /// The folder holding `schema/` and `examples/`.
    let directory: String

    /// File names without `.yaml`/`.json`: `m.room.message$m.text`.
    static func baseName(_ file: String) -> String {
        for suffix in [".yaml", ".yml", ".json"] where file.hasSuffix(suffix) { return String(file.dropLast(suffix.count)) }
        return file
    }

    func load() -> EventCatalog {
        let reader = context.reader
        let schemaDirectory = SourcePath.child(directory, "schema")
        let exampleDirectory = SourcePath.child(directory, "examples")
        let schemaFiles = reader.list(schemaDirectory).filter { !$0.hasPrefix(".") && isReadableFile(SourcePath.child(schemaDirectory, $0)) }
        let exampleFiles = reader.list(exampleDirectory).filter { !$0.hasPrefix(".") && isReadableFile(SourcePath.child(exampleDirectory, $0)) }
        let schemas = parallelMap(schemaFiles) { name in
            context.part("event:" + SourcePath.child(schemaDirectory, name)) { context in
                readSchema(SourcePath.child(schemaDirectory, name), context: context)
            }
        }
        let examples = parallelMap(exampleFiles) { name -> EventExample? in
            let path = SourcePath.child(exampleDirectory, name)
            return context.part("example:" + path) { context in
                guard let raw = context.documents.document(path, reader: context.reader, diagnostics: context.diagnostics) else {
                    return nil
                }
                let value = context.resolver.resolve(raw, reader: context.reader, diagnostics: context.diagnostics)
                return EventExample(name: Self.baseName(name), value: value)
            }
        }
        let cores = loadCores(SourcePath.child(schemaDirectory, "core-event-schema"))
        let common = [("event", EventKind.other), ("room_event", .room), ("state_event", .state)].compactMap { name, kind -> CommonEventFields? in
            guard var fields = cores[name] else { return nil }
            fields.kind = kind
            return fields
        }
        // Fields beyond those every event of its kind has, which the event shows on its own.
        let events = schemas.compactMap { $0 }.map { schema -> EventSchema in
            var schema = schema
            let shared = Set(common.first { $0.kind == schema.kind }?.schema.properties.map(\.name) ?? [])
            schema.otherFields = schema.schema.properties.filter {
                !["content", "type", "state_key"].contains($0.name) && !shared.contains($0.name)
            }
            return schema
        }
        return EventCatalog(
            schemas: events.sorted { $0.name < $1.name },
            examples: examples.compactMap { $0 }.sorted { $0.name < $1.name }, common: common, cores: cores)
    }

    /// A regular file; anything else in the folder is reported once and left out.
    private func isReadableFile(_ path: String) -> Bool {
        let kind = context.reader.kind(path)
        switch kind {
        case .file: return true
        case .directory: return false
        case .special, .outsideRoot, .missing:
            context.diagnostics.emit(.error(SourceFileError(listedEntry: kind)!.message, file: path))
            return false
        }
    }

    private func readSchema(_ path: String, context: LoadContext) -> EventSchema? {
        guard let raw = context.documents.document(path, reader: context.reader, diagnostics: context.diagnostics) else { return nil }
        let name = Self.baseName(SourcePath.name(path))
        let parts = name.split(separator: "$", maxSplits: 1).map(String.init)
        let resolved = AllOfMerger.resolve(context.resolver.resolve(raw, reader: context.reader, diagnostics: context.diagnostics))
        // A bare object such as m.key.verification.m.relates_to is a shared part, not an event.
        guard raw["allOf"] != nil || resolved["properties"]?["type"] != nil else { return nil }
        let schema = context.schemaReader.read(resolved)
        let content = schema.properties.first { $0.name == "content" }?.schema
        let kind = Self.kind(raw: raw, schema: schema)
        var weight: Double?
        if let scalar = raw["x-weight"]?.scalar, scalar.kind == .int || scalar.kind == .float {
            weight = Double(YAMLNumber.json(scalar))
        }
        return EventSchema(
            name: name, type: parts[0], variant: parts.count > 1 ? parts[1] : nil, kind: kind, file: path,
            title: schema.title, description: schema.description, content: content,
            stateKey: schema.properties.first { $0.name == "state_key" }?.schema, otherFields: [],
            required: schema.required, versionNotes: schema.versionNotes, weight: weight, schema: schema)
    }

    /// The kind from the core schema the event builds on, else from its fields.
    private static func kind(raw: YAMLNode, schema: Schema) -> EventKind {
        let references = (raw["allOf"]?.items ?? []).compactMap { $0["$ref"]?.string }
        if references.contains(where: { $0.contains("state_event") }) { return .state }
        if references.contains(where: { $0.contains("room_event") }) { return .room }
        if schema.properties.contains(where: { $0.name == "state_key" }) { return .state }
        return .other
    }

    /// Every schema of `core-event-schema/`, by file name without extension.
    private func loadCores(_ folder: String) -> [String: CommonEventFields] {
        let titles = ["event": "Event", "room_event": "Room Event", "state_event": "State Event"]
        var cores: [String: CommonEventFields] = [:]
        for file in context.reader.list(folder) where [".yaml", ".yml", ".json"].contains(where: file.hasSuffix) {
            let path = SourcePath.child(folder, file)
            guard context.reader.isFile(path) else { continue }
            let name = Self.baseName(file)
            let fields = context.part("core:" + path) { context -> CommonEventFields? in
                guard let resolved = context.resolvedDocument(path) else { return nil }
                let schema = context.schemaReader.read(resolved)
                let fallback = titles[name] ?? name.split(separator: "_").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: " ")
                return CommonEventFields(kind: .other, name: name, title: schema.title ?? fallback, schema: schema)
            }
            if let fields { cores[name] = fields }
        }
        return cores
    }
}
