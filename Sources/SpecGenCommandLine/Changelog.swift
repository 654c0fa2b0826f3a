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
            `specgen changelog check` checks the fragments, `changelog notes VERSION` prints a release's \
            notes, `changelog new NUMBER.TYPE` adds a fragment.
            """,
        subcommands: [ChangelogCheck.self, ChangelogNotes.self, ChangelogNew.self]
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

struct ChangelogNotes: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notes",
        abstract: "Print a release's notes for a GitHub release: its changelog page without the front matter.")

    @ParentCommand var changelog: Changelog

    @Argument(help: "The released version, e.g. v1.16.")
    var version: String

    func validate() throws {
        if let problem = ChangelogReleaser.problem(withVersion: version) { throw ValidationError(problem) }
    }

    func run() throws {
        do {
            print(try ReleaseChores.notes(root: changelog.root, version: version), terminator: "")
        } catch {
            changelog.reporting.reporter(root: changelog.root).report([error])
            throw ExitCode(1)
        }
    }
}

struct ChangelogNew: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Add a newsfragment, as towncrier create does: NUMBER.TYPE, checked against the configuration.",
        discussion: "Without -m, $EDITOR opens the new fragment; an empty one is not kept.")

    @ParentCommand var changelog: Changelog

    @Argument(help: "The fragment's name: the issue or pull request number and a type the config lists, e.g. 1234.new.")
    var name: String

    @Option(name: .short, help: "The fragment's text.")
    var message: String?

    func validate() throws {
        do {
            _ = try ReleaseChores.FragmentName(name)
        } catch {
            throw ValidationError(error.message)
        }
    }

    func run() throws {
        let reporter = changelog.reporting.reporter(root: changelog.root)
        let path: String
        do {
            path = try ReleaseChores.fragmentPath(
                root: changelog.root, name: try ReleaseChores.FragmentName(name), api: changelog.api)
        } catch let problem as ReleaseChores.Problem {
            throw ValidationError(problem.message)
        } catch let diagnostic as Diagnostic {
            reporter.report([diagnostic])
            throw ExitCode(1)
        }
        var text = message.map { $0.hasSuffix("\n") ? $0 : $0 + "\n" }
        if text == nil {
            guard let editor = ProcessInfo.processInfo.environment["EDITOR"], !editor.isEmpty else {
                throw ValidationError("give the fragment's text with -m, or set $EDITOR")
            }
            text = try Self.edit(with: editor)
        }
        guard let text, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw ValidationError("the fragment is empty; nothing was written")
        }
        do {
            try ReleaseChores.create(root: changelog.root, path: path, text: text)
        } catch {
            reporter.report([error])
            throw ExitCode(1)
        }
        if !changelog.reporting.quiet { print("specgen: wrote \(path)") }
    }

    /// The text written in the editor, less towncrier's comment lines.
    static func edit(with editor: String) throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("specgen-fragment-\(getpid()).md")
        try Data("\n# Write the news fragment above; lines starting with # are left out.\n".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", editor + " \"$1\"", "editor", file.path]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw ValidationError("the editor exited with an error") }
        let written = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
        return written.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("#") }
            .joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines) + "\n"
    }
}
