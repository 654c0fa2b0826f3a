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
        guard let top = Self.git(["rev-parse", "--show-toplevel"], in: root).map({ $0.trimmingCharacters(in: .whitespacesAndNewlines) }) else {
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
        let shortBase = Self.git(["rev-parse", "--short", base], in: top)?.trimmingCharacters(in: .whitespacesAndNewlines) ?? base
        let headName = head.map { Self.git(["rev-parse", "--short", $0], in: top)?.trimmingCharacters(in: .whitespacesAndNewlines) ?? $0 } ?? "work tree"
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
        guard git(["rev-parse", "--verify", "--quiet", revision + "^{commit}"], in: top) != nil else { return nil }
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let archive = folder + ".tar"
        guard run("/usr/bin/env", ["git", "-C", top, "archive", "--format=tar", "-o", archive, revision] + (path.isEmpty ? [] : ["--", path])) != nil,
            run("/usr/bin/env", ["tar", "-xf", archive, "-C", folder]) != nil
        else { return nil }
        try? FileManager.default.removeItem(atPath: archive)
        return path.isEmpty ? folder : folder + "/" + path
    }

    static func git(_ arguments: [String], in directory: String) -> String? {
        run("/usr/bin/env", ["git", "-C", directory] + arguments)
    }

    /// Runs a program; its standard output when it succeeds, `nil` when it fails.
    private static func run(_ executable: String, _ arguments: [String]) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return process.terminationStatus == 0 ? String(decoding: data, as: UTF8.self) : nil
    }
}
