import ArgumentParser
import Foundation
import SpecGenKit

/// Which kinds of diagnostic count how: `--warn`, `--error`, `--ignore`, each repeatable.
struct PolicyOptions: ParsableArguments {
    @Option(
        name: .customLong("warn"), help: ArgumentHelp("Report diagnostics of this id as warnings.", valueName: "id"))
    var warn: [String] = []

    @Option(name: .customLong("error"), help: ArgumentHelp("Report diagnostics of this id as errors.", valueName: "id"))
    var error: [String] = []

    @Option(name: .customLong("ignore"), help: ArgumentHelp("Leave out diagnostics of this id.", valueName: "id"))
    var ignore: [String] = []

    func validate() throws {
        _ = try policy()
    }

    /// The kinds the options change; `--ignore` wins over `--error`, which wins over `--warn`.
    func policy() throws -> DiagnosticPolicy {
        var policy = DiagnosticPolicy()
        for (change, names) in [(DiagnosticPolicy.Change.warn, warn), (.error, error), (.ignore, ignore)] {
            for name in names {
                switch DiagnosticPolicy.id(named: name) {
                case .success(let id): policy.set(change, for: id)
                case .failure(let unknown): throw ValidationError("--\(change.rawValue): \(unknown.message)")
                }
            }
        }
        return policy
    }
}

/// What every command that reports diagnostics takes: which kinds count how, and the format.
struct DiagnosticOptions: ParsableArguments {
    @OptionGroup var kinds: PolicyOptions

    @Flag(help: "Treat warnings as errors.")
    var warningsAsErrors = false

    @Option(
        help: ArgumentHelp(
            "How to write diagnostics: text (to stderr), or github, json or sarif (to stdout).", valueName: "format"))
    var diagnosticsFormat: DiagnosticFormat = .text

    @Flag(name: .shortAndLong, help: "Print nothing but diagnostics: no summary, no progress.")
    var quiet = false

    func policy() throws -> DiagnosticPolicy { try kinds.policy() }

    /// The options as the core takes them, for a build of `root`, with `proposals` mounted as its
    /// `proposals/` when given.
    func reporter(root: String?, proposals: String? = nil) -> Reporter {
        // Text names files as the root does; only the formats CI reads need git's top folder.
        let prefix = diagnosticsFormat == .text ? "" : root.map(Reporter.pathPrefix(of:)) ?? ""
        var reporter = Reporter(format: diagnosticsFormat, quiet: quiet, pathPrefix: prefix)
        if let proposals {
            // A proposal is named from its own root: as given in text, from its repository's top for CI.
            reporter.mountedPrefix = (
                MountedFileSystem.proposalsPoint + "/",
                diagnosticsFormat == .text
                    ? (proposals.hasSuffix("/") ? proposals : proposals + "/") : Reporter.pathPrefix(of: proposals)
            )
        }
        return reporter
    }
}

extension DiagnosticFormat: ExpressibleByArgument {}

/// Writes diagnostics in the chosen format and the summary line: diagnostics as text to standard
/// error, as data to standard output; the summary to standard output when the command succeeds
/// and to standard error when it fails, or always to standard error when the diagnostics are data.
struct Reporter {
    var format: DiagnosticFormat
    var quiet: Bool
    /// The path of the source root inside its repository, for paths that tools resolve against it.
    var pathPrefix: String
    /// The tree folder a second root is mounted at, and what stands for it in paths.
    var mountedPrefix: (point: String, replacement: String)?

    func report(_ diagnostics: [Diagnostic]) {
        let text = format.write(diagnostics.map(displayed))
        guard !text.isEmpty else { return }
        if format.isData { Console.out(text) } else { Console.err(text) }
    }

    /// The diagnostic with its path as this report names files.
    func displayed(_ diagnostic: Diagnostic) -> Diagnostic {
        guard !diagnostic.file.isEmpty else { return diagnostic }
        var diagnostic = diagnostic
        if let (point, replacement) = mountedPrefix, diagnostic.file.hasPrefix(point) {
            diagnostic.file = replacement + diagnostic.file.dropFirst(point.count)
        } else {
            diagnostic.file = pathPrefix + diagnostic.file
        }
        return diagnostic
    }

    func summary(_ line: String, failed: Bool) {
        if quiet && !failed { return }
        if failed || format.isData { Console.err(line + "\n") } else { Console.out(line + "\n") }
    }

    /// Progress of long work, on a terminal only.
    func progress(_ line: String) {
        guard !quiet, Console.standardErrorIsTerminal else { return }
        Console.err("\u{1B}[2K\r" + line)
    }

    /// Ends a line of progress.
    func endProgress() {
        guard !quiet, Console.standardErrorIsTerminal else { return }
        Console.err("\u{1B}[2K\r")
    }

    /// `spec/` when the root is the folder `spec` of its git repository; else the root's path
    /// relative to the working directory, with a slash; `` for the working directory itself.
    static func pathPrefix(of root: String) -> String {
        let absolute = DiskFileSystem.canonical(root)
        let base = GitTree.top(of: root).map(DiskFileSystem.canonical) ?? DiskFileSystem.canonical(".")
        guard absolute.hasPrefix(base) else { return root.hasSuffix("/") ? root : root + "/" }
        let relative = String(absolute.dropFirst(base.count)).trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        return relative.isEmpty ? "" : relative + "/"
    }
}

/// The standard streams.
enum Console {
    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static func err(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    static let standardErrorIsTerminal = isatty(2) == 1
}
