/// The kinds of page a site has. Each says what it is; ``SitePaths`` alone says where it goes.
enum PageKind: Sendable, Hashable {
    case home
    /// A page of the tree's prose, at the URL Hugo gives it (`client-server-api/`, `rooms/v11/`).
    case content(url: String)
    /// A matrix-doc tree's page of one API's endpoints.
    case apiReference(api: String)
    /// A matrix-doc tree's page of every event.
    case events
    /// The endpoints of API files that no page shows.
    case otherEndpoints(api: String)
    /// The event schemas that no page shows.
    case otherEvents
    /// The changelog's index, where the tree's prose has none.
    case changelogIndex
    /// A matrix-doc API's changelog: its fragments and releases.
    case changelogAPI(name: String)
    /// An API's released history: matrix-spec's r0.x changelogs, or a matrix-doc one's.
    case changelogHistory(name: String, isLegacy: Bool)
    case proposalIndex
    case proposal(number: Int)
    /// The template new proposals start from.
    case proposalTemplate
    /// `specgen diff --output`'s page of the changes.
    case changes
}

/// The one authority for where things are in the site: the file and URL of every page kind,
/// the files beside pages, and the ids of generated entries. The composer asks it when it makes
/// pages, the site map keeps it for links.
struct SitePaths: Sendable, Hashable {
    /// The folder of proposal pages: `proposals/`, or `proposals/msc/` when the prose has a page there.
    let proposalsFolder: String
    /// The URL of the prose's changelog page, when the tree has one (`changelog/`).
    let contentChangelogURL: String?
    /// Where the unreleased entries are shown, if anywhere (see ``unreleasedEntry``).
    private let unreleasedListing: UnreleasedListing?

    private enum UnreleasedListing: Hashable {
        /// Each API's changelog page lists its entries under their ids (matrix-doc).
        case apiChangelog
        /// The changelog's index lists each entry under its own id.
        case changelogIndex
        /// Only the unstable changelog page shows them, as the tree's towncrier writes it: no ids.
        case unstablePage(url: String)
    }

    init(spec: Spec) {
        let urls = Set(spec.content.map(\.url))
        proposalsFolder = urls.contains("proposals/") ? "proposals/msc/" : "proposals/"
        contentChangelogURL = urls.contains(Self.changelogFolder) ? Self.changelogFolder : nil
        if spec.layout.kind == .matrixDoc {
            unreleasedListing = .apiChangelog
        } else if contentChangelogURL == nil
            || spec.content.contains(where: {
                $0.url == Self.changelogFolder && $0.frontMatter.layout == "changelog-index"
            })
        {
            unreleasedListing = .changelogIndex
        } else if urls.contains(Self.unstableChangelogURL) {
            unreleasedListing = .unstablePage(url: Self.unstableChangelogURL)
        } else {
            unreleasedListing = nil
        }
    }

    private static let changelogFolder = "changelog/"
    private static let unstableChangelogURL = "changelog/unstable/"

    /// The page's URL path, as links write it: `client-server-api/`, `changelog/client_server.html`.
    func url(of kind: PageKind) -> String {
        switch kind {
        case .home: return ""
        case .content(let url): return url
        case .apiReference(let api): return api + "/"
        case .events: return "events/"
        case .otherEndpoints(let api): return "reference/\(api)/"
        case .otherEvents: return "reference/events/"
        case .changelogIndex: return Self.changelogFolder
        case .changelogAPI(let name): return Self.changelogFolder + AnchorAllocator.slug(name, keep: "_") + ".html"
        case .changelogHistory(let name, let isLegacy):
            return isLegacy
                ? Self.changelogFolder + "legacy/\(AnchorAllocator.slug(name, keep: "_"))/"
                : url(of: .changelogAPI(name: name))
        case .proposalIndex: return proposalsFolder
        case .proposal(let number): return proposalsFolder + "\(number).html"
        case .proposalTemplate: return proposalsFolder + "template.html"
        case .changes: return "changes.html"
        }
    }

    /// The file in the site: the URL, with `index.html` for a folder's.
    func path(of kind: PageKind) -> String { Self.file(ofURL: url(of: kind)) }

    /// `rooms/v11/` is the file `rooms/v11/index.html`; `x.html` is itself.
    static func file(ofURL url: String) -> String {
        url.isEmpty || url.hasSuffix("/") ? url + "index.html" : url
    }

    /// The URL of the section a page sits in: `rooms/v11/` is under `rooms/`, `appendices/` under home.
    static func parentURL(of url: String) -> String {
        let parts = url.split(separator: "/")
        return parts.count <= 1 ? "" : parts.dropLast().joined(separator: "/") + "/"
    }

    // MARK: Files beside pages

    /// The page that lists a release's changes: its own page, or its section of the changelog page.
    func releaseHref(_ release: ChangelogRelease, pageURL: String?) -> String {
        if let pageURL { return Self.file(ofURL: pageURL) }
        return path(of: .changelogIndex) + "#" + HugoAnchor.anchorize(release.version)
    }

    /// A page in another output format, beside its HTML: `changelog/v1.19/checklist.md`.
    static func output(ofPageURL url: String, format: OutputFormat) -> String {
        url + format.baseName + "." + format.suffix
    }

    /// An API page's resolved OpenAPI document (`client-server-api/api.json`).
    static func apiDocument(ofPageURL url: String) -> String { url + "api.json" }

    /// A file a proposal links, beside its page: `proposals/images/2140-flow.png`.
    static func proposalFile(_ relativePath: String) -> String { "proposals/" + encodedPath(relativePath) }

    /// A source path as a site path: each name percent-encoded (``URLPolicy/encodedSegment(_:)``).
    static func encodedPath(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { URLPolicy.encodedSegment(String($0)) }
            .joined(separator: "/")
    }

    /// A diagram the `diagram` shortcode shows.
    static func diagram(_ name: String) -> String { "diagrams/\(name).webp" }

    /// The search index, a script beside the pages.
    static let searchIndex = "search-index.js"

    /// Where an unreleased entry is shown: under its id on the API's changelog page (matrix-doc) or
    /// on the changelog's index, else on the unstable changelog page; `nil` when no page shows it
    /// (a tree whose changelog index only redirects to the newest release, and has no unstable page).
    func unreleasedEntry(api: String, firstFragment: String?) -> String? {
        let id = firstFragment.map { "#" + Self.changelogEntryID(forFragment: $0) } ?? ""
        switch unreleasedListing {
        case .apiChangelog: return path(of: .changelogAPI(name: api)) + id
        case .changelogIndex: return path(of: .changelogIndex) + id
        case .unstablePage(let url): return path(of: .content(url: url))
        case nil: return nil
        }
    }

    /// The page that holds the released changes of a per-API history: matrix-doc shows them on
    /// the API's changelog page, under its unreleased changes; matrix-spec on a page of their own.
    func releasedChangesPage(of history: Changelogs.APIHistory, layout: SpecLayout.Kind) -> String {
        layout == .matrixDoc
            ? path(of: .changelogAPI(name: history.name))
            : path(of: .changelogHistory(name: history.name, isLegacy: history.isLegacy))
    }

    /// The URL spec.matrix.org gives an API's page, which a matrix-doc site answers too.
    static func publishedURL(ofAPI api: String) -> String {
        (api == "identity" ? "identity-service" : api) + "-api/"
    }

    /// The API a prose page is about: `client-server-api/` is `client-server`.
    static func api(ofPageURL url: String) -> String? {
        let first = url.split(separator: "/").first.map(String.init) ?? ""
        guard first.hasSuffix("-api") else { return nil }
        let name = String(first.dropLast(4))
        return name == "identity-service" ? "identity" : name
    }

    // MARK: Generated ids

    /// The id of an unreleased entry, from its first fragment's name: `change-2282.new`.
    static func changelogEntryID(forFragment path: String) -> String {
        "change-" + AnchorAllocator.slug(SourcePath.name(path), keep: "._+")
    }
}
