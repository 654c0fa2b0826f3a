/// `{{% rver-fragment name="v1-auth-rules" %}}`: a fragment of the room versions' text, included
/// from its bundle.
enum RverFragmentShortcode: Shortcode {
    static let name = "rver-fragment"
    static let placement = ShortcodePlacement.block
    static let signatures = [ShortcodeSignature([.required("name", .page), .optional("withVersioning", .flag)])]

    static func compose(_ call: BoundShortcode, in context: ShortcodeContext, page: inout PageComposition)
        -> PageComponent
    {
        guard let file = call["name"] else { return .unknown(document: nil, source: nil) }
        let bundle = context.spec.traits.includeBundles[name] ?? "rooms/fragments"
        let strips = context.spec.traits.includesStripVersionBadges && call["withVersioning"] != "true"
        return Include.compose(file, from: bundle, in: context, page: &page) { composer in
            composer.stripThisVersionBadges = strips
        }
    }

    static func read(template: String, into traits: inout LayoutTraits) {
        if let bundle = Include.bundle(inTemplate: template) { traits.includeBundles[name] = bundle }
        traits.includesStripVersionBadges = template.contains("withVersioning")
    }
}
