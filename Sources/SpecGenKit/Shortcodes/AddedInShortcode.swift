/// `{{% added-in v="1.4" %}}`: a badge saying the version that added what follows.
enum AddedInShortcode: Shortcode {
    static let name = "added-in"
    static let placement = ShortcodePlacement.inline
    static let signatures = [ShortcodeSignature([.optional("v", .version), .optional("this", .flag)])]

    static func compose(_ call: BoundShortcode, in context: ShortcodeContext, page: inout PageComposition)
        -> PageComponent
    {
        VersionBadge.compose(call, kind: "added", in: context)
    }

    static func describe(_ call: BoundShortcode, inline: Bool) -> PageComponent? {
        VersionBadge.describe(call, kind: "added", inline: inline)
    }

    static func plainMarkdown(name: String, version: String?) -> String? {
        "**[Added in `v\(version ?? "")`]** "
    }

    static func read(template: String, into traits: inout LayoutTraits) {
        traits.badgesFollowPageVersion = template.contains("Params.version")
    }
}

/// What `added-in` and `changed-in` share.
enum VersionBadge {
    static func compose(_ call: BoundShortcode, kind: String, in context: ShortcodeContext) -> PageComponent {
        let version = call["v"] ?? ""
        var thisVersion = call["this"] == "true"
        if context.spec.traits.badgesFollowPageVersion, let pageVersion = context.composer.parameters["version"] {
            // On a versioned page, only the page's own version is shown, as "this version".
            guard pageVersion == version else { return .unknown(document: nil, source: nil) }
            thisVersion = true
        }
        if context.composer.stripThisVersionBadges && thisVersion { return .unknown(document: nil, source: nil) }
        return .versionBadge(kind: kind, version: version, thisVersion: thisVersion, block: !context.inline)
    }

    static func describe(_ call: BoundShortcode, kind: String, inline: Bool) -> PageComponent {
        .versionBadge(kind: kind, version: call["v"] ?? "", thisVersion: call["this"] == "true", block: !inline)
    }
}
