/// `{{% changed-in v="1.4" %}}`: a badge saying the version that changed what follows.
enum ChangedInShortcode: Shortcode {
    static let name = "changed-in"
    static let placement = ShortcodePlacement.inline
    static let signatures = [ShortcodeSignature([.optional("v", .version), .optional("this", .flag)])]

    static func plainMarkdown(name: String, version: String?) -> String? {
        "**[Changed in `v\(version ?? "")`]** "
    }

    static func compose(_ call: BoundShortcode, in context: ShortcodeContext, page: inout PageComposition)
        -> PageComponent
    {
        VersionBadge.compose(call, kind: "changed", in: context)
    }

    static func describe(_ call: BoundShortcode, inline: Bool) -> PageComponent? {
        VersionBadge.describe(call, kind: "changed", inline: inline)
    }
}
