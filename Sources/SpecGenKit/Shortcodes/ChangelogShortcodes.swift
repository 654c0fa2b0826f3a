/// `{{% changelog/changelogs %}}`: the release pages of the changelog's bundle, newest first,
/// after the unreleased changes.
enum ChangelogsShortcode: Shortcode {
    static let name = "changelog/changelogs"
    static let placement = ShortcodePlacement.block
    static let signatures = [ShortcodeSignature([])]

    static func compose(_ call: BoundShortcode, in context: ShortcodeContext, page: inout PageComposition)
        -> PageComponent
    {
        var releases: [(MarkdownDocument, SourceText)] = []
        for release in context.composer.resources.releaseResources(around: context.file) {
            page.parts.insert(PageCache.part(content: release.file))
            releases.append((context.compose(release.document, source: release.body, on: &page), release.body))
        }
        return .releases(
            ReleasesPlan(unreleased: ChangelogChangesShortcode.unreleased(context, &page), releases: releases))
    }
}

/// `{{% changelog/changelog-changes %}}` (matrix-spec v1.1 to v1.4): the changes since the last
/// release, from the newsfragments.
enum ChangelogChangesShortcode: Shortcode {
    static let name = "changelog/changelog-changes"
    static let placement = ShortcodePlacement.block
    static let signatures = [ShortcodeSignature([])]

    static func compose(_ call: BoundShortcode, in context: ShortcodeContext, page: inout PageComposition)
        -> PageComponent
    {
        .releases(ReleasesPlan(unreleased: unreleased(context, &page), releases: []))
    }

    static func unreleased(_ context: ShortcodeContext, _ page: inout PageComposition) -> ChangelogIndexPlan? {
        let spec = context.spec
        return spec.changelogs.unreleased.isEmpty
            ? nil : ChangelogPlans.index(spec: spec, paths: context.composer.paths, page: &page, listsReleases: false)
    }
}

/// `{{% changelog/changelog-rendered p="changelogs/v1.4.md" %}}` (matrix-spec v1.1 to v1.4): a
/// released changelog kept as a partial, `layouts/partials/<p>`.
enum ChangelogRenderedShortcode: Shortcode {
    static let name = "changelog/changelog-rendered"
    static let placement = ShortcodePlacement.block
    static let signatures = [ShortcodeSignature([.required("p", .page)])]

    static func data(for call: BoundShortcode, in tree: ShortcodeTree) -> [ShortcodeData] {
        call["p"].map { [.releasePartial($0)] } ?? []
    }

    static func compose(_ call: BoundShortcode, in context: ShortcodeContext, page: inout PageComposition)
        -> PageComponent
    {
        let partial = call["p"] ?? ""
        guard case .release(let included)? = context.spec.shortcodeData[.releasePartial(partial)] else {
            context.report(
                .includeNotFound, "'\(name)': there is no released changelog layouts/partials/\(partial)", on: &page)
            return .unknown(document: nil, source: nil)
        }
        let document = context.compose(included.document, source: included.body, on: &page)
        return .releases(ReleasesPlan(unreleased: nil, releases: [(document, included.body)]))
    }
}

/// `{{% changelog/changelog-description %}}`: which version the changelog is of.
enum ChangelogDescriptionShortcode: Shortcode {
    static let name = "changelog/changelog-description"
    static let placement = ShortcodePlacement.block
    static let signatures = [ShortcodeSignature([])]

    static func compose(_ call: BoundShortcode, in context: ShortcodeContext, page: inout PageComposition)
        -> PageComponent
    {
        let config = context.spec.config
        return .versionDescription(version: config.version, unstable: config.versionStatus == .unstable)
    }
}
