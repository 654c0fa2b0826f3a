/// A source tree with a second root shown as one of its folders: `--proposals DIR` makes a
/// matrix-spec-proposals checkout the tree's `proposals/`.
///
/// The second root is named by the person running specgen, never by the tree, and it keeps its
/// own confinement: each root refuses what leads out of itself, so a link in the proposals
/// checkout can no more reach the spec tree than one in the spec tree can reach the checkout.
/// The mount hides a folder of the same name in the tree.
package struct MountedFileSystem: SourceFileSystem {
    package let base: any SourceFileSystem
    /// The folder of the tree the second root appears as (`proposals`): one name, no slash.
    package let point: String
    package let mounted: any SourceFileSystem

    package init(base: any SourceFileSystem, mounting mounted: any SourceFileSystem, at point: String) {
        precondition(!point.isEmpty && !point.contains("/"), "a mount point is one folder name")
        self.base = base
        self.point = point
        self.mounted = mounted
    }

    package var rootDescription: String { base.rootDescription + " with " + mounted.rootDescription + " as " + point }

    package var mountedProposals: String? { point }

    /// The root and path that serve a tree path.
    private func route(_ path: String) -> (fileSystem: any SourceFileSystem, path: String)? {
        guard let normal = SourcePath.normalize(path) else { return nil }
        if normal == point { return (mounted, "") }
        if normal.hasPrefix(point + "/") { return (mounted, String(normal.dropFirst(point.count + 1))) }
        return (base, normal)
    }

    package func kind(of path: String) -> SourceEntryKind {
        guard let (fileSystem, inner) = route(path) else { return .outsideRoot }
        return fileSystem.kind(of: inner)
    }

    package func list(_ directory: String) -> [String] {
        guard let (fileSystem, inner) = route(directory) else { return [] }
        guard SourcePath.normalize(directory) == "", !base.list("").contains(point) else {
            return fileSystem.list(inner)
        }
        return (base.list("") + [point]).sorted()
    }

    package func read(_ path: String) throws(SourceFileError) -> [UInt8] {
        guard let (fileSystem, inner) = route(path) else { throw .outsideRoot }
        return try fileSystem.read(inner)
    }
}

extension SourceFileSystem {
    package var mountedProposals: String? { nil }
}

extension MountedFileSystem {
    /// The name the proposals root is mounted at.
    package static let proposalsPoint = "proposals"

    /// The tree with `proposals` mounted as its proposals folder, or the tree alone.
    package static func withProposals(_ base: any SourceFileSystem, _ proposals: (any SourceFileSystem)?)
        -> any SourceFileSystem
    {
        guard let proposals else { return base }
        return MountedFileSystem(base: base, mounting: proposals, at: proposalsPoint)
    }
}
