import Foundation
import SpecGenKit

/// Watches the folders a spec's layout reads, its root-level files and the templates, by polling
/// file stamps: every 200 ms costs little on a spec's few hundred files and needs no platform API.
/// It only ever calls `stat`, so a FIFO in the tree cannot block it.
package struct SourceWatcher: Sendable {
    package let root: String
    package let templates: String
    /// The folders to watch, relative to the root; asked again on each poll.
    package var folders: @Sendable () -> [String]
    package var interval: Duration = .milliseconds(200)
    /// A second root of proposals (`--proposals`), watched as the tree's `proposals/`.
    package var proposals: String?

    package init(root: String, templates: String, folders: @escaping @Sendable () -> [String]) {
        self.root = DiskFileSystem.canonical(root)
        self.templates = templates
        self.folders = folders
    }

    package struct Stamp: Hashable, Sendable {
        var modified: Int
        var size: Int
        var inode: UInt
    }

    /// Polls until the task is cancelled.
    package func run(onChange: @Sendable ([String]) async -> Void) async {
        var previous = snapshot()
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            let current = snapshot()
            guard current != previous else { continue }
            let changed = Set(current.keys).symmetricDifference(previous.keys)
                .union(current.keys.filter { previous[$0] != nil && previous[$0] != current[$0] })
            previous = current
            await onChange(changed.sorted())
        }
    }

    /// Every watched file's stamp.
    package func snapshot() -> [String: Stamp] {
        var stamps: [String: Stamp] = [:]
        func stamp(_ path: String) -> Stamp? {
            var info = stat()
            guard stat(path, &info) == 0 else { return nil }
            return Stamp(
                modified: info.st_mtim.tv_sec * 1_000_000_000 + info.st_mtim.tv_nsec, size: Int(info.st_size),
                inode: UInt(info.st_ino))
        }
        func walk(_ folder: String, label: String, depth: Int) {
            guard depth < 16, let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
            for name in names where !name.hasPrefix(".") {
                let path = folder + "/" + name
                var info = stat()
                guard lstat(path, &info) == 0 else { continue }
                if info.st_mode & S_IFMT == S_IFDIR {
                    walk(path, label: label + "/" + name, depth: depth + 1)
                } else if let value = stamp(path) {
                    stamps[label + "/" + name] = value
                }
            }
        }
        // The root's own files (specgen.yaml, config.toml, hugo.toml), and that the root is there.
        for name in (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [] where !name.hasPrefix(".") {
            var info = stat()
            if lstat(root + "/" + name, &info) == 0, info.st_mode & S_IFMT != S_IFDIR,
                let value = stamp(root + "/" + name)
            {
                stamps[name] = value
            }
        }
        if let value = stamp(root) { stamps["."] = value }
        let point = MountedFileSystem.proposalsPoint
        for folder in folders() where proposals == nil || folder != point {
            walk(root + "/" + folder, label: folder, depth: 0)
        }
        if let proposals { walk(DiskFileSystem.canonical(proposals), label: point, depth: 0) }
        walk(templates, label: "(templates)", depth: 0)
        return stamps
    }
}
