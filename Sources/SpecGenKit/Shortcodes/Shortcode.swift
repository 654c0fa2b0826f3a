/// A Hugo shortcode that specgen knows: its names, its arguments, the data it needs and the
/// component it becomes. Each one is a type of its own in this folder, listed in
/// ``ShortcodeRegistry``; nothing else names a shortcode.
protocol Shortcode: Sendable {
    /// The name it has in today's trees.
    static var name: String { get }
    /// Names it had in older trees, or other names of one family (`boxes/note`, `boxes/warning`).
    static var otherNames: [String] { get }
    /// Whether a call that encloses nothing stands as a block of its own or inside a paragraph.
    static var placement: ShortcodePlacement { get }
    /// The arguments it takes, newest first when its arguments changed between trees: the tree's
    /// own template decides which one applies (see ``ShortcodeRegistry/signature(for:templates:)``).
    static var signatures: [ShortcodeSignature] { get }
    /// The files the loader reads for a call: schemas, data files, diagrams, partials.
    static func data(for call: BoundShortcode, in tree: ShortcodeTree) -> [ShortcodeData]
    /// What the call becomes on a page.
    static func compose(_ call: BoundShortcode, in context: ShortcodeContext, page: inout PageComposition)
        -> PageComponent
    /// What the call becomes inside a YAML description, which is rendered rather than composed;
    /// `nil` when it cannot stand there.
    static func describe(_ call: BoundShortcode, inline: Bool) -> PageComponent?
    /// What the tree's template of this shortcode decides, beyond the arguments it reads.
    static func read(template: String, into traits: inout LayoutTraits)
    /// For a shortcode that stands for a value (``ShortcodePlacement/value``): the text it is
    /// replaced by before the Markdown is read.
    static func value(of parameters: [String: String], formats: [String: OutputFormat]) -> String?
    /// What the call becomes where only Markdown can stand (the published OpenAPI documents),
    /// as the spec's `dump-openapi.py` writes it; `nil` to keep it as written.
    static func plainMarkdown(name: String, version: String?) -> String?
}

extension Shortcode {
    static var otherNames: [String] { [] }
    static var allNames: [String] { [name] + otherNames }
    static func data(for call: BoundShortcode, in tree: ShortcodeTree) -> [ShortcodeData] { [] }
    static func describe(_ call: BoundShortcode, inline: Bool) -> PageComponent? { nil }
    static func read(template: String, into traits: inout LayoutTraits) {}
    static func value(of parameters: [String: String], formats: [String: OutputFormat]) -> String? { nil }
    static func plainMarkdown(name: String, version: String?) -> String? { nil }
    static func compose(_ call: BoundShortcode, in context: ShortcodeContext, page: inout PageComposition)
        -> PageComponent
    {
        .unknown(document: nil, source: nil)
    }
}

enum ShortcodePlacement: Sendable {
    /// Stands on its own (`http-api`, `cs-module`).
    case block
    /// Sits in a paragraph's text (`added-in`).
    case inline
    /// Stands for a text, such as a URL inside an HTML attribute (Hugo's `relref`): it is replaced
    /// by that text before the Markdown is read, as Hugo does.
    case value
}

/// One argument a shortcode declares.
struct ShortcodeArgument: Sendable {
    /// What the argument names, which says how it is checked and shown in the README.
    enum Kind: String, Sendable {
        /// A page of the tree to include, without `.md`.
        case page
        /// A file under the data folder, without its extension.
        case dataPath = "data path"
        /// An API folder or file of `data/api/`.
        case apiFile = "API file"
        /// An event schema or a group of them.
        case event
        /// A spec version (`1.4`).
        case version
        /// A word the template tests (`true`).
        case flag
        /// Text to show, or a name.
        case text
    }

    var name: String
    var kind: Kind
    var isRequired: Bool

    static func required(_ name: String, _ kind: Kind) -> ShortcodeArgument {
        ShortcodeArgument(name: name, kind: kind, isRequired: true)
    }

    static func optional(_ name: String, _ kind: Kind) -> ShortcodeArgument {
        ShortcodeArgument(name: name, kind: kind, isRequired: false)
    }
}

/// The arguments of a shortcode in one generation of the spec's templates.
struct ShortcodeSignature: Sendable {
    var arguments: [ShortcodeArgument]

    init(_ arguments: [ShortcodeArgument]) {
        self.arguments = arguments
    }

    func argument(_ name: String) -> ShortcodeArgument? { arguments.first { $0.name == name } }
}

/// A call whose arguments were checked against the signature that applies to its tree.
struct BoundShortcode: Sendable {
    let call: ShortcodeCall
    /// The name it was called by, one of the shortcode's names.
    var name: String { call.name }
    /// The arguments given, by name.
    subscript(argument: String) -> String? { call.parameters[argument] }
    /// The first argument of this kind that the call gives, in the signature's order.
    let signature: ShortcodeSignature

    func value(of kind: ShortcodeArgument.Kind) -> String? {
        for argument in signature.arguments where argument.kind == kind {
            if let value = call.parameters[argument.name] { return value }
        }
        return nil
    }
}

/// What a shortcode asks the loader to read for it.
enum ShortcodeData: Sendable, Hashable {
    /// A schema under the data folder, by its path there without the extension.
    case schema(String)
    /// A YAML or JSON file, by its path from the root.
    case dataFile(String)
    /// A diagram image, by its name.
    case diagram(String)
    /// A released changelog kept as a Hugo partial, by its path under `layouts/partials/`.
    case releasePartial(String)
}

/// What the loader read for a ``ShortcodeData``.
enum LoadedShortcodeData: Sendable {
    case schema(Schema)
    case node(YAMLNode)
    /// A file copied into the site.
    case asset(SiteAsset)
    case release(IncludedRelease)
}

/// What a shortcode needs to know of the tree to name its data.
struct ShortcodeTree: Sendable {
    /// The data folder (`data`).
    var dataDirectory: String
}
