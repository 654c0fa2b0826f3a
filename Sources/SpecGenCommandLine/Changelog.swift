import ArgumentParser
import Foundation
import SpecGenKit

struct Changelog: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "changelog",
        abstract: "Release the changelog from its newsfragments, as towncrier does.",
        discussion: """
            Matrix-doc trees (changelogs/<api>/pyproject.toml) get the release prepended to the file the \
            configuration names (changelogs/<api>.rst); matrix-spec trees (changelogs/pyproject.toml with \
            sections) get content/changelog/<version>.md, from header.md and the tree's template. The \
            changelog is written first; the fragments are removed afterwards (with one git rm in a git work \
            tree). A release that was interrupted after writing is finished when run again. \
            `specgen changelog check` checks the fragments.
            """,
        subcommands: [ChangelogCheck.self]
    )

    @Option(name: .shortAndLong, help: "The spec source tree.")
    var root = "."

    @Option(help: "The API's changelog folder, e.g. client_server (matrix-doc trees).")
    var api: String?

    @Option(help: "The version being released: a plain name such as r0.6.0 or v1.9 (required).")
    var version: String?

    @Option(help: "The release date, YYYY-MM-DD (default: today).")
    var date: String?

    @Flag(help: "Print what the release would add and change nothing.")
    var draft = false

    @OptionGroup var reporting: DiagnosticOptions

    func validate() throws {
        guard isDirectory(root) else { throw ValidationError("--root '\(root)' is not a folder") }
        if let version, let problem = ChangelogReleaser.problem(withVersion: version) {
            throw ValidationError("--version: \(problem)")
        }
        if let date, let problem = ChangelogReleaser.problem(withDate: date) {
            throw ValidationError("--date: \(problem)")
        }
    }

    func run() throws {
        // Checked here, not in validate(): `changelog check` needs no version.
        guard let version else { throw ValidationError("Missing expected argument '--version <version>'") }
        let reporter = reporting.reporter(root: root)
        let outcome = ChangelogReleaser(root: root, api: api, version: version, date: date, draft: draft).run()
        reporter.report(try reporting.policy().apply(outcome.diagnostics))
        if draft {
            if let text = outcome.text { print(text, terminator: "") }
        } else if let file = outcome.writtenFile {
            print(
                "specgen: wrote \(file), removed \(outcome.removedFragments.count) fragment\(outcome.removedFragments.count == 1 ? "" : "s")"
            )
        } else if outcome.finishedInterrupted {
            print(
                "specgen: finished the interrupted release of \(version): removed \(outcome.removedFragments.count) fragments it had used"
            )
        }
        if outcome.hasErrors { throw ExitCode(1) }
    }
}

struct ChangelogCheck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check newsfragment names, types and contents against the towncrier configuration.")

    /// `--root` belongs to `changelog`, before or after `check`.
    @ParentCommand var changelog: Changelog

    func run() throws {
        let reporting = changelog.reporting
        let reporter = reporting.reporter(root: changelog.root)
        let diagnostics = try reporting.policy().apply(ChangelogChecker(root: changelog.root).run())
        reporter.report(diagnostics)
        let summary = DiagnosticSummary(diagnostics, warningsAsErrors: reporting.warningsAsErrors)
        reporter.summary("specgen: \(summary.line)", failed: summary.failed)
        if summary.failed { throw ExitCode(1) }
    }
}
