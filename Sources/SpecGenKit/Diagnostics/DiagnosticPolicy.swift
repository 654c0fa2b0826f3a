/// What the user asked of the diagnostics: kinds made warnings, errors or silent, with
/// `--warn ID`, `--error ID`, `--ignore ID` or `diagnostics:` in `specgen.yaml`.
package struct DiagnosticPolicy: Sendable, Hashable {
    package enum Change: String, Sendable, Hashable, CaseIterable {
        case warn, error, ignore
    }

    package private(set) var changes: [DiagnosticID: Change] = [:]

    package init() {}

    /// Sets what happens to a kind; a later change of the same kind wins.
    package mutating func set(_ change: Change, for id: DiagnosticID) {
        guard id.isAdjustable else { return }
        changes[id] = change
    }

    /// This policy, with `other`'s changes on top.
    package func overridden(by other: DiagnosticPolicy) -> DiagnosticPolicy {
        var merged = self
        merged.changes.merge(other.changes) { _, new in new }
        return merged
    }

    /// The diagnostic as the policy says, or `nil` when its kind is ignored.
    package func apply(_ diagnostic: Diagnostic) -> Diagnostic? {
        guard let change = changes[diagnostic.id] else { return diagnostic }
        var changed = diagnostic
        switch change {
        case .ignore: return nil
        case .warn: changed.severity = .warning
        case .error: changed.severity = .error
        }
        return changed
    }

    package func apply(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        changes.isEmpty ? diagnostics : diagnostics.compactMap(apply)
    }

    /// The kind a user named, or why it names none, with the nearest name.
    package static func id(named name: String) -> Result<DiagnosticID, UnknownID> {
        if let id = DiagnosticID.named(name) {
            return id.isAdjustable
                ? .success(id) : .failure(UnknownID(message: "'\(name)' stops a build and cannot be changed"))
        }
        let nearest = Suggestion.nearest(to: name, among: DiagnosticID.all.map(\.name))
        return .failure(
            UnknownID(message: "no diagnostic is called '\(name)'" + (nearest.map { "; did you mean '\($0)'?" } ?? "")))
    }

    package struct UnknownID: Error, Sendable {
        package var message: String
    }
}

/// The nearest of some names to a misspelt one, for "did you mean" notes.
package enum Suggestion {
    /// The closest name within a third of the word's length in edits (at least 2), else `nil`.
    package static func nearest(to word: String, among names: some Sequence<String>) -> String? {
        let limit = max(2, word.count / 3)
        var best: (name: String, distance: Int)?
        for name in names where name != word {
            let distance = editDistance(word, name)
            if distance <= limit, distance < best?.distance ?? .max { best = (name, distance) }
        }
        return best?.name
    }

    /// Levenshtein distance over characters.
    package static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1] + Array(repeating: 0, count: b.count)
            for (j, y) in b.enumerated() {
                current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
