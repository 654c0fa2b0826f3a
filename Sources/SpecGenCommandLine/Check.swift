import ArgumentParser
import Foundation
import SpecGenKit

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check the spec sources in one pass and write nothing.",
        discussion: """
            Runs every check that build runs: YAML syntax, $ref targets, schema keywords, operations, \
            path parameters, examples against their schemas, newsfragments, released changelogs, proposal \
            titles, raw HTML, links and anchors of the pages that would be rendered. Exit status: 0 clean, \
            1 errors, 2 bad usage.
            """
    )

    @OptionGroup var source: SourceOptions

    @OptionGroup var reporting: DiagnosticOptions

    func validate() throws {
        try source.validate()
    }

    func run() throws {
        let reporter = reporting.reporter(root: source.root, proposals: source.second.folder)
        let templates = try source.loadTemplates(reporter: reporter)
        var options = BuildOptions(fileSystem: source.fileSystem(), templates: templates)
        options.policy = try reporting.policy()
        options.keepsValuesUntilExit = true
        let result = SiteBuilder(options: options).render()
        reporter.report(result.diagnostics)
        let summary = result.summary(warningsAsErrors: reporting.warningsAsErrors)
        let failed = summary.failed || result.spec == nil
        reporter.summary("specgen: \(summary.line)", failed: failed)
        if failed { throw ExitCode(1) }
    }
}
