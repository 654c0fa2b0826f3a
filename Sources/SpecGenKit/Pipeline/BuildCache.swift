import Synchronization

/// What `specgen serve` keeps from one build to the next.
///
/// Every entry is keyed by exactly the inputs it was made from: a parse by its file's contents,
/// a part of the spec by the digests of every file, listing and entry kind it read (its `$ref`
/// closure included), a page by the parts it was made from and everything else the build read,
/// and its HTML also by the site map and the templates (see ``PageCache``). A rebuild reuses an
/// entry only when all of those are unchanged, so it gives the same bytes as a fresh build.
package final class BuildCache: Sendable {
    struct Parse: Sendable {
        var digest: InputDigest
        var root: YAMLNode?
        var diagnostics: [Diagnostic]
    }

    struct Part: Sendable {
        /// What the computation depended on besides the files it read (the parser's settings).
        var variant: String
        var inputs: [InputKey: InputDigest]
        var value: any Sendable
        var diagnostics: [Diagnostic]
        /// Changes each time the part is computed again: what renders keyed on the part compare.
        var generation: Int
    }

    struct State {
        var parses: [String: Parse] = [:]
        var parts: [String: Part] = [:]
        var nextGeneration = 1
    }

    /// A page composed in an earlier build, with what it was made from (see ``PageCache``).
    struct ComposedPage: Sendable {
        var global: Int
        var parts: [String: Int]
        var plan: PagePlan
        var composition: PageComposition
    }

    /// A page's HTML from an earlier build, and what rendering it reported.
    struct RenderedPage: Sendable {
        var key: Int
        var bytes: [UInt8]
        var diagnostics: [Diagnostic]
    }

    let state = Mutex(State())
    private let computations = Atomic(0)
    /// How many times a part was computed rather than reused, over every build that used the cache.
    package var computedParts: Int { computations.load(ordering: .relaxed) }
    let pages = Mutex<[String: ComposedPage]>([:])
    private let markdownCaches = Mutex<[SpecLayout.Kind: MarkdownCache]>([:])

    /// The parsed texts of the last build, for a tree of this layout.
    func markdown(for layout: SpecLayout) -> MarkdownCache {
        let cache = markdownCaches.withLock { caches in
            if let known = caches[layout.kind] { return known }
            let fresh = MarkdownCache(parser: SpecLoader.parser(for: layout), persists: true)
            caches[layout.kind] = fresh
            return fresh
        }
        cache.startBuild()
        return cache
    }
    let renders = Mutex<[String: RenderedPage]>([:])
    /// Endpoints, events and definitions of the last build, for pages whose HTML is not reused.
    let components: ComponentMemo?
    /// How many endpoints, events and definitions were taken from an earlier build, over every build.
    package var reusedComponents: Int { components?.reused ?? 0 }

    /// - Parameter keepsComponents: whether endpoints, events and definitions are kept one by one
    ///   (see ``ComponentMemo``): worth it between edits, not between releases.
    package init(keepsComponents: Bool = true) {
        components = keepsComponents ? ComponentMemo() : nil
    }

    /// A part of the spec, computed again only when one of the inputs it read has changed.
    /// - Returns: the value, and a generation number that changes whenever the value is recomputed.
    func part<Value: Sendable>(
        _ key: String, variant: String, reader: SourceReader, diagnostics: DiagnosticCollector,
        compute: (SourceReader, DiagnosticCollector) -> Value
    ) -> (value: Value, generation: Int) {
        if let cached = state.withLock({ $0.parts[key] }), cached.variant == variant,
            let value = cached.value as? Value,
            reader.inputs.isCurrent(cached.inputs)
        {
            reader.inputs.use(cached.inputs)
            reader.recorder?.merge(cached.inputs)
            diagnostics.emit(contentsOf: cached.diagnostics)
            return (value, cached.generation)
        }
        computations.add(1, ordering: .relaxed)
        let recorder = DependencyRecorder()
        let collector = DiagnosticCollector()
        let value = compute(reader.recording(into: recorder), collector)
        let inputs = recorder.inputs
        reader.recorder?.merge(inputs)
        let found = collector.found
        diagnostics.emit(contentsOf: found)
        let generation = state.withLock { state in
            state.nextGeneration += 1
            let replaced = state.parts.updateValue(
                Part(
                    variant: variant, inputs: inputs, value: value, diagnostics: found, generation: state.nextGeneration
                ), forKey: key)
            return (state.nextGeneration, replaced)
        }.0
        return (value, generation)
    }
}

/// Parses each YAML file once per build, and across builds while its contents stay the same.
final class YAMLDocuments: Sendable {
    private let cache: BuildCache?
    private let parsed = Mutex<[String: BuildCache.Parse]>([:])

    init(cache: BuildCache?) {
        self.cache = cache
    }

    /// The file's document; `nil` when it cannot be read or parsed, with a diagnostic saying why.
    func document(_ path: String, reader: SourceReader, diagnostics: DiagnosticCollector) -> YAMLNode? {
        let bytes: [UInt8]
        switch reader.read(path) {
        case .failure(let error):
            diagnostics.emit(Diagnostic(.unreadableFile, error.message, file: path, at: .start))
            return nil
        case .success(let read):
            bytes = read
        }
        let digest = reader.inputs.digest(of: .file(path))
        if let known = parsed.withLock({ $0[path] }), known.digest == digest {
            diagnostics.emit(contentsOf: known.diagnostics)
            return known.root
        }
        var parse: BuildCache.Parse
        if let cached = cache?.state.withLock({ $0.parses[path] }), cached.digest == digest {
            parse = cached
        } else {
            do {
                let (root, warnings) = try YAMLReader().parse(bytes, file: path)
                parse = BuildCache.Parse(digest: digest, root: root, diagnostics: warnings)
            } catch {
                parse = BuildCache.Parse(digest: digest, root: nil, diagnostics: [error])
            }
            let replaced = cache?.state.withLock { $0.parses.updateValue(parse, forKey: path) }
            _ = replaced
        }
        parsed.withLock { $0[path] = parse }
        diagnostics.emit(contentsOf: parse.diagnostics)
        return parse.root
    }
}
