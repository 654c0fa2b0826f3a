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

    public init(layout: SpecLayout, tree: SourceTree) {
        self.layout = layout
        self.tree = tree
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
        var spec = Spec(layout: layout, apis: loadAPIs(resolver: resolver))
        if let directory = layout.eventSchemaDirectory {
            spec.events = EventLoader(tree: tree, resolver: resolver, schemaDirectory: directory, variables: layout.variables).load()
        }
        if let directory = layout.proposalsDirectory {
            spec.proposals = ProposalLoader(tree: tree, directory: directory).load()
        }
        if let changelogs = ChangelogLayout.find(root: layout.root, changelogDirectory: layout.changelogDirectory) {
            spec.changelogs = ChangelogLoader(tree: tree, layout: changelogs).load()
        }
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
        let reader = OpenAPIReader(tree: tree, variables: layout.variables)
        let documents = parallelMap(files) { file -> APIDocument? in
            let id = tree.id(for: file.path)
            guard let document = tree.document(id) else { return nil }
            return reader.read(resolver.resolve(document), file: id)
        }
        var apis = names.map { API(name: $0, title: Self.apiTitles[$0] ?? Self.title(forFolder: $0), documents: []) }
        for (file, document) in zip(files, documents) {
            if let document, !document.operations.isEmpty { apis[file.api].documents.append(document) }
        }
        return apis.filter { !$0.documents.isEmpty }
    }

    static func title(forFolder name: String) -> String {
        name.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: " ") + " API"
    }
}
