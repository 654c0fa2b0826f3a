import ArgumentParser
import Foundation
import SpecGenKit

struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build the static site from a spec source tree.",
        discussion: "Errors leave the previous output as it was. Exit status: 0 built, 1 errors in the input, 2 bad usage."
    )

    @OptionGroup var source: SourceOptions

    @Option(name: .shortAndLong, help: "The folder to write the site to.")
    var output = "site"

    @Flag(help: "Treat warnings as errors.")
    var warningsAsErrors = false

    func validate() throws {
        try source.validate()
    }

    func run() throws {
        let clock = ContinuousClock()
        let start = clock.now
        let options = BuildOptions(
            root: source.root, output: output, templates: try source.templatesDirectory(),
            warningsAsErrors: warningsAsErrors)
        let report = SiteBuilder(options: options).build()
        Console.print(report.diagnostics)
        let elapsed = clock.now - start
        let milliseconds = Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
        if report.wrote {
            print("specgen: built \(report.pageCount) pages, \(report.endpointCount) endpoints in \(milliseconds) ms -> \(output)")
        } else {
            Console.error("specgen: build failed; \(output) was left unchanged")
            throw ExitCode(1)
        }
    }
}

/// `--root` and `--templates`, shared by the commands that read a spec.
struct SourceOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: "The spec source tree (api/, event-schemas/, changelogs/, proposals/).")
    var root = "."

    @Option(help: "The folder of Mustache page shells and the stylesheet (default: ROOT/templates, else the ones installed with specgen; or $SPECGEN_TEMPLATES).")
    var templates: String?

    func validate() throws {
        guard SpecLayout.isDirectory(root) else {
            throw ValidationError("--root '\(root)' is not a folder")
        }
        _ = try templatesDirectory()
    }

    /// The first of: --templates, $SPECGEN_TEMPLATES, ROOT/templates, a templates folder above the executable.
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
        if FileManager.default.fileExists(atPath: root + "/templates/page.mustache") {
            return root + "/templates"
        }
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            let candidate = folder.appendingPathComponent("templates").path
            if FileManager.default.fileExists(atPath: candidate + "/page.mustache") { return candidate }
            folder.deleteLastPathComponent()
        }
        throw ValidationError("cannot find the templates folder (page.mustache); pass --templates DIR")
    }
}

/// Prints diagnostics to standard error, compiler style.
enum Console {
    static func print(_ diagnostics: [Diagnostic]) {
        for diagnostic in diagnostics { error(diagnostic.description) }
    }

    static func error(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
