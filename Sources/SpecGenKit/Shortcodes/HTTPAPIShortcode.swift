/// `{{% http-api spec="client-server" api="login" %}}`: every endpoint of an API file.
enum HTTPAPIShortcode: Shortcode {
    static let name = "http-api"
    static let placement = ShortcodePlacement.block
    static let signatures = [
        ShortcodeSignature([.required("spec", .apiFile), .required("api", .apiFile), .optional("anchor_base", .text)])
    ]

    static func compose(_ call: BoundShortcode, in context: ShortcodeContext, page: inout PageComposition)
        -> PageComponent
    {
        guard let folder = call["spec"], let file = call["api"] else { return .unknown(document: nil, source: nil) }
        guard let (api, document) = context.spec.document(api: folder, name: file) else {
            context.report(
                .shortcodeTargetNotFound, "'\(name)': there is no API file '\(folder)/\(file)' in data/api/", on: &page)
            return .unknown(document: nil, source: nil)
        }
        page.embeddedDocuments.insert(document.path)
        page.parts.insert(PageCache.part(api: document.path))
        let level = context.level(on: page)
        let plans = document.operations.map { operation in
            let plan = context.layout.operation(
                operation, api: api.name, level: level, anchorBase: call["anchor_base"], anchors: &page.anchors)
            page.search += DocumentComposer.searchEntries(plan)
            page.endpoints.append(EndpointListEntry(plan: plan, module: context.composer.module))
            return plan
        }
        return .operations(plans)
    }
}
