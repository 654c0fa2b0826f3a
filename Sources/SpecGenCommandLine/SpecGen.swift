import ArgumentParser
import Foundation

/// The `specgen` command and its subcommands.
public struct SpecGen: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "specgen",
        abstract: "Render Matrix-style API specifications into a static HTML site.",
        subcommands: [Build.self, Check.self, Serve.self, Diff.self, Changelog.self]
    )

    public init() {}

    /// Parses the arguments, runs the command and exits: 0 ok, 1 errors in the input, 2 bad usage.
    public static func runAndExit(_ arguments: [String]? = nil) -> Never {
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
            Foundation.exit(0)
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
