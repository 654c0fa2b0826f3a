/// The spec in memory: every API with its operations, references resolved.
public struct Spec: Sendable {
    public var layout: SpecLayout
    public var apis: [API]
    public var events: EventCatalog = .empty
    public var changelogs: [ChangelogHistory] = []
    public var proposals: [Proposal] = []
}

/// Reads the spec's YAML into the ``Spec`` model, in parallel, reporting problems to the tree's collector.
public struct SpecLoader {
    public let layout: SpecLayout
    public let tree: SourceTree
    /// Documents kept from the previous build, for `specgen serve`.
    public var cache: BuildCache?

    public init(layout: SpecLayout, tree: SourceTree, cache: BuildCache? = nil) {
        self.layout = layout
        self.tree = tree
        self.cache = cache
    }

    /// The order in which the Matrix APIs are listed; others follow alphabetically.
    static let apiOrder = ["client-server", "server-server", "application-service", "identity", "push-gateway"]
    static let apiTitles = [
        "client-server": "Client-Server API", "server-server": "Server-Server API",
        "application-service": "Application Service API", "identity": "Identity Service API",
        "push-gateway": "Push Gateway API",
    ]

    public func load() -> Spec {
        let resolver = ReferenceResolver(tree: tree)
        var timer = StageTimer()
        defer { timer.report() }
        var spec = Spec(layout: layout, apis: loadAPIs(resolver: resolver))
        timer.lap("apis")
        // Events, proposals and changelogs do not depend on each other: read them side by side.
        enum Part: Sendable {
            case events(EventCatalog), proposals([Proposal]), changelogs([ChangelogHistory]), none
        }
        let parts = parallelMap([0, 1, 2]) { index -> Part in
            switch index {
            case 0:
                guard let directory = layout.eventSchemaDirectory else { return .none }
                return .events(part("events", folders: [SourceTree.parentDirectory(directory)]) { tree in
                    let resolver = tree === self.tree ? resolver : ReferenceResolver(tree: tree)
                    return EventLoader(tree: tree, resolver: resolver, schemaDirectory: directory).load()
                })
            case 1:
                guard let directory = layout.proposalsDirectory else { return .none }
                return .proposals(part("proposals", folders: [directory]) { ProposalLoader(tree: $0, directory: directory).load() })
            default:
                guard let changelogs = ChangelogLayout.find(root: layout.root, changelogDirectory: layout.changelogDirectory) else { return .none }
                return .changelogs(part("changelogs", folders: [changelogs.changelogs, layout.root + "/content/changelog"]) {
                    ChangelogLoader(tree: $0, layout: changelogs).load()
                })
            }
        }
        for loaded in parts {
            switch loaded {
            case .events(let events): spec.events = events
            case .proposals(let proposals): spec.proposals = proposals
            case .changelogs(let changelogs): spec.changelogs = changelogs
            case .none: break
            }
        }
        timer.lap("events, proposals and changelogs")
        return spec
    }

    private func loadAPIs(resolver: ReferenceResolver) -> [API] {
        guard let apiDirectory = layout.apiDirectory else { return [] }
        let names = SpecLayout.contents(of: apiDirectory)
            .filter { SpecLayout.isDirectory(apiDirectory + "/" + $0) }
            .sorted { (Self.apiOrder.firstIndex(of: $0) ?? 99, $0) < (Self.apiOrder.firstIndex(of: $1) ?? 99, $1) }
        var files: [(api: Int, path: String)] = []
        for (index, name) in names.enumerated() {
            let folder = apiDirectory + "/" + name
            for file in SpecLayout.contents(of: folder) where file.hasSuffix(".yaml") || file.hasSuffix(".yml") {
                files.append((index, folder + "/" + file))
            }
        }
        cache?.noteDocuments(files.map(\.path))
        let documents = parallelMap(files) { file in readDocument(file.path, resolver: resolver) }
        var apis = names.map { API(name: $0, title: Self.apiTitles[$0] ?? Self.title(forFolder: $0), documents: []) }
        for (file, document) in zip(files, documents) {
            if let document, !document.operations.isEmpty { apis[file.api].documents.append(document) }
        }
        return apis.filter { !$0.documents.isEmpty }
    }

    /// Reads a part of the spec, or takes it from the cache when no file below `folders` changed.
    private func part<Value: Sendable>(_ name: String, folders: [String], read: (SourceTree) -> Value) -> Value {
        guard let cache else { return read(tree) }
        let revision = folders.map(BuildCache.revision(ofFolder:)).joined(separator: "|")
        return cache.part(name, revision: revision, tree: tree, read: read)
    }

    /// One API document, from the cache when none of the files it reached has changed.
    private func readDocument(_ path: String, resolver: ReferenceResolver) -> APIDocument? {
        if let cache, let cached = cache.document(at: path, tree: tree) {
            tree.diagnostics.emit(contentsOf: cached.diagnostics)
            return cached.document
        }
        let collector = DiagnosticCollector()
        let documentTree = tree.reporting(to: collector)
        let id = tree.id(for: path)
        var document: APIDocument?
        var files: Set<FileID> = [id]
        if let root = documentTree.document(id) {
            let resolved = resolver.resolveTrackingFiles(root, reportingTo: collector)
            files = resolved.files
            document = OpenAPIReader(tree: documentTree, variables: layout.variables).read(resolved.node, file: id)
        }
        let diagnostics = collector.diagnostics
        tree.diagnostics.emit(contentsOf: diagnostics)
        if let cache {
            var stamps: [FileID: FileStamp?] = [:]
            for file in files { stamps[file] = tree.stamp(of: file) ?? FileStamp.of(tree.absolutePath(of: file)) }
            document?.revision = stamps.map { "\($0.key):\($0.value?.modified ?? 0):\($0.value?.size ?? -1)" }.sorted().joined(separator: ",")
            cache.store(BuildCache.Document(files: stamps, document: document, diagnostics: diagnostics), at: path)
        }
        return document
    }

    static func title(forFolder name: String) -> String {
        name.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: " ") + " API"
    }
}
