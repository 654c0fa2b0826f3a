/// `{{% definition path="api/server-server/definitions/edu" %}}`: a schema of the data folder.
enum DefinitionShortcode: Shortcode {
    static let name = "definition"
    static let placement = ShortcodePlacement.block
    static let signatures = [ShortcodeSignature([.required("path", .dataPath), .optional("compact", .flag)])]

    static func data(for call: BoundShortcode, in tree: ShortcodeTree) -> [ShortcodeData] {
        call["path"].map { [.schema($0)] } ?? []
    }

    static func compose(_ call: BoundShortcode, in context: ShortcodeContext, page: inout PageComposition)
        -> PageComponent
    {
        guard let path = call["path"] else { return .unknown(document: nil, source: nil) }
        return composeSchema(path, shownAs: path, in: context, page: &page)
    }

    /// The schema at `path` under the data folder, as this shortcode and `json-schema` show it.
    static func composeSchema(
        _ path: String, shownAs written: String, in context: ShortcodeContext, page: inout PageComposition
    ) -> PageComponent {
        guard case .schema(let schema)? = context.spec.shortcodeData[.schema(path)] else {
            context.report(
                .shortcodeTargetNotFound,
                "'\(context.call.name)': there is no schema '\(written)' (.yaml, .yml or .json) in the data folder",
                on: &page)
            return .unknown(document: nil, source: nil)
        }
        let plan = context.layout.definition(schema, path: path, level: context.level(on: page), anchors: &page.anchors)
        page.parts.insert(PageCache.part(definition: schema.file))
        page.search.append(SearchEntry(kind: .definition, title: plan.title, detail: "", anchor: plan.id))
        return .definition(plan)
    }
}
