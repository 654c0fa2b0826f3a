/// `{{% sas-emojis %}}`: the table of emoji for SAS verification.
enum SASEmojisShortcode: Shortcode {
    static let name = "sas-emojis"
    static let placement = ShortcodePlacement.block
    static let signatures = [ShortcodeSignature([])]

    /// Where the template reads the table from.
    private static let file = "data-definitions/sas-emoji.json"

    static func data(for call: BoundShortcode, in tree: ShortcodeTree) -> [ShortcodeData] { [.dataFile(file)] }

    static func compose(_ call: BoundShortcode, in context: ShortcodeContext, page: inout PageComposition)
        -> PageComponent
    {
        guard case .node(let table)? = context.spec.shortcodeData[.dataFile(file)] else {
            context.report(.shortcodeTargetNotFound, "'\(name)': \(file) is missing", on: &page)
            return .emojiTable(nil)
        }
        return .emojiTable(table)
    }
}
