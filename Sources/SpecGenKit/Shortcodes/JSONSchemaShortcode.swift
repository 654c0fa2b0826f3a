/// `{{% json-schema name="oauth2-client-metadata" %}}`: the schema `schemas/<name>` of the data
/// folder, shown as `definition` shows its file.
enum JSONSchemaShortcode: Shortcode {
    static let name = "json-schema"
    static let placement = ShortcodePlacement.block
    static let signatures = [ShortcodeSignature([.required("name", .dataPath)])]

    private static func path(_ call: BoundShortcode) -> String? { call["name"].map { "schemas/" + $0 } }

    static func data(for call: BoundShortcode, in tree: ShortcodeTree) -> [ShortcodeData] {
        path(call).map { [.schema($0)] } ?? []
    }

    static func compose(_ call: BoundShortcode, in context: ShortcodeContext, page: inout PageComposition)
        -> PageComponent
    {
        guard let path = path(call) else { return .unknown(document: nil, source: nil) }
        return DefinitionShortcode.composeSchema(path, shownAs: path, in: context, page: &page)
    }
}
