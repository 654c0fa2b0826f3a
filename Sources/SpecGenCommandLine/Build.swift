import ArgumentParser
import Foundation
import SpecGenKit

struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Build the static site from a spec source tree.",
        discussion:
            "Errors leave the previous output as it was. Exit status: 0 built, 1 errors in the input, 2 bad usage."
    )

    @OptionGroup var source: SourceOptions

    @Option(name: .shortAndLong, help: "The folder to write the site to.")
    var output = "site"

    @OptionGroup var reporting: DiagnosticOptions

    @Flag(
        help:
            "Build every released version (git tags matching 'v*', or specgen.yaml's 'versions') and the work tree, side by side: OUTPUT/<tag>/, latest/, unstable/."
    )
    var allVersions = false

    @Option(
        help:
            "With --all-versions: a folder that keeps each tag's build by commit id, so later runs rebuild only the work tree."
    )
    var cache: String?

    @Option(
        help: ArgumentHelp(
            "The published site that each API's api.json makes its links absolute against (default: https://spec.matrix.org/<release>; with --all-versions, the site's root).",
            valueName: "url"))
    var apiBaseURL: String?

    func validate() throws {
        try source.validate()
        if allVersions, GitTree.top(of: source.root) == nil {
            throw ValidationError("--all-versions needs a git repository; \(source.root) is not in one")
        }
        if let cache {
            guard allVersions else { throw ValidationError("--cache is for --all-versions") }
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: cache, isDirectory: &isFolder), !isFolder.boolValue {
                throw ValidationError("--cache '\(cache)' is a file; it must be a folder (made if missing)")
            }
        }
    }

    func run() throws {
        let start = ContinuousClock.now
        let reporter = reporting.reporter(root: source.root, proposals: source.second.folder)
        let templates = try source.loadTemplates(reporter: reporter)
        if allVersions { return try buildAllVersions(templates: templates, reporter: reporter, start: start) }
        var options = BuildOptions(
            fileSystem: source.fileSystem(), templates: templates,
            warningsAsErrors: reporting.warningsAsErrors)
        options.policy = try reporting.policy()
        options.apiBaseURL = apiBaseURL
        options.revision = { [root = source.root] in GitTree.shortHead(of: root) }
        options.keepsValuesUntilExit = true
        let result = SiteBuilder(options: options).build(into: SiteWriter(output: output))
        reporter.report(result.diagnostics)
        let summary = result.summary(warningsAsErrors: reporting.warningsAsErrors)
        if let site = result.site {
            reporter.summary(
                "specgen: built \(site.pageCount) pages, \(result.spec?.operationCount ?? 0) endpoints in \(Self.milliseconds(since: start)) ms -> \(output) (\(summary.line))",
                failed: false)
        } else {
            reporter.summary("specgen: build failed (\(summary.line)); \(output) was left unchanged", failed: true)
            throw ExitCode(1)
        }
    }

    static func milliseconds(since start: ContinuousClock.Instant) -> Int64 {
        let elapsed = ContinuousClock.now - start
        return elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
    }
}

extension Build {
    func buildAllVersions(templates: Templates, reporter: Reporter, start: ContinuousClock.Instant) throws {
        var versioned = VersionedBuild(root: source.root, templates: templates, cacheDirectory: cache)
        versioned.proposals = source.second.fileSystem()
        versioned.policy = try reporting.policy()
        if let apiBaseURL { versioned.siteURL = apiBaseURL }
        versioned.keepsValuesUntilExit = true
        versioned.progress = { step in reporter.progress(step.description) }
        let outcome = versioned.write(to: SiteWriter(output: output))
        reporter.endProgress()
        let diagnostics = outcome.diagnostics
        let wrote = outcome.published
        reporter.report(Diagnostic.sortedForDisplay(diagnostics))
        let summary = DiagnosticSummary(diagnostics, warningsAsErrors: reporting.warningsAsErrors)
        if wrote {
            let cached = outcome.cached.isEmpty ? "" : ", \(outcome.cached.count) from the cache"
            reporter.summary(
                "specgen: built \(outcome.versions.joined(separator: ", "))\(cached) in \(Self.milliseconds(since: start)) ms -> \(output) (\(summary.line))",
                failed: summary.failed)
        } else {
            reporter.summary(
                "specgen: no version was built (\(summary.line)); \(output) was left unchanged", failed: true)
        }
        if summary.failed || !wrote { throw ExitCode(1) }
    }
}

/// `--root` and `--templates`, shared by the commands that read a spec.
struct SourceOptions: ParsableArguments {
    @Option(
        name: .shortAndLong,
        help: "The spec source tree (api/, event-schemas/, changelogs/, proposals/ or data/, content/).")
    var root = "."

    @Option(
        help:
            "The folder of Mustache page shells, the stylesheet and the search script (default: $SPECGEN_TEMPLATES, else ROOT/templates, else the ones installed with specgen)."
    )
    var templates: String?

    @Flag(
        help:
            "The tree is not trusted (a pull request's): its own templates folder (ROOT/templates) is never used. What it holds is still sanitised, and no file that could run script is published."
    )
    var untrusted = false

    @OptionGroup var second: ProposalsOption

    func validate() throws {
        guard isDirectory(root) else {
            throw ValidationError("--root '\(root)' is not a folder")
        }
        try second.validate()
        _ = try templatesDirectory()
    }

    /// The tree, with the proposals of `--proposals` as its `proposals/`.
    func fileSystem() -> any SourceFileSystem {
        MountedFileSystem.withProposals(DiskFileSystem(root: root), second.fileSystem())
    }

    /// The first of: --templates, $SPECGEN_TEMPLATES, ROOT/templates (unless --untrusted), a templates
    /// folder above the executable.
    func templatesDirectory() throws -> String {
        if let templates {
            guard FileManager.default.fileExists(atPath: templates + "/page.mustache") else {
                throw ValidationError("--templates '\(templates)' has no page.mustache")
            }
            return templates
        }
        if let fromEnvironment = ProcessInfo.processInfo.environment["SPECGEN_TEMPLATES"] {
            guard FileManager.default.fileExists(atPath: fromEnvironment + "/page.mustache") else {
                throw ValidationError("SPECGEN_TEMPLATES '\(fromEnvironment)' has no page.mustache")
            }
            return fromEnvironment
        }
        if !untrusted, FileManager.default.fileExists(atPath: root + "/templates/page.mustache") {
            return root + "/templates"
        }
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent()
        for _ in 0..<6 {
            let candidate = folder.appendingPathComponent("templates").path
            if FileManager.default.fileExists(atPath: candidate + "/page.mustache") { return candidate }
            folder.deleteLastPathComponent()
        }
        throw ValidationError("cannot find the templates folder (page.mustache); pass --templates DIR")
    }

    func loadTemplates(reporter: Reporter) throws -> Templates {
        do {
            return try Templates.load(directory: templatesDirectory())
        } catch let error as Diagnostic {
            reporter.report([error])
            throw ExitCode(1)
        }
    }
}

func isDirectory(_ path: String) -> Bool {
    var isDirectory: ObjCBool = false
    return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
}

/// `--proposals DIR`: a second source root of proposals, named at the command line and trusted as
/// `--root` is, read as the tree's `proposals/` (a matrix-spec-proposals checkout beside the spec).
struct ProposalsOption: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "A folder of proposals (NNNN-name.md), or a matrix-spec-proposals checkout holding one, read as the tree's proposals/ whatever specgen.yaml says.",
            valueName: "dir"))
    var proposals: String?

    func validate() throws {
        guard let proposals else { return }
        guard isDirectory(proposals) else { throw ValidationError("--proposals '\(proposals)' is not a folder") }
        guard let folder, Self.holdsProposals(folder) else {
            throw ValidationError(
                "--proposals '\(proposals)' holds no proposal (NNNN-name.md), and no proposals/ folder of them")
        }
    }

    static func holdsProposals(_ folder: String) -> Bool {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).contains {
            $0.hasSuffix(".md") && $0.first?.isNumber == true
        }
    }

    /// The folder the proposals are in: DIR, or DIR/proposals for a checkout whose own top holds none.
    var folder: String? {
        guard let proposals else { return nil }
        let nested = (proposals.hasSuffix("/") ? proposals : proposals + "/") + "proposals"
        return !Self.holdsProposals(proposals) && isDirectory(nested) ? nested : proposals
    }

    func fileSystem() -> DiskFileSystem? { folder.map { DiskFileSystem(root: $0) } }
}
