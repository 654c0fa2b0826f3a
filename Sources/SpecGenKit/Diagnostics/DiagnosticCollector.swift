import Synchronization

/// Collects recoverable problems from every stage, from any thread, and applies the user's
/// ``DiagnosticPolicy`` when they are read: the tree's own policy is known only once its
/// `specgen.yaml` is read, after the first problems may have been found.
package final class DiagnosticCollector: Sendable {
    private let storage = Mutex<(found: [Diagnostic], policy: DiagnosticPolicy)>(([], DiagnosticPolicy()))

    package init(policy: DiagnosticPolicy = DiagnosticPolicy()) {
        storage.withLock { $0.policy = policy }
    }

    package func emit(_ diagnostic: Diagnostic) {
        storage.withLock { $0.found.append(diagnostic) }
    }

    package func emit(contentsOf diagnostics: [Diagnostic]) {
        guard !diagnostics.isEmpty else { return }
        storage.withLock { $0.found.append(contentsOf: diagnostics) }
    }

    /// Puts the tree's policy under the one given at the start (the command line's), which wins.
    package func adopt(treePolicy: DiagnosticPolicy) {
        storage.withLock { $0.policy = treePolicy.overridden(by: $0.policy) }
    }

    package var policy: DiagnosticPolicy { storage.withLock { $0.policy } }

    /// Every diagnostic so far as found, in the order found, duplicates included: for a part of a
    /// build that keeps its own, such as a cached part.
    var found: [Diagnostic] { storage.withLock { $0.found } }

    /// Every diagnostic so far as the policy makes it, deduplicated and sorted by file and position.
    package var diagnostics: [Diagnostic] {
        let (found, policy) = storage.withLock { ($0.found, $0.policy) }
        return Diagnostic.sortedForDisplay(Array(Set(policy.apply(found))))
    }

    package var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
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
