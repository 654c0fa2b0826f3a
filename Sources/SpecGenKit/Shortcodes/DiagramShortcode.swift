/// `{{% diagram name="x" alt="…" %}}`: the image `assets/diagrams/<name>.webp`.
enum DiagramShortcode: Shortcode {
    static let name = "diagram"
    /// An image sits in a paragraph, as Hugo writes its `<picture>`.
    static let placement = ShortcodePlacement.inline
    static let signatures = [ShortcodeSignature([.required("name", .dataPath), .required("alt", .text)])]

    static func data(for call: BoundShortcode, in tree: ShortcodeTree) -> [ShortcodeData] {
        call["name"].map { [.diagram($0)] } ?? []
    }

    static func compose(_ call: BoundShortcode, in context: ShortcodeContext, page: inout PageComposition)
        -> PageComponent
    {
        let name = call["name"] ?? ""
        let alt = call["alt"] ?? name
        guard case .asset(let asset)? = context.spec.shortcodeData[.diagram(name)] else {
            context.report(
                .shortcodeTargetNotFound,
                "'\(Self.name)': there is no diagram '\(name)' (assets/diagrams/\(name).webp)",
                on: &page)
            return .diagram(source: nil, alt: alt)
        }
        return .diagram(source: asset.sitePath, alt: alt)
    }
}
