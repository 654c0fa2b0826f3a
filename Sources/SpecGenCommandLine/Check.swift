import ArgumentParser
import Foundation
import SpecGenKit

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the spec sources in one pass and write nothing.",
        discussion: """
            Runs every check that build runs: YAML syntax, $ref targets, schema keywords, operations, \
            path parameters, examples against their schemas, newsfragments, proposal titles, and the \
            ids and links of the pages that would be rendered. Exit status: 0 clean, 1 errors, 2 bad usage.
            """
    )

    @OptionGroup var source: SourceOptions

    @Flag(help: "Treat warnings as errors.")
    var warningsAsErrors = false

    func validate() throws {
        try source.validate()
    }

    func run() throws {
        let options = BuildOptions(
            root: source.root, output: "", templates: try source.templatesDirectory(), warningsAsErrors: warningsAsErrors)
        let (_, _, collector) = SiteBuilder(options: options).render()
        let diagnostics = collector.diagnostics
        Console.print(diagnostics)
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.count - errors
        print("specgen: \(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")")
        if errors > 0 || (warningsAsErrors && warnings > 0) { throw ExitCode(1) }
    }
}
