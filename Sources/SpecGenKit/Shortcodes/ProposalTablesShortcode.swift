/// `{{% proposal-tables %}}`: the proposals by state, from `data/msc/proposals.json`, which the
/// spec's CI writes from GitHub. Without it there are no tables, as on Hugo's local builds.
enum ProposalTablesShortcode: Shortcode {
    static let name = "proposal-tables"
    static let placement = ShortcodePlacement.block
    static let signatures = [ShortcodeSignature([])]

    private static func file(_ tree: ShortcodeTree) -> String {
        SourcePath.child(tree.dataDirectory, "msc/proposals.json")
    }

    static func data(for call: BoundShortcode, in tree: ShortcodeTree) -> [ShortcodeData] { [.dataFile(file(tree))] }

    static func compose(_ call: BoundShortcode, in context: ShortcodeContext, page: inout PageComposition)
        -> PageComponent
    {
        let tree = ShortcodeTree(dataDirectory: context.spec.layout.dataDirectory ?? "data")
        guard case .node(let states)? = context.spec.shortcodeData[.dataFile(file(tree))] else {
            return .proposalTables(nil)
        }
        return .proposalTables(states)
    }
}
