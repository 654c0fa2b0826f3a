import ArgumentParser
import Foundation
import SpecGenKit

struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show what a change does to the API, comparing the resolved spec at two revisions.",
        discussion: """
            Prints a plain-text summary suitable for a CI comment: endpoints, parameters and fields added, \
            removed or made required, type and enum changes, status codes, events, newsfragments and \
            proposals. Exit status: 0 whether or not anything changed, 1 on errors, 2 on bad usage.
            """
    )

    @Option(name: .shortAndLong, help: "The spec source tree, inside a git work tree.")
    var root = "."

    @Option(help: "The revision to compare against, e.g. HEAD or origin/main.")
    var base: String

    @Option(help: "The revision to compare (default: the work tree).")
    var head: String?

    @Option(name: .shortAndLong, help: "Also write the head's site here, with a changes page and the changed endpoints marked.")
    var output: String?

    @Option(help: "The folder of page shells and the stylesheet (as for build).")
    var templates: String?

    func run() throws {
        let outcome = DiffRunner(root: root, base: base, head: head).run()
        Console.print(outcome.diagnostics)
        print(outcome.summary, terminator: "")
        if let output, let diff = outcome.diff {
            var source = SourceOptions()
            source.root = root
            source.templates = templates
            var builder = SiteBuilder(options: BuildOptions(root: outcome.headRoot, output: output, templates: try source.templatesDirectory()))
            builder.diff = diff
            let report = builder.build()
            Console.print(report.diagnostics.filter { $0.severity == .error })
            if report.wrote { print("specgen: wrote the head's site with its changes page to \(output)/changes.html") }
        }
        if outcome.diff == nil || outcome.diagnostics.contains(where: { $0.severity == .error }) { throw ExitCode(1) }
    }
}
