import Synchronization

/// Collects recoverable problems from every stage, from any thread.
package final class DiagnosticCollector: Sendable {
    private let storage = Mutex<[Diagnostic]>([])

    package init() {}

    package func emit(_ diagnostic: Diagnostic) {
        storage.withLock { $0.append(diagnostic) }
    }

    package func emit(contentsOf diagnostics: [Diagnostic]) {
        guard !diagnostics.isEmpty else { return }
        storage.withLock { $0.append(contentsOf: diagnostics) }
    }

    /// Every diagnostic so far, in the order they came, duplicates included.
    var all: [Diagnostic] { storage.withLock { $0 } }

    /// Every diagnostic so far, deduplicated and sorted by file and position.
    package var diagnostics: [Diagnostic] {
        Diagnostic.sortedForDisplay(Array(Set(all)))
    }

    package var hasErrors: Bool {
        storage.withLock { $0.contains { $0.severity == .error } }
    }
}

/// What a command makes of the diagnostics: the policy, kept in one place.
package struct DiagnosticSummary: Sendable {
    package var errors: Int
    package var warnings: Int
    package var warningsAsErrors: Bool

    package init(_ diagnostics: [Diagnostic], warningsAsErrors: Bool) {
        errors = diagnostics.filter { $0.severity == .error }.count
        warnings = diagnostics.count - errors
        self.warningsAsErrors = warningsAsErrors
    }

    /// Whether the command fails: errors, or warnings when they count as errors.
    package var failed: Bool { errors > 0 || (warningsAsErrors && warnings > 0) }

    /// `2 errors, 25 warnings`, and why a build with only warnings failed.
    package var line: String {
        let counts = "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")"
        if errors == 0 && warnings > 0 && warningsAsErrors {
            return counts + " (--warnings-as-errors makes the warnings fail the build)"
        }
        return counts
    }
}
