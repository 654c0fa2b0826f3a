/// A kind of diagnostic: a stable name, a default severity, and what it means.
///
/// Every kind is declared once, below; ``all`` lists them for the README, `--warn` and friends,
/// and SARIF's rules. A name never changes once released: users silence kinds by name.
package struct DiagnosticID: Sendable, Hashable, CustomStringConvertible {
    package let name: String
    package let defaultSeverity: Diagnostic.Severity
    /// One sentence: what the kind reports.
    package let summary: String
    /// Whether `--warn`, `--error` and `--ignore` may change it: not for problems that stop a build.
    package let isAdjustable: Bool

    private init(_ name: String, _ severity: Diagnostic.Severity, _ summary: String, adjustable: Bool = true) {
        self.name = name
        defaultSeverity = severity
        self.summary = summary
        isAdjustable = adjustable
    }

    package var description: String { name }

    package static func == (a: DiagnosticID, b: DiagnosticID) -> Bool { a.name == b.name }
    package func hash(into hasher: inout Hasher) { hasher.combine(name) }

    /// The kind of that name.
    package static func named(_ name: String) -> DiagnosticID? { byName[name] }

    private static let byName = Dictionary(all.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })

    // MARK: The source tree

    package static let noSpec = DiagnosticID(
        "no-spec", .error, "The root holds no spec in a layout specgen reads.", adjustable: false)
    package static let unreadableFile = DiagnosticID(
        "unreadable-file", .error,
        "A file cannot be read: missing, a folder, a FIFO or device, a broken link, too large, or not UTF-8.")
    package static let mixedLayout = DiagnosticID(
        "mixed-layout", .warning,
        "A tree with gendoc's prose and a Hugo site that lacks the API; it is built as gendoc built it.")
    package static let folderNamedLikeAFile = DiagnosticID(
        "folder-named-like-a-file", .warning, "A folder whose name says it is a file (`x.yaml`); it is not read.")
    package static let outsideRoot = DiagnosticID(
        "outside-root", .error, "A path, setting or symbolic link leads out of the source root; nothing there is read.")
    package static let unsafeName = DiagnosticID(
        "unsafe-name", .error, "A file or tag name cannot be a page's path: it is not published.")
    package static let yamlSyntax = DiagnosticID("yaml-syntax", .error, "YAML or JSON that does not parse.")
    package static let duplicateKey = DiagnosticID(
        "duplicate-key", .warning, "A YAML mapping names a key twice; the last value is used.")
    package static let tomlSyntax = DiagnosticID("toml-syntax", .error, "TOML that does not parse.")
    package static let frontMatter = DiagnosticID(
        "front-matter", .error, "A page's front matter does not close or does not parse.")
    package static let invalidSetting = DiagnosticID(
        "invalid-setting", .error, "A value in specgen.yaml or the Hugo config that cannot be used.")
    package static let unknownSetting = DiagnosticID(
        "unknown-setting", .warning, "A key in specgen.yaml that specgen does not know.")
    package static let limitExceeded = DiagnosticID(
        "limit-exceeded", .error, "Nesting, inclusion or size beyond specgen's bounds; the rest is not read.")

    // MARK: The API

    package static let invalidAPIDocument = DiagnosticID(
        "invalid-api-document", .error, "An OpenAPI or Swagger document whose structure cannot be read.")
    package static let invalidSchema = DiagnosticID(
        "invalid-schema", .error, "A JSON Schema keyword with a value of the wrong type.")
    package static let schemaReadAs = DiagnosticID(
        "schema-read-as", .warning, "A schema written in a way JSON Schema does not allow, read as it was meant.")
    package static let refNotFound = DiagnosticID(
        "ref-not-found", .error, "A $ref whose file or JSON pointer names nothing.")
    package static let refFallback = DiagnosticID(
        "ref-fallback", .warning,
        "A $ref whose target is missing, beside keys that still describe the schema; those are shown.")
    package static let refCycle = DiagnosticID("ref-cycle", .error, "$refs that lead back to themselves.")
    package static let noResponses = DiagnosticID("no-responses", .warning, "An operation with no responses.")
    package static let duplicateOperationID = DiagnosticID(
        "duplicate-operation-id", .warning, "Two operations with the same operationId.")
    package static let duplicateOperation = DiagnosticID(
        "duplicate-operation", .warning, "Two operations with the same method and path.")
    package static let undeclaredPathParameter = DiagnosticID(
        "undeclared-path-parameter", .warning, "A {name} in a path with no parameter that declares it.")
    package static let unusedPathParameter = DiagnosticID(
        "unused-path-parameter", .warning, "A path parameter whose path has no {name} for it.")
    package static let duplicateParameter = DiagnosticID(
        "duplicate-parameter", .warning,
        "A parameter listed twice, by name and place, in one list (Redocly's operation-parameters-unique).")
    package static let ambiguousPaths = DiagnosticID(
        "ambiguous-paths", .warning,
        "Two paths of one API document that one request could match (Redocly's no-identical-paths and no-ambiguous-paths)."
    )
    package static let pathSyntax = DiagnosticID(
        "path-syntax", .warning,
        "A path with a query string or an empty {} (Redocly's path-not-include-query and path-declaration-must-exist).")
    package static let operationSyntax = DiagnosticID(
        "operation-syntax", .warning,
        "An operation without a summary or an operationId, or with an operationId that is not URL-safe (Redocly's operation-summary, operation-operationId and operation-operationId-url-safe)."
    )
    package static let unusedComponent = DiagnosticID(
        "unused-component", .warning,
        "A schema, parameter, response, header, example or request body under 'components' that no '$ref' of its document names (Redocly's no-unused-components)."
    )
    package static let exampleSyntax = DiagnosticID(
        "example-syntax", .warning,
        "An example object with both 'value' and 'externalValue' (Redocly's no-example-value-and-externalValue).")
    package static let rstMarkup = DiagnosticID(
        "rst-markup", .warning,
        "reStructuredText that specgen does not read as written: an unknown directive or role (its content is shown as it is), or a Markdown link in it (read as a link)."
    )
    package static let templateVariable = DiagnosticID(
        "template-variable", .error,
        "A `{{variable}}` of matrix-doc's prose that names nothing: no API file, event, schema or changelog of that name."
    )
    package static let schemaTypeMismatch = DiagnosticID(
        "schema-type-mismatch", .warning,
        "An object schema with 'items', or an array schema with 'properties' (Redocly's no-schema-type-mismatch).")
    package static let tagSyntax = DiagnosticID(
        "tag-syntax", .warning,
        "A tag defined twice or without a description (Redocly's no-duplicated-tag-names and tag-description).")
    package static let componentName = DiagnosticID(
        "component-name", .warning,
        "A component name with characters a $ref cannot name (Redocly's spec-components-invalid-map-name).")
    package static let requiredUndefined = DiagnosticID(
        "required-undefined", .warning,
        "A required name that no property of the schema defines (Redocly's no-required-schema-properties-undefined).")
    package static let serverSyntax = DiagnosticID(
        "server-syntax", .warning,
        "No server, or a server URL that ends with '/', points at example.com or uses a variable it does not define, or a variable with an empty enum (Redocly's server rules)."
    )
    package static let enumTypeMismatch = DiagnosticID(
        "enum-type-mismatch", .warning,
        "An enum value that is not of its schema's type (Redocly's no-enum-type-mismatch).")
    package static let exampleMismatch = DiagnosticID(
        "example-mismatch", .warning, "An example that does not match its schema.")
    package static let eventExample = DiagnosticID(
        "event-example", .warning, "An event example without the type of the event it shows.")

    // MARK: Pages

    package static let unknownShortcode = DiagnosticID(
        "unknown-shortcode", .error,
        "A shortcode that no entry of the registry names; only the text inside it is shown.")
    package static let unknownShortcodeArgument = DiagnosticID(
        "unknown-shortcode-argument", .error, "A shortcode argument that the shortcode does not declare.")
    package static let missingShortcodeArgument = DiagnosticID(
        "missing-shortcode-argument", .error, "A shortcode without an argument it requires.")
    package static let misplacedShortcode = DiagnosticID(
        "misplaced-shortcode", .error, "A shortcode where it cannot be shown, such as an endpoint inside a description."
    )
    package static let shortcodeSyntax = DiagnosticID(
        "shortcode-syntax", .warning,
        "A shortcode that does not open or close, or one written between plain braces (`{{ boxes/note }}`); it is shown as text."
    )
    package static let includeNotFound = DiagnosticID(
        "include-not-found", .error, "A shortcode that includes a page that does not exist.")
    package static let shortcodeTargetNotFound = DiagnosticID(
        "shortcode-target-not-found", .error,
        "A shortcode that names an API file, event, schema, data file or diagram that does not exist.")
    package static let unshownProse = DiagnosticID(
        "unshown-prose", .error,
        "matrix-doc prose (specification/*.rst) without the targets.yaml that says which page shows each file.")
    package static let unshownAPI = DiagnosticID(
        "unshown-api", .warning, "An API file that no page shows; its endpoints get a page of their own.")
    package static let unshownEvent = DiagnosticID(
        "unshown-event", .warning, "An event schema that no page shows; it gets a page of its own.")
    package static let duplicateID = DiagnosticID(
        "duplicate-id", .warning, "An id used twice on one page; the second is renamed.")
    package static let unsupportedContent = DiagnosticID(
        "unsupported-content", .error,
        "A content page in a format Hugo renders with another handler (HTML, AsciiDoc, Org, Pandoc, reStructuredText); specgen reads Markdown pages only."
    )
    package static let pageConflict = DiagnosticID(
        "page-conflict", .error, "Two sources that would be written to the same page.")
    package static let unsafeHTML = DiagnosticID(
        "unsafe-html", .warning, "Raw HTML that could run script; it is shown as text and never run.")
    package static let unsafeURL = DiagnosticID(
        "unsafe-url", .warning, "A link whose URL is not http(s), mailto or relative; it is not linked.")
    package static let activeContent = DiagnosticID(
        "active-content", .warning,
        "A copied file that could run script in the site's origin (HTML, SVG, XML, JavaScript); it is not published."
    )
    package static let bidiControl = DiagnosticID(
        "bidi-control", .warning, "A name that holds a bidirectional control character, which can hide what it says.")
    package static let brokenLink = DiagnosticID(
        "broken-link", .warning, "A link to a page this site does not have.")
    package static let brokenAnchor = DiagnosticID(
        "broken-anchor", .warning, "A link to an anchor that its page does not have.")
    package static let linkSyntax = DiagnosticID(
        "link-syntax", .warning,
        "Text written as a link that Markdown does not read as one, such as a destination with spaces; it is shown as written."
    )
    package static let mathsConfig = DiagnosticID(
        "maths-config", .warning, "Goldmark's passthrough extension turned on without delimiters.")
    package static let unknownTeX = DiagnosticID(
        "unknown-tex", .warning, "A TeX command the MathML converter does not know; the formula is shown as written.")
    package static let stringFormat = DiagnosticID(
        "string-format", .warning, "A string format without a title.")
    package static let templateError = DiagnosticID(
        "template-error", .error, "A page template (Mustache) or changelog template (Jinja) that cannot be used.")

    // MARK: Changelogs and proposals

    package static let changelogConfig = DiagnosticID(
        "changelog-config", .error, "A towncrier configuration that cannot be used.")
    package static let fragmentName = DiagnosticID(
        "fragment-name", .warning, "A newsfragment whose name is not ISSUE.TYPE with a known type; it is left out.")
    package static let missingFragment = DiagnosticID(
        "missing-fragment", .warning, "An endpoint that a change adds without a .new newsfragment that names it.")
    package static let duplicateFragment = DiagnosticID(
        "duplicate-fragment", .error, "Two newsfragments with the same issue, type and counter.")
    package static let emptyFragment = DiagnosticID("empty-fragment", .error, "An empty newsfragment.")
    package static let changelogHistory = DiagnosticID(
        "changelog-history", .warning, "Part of a released changelog that cannot be read.")
    package static let release = DiagnosticID(
        "release", .error, "A changelog release that cannot be made: a version released already, a bad date.")
    package static let proposalTitle = DiagnosticID(
        "proposal-title", .warning, "A proposal without a heading to take its title from.")
    package static let proposalFile = DiagnosticID(
        "proposal-file", .warning, "A file beside a proposal that cannot be published.")

    // MARK: Building

    package static let output = DiagnosticID(
        "output", .error, "The site cannot be written where --output says.", adjustable: false)
    package static let git = DiagnosticID("git", .error, "A revision or tag that git cannot read.")
    package static let versionNotBuilt = DiagnosticID(
        "version-not-built", .error, "A version of --all-versions that had errors; it is left out.")

    /// Every kind, in the order the README lists them.
    package static let all: [DiagnosticID] = [
        noSpec, mixedLayout, unreadableFile, folderNamedLikeAFile, outsideRoot, unsafeName, yamlSyntax, duplicateKey,
        tomlSyntax,
        frontMatter,
        invalidSetting, unknownSetting, limitExceeded,
        invalidAPIDocument, invalidSchema, schemaReadAs, refNotFound, refFallback, refCycle, noResponses,
        duplicateOperationID,
        duplicateOperation, undeclaredPathParameter, unusedPathParameter, duplicateParameter, ambiguousPaths,
        pathSyntax,
        operationSyntax, unusedComponent, exampleSyntax, serverSyntax, tagSyntax, componentName, schemaTypeMismatch,
        requiredUndefined,
        enumTypeMismatch, exampleMismatch, eventExample,
        rstMarkup, templateVariable, unknownShortcode, unknownShortcodeArgument, missingShortcodeArgument,
        misplacedShortcode, shortcodeSyntax,
        includeNotFound,
        shortcodeTargetNotFound, unshownProse, unshownAPI, unshownEvent, duplicateID, unsupportedContent, pageConflict,
        unsafeHTML,
        unsafeURL,
        activeContent,
        bidiControl, brokenLink, brokenAnchor, linkSyntax, mathsConfig, unknownTeX, stringFormat, templateError,
        changelogConfig, fragmentName, missingFragment, duplicateFragment, emptyFragment, changelogHistory, release,
        proposalTitle,
        proposalFile,
        output, git, versionNotBuilt,
    ]
}
