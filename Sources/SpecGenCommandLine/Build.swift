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

    @Flag(help: "Treat warnings as errors.")
    var warningsAsErrors = false

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

    func validate() throws {
        try source.validate()
    }

    func run() throws {
        let clock = ContinuousClock()
        let start = clock.now
        let templates = try source.loadTemplates()
        if allVersions { return try buildAllVersions(templates: templates, start: start) }
        var options = BuildOptions(
            fileSystem: DiskFileSystem(root: source.root), templates: templates, warningsAsErrors: warningsAsErrors)
        options.keepsValuesUntilExit = true
        let result = SiteBuilder(options: options).build(into: SiteWriter(output: output))
        Console.print(result.diagnostics)
        let summary = result.summary(warningsAsErrors: warningsAsErrors)
        let elapsed = clock.now - start
        let milliseconds = elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
        if let site = result.site {
            print(
                "specgen: built \(site.pageCount) pages, \(result.spec?.operationCount ?? 0) endpoints in \(milliseconds) ms -> \(output) (\(summary.line))"
            )
        } else {
            Console.error("specgen: build failed (\(summary.line)); \(output) was left unchanged")
            throw ExitCode(1)
        }
    }
}

extension Build {
    func buildAllVersions(templates: Templates, start: ContinuousClock.Instant) throws {
        var versioned = VersionedBuild(root: source.root, templates: templates, cacheDirectory: cache)
        versioned.keepsValuesUntilExit = true
        let outcome = versioned.run()
        var diagnostics = outcome.diagnostics
        var wrote = false
        if let site = outcome.site {
            do {
                try SiteWriter(output: output).consume(site)
                wrote = true
            } catch {
                diagnostics.append(error)
            }
        }
        Console.print(Diagnostic.sortedForDisplay(diagnostics))
        let summary = DiagnosticSummary(diagnostics, warningsAsErrors: warningsAsErrors)
        let elapsed = ContinuousClock.now - start
        let milliseconds = elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
        if wrote {
            let cached = outcome.cached.isEmpty ? "" : ", \(outcome.cached.count) from the cache"
            print(
                "specgen: built \(outcome.versions.joined(separator: ", "))\(cached) in \(milliseconds) ms -> \(output) (\(summary.line))"
            )
        } else {
            Console.error("specgen: no version was built (\(summary.line)); \(output) was left unchanged")
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

    func validate() throws {
        guard isDirectory(root) else {
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
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent()
        for _ in 0..<6 {
            let candidate = folder.appendingPathComponent("templates").path
            if FileManager.default.fileExists(atPath: candidate + "/page.mustache") { return candidate }
            folder.deleteLastPathComponent()
        }
        throw ValidationError("cannot find the templates folder (page.mustache); pass --templates DIR")
    }

    func loadTemplates() throws -> Templates {
        do {
            return try Templates.load(directory: templatesDirectory())
        } catch let error as Diagnostic {
            Console.print([error])
            throw ExitCode(1)
        }
    }
}

func isDirectory(_ path: String) -> Bool {
    var isDirectory: ObjCBool = false
    return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
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
