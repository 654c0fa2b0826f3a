import ArgumentParser
import Foundation
import SpecGenKit

/// The `specgen` command and its subcommands.
package struct SpecGen: AsyncParsableCommand {
    package static let version = SpecGenVersion.current

    package static let configuration = CommandConfiguration(
        commandName: "specgen",
        abstract: "Render Matrix-style API specifications into a static HTML site.",
        discussion: "specgen --version prints the version.",
        subcommands: [Build.self, Check.self, Serve.self, Diff.self, Changelog.self]
    )

    package init() {}

    static var subcommandNames: [String] { configuration.subcommands.map { $0._commandName } + ["help"] }

    /// Parses the arguments, runs the command and exits: 0 ok, 1 errors in the input, 2 bad usage.
    package static func runAndExit(_ arguments: [String]? = nil) async -> Never {
        let arguments = arguments ?? Array(CommandLine.arguments.dropFirst())
        // Handled here rather than by the parser, so that `changelog --version` stays the release's version.
        if arguments == ["--version"] {
            print(version)
            Foundation.exit(0)
        }
        // `specgen biuld` and `specgen help biuld` name no command: say so, with the nearest one.
        let named = arguments.first == "help" ? arguments.dropFirst().first : arguments.first
        if let named, !named.hasPrefix("-"), !subcommandNames.contains(named) {
            let hint = Suggestion.nearest(to: named, among: subcommandNames).map { "; did you mean '\($0)'?" } ?? ""
            FileHandle.standardError.write(
                Data("specgen: unknown command '\(named)'\(hint)\nRun 'specgen --help' for the commands.\n".utf8))
            Foundation.exit(2)
        }
        var parsed: (any ParsableCommand.Type)?
        do {
            var command = try parseAsRoot(arguments)
            parsed = type(of: command)
            if var command = command as? AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
            Foundation.exit(0)
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                // A usage error found while running names the command's own usage.
                let message =
                    parsed.map { "Error: \(error)\nSee 'specgen \($0._commandName) --help' for the options." }
                    ?? fullMessage(for: error)
                FileHandle.standardError.write(Data((message + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
