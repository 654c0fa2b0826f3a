/// A page of prose from `content/` (matrix-spec layout), in Hugo's terms.
package struct ContentPage: Sendable {
    package enum Kind: Sendable, Hashable {
        /// `content/_index.md`.
        case home
        /// `x/_index.md`: a section, with the pages below it.
        case section
        /// `x.md`, or a leaf bundle's `x/index.md`.
        case page
        /// A bundle whose `index.md` says `headless: true`: its files are only included into other pages.
        case headless
        /// A file beside a leaf bundle's `index.md`: a resource, not a page.
        case resource
    }

    /// The root-relative source file: `content/client-server-api/_index.md`.
    package var file: String
    /// Hugo's URL path, without the leading slash: `client-server-api/`, `rooms/v11/`, `` for home.
    package var url: String
    package var kind: Kind
    package var frontMatter: FrontMatter
    /// The Markdown after the front matter.
    package var body: SourceText
    /// The body, parsed, with its shortcodes.
    package var document: MarkdownDocument
    /// Every shortcode call of the body, those inside other shortcodes included.
    package var shortcodeCalls: [ShortcodeCall]
    /// The front matter's `description`, parsed.
    package var description: MarkdownDocument?
    /// Where the page was published before, as site paths (gendoc's `client_server/unstable.html`):
    /// each gets a page that sends the reader on.
    package var formerPaths: [String] = []

    package var title: String {
        frontMatter.title ?? SourcePath.name(url.hasSuffix("/") ? String(url.dropLast()) : url)
    }
    package var linkTitle: String { frontMatter.linkTitle ?? title }
}

/// A page's front matter: the keys Hugo and the spec's templates use.
package struct FrontMatter: Sendable {
    package var title: String?
    package var linkTitle: String?
    package var weight: Int?
    package var type: String?
    package var layout: String?
    package var date: String?
    package var headless = false
    /// The formats the page is written in besides HTML (`checklist`), lowercased, as `outputs` lists them.
    package var outputs: [String] = []
    /// The page's introduction, in Markdown, which later trees' templates show under the title.
    package var description: SourceText?
    /// Other keys with a scalar value, such as a room version page's `version`.
    package var params: [String: String] = [:]

    package init() {}

    /// Whether a front matter value is true as Hugo reads YAML and TOML booleans.
    static func isTrue(_ value: String?) -> Bool {
        ["true", "yes", "on", "True"].contains(value ?? "")
    }
}

/// An entry of the site's top menu (`[[menus.main]]`).
package struct MenuItem: Sendable, Hashable {
    package var name: String
    package var url: String
    package var weight: Int
}

/// What the tree's Hugo configuration says about the site.
package struct SiteConfig: Sendable {
    package var title: String
    package var description: String?
    package var menu: [MenuItem] = []
    /// `params.version`: `stable` or `unstable`, and the release's number.
    package var versionStatus: VersionStatus?
    package var version: String?
    package var releaseDate: String?
    /// `markup.tableOfContents`: the heading levels listed on a page.
    package var tocStartLevel = 2
    package var tocEndLevel = 3
    package var tocOrdered = false
    /// Goldmark's definition lists, which Hugo turns on unless the config turns them off.
    package var definitionLists = true
    /// Goldmark's passthrough extension, when the config turns it on: maths kept as written.
    package var passthrough: PassthroughDelimiters?
    /// The config file it was read from, root-relative.
    package var file: String?
    /// `[params]`, as the tree's templates see them (`.Site.Params.version.status`).
    var params: GoValue = .map([:])
    /// `[outputFormats]`: the formats pages may be written in besides HTML, by lowercased name.
    package var outputFormats: [String: OutputFormat] = [:]

    package init(title: String) {
        self.title = title
    }
}

/// `params.version.status` of the Hugo config.
package enum VersionStatus: String, Sendable, Hashable {
    case stable, current, unstable, historical
}

/// An output format of the Hugo config (`[outputFormats.Checklist]`): a page written as another
/// file beside its HTML, from a template of the tree (`layouts/docs/changelog.checklist.md`).
package struct OutputFormat: Sendable, Hashable {
    /// Lowercased, as pages' `outputs` name it.
    package var name: String
    /// The file's name without its suffix: `checklist`.
    package var baseName: String
    /// `md`.
    package var suffix: String

    /// Where Hugo looks for the template of this format for a page of `type` and `layout`.
    func templateCandidates(layoutsDirectory: String, type: String?, layout: String?) -> [String] {
        var names: [String] = []
        for folder in [type, "_default"].compactMap({ $0 }) {
            for base in [layout, "single"].compactMap({ $0 }) { names.append("\(folder)/\(base).\(name).\(suffix)") }
        }
        return names.map { SourcePath.child(layoutsDirectory, $0) }
    }

    /// The usual suffix of a media type Hugo knows.
    static func suffix(ofMediaType type: String) -> String {
        switch type {
        case "text/markdown": return "md"
        case "text/plain": return "txt"
        case "application/json": return "json"
        case "application/xml", "text/xml": return "xml"
        case "text/calendar": return "ics"
        case "text/csv": return "csv"
        default: return "html"
        }
    }
}

/// A string format of `data/string-formats.yaml`: `mx-user-id` is shown as "User ID", linked.
package struct StringFormat: Sendable, Hashable {
    package var title: String
    /// As the file writes it: relative to the site root (`appendices#user-identifiers`), or absolute.
    package var url: String?
}
