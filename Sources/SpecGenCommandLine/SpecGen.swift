import ArgumentParser

/// The `specgen` command and its subcommands.
public struct SpecGen: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "specgen",
        abstract: "Render Matrix-style API specifications into a static HTML site.",
        subcommands: [Build.self],
        defaultSubcommand: nil
    )

    public init() {}
}
