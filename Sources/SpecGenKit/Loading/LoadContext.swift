import Synchronization

/// What every loader reads through and reports to, in one value.
struct LoadContext: Sendable {
    let reader: SourceReader
    let diagnostics: DiagnosticCollector
    let documents: YAMLDocuments
    let resolver: ReferenceResolver
    let style: TextStyle
    let cache: BuildCache?
    /// The parts this build used and their generations, for the page cache of `specgen serve`.
    var stamps: PartStamps? = nil

    var schemaReader: SchemaReader { SchemaReader(diagnostics: diagnostics, style: style) }

    /// A part of the spec, taken from the cache when none of the inputs it read has changed.
    /// The computation gets a context that records what it reads and keeps its own diagnostics.
    /// `variant` names what else the value depends on (the parser's settings); the text style's
    /// substitutions count too.
    func part<Value: Sendable>(_ key: String, variant: String = "", compute: (LoadContext) -> Value) -> Value {
        guard let cache else { return compute(self) }
        let (value, generation) = cache.part(
            key, variant: variant + style.partVariant, reader: reader, diagnostics: diagnostics
        ) { reader, diagnostics in
            compute(
                LoadContext(
                    reader: reader, diagnostics: diagnostics, documents: documents, resolver: resolver, style: style,
                    cache: cache, stamps: nil))
        }
        stamps?.note(key, generation: generation)
        return value
    }

    /// A file's text; `nil` when it cannot be read or is not UTF-8, with a diagnostic saying why.
    func text(_ path: String) -> String? {
        switch reader.text(path) {
        case .failure(let diagnostic):
            diagnostics.emit(diagnostic)
            return nil
        case .success(let text):
            return text
        }
    }

    /// A YAML file's document with its `$ref`s resolved and its `allOf`s merged.
    func resolvedDocument(_ path: String) -> YAMLNode? {
        documentWithReferences(path).map { AllOfMerger.resolve($0) }
    }

    /// The document with its `$ref`s resolved and its `allOf`s as written: what
    /// `dump-openapi.py` publishes.
    func documentWithReferences(_ path: String) -> YAMLNode? {
        documentAsWrittenAndResolved(path)?.resolved
    }

    /// The document as written, and with its `$ref`s resolved.
    func documentAsWrittenAndResolved(_ path: String) -> (written: YAMLNode, resolved: YAMLNode)? {
        guard let raw = documents.document(path, reader: reader, diagnostics: diagnostics) else { return nil }
        return (raw, resolver.resolve(raw, reader: reader, diagnostics: diagnostics))
    }
}

/// The cached parts one build used, each with the generation it had: what the pages made from
/// them can be reused by (see ``PageCache``).
final class PartStamps: Sendable {
    private let stamps = Mutex<[String: Int]>([:])

    func note(_ key: String, generation: Int) {
        stamps.withLock { $0[key] = generation }
    }

    var all: [String: Int] { stamps.withLock { $0 } }
}
