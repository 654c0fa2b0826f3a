import ArgumentParser
import Foundation
import SpecGenKit

struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show what a change does to the API, comparing the resolved spec at two revisions.",
        discussion: """
            Prints the changes (as text, a Markdown pull-request comment, or JSON): endpoints, parameters and fields added, removed or \
            made required, type and enum changes, status codes, events, newsfragments and proposals, each \
            classed as breaking, compatible or documentation. Revisions are read from git into memory; the \
            work tree is never touched. Exit status: 0, or 1 on errors (or a breaking change with \
            --fail-on breaking), 2 on bad usage.
            """
    )

    enum Threshold: String, ExpressibleByArgument, CaseIterable {
        case breaking, compatible, documentation
    }

    @Option(name: .shortAndLong, help: "The spec source tree, inside a git work tree.")
    var root = "."

    @Option(help: "The revision to compare against, e.g. HEAD or origin/main.")
    var base: String

    @Option(help: "The revision to compare (default: the work tree).")
    var head: String?

    @Option(
        name: .shortAndLong,
        help: "Also write the head's site here, with a changes page and the changed endpoints marked.")
    var output: String?

    @Option(help: "The folder of page shells and the stylesheet (as for build).")
    var templates: String?

    @Option(
        help:
            "Exit 1 when the change has an item of this kind or a more serious one (breaking, compatible, documentation)."
    )
    var failOn: Threshold?

    @Option(help: "How to write the changes: text, markdown (a pull-request comment) or json.")
    var format: DiffReport.Format = .text

    @Option(
        name: .customLong("link-base"),
        help: "The URL of the head's built site: markdown and json link each changed endpoint there.")
    var linkBase: String?

    @OptionGroup var second: ProposalsOption

    @OptionGroup var reporting: DiagnosticOptions

    func validate() throws {
        if let linkBase, !linkBase.hasPrefix("https://"), !linkBase.hasPrefix("http://") {
            throw ValidationError("--link-base '\(linkBase)' must be an http(s) URL")
        }
        guard isDirectory(root) else { throw ValidationError("--root '\(root)' is not a folder") }
        try second.validate()
        for revision in [base] + (head.map { [$0] } ?? []) where revision.hasPrefix("-") || revision.isEmpty {
            throw ValidationError("'\(revision)' is not a revision")
        }
    }

    func run() throws {
        let reporter = reporting.reporter(root: root, proposals: second.folder)
        let outcome = DiffRunner(root: root, base: base, head: head, proposals: second.fileSystem()).run()
        reporter.report(outcome.diagnostics)
        if let diff = outcome.diff {
            let report = DiffReport(diff: diff, base: outcome.baseName, head: outcome.headName)
            print(report.write(format, linkBase: linkBase), terminator: "")
        }
        if let output, let diff = outcome.diff, let files = outcome.headFileSystem {
            var source = SourceOptions()
            source.root = root
            source.templates = templates
            var options = BuildOptions(fileSystem: files, templates: try source.loadTemplates(reporter: reporter))
            options.policy = try reporting.policy()
            var builder = SiteBuilder(options: options)
            builder.diff = diff
            let result = builder.build(into: SiteWriter(output: output))
            reporter.report(result.diagnostics.filter { $0.severity == .error })
            if result.site != nil, format == .text {
                print("specgen: wrote the head's site with its changes page to \(output)/changes.html")
            }
        }
        if outcome.diff == nil || outcome.diagnostics.contains(where: { $0.severity == .error }) { throw ExitCode(1) }
        if let failOn, let impact = outcome.diff?.impact {
            let order: [SpecDiff.Impact] = [.breaking, .compatible, .documentation]
            let threshold = order.firstIndex(of: SpecDiff.Impact(rawValue: failOn.rawValue)!)!
            if order.firstIndex(of: impact)! <= threshold {
                reporter.summary(
                    "specgen: the change has \(impact.rawValue) items; --fail-on \(failOn.rawValue)", failed: true)
                throw ExitCode(1)
            }
        }
    }
}

extension DiffReport.Format: ExpressibleByArgument {}
