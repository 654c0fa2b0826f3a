/// `specgen diff`: loads the spec at a base revision (read from git into memory) and at the head
/// (a revision, likewise, or the work tree), and compares them. Nothing is checked out or written,
/// so there is nothing to clean up when it is interrupted.
package struct DiffRunner {
    package var root: String
    package var base: String
    package var head: String?
    /// A second root of proposals (`--proposals`), read as both sides' `proposals/`.
    package var proposals: (any SourceFileSystem)?

    package init(root: String, base: String, head: String?, proposals: (any SourceFileSystem)? = nil) {
        self.root = root
        self.base = base
        self.head = head
        self.proposals = proposals
    }

    package struct Outcome: Sendable {
        package var diff: SpecDiff?
        package var summary: String
        /// The revisions compared, as the summary names them: short commit ids, or "work tree".
        package var baseName = ""
        package var headName = ""
        package var diagnostics: [Diagnostic]
        /// The head's files, for building its site.
        package var headFileSystem: (any SourceFileSystem)?
    }

    package func run() -> Outcome {
        let root = DiskFileSystem.canonical(self.root)
        func failure(_ message: String) -> Outcome {
            Outcome(diff: nil, summary: "", diagnostics: [Diagnostic(.git, message, file: root)], headFileSystem: nil)
        }
        guard let top = GitTree.top(of: root).map(DiskFileSystem.canonical) else {
            return failure("not inside a git work tree")
        }
        let prefix = root == top ? "" : String(root.dropFirst(top.count + 1))
        guard let baseTree = GitTree.read(base, in: top, prefix: prefix) else {
            return failure("cannot read revision '\(base)'")
        }
        let baseFiles = MountedFileSystem.withProposals(baseTree, proposals)
        var headFiles = MountedFileSystem.withProposals(DiskFileSystem(root: root), proposals)
        if let head {
            guard let files = GitTree.read(head, in: top, prefix: prefix) else {
                return failure("cannot read revision '\(head)'")
            }
            headFiles = MountedFileSystem.withProposals(files, proposals)
        }
        let baseLoad = Self.load(baseFiles)
        let headLoad = Self.load(headFiles)
        guard let headSpec = headLoad.spec else {
            return Outcome(diff: nil, summary: "", diagnostics: headLoad.diagnostics, headFileSystem: headFiles)
        }
        let baseSpec = baseLoad.spec ?? Spec(layout: headSpec.layout, config: headSpec.config)
        let diff = SpecDiff(base: baseSpec, head: headSpec)
        // Problems of the base are not the change's; only its errors are said, as they hide changes.
        let errors = baseLoad.diagnostics.filter { $0.severity == .error }.map {
            var error = $0
            error.message = "at \(base): " + error.message
            return error
        }
        let shortBase = Subprocess.git(["rev-parse", "--short", base], in: top) ?? base
        let headName = head.map { Subprocess.git(["rev-parse", "--short", $0], in: top) ?? $0 } ?? "work tree"
        var outcome = Outcome(
            diff: diff, summary: diff.summary(base: shortBase, head: headName),
            diagnostics: Diagnostic.sortedForDisplay(
                errors + headLoad.diagnostics.filter { $0.severity == .error }
                    + diff.missingFragmentWarnings(head: headSpec)),
            headFileSystem: headFiles)
        outcome.baseName = shortBase
        outcome.headName = headName
        return outcome
    }

    static func load(_ fileSystem: any SourceFileSystem) -> (spec: Spec?, diagnostics: [Diagnostic]) {
        let diagnostics = DiagnosticCollector()
        let spec = SpecLoader(fileSystem: fileSystem).load(diagnostics: diagnostics)?.spec
        return (spec, diagnostics.diagnostics)
    }
}
