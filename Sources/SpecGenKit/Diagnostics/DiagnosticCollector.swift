import Synchronization

/// Collects recoverable problems from every stage, from any thread.
public final class DiagnosticCollector: Sendable {
    private let storage = Mutex<[Diagnostic]>([])

    public init() {}

    public func emit(_ diagnostic: Diagnostic) {
        storage.withLock { $0.append(diagnostic) }
    }

    public func emit(contentsOf diagnostics: [Diagnostic]) {
        storage.withLock { $0.append(contentsOf: diagnostics) }
    }

    /// Every diagnostic so far, deduplicated and sorted by file and position.
    public var diagnostics: [Diagnostic] {
        let all = storage.withLock { $0 }
        return Diagnostic.sortedForDisplay(Array(Set(all)))
    }

    public var hasErrors: Bool {
        storage.withLock { $0.contains { $0.severity == .error } }
    }
}
