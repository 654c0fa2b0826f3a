import Foundation

/// `specgen diff`: loads the spec at a base revision and at the head (a revision, or the work
/// tree), and compares them.
public struct DiffRunner {
    public var root: String
    public var base: String
    public var head: String?

    public init(root: String, base: String, head: String?) {
        self.root = root
        self.base = base
        self.head = head
    }

    public struct Outcome: Sendable {
        public var diff: SpecDiff?
        public var summary: String
        public var diagnostics: [Diagnostic]
        /// The head's spec, for rendering the changes page.
        public var headSpec: Spec?
        public var headRoot: String
    }

    public func run() -> Outcome {
        let root = SourceTree.canonical(self.root)
        func failure(_ message: String) -> Outcome {
            Outcome(diff: nil, summary: "", diagnostics: [.error(message, file: root)], headSpec: nil, headRoot: root)
        }
        guard let top = Subprocess.git(["rev-parse", "--show-toplevel"], in: root) else {
            return failure("not inside a git work tree")
        }
        let relative = root == top ? "" : String(root.dropFirst(top.count + 1))
        let scratch = FileManager.default.temporaryDirectory.path + "/specgen-diff-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        guard let baseRoot = Self.export(base, from: top, path: relative, into: scratch + "/base") else {
            return failure("cannot read revision '\(base)'")
        }
        var headRoot = root
        if let head {
            guard let exported = Self.export(head, from: top, path: relative, into: scratch + "/head") else {
                return failure("cannot read revision '\(head)'")
            }
            headRoot = exported
        }
        let (baseSpec, baseDiagnostics) = Self.load(baseRoot)
        let (headSpec, headDiagnostics) = Self.load(headRoot)
        let diff = SpecDiff(
            base: baseSpec, head: headSpec, baseFragments: Self.fragments(baseRoot), headFragments: Self.fragments(headRoot))
        // Problems of the base are not the change's; only its errors are said, as they hide changes.
        let errors = baseDiagnostics.filter { $0.severity == .error }.map { Diagnostic(.error, "at \(base): " + $0.message, file: $0.file, at: $0.location) }
        let shortBase = Subprocess.git(["rev-parse", "--short", base], in: top) ?? base
        let headName = head.map { Subprocess.git(["rev-parse", "--short", $0], in: top) ?? $0 } ?? "work tree"
        return Outcome(
            diff: diff, summary: diff.summary(base: shortBase, head: headName),
            diagnostics: Diagnostic.sortedForDisplay(errors + headDiagnostics.filter { $0.severity == .error } + diff.missingFragmentWarnings()),
            headSpec: headSpec, headRoot: headRoot)
    }

    static func load(_ root: String) -> (Spec, [Diagnostic]) {
        let diagnostics = DiagnosticCollector()
        let layout = SpecLayout.detect(root: root, diagnostics: diagnostics)
        let tree = SourceTree(root: layout.root, diagnostics: diagnostics)
        return (SpecLoader(layout: layout, tree: tree).load(), diagnostics.diagnostics)
    }

    /// Newsfragment files, relative to the root.
    static func fragments(_ root: String) -> Set<String> {
        var found: Set<String> = []
        guard let enumerator = FileManager.default.enumerator(atPath: root + "/changelogs") else { return found }
        while let name = enumerator.nextObject() as? String {
            let parts = name.split(separator: "/")
            if parts.count >= 2, parts[parts.count - 2] == "newsfragments", !(parts.last?.hasPrefix(".") ?? true) {
                found.insert("changelogs/" + name)
            }
        }
        return found
    }

    /// Writes `path` of `revision` into `folder` with `git archive`; returns the spec root in it.
    static func export(_ revision: String, from top: String, path: String, into folder: String) -> String? {
        guard Subprocess.git(["rev-parse", "--verify", "--quiet", revision + "^{commit}"], in: top) != nil else { return nil }
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let archive = folder + ".tar"
        guard Subprocess.git(["archive", "--format=tar", "-o", archive, revision] + (path.isEmpty ? [] : ["--", path]), in: top) != nil,
            Subprocess.run(["tar", "-xf", archive, "-C", folder]) != nil
        else { return nil }
        try? FileManager.default.removeItem(atPath: archive)
        return path.isEmpty ? folder : folder + "/" + path
    }
}
