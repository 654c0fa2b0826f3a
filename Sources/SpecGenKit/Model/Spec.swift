/// The spec in memory: every part loaded, references resolved. The input of checking, composing
/// and rendering; nothing after loading reads a file.
public struct Spec: Sendable {
    public var layout: SpecLayout
    public var config: SiteConfig
    public var apis: [API] = []
    public var events: EventCatalog = .empty
    public var changelogs: Changelogs = .empty
    public var proposals: [Proposal] = []
    /// The prose pages of a matrix-spec tree, in file order.
    public var content: [ContentPage] = []
    /// Schemas that `{{% definition path="…" %}}` names, by that path.
    public var definitions: [String: Schema] = [:]
    /// `data/string-formats.yaml`.
    public var stringFormats: [String: StringFormat] = [:]
    /// Released changelogs that `{{% changelog/changelog-rendered p="changelogs/v1.4.md" %}}`
    /// includes from `layouts/partials/` (matrix-spec v1.1 to v1.4), by that `p`.
    public var includedReleases: [String: IncludedRelease] = [:]
    /// Data files that shortcodes show (`data-definitions/sas-emoji.json`, `data/msc/proposals.json`), by root-relative path.
    public var dataFiles: [String: YAMLNode] = [:]
    /// Files copied into the site as they are.
    public var assets: [SiteAsset] = []
    /// What the tree's own Hugo templates decide about anchors and includes.
    public var traits: LayoutTraits = LayoutTraits()
    /// RST substitutions and link targets that the 2019 spec's prose defines (`specification/*.rst`).
    public var rstTargets: [String: String] = [:]

    public init(layout: SpecLayout, config: SiteConfig) {
        self.layout = layout
        self.config = config
    }

    public var operationCount: Int { apis.reduce(0) { $0 + $1.operationCount } }

    /// The API document that `{{% http-api spec="client-server" api="login" %}}` names.
    public func document(api: String, name: String) -> (API, APIDocument)? {
        guard let api = apis.first(where: { $0.name == api }),
            let document = api.documents.first(where: { $0.name == name })
        else { return nil }
        return (api, document)
    }
}

/// Choices that the Hugo templates of a matrix-spec tree make, read from its `layouts/` folder,
/// so that a build keeps the anchors of the site that tree was published as.
public struct LayoutTraits: Sendable, Hashable {
    /// How the tables inside an operation are named.
    public enum TableAnchors: Sendable, Hashable {
        /// `<endpoint>_<title>`: matrix-spec until v1.9, where GET and PUT of a path share them.
        case endpoint
        /// `<method><endpoint>_request_<title>` and `…_response-200_<title>`: later trees.
        case operation
    }

    public var tableAnchors: TableAnchors = .operation
    /// Whether the shortcodes that include a page (`cs-module`, `rver-fragment`) show "New in this
    /// version" badges of the included text only when told to (v1.8's `withVersioning`).
    public var includesStripVersionBadges = false
    /// Whether `added-in` and `changed-in` compare their version with the page's `version`
    /// (later trees), rather than taking `this=true` (v1.8).
    public var badgesFollowPageVersion = true
    /// The bundles that `cs-module` and `rver-fragment` include pages from, by shortcode.
    public var includeBundles = ["cs-module": "client-server-api/modules", "rver-fragment": "rooms/fragments"]

    public init() {}
}

/// A released changelog kept as a Hugo partial, which the changelog page includes: its text, parsed.
public struct IncludedRelease: Sendable {
    public var release: ChangelogRelease
    public var body: SourceText
    public var document: MarkdownDocument
}
