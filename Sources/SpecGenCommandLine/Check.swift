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

    @Flag(help: "Treat warnings as errors.")
    var warningsAsErrors = false

    func validate() throws {
        try source.validate()
    }

    func run() throws {
        let templates = try source.loadTemplates()
        var options = BuildOptions(fileSystem: DiskFileSystem(root: source.root), templates: templates)
        options.keepsValuesUntilExit = true
        let result = SiteBuilder(options: options).render()
        Console.print(result.diagnostics)
        let summary = result.summary(warningsAsErrors: warningsAsErrors)
        print("specgen: \(summary.line)")
        if summary.failed || result.spec == nil { throw ExitCode(1) }
    }
}
