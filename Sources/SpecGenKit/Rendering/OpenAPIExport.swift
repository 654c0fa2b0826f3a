/// Each API's whole OpenAPI document, `<API page>/api.json`, as the spec's CI publishes it with
/// `scripts/dump-openapi.py` for client generators and API explorers: every file's paths under
/// their base path with `$ref`s resolved, the security schemes, links made absolute against the
/// published site, and the Hugo shortcodes of descriptions turned into Markdown.
struct OpenAPIExport {
    /// The published site the document's absolute-path links point into: `https://spec.matrix.org/v1.19`.
    var baseURL: String
    /// The release it documents: `v1.19`, or `unstable`.
    var release: String

    /// The titles the spec's script gives the APIs; others keep their own.
    private static let titles = [
        "client-server": "Matrix Client-Server API", "server-server": "Matrix Server-Server API",
        "application-service": "Matrix Application Service API", "identity": "Matrix Identity Service API",
        "push-gateway": "Matrix Push Gateway API",
    ]

    /// The release label and base URL a tree's build uses, when the command line gives no URL.
    static func defaults(for config: SiteConfig, baseURL: String?) -> OpenAPIExport {
        let release =
            config.versionStatus == .unstable || config.versionStatus == nil ? "unstable" : config.version ?? "unstable"
        let base = (baseURL ?? "https://spec.matrix.org/" + release)
        return OpenAPIExport(baseURL: base.hasSuffix("/") ? String(base.dropLast()) : base, release: release)
    }

    func document(for api: API) -> [UInt8] {
        let here = SourceLocation.start
        func string(_ text: String) -> YAMLNode {
            YAMLNode(.scalar(YAMLScalar(text, kind: .string)), at: here, file: "")
        }
        func mapping(_ pairs: [(String, YAMLNode)]) -> YAMLNode {
            YAMLNode(
                .mapping(pairs.map { YAMLNode.Pair(key: $0.0, keyLocation: here, value: $0.1) }), at: here, file: "")
        }
        var paths: [(String, [(String, YAMLNode)])] = []
        var index: [String: Int] = [:]
        for document in api.documents {
            guard let source = document.source else { continue }
            for path in source["paths"]?.pairs ?? [] {
                let full = document.basePath + path.key
                if index[full] == nil {
                    index[full] = paths.count
                    paths.append((full, []))
                }
                for method in path.value.pairs ?? [] {
                    let position = index[full]!
                    paths[position].1.removeAll { $0.0 == method.key }
                    paths[position].1.append((method.key, method.value))
                }
            }
        }
        let root = mapping([
            (
                "servers",
                YAMLNode(
                    .sequence([
                        mapping([("url", string("https://matrix.org"))]),
                        mapping([
                            ("url", string("https://{homeserver_address}")),
                            (
                                "variables",
                                mapping([
                                    (
                                        "homeserver_address",
                                        mapping([
                                            ("default", string("matrix-client.matrix.org")),
                                            ("description", string("The base URL for your homeserver")),
                                        ])
                                    )
                                ])
                            ),
                        ]),
                    ]), at: here, file: "")
            ),
            ("info", mapping([("title", string(Self.titles[api.name] ?? api.title)), ("version", string(release))])),
            ("components", mapping([("securitySchemes", api.securitySchemes ?? mapping([]))])),
            ("paths", mapping(paths.map { ($0.0, mapping($0.1)) })),
            ("openapi", string("3.1.0")),
        ])
        return JSONWriter.bytes(root, editingValues: edit) + [UInt8(ascii: "\n")]
    }

    /// A string value of a mapping as the script edits them: links to the site's own pages made
    /// absolute, shortcodes as Markdown, the release's label.
    func edit(_ text: String) -> String {
        // Each edit needs a ']', '{' or '%': most strings have none and are kept as they are.
        let bracket = text.containsByte(UInt8(ascii: "]"))
        var (brace, percent) = (text.containsByte(UInt8(ascii: "{")), text.containsByte(UInt8(ascii: "%")))
        guard bracket || brace || percent else { return text }
        var text = text
        if bracket, text.containsBytes("](/") {
            text = text.replacingBytes("](/", with: "](\(baseURL)/")
            (brace, percent) = (true, true)  // the base URL may bring either
        }
        if brace, ShortcodeSyntax.mayContainShortcode(text) {
            text = Self.shortcodesAsMarkdown(text)
            percent = true
        }
        if percent, text.containsBytes("%CLIENT_RELEASE_LABEL%") {
            text = text.replacingBytes("%CLIENT_RELEASE_LABEL%", with: release)
        }
        return text
    }

    /// `{{% boxes/note %}}` as `**NOTE:** `, `{{% added-in v="1.4" %}}` as ``**[Added in `v1.4`]** ``,
    /// closing tags as nothing: the Markdown fallbacks the script writes for the `{{% … %}}` form.
    static func shortcodesAsMarkdown(_ text: String) -> String {
        var out = ""
        var rest = Substring(text)
        while let open = rest.range(of: "{{%") {
            guard let close = rest[open.upperBound...].range(of: "%}}") else { break }
            out += rest[..<open.lowerBound]
            let body = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            let name = String(body.prefix { !$0.isWhitespace })
            let version = body.range(of: "v=\"").flatMap { start in
                body[start.upperBound...].firstIndex(of: "\"").map { String(body[start.upperBound..<$0]) }
            }
            if !name.hasPrefix("/") {
                out +=
                    ShortcodeRegistry.entry(named: name)?.plainMarkdown(name: name, version: version)
                    ?? String(rest[open.lowerBound..<close.upperBound])
            }
            rest = rest[close.upperBound...]
        }
        return out + rest
    }
}
