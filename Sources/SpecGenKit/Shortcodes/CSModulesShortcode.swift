/// `{{< cs-modules >}}` (matrix-spec v1.1): every page of type `module`, by weight.
enum CSModulesShortcode: Shortcode {
    static let name = "cs-modules"
    static let placement = ShortcodePlacement.block
    static let signatures = [ShortcodeSignature([])]

    static func compose(_ call: BoundShortcode, in context: ShortcodeContext, page: inout PageComposition)
        -> PageComponent
    {
        let modules = context.composer.resources.pages(ofType: "module")
        if modules.isEmpty {
            context.report(.includeNotFound, "'\(name)': no page has 'type: module' in its front matter", on: &page)
        }
        var blocks: [MarkdownBlock] = []
        for module in modules {
            let included = Include.compose(module, in: context, page: &page)
            blocks.append(.component(page.add(included)))
        }
        return .include(document: MarkdownDocument(blocks: blocks), source: nil)
    }
}
