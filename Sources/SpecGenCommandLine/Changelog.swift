import ArgumentParser
import Foundation
import SpecGenKit

struct Changelog: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Release the changelog from its newsfragments, as towncrier does.",
        subcommands: [Release.self, Check.self],
        defaultSubcommand: Release.self
    )
}

extension Changelog {
    struct Release: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "release",
            abstract: "Write the release's changelog, then remove the fragments it used (the default).",
            discussion: """
                Matrix-doc trees (changelogs/<api>/pyproject.toml) get the release prepended to changelogs/<api>.rst; \
                matrix-spec trees (changelogs/pyproject.toml with sections) get content/changelog/<version>.md. \
                Fragments are removed with git rm in a git work tree, and only after the changelog was written.
                """
        )

        @Option(name: .shortAndLong, help: "The spec source tree.")
        var root = "."

        @Option(help: "The API's changelog folder, e.g. client_server (matrix-doc trees).")
        var api: String?

        @Option(help: "The version being released, e.g. r0.6.0 or v1.9.")
        var version: String

        @Option(help: "The release date as it should read (default: today, YYYY-MM-DD).")
        var date: String?

        @Flag(help: "Print what the release would add and change nothing.")
        var draft = false

        func run() throws {
            let outcome = ChangelogReleaser(root: root, api: api, version: version, date: date, draft: draft).run()
            Console.print(outcome.diagnostics)
            if outcome.hasErrors && outcome.writtenFile == nil { throw ExitCode(1) }
            if draft {
                print(outcome.text ?? "", terminator: "")
            } else if let file = outcome.writtenFile {
                print("specgen: wrote \(file), removed \(outcome.removedFragments.count) fragments")
            }
            if outcome.hasErrors { throw ExitCode(1) }
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check newsfragment names, types and contents against the towncrier configuration.")

        @Option(name: .shortAndLong, help: "The spec source tree.")
        var root = "."

        func run() throws {
            let diagnostics = ChangelogChecker(root: root).run()
            Console.print(diagnostics)
            if diagnostics.contains(where: { $0.severity == .error }) { throw ExitCode(1) }
        }
    }
}
