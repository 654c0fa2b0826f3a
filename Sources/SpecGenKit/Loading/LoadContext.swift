/// What every loader reads through and reports to, in one value.
struct LoadContext: Sendable {
    let reader: SourceReader
    let diagnostics: DiagnosticCollector
    let documents: YAMLDocuments
    let resolver: ReferenceResolver
    let style: TextStyle
    let cache: BuildCache?

    var schemaReader: SchemaReader { SchemaReader(diagnostics: diagnostics, style: style) }

    /// A part of the spec, taken from the cache when none of the inputs it read has changed.
    /// The computation gets a context that records what it reads and keeps its own diagnostics.
    func part<Value: Sendable>(_ key: String, compute: (LoadContext) -> Value) -> Value {
        guard let cache else { return compute(self) }
        return cache.part(key, reader: reader, diagnostics: diagnostics) { reader, diagnostics in
            compute(
                LoadContext(
                    reader: reader, diagnostics: diagnostics, documents: documents, resolver: resolver, style: style,
                    cache: cache))
        }.value
    }

    /// A YAML file's document with its `$ref`s resolved and its `allOf`s merged.
    func resolvedDocument(_ path: String) -> YAMLNode? {
        guard let raw = documents.document(path, reader: reader, diagnostics: diagnostics) else { return nil }
        return AllOfMerger.resolve(resolver.resolve(raw, reader: reader, diagnostics: diagnostics))
    }
}
