import ArgumentParser
import Foundation
import SpecGenKit

struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show what a change does to the API, comparing the resolved spec at two revisions.",
        discussion: """
            Prints a plain-text summary for a CI comment: endpoints, parameters and fields added, removed or \
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

    @OptionGroup var reporting: DiagnosticOptions

    func validate() throws {
        guard isDirectory(root) else { throw ValidationError("--root '\(root)' is not a folder") }
        for revision in [base] + (head.map { [$0] } ?? []) where revision.hasPrefix("-") || revision.isEmpty {
            throw ValidationError("'\(revision)' is not a revision")
        }
    }

    func run() throws {
        let reporter = reporting.reporter(root: root)
        let outcome = DiffRunner(root: root, base: base, head: head).run()
        reporter.report(outcome.diagnostics)
        print(outcome.summary, terminator: "")
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
            if result.site != nil {
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
