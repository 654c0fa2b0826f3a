/// A page of prose from `content/` (matrix-spec layout), in Hugo's terms.
public struct ContentPage: Sendable {
    public enum Kind: Sendable, Hashable {
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
    public var file: String
    /// Hugo's URL path, without the leading slash: `client-server-api/`, `rooms/v11/`, `` for home.
    public var url: String
    public var kind: Kind
    public var frontMatter: FrontMatter
    /// The Markdown after the front matter.
    public var body: SourceText
    /// The body, parsed, with its shortcodes.
    public var document: MarkdownDocument
    /// Every shortcode call of the body, those inside other shortcodes included.
    public var shortcodeCalls: [ShortcodeCall]

    public var title: String { frontMatter.title ?? SourcePath.name(url.hasSuffix("/") ? String(url.dropLast()) : url) }
    public var linkTitle: String { frontMatter.linkTitle ?? title }
}

/// A page's front matter: the keys Hugo and the spec's templates use.
public struct FrontMatter: Sendable {
    public var title: String?
    public var linkTitle: String?
    public var weight: Int?
    public var type: String?
    public var layout: String?
    public var date: String?
    public var headless = false
    /// Other keys with a scalar value, such as a room version page's `version`.
    public var params: [String: String] = [:]

    public init() {}
}

/// An entry of the site's top menu (`[[menus.main]]`).
public struct MenuItem: Sendable, Hashable {
    public var name: String
    public var url: String
    public var weight: Int
}

/// What the tree's Hugo configuration says about the site.
public struct SiteConfig: Sendable {
    public var title: String
    public var description: String?
    public var menu: [MenuItem] = []
    /// `params.version`: `stable` or `unstable`, and the release's number.
    public var versionStatus: String?
    public var version: String?
    public var releaseDate: String?
    /// `markup.tableOfContents`: the heading levels listed on a page.
    public var tocStartLevel = 2
    public var tocEndLevel = 3
    public var tocOrdered = false
    /// Goldmark's passthrough extension, when the config turns it on: maths kept as written.
    public var passthrough: PassthroughDelimiters?
    /// The config file it was read from, root-relative.
    public var file: String?

    public init(title: String) {
        self.title = title
    }
}

/// A string format of `data/string-formats.yaml`: `mx-user-id` is shown as "User ID", linked.
public struct StringFormat: Sendable, Hashable {
    public var title: String
    /// As the file writes it: relative to the site root (`appendices#user-identifiers`), or absolute.
    public var url: String?
}
