import Synchronization

/// Pages that `specgen serve` made in an earlier build, reused when nothing they depend on changed.
///
/// A page depends on the cached parts it was composed from (an API file with its `$ref` closure,
/// an event, a prose page, the pages it includes), which it notes in `PageComposition.parts`, and
/// on everything else the build read: `global` fingerprints every input except the files of those
/// parts. A composed page is reused while `global` and the generation of each of its parts are
/// unchanged; its HTML is reused while, in addition, the site map and the templates are unchanged.
/// Edit one endpoint's file and only the page that shows it is composed and rendered again.
struct PageCache: Sendable {
    let cache: BuildCache
    let spec: Spec
    /// The generation of every cached part this build used, by key.
    let stamps: [String: Int]
    /// Everything the build read except the files of the parts that pages note.
    let global: Int

    /// The part keys the loaders use, one per file.
    static func part(api path: String) -> String { "api:" + path }
    static func part(content path: String) -> String { "content:" + path }
    static func part(definition path: String) -> String { "definition:" + path }
    static func part(event path: String) -> String { "event:" + path }
    static func part(example path: String) -> String { "example:" + path }
    static func part(proposal path: String) -> String { "proposal:" + path }

    /// The kinds of parts whose files are left out of `global`: pages note them when they use them.
    static let notedKinds = ["api:", "content:", "definition:", "event:", "example:", "proposal:"]

    init(cache: BuildCache, spec: Spec, stamps: [String: Int], inputs: SourceInputs) {
        self.cache = cache
        self.spec = spec
        self.stamps = stamps
        var files = Set<String>()
        for key in stamps.keys {
            for kind in Self.notedKinds where key.hasPrefix(kind) { files.insert(String(key.dropFirst(kind.count))) }
        }
        global = inputs.fingerprint(excluding: files)
    }

    /// The page `id`, from the cache when it is current, else composed and kept.
    func page(_ id: String, compose: () -> (PagePlan, PageComposition)) -> (PagePlan, PageComposition) {
        if let entry = cache.pages.withLock({ $0[id] }), entry.global == global,
            entry.parts.allSatisfy({ stamps[$0.key] == $0.value })
        {
            return (entry.plan, entry.composition)
        }
        var (plan, composition) = compose()
        var parts: [String: Int] = [:]
        for key in allParts(of: composition) { parts[key] = stamps[key] ?? -1 }
        var hasher = Hasher()
        hasher.combine(id)
        hasher.combine(global)
        for (key, generation) in parts.sorted(by: { $0.key < $1.key }) {
            hasher.combine(key)
            hasher.combine(generation)
        }
        plan.cacheKey = hasher.finalize()
        let entry = BuildCache.ComposedPage(global: global, parts: parts, plan: plan, composition: composition)
        // The page it replaces is freed after the lock is let go, not while others wait for it.
        let replaced = cache.pages.withLock { $0.updateValue(entry, forKey: id) }
        _ = replaced
        return (plan, composition)
    }

    /// The parts a composition noted, and the events and examples it embeds.
    private func allParts(of composition: PageComposition) -> Set<String> {
        var parts = composition.parts
        for name in composition.embeddedEvents {
            if let schema = spec.events.schema(named: name) { parts.insert(Self.part(event: schema.file)) }
            for example in spec.events.examples(for: name) { parts.insert(Self.part(example: example.value.file)) }
        }
        return parts
    }
}
