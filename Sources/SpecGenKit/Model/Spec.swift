/// The spec in memory: every part loaded, references resolved. The input of checking, composing
/// and rendering; nothing after loading reads a file.
package struct Spec: Sendable {
    package var layout: SpecLayout
    package var config: SiteConfig
    package var apis: [API] = []
    package var events: EventCatalog = .empty
    package var changelogs: Changelogs = .empty
    package var proposals: [Proposal] = []
    /// The prose pages of a matrix-spec tree, in file order.
    package var content: [ContentPage] = []
    /// `data/string-formats.yaml`.
    package var stringFormats: [String: StringFormat] = [:]
    /// What the pages' shortcodes asked the loader to read: schemas, data files, diagrams and
    /// released changelogs kept as partials.
    var shortcodeData: [ShortcodeData: LoadedShortcodeData] = [:]
    /// The parameters the tree's shortcode templates read, which decide what calls mean.
    var shortcodeTemplates = ShortcodeTemplates()
    /// The templates of output formats that pages ask for, by their path (`layouts/docs/changelog.checklist.md`).
    var outputTemplates: [String: GoTemplate] = [:]
    /// What the tree's version banner shows above every page, as HTML (sanitised when written).
    var versionBanner: String?
    /// Files copied into the site as they are.
    package var assets: [SiteAsset] = []
    /// What the tree's own Hugo templates decide about anchors and includes.
    package var traits: LayoutTraits = LayoutTraits()
    /// RST substitutions and link targets that the 2019 spec's prose defines (`specification/*.rst`).
    package var rstTargets: [String: String] = [:]

    package init(layout: SpecLayout, config: SiteConfig) {
        self.layout = layout
        self.config = config
    }

    package var operationCount: Int { apis.reduce(0) { $0 + $1.operationCount } }

    /// The URL of a release's own page (later trees); `nil` when it is a section of the changelog page.
    func releasePageURL(_ release: ChangelogRelease) -> String? {
        guard let page = content.first(where: { $0.file == release.file }), page.kind != .resource else { return nil }
        return page.url
    }

    /// The API document that `{{% http-api spec="client-server" api="login" %}}` names.
    package func document(api: String, name: String) -> (API, APIDocument)? {
        guard let api = apis.first(where: { $0.name == api }),
            let document = api.documents.first(where: { $0.name == name })
        else { return nil }
        return (api, document)
    }
}

/// Choices that the Hugo templates of a matrix-spec tree make, read from its `layouts/` folder,
/// so that a build keeps the anchors of the site that tree was published as.
package struct LayoutTraits: Sendable, Hashable {
    /// How the tables inside an operation are named.
    package enum TableAnchors: Sendable, Hashable {
        /// `<endpoint>_<title>`: matrix-spec until v1.9, where GET and PUT of a path share them.
        case endpoint
        /// `<method><endpoint>_request_<title>` and `…_response-200_<title>`: later trees.
        case operation
    }

    package var tableAnchors: TableAnchors = .operation
    /// How the tree's templates name a field's type, when it is an object with a title (v1.8's
    /// `type-or-title`: the title first, maps as `{string: …}`, string enums as `enum`).
    package var namesTypesByTitleFirst = false
    /// Whether the shortcodes that include a page (`cs-module`, `rver-fragment`) show "New in this
    /// version" badges of the included text only when told to (v1.8's `withVersioning`).
    package var includesStripVersionBadges = false
    /// Whether `added-in` and `changed-in` compare their version with the page's `version`
    /// (later trees), rather than taking `this=true` (v1.8).
    package var badgesFollowPageVersion = true
    /// Whether pages list the endpoints they show at their top (the `endpoints-toc` partial).
    package var listsEndpoints = false
    /// What the release pages' layout (`layouts/docs/changelog.html`) puts above a release's
    /// changes, when it has a table of the release (later trees).
    package var releaseTable: ReleaseTable?
    /// The bundles that the shortcodes that include pages read from, by shortcode name, as their
    /// templates say (`.Site.GetPage "client-server-api/modules"`).
    package var includeBundles: [String: String] = [:]
    /// The page types the sidebar's template leaves out (v1.1 to v1.4: `where $pages "Type" "!="
    /// "module"`, the client-server modules, which are read only inside their page).
    package var typesOutOfSidebar: Set<String> = []

    package init() {}

    /// The types a sidebar template leaves out: each `"Type" "!=" "name"` it filters by.
    static func typesLeftOut(bySidebar template: String) -> Set<String> {
        var types = Set<String>()
        var rest = Substring(template)
        while let filter = rest.range(of: "\"Type\" \"!=\" \"") {
            rest = rest[filter.upperBound...]
            guard let end = rest.firstIndex(of: "\"") else { break }
            types.insert(String(rest[..<end]))
        }
        return types
    }
}

/// The table a release page's layout puts above its changes.
package struct ReleaseTable: Sendable, Hashable {
    /// The link to the release's tree, with `%s` for the version or commit.
    package var commitURL: String
    /// Whether it gives the release's date (not for the unstable changelog).
    package var showsDate: Bool
    /// The output format it links, when it links one (`checklist`).
    package var linkedFormat: String?

    /// What the tree's layout says, or `nil` when it has no table of the release.
    static func read(layout text: String) -> ReleaseTable? {
        guard text.contains("release-info"), let start = text.range(of: "printf \""),
            let end = text[start.upperBound...].firstIndex(of: "\"")
        else { return nil }
        let format = String(text[start.upperBound..<end])
        guard format.contains("%s") else { return nil }
        var linked: String?
        if let get = text.range(of: "OutputFormats.Get \""), let close = text[get.upperBound...].firstIndex(of: "\"") {
            linked = text[get.upperBound..<close].lowercased()
        }
        return ReleaseTable(commitURL: format, showsDate: text.contains("time.Format"), linkedFormat: linked)
    }
}

/// A released changelog kept as a Hugo partial, which the changelog page includes: its text, parsed.
package struct IncludedRelease: Sendable {
    package var release: ChangelogRelease
    package var body: SourceText
    package var document: MarkdownDocument
}
