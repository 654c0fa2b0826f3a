/// Reads `event-schemas/schema/*` and `event-schemas/examples/*` into an ``EventCatalog``.
struct EventLoader {
    let context: LoadContext
    /// The folder holding `schema/` and `examples/`.
    let directory: String

    /// File names without `.yaml`/`.json`: `m.room.message$m.text`.
    static func baseName(_ file: String) -> String {
        for suffix in [".yaml", ".yml", ".json"] where file.hasSuffix(suffix) {
            return String(file.dropLast(suffix.count))
        }
        return file
    }

    /// Adds the schemas and examples to the pass; what it returns gives the catalog once the pass has run.
    func load(in pass: ParallelPass) -> () -> EventCatalog {
        let schemaDirectory = SourcePath.child(directory, "schema")
        let exampleDirectory = SourcePath.child(directory, "examples")
        let schemaFiles = files(in: schemaDirectory)
        let exampleFiles = files(in: exampleDirectory)
        let schemas = pass.map(schemaFiles, cost: \.size) { [context] file in
            context.part("event:" + SourcePath.child(schemaDirectory, file.name)) { context in
                readSchema(SourcePath.child(schemaDirectory, file.name), context: context)
            }
        }
        let examples = pass.map(exampleFiles, cost: \.size) { [context] file -> EventExample? in
            let path = SourcePath.child(exampleDirectory, file.name)
            return context.part("example:" + path) { context in
                guard
                    let raw = context.documents.document(path, reader: context.reader, diagnostics: context.diagnostics)
                else {
                    return nil
                }
                let value = context.resolver.resolve(raw, reader: context.reader, diagnostics: context.diagnostics)
                return EventExample(name: Self.baseName(file.name), value: value)
            }
        }
        let cores = loadCores(SourcePath.child(schemaDirectory, "core-event-schema"), in: pass)
        return { catalog(schemas: schemas.values(), examples: examples.values(), cores: cores()) }
    }

    private func catalog(schemas: [EventSchema?], examples: [EventExample?], cores: [String: CommonEventFields])
        -> EventCatalog
    {
        let common = [EventKind.other, .room, .state].compactMap { kind -> CommonEventFields? in
            guard var fields = cores[kind.coreSchema.rawValue] else { return nil }
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

    /// The folder's regular files and their sizes; anything else in it is reported once and left out.
    private func files(in folder: String) -> [(name: String, size: Int)] {
        context.reader.list(folder).compactMap { name in
            guard !name.hasPrefix(".") else { return nil }
            let path = SourcePath.child(folder, name)
            let kind = context.reader.kind(path)
            switch kind {
            case .file(let size): return (name, size)
            case .directory: return nil
            case .special, .outsideRoot, .missing, .badName:
                context.diagnostics.emit(
                    Diagnostic(.unreadableFile, SourceFileError(listedEntry: kind)!.message, file: path))
                return nil
            }
        }
    }

    private func readSchema(_ path: String, context: LoadContext) -> EventSchema? {
        guard let raw = context.documents.document(path, reader: context.reader, diagnostics: context.diagnostics)
        else { return nil }
        let name = Self.baseName(SourcePath.name(path))
        let parts = name.split(separator: "$", maxSplits: 1).map(String.init)
        let resolved = AllOfMerger.resolve(
            context.resolver.resolve(raw, reader: context.reader, diagnostics: context.diagnostics))
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
        if references.contains(where: { $0.contains(CoreEventSchema.stateEvent.rawValue) }) { return .state }
        if references.contains(where: { $0.contains(CoreEventSchema.roomEvent.rawValue) }) { return .room }
        if schema.properties.contains(where: { $0.name == "state_key" }) { return .state }
        return .other
    }

    /// Every schema of `core-event-schema/`, by file name without extension.
    private func loadCores(_ folder: String, in pass: ParallelPass) -> () -> [String: CommonEventFields] {
        let files = context.reader.list(folder).compactMap { file -> (name: String, path: String, size: Int)? in
            guard [".yaml", ".yml", ".json"].contains(where: file.hasSuffix) else { return nil }
            let path = SourcePath.child(folder, file)
            guard case .file(let size) = context.reader.kind(path) else { return nil }
            return (Self.baseName(file), path, size)
        }
        let loaded = pass.map(files, cost: \.size) { [context] file in
            context.part("core:" + file.path) { context -> CommonEventFields? in
                guard let resolved = context.resolvedDocument(file.path) else { return nil }
                let schema = context.schemaReader.read(resolved)
                let fallback =
                    CoreEventSchema(rawValue: file.name)?.title
                    ?? file.name.split(separator: "_").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(
                        separator: " ")
                return CommonEventFields(kind: .other, name: file.name, title: schema.title ?? fallback, schema: schema)
            }
        }
        return {
            var cores: [String: CommonEventFields] = [:]
            for (file, fields) in zip(files, loaded.values()) {
                if let fields { cores[file.name] = fields }
            }
            return cores
        }
    }
}
