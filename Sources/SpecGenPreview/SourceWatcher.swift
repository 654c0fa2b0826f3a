import Foundation
import SpecGenKit

/// Watches a source tree by polling file stamps, and calls back when any file is added, removed
/// or changed. Polling every 200 ms costs little on a spec's few hundred files and needs no
/// platform API.
public struct SourceWatcher: Sendable {
    public let root: String
    public var interval: Duration = .milliseconds(200)

    public init(root: String) {
        self.root = SourceTree.canonical(root)
    }

    /// Polls until the task is cancelled.
    public func run(onChange: @Sendable ([String]) async -> Void) async {
        var previous = snapshot()
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            let current = snapshot()
            guard current != previous else { continue }
            let changed = Set(current.keys).symmetricDifference(previous.keys).union(current.keys.filter { previous[$0] != nil && previous[$0] != current[$0] })
            previous = current
            await onChange(changed.sorted())
        }
    }

    /// Every file's stamp, leaving out hidden folders, build folders and site output.
    func snapshot() -> [String: FileStamp] {
        var stamps: [String: FileStamp] = [:]
        guard let enumerator = FileManager.default.enumerator(atPath: root) else { return stamps }
        while let name = enumerator.nextObject() as? String {
            let first = name.split(separator: "/").first.map(String.init) ?? name
            if first.hasPrefix(".") || first == "site" || first == "Tests" || first == "Sources" {
                enumerator.skipDescendants()
                continue
            }
            if let stamp = FileStamp.of(root + "/" + name) { stamps[name] = stamp }
        }
        return stamps
    }
}
