import Synchronization

/// A file, folder listing or entry kind that a computation read.
package enum InputKey: Hashable, Sendable {
    case file(String)
    case listing(String)
    case kind(String)
}

/// A fingerprint of what an input held: equal digests, equal contents.
package struct InputDigest: Hashable, Sendable {
    var hash: Int
    var size: Int

    static func of(_ bytes: [UInt8]) -> InputDigest {
        var hasher = Hasher()
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
        return InputDigest(hash: hasher.finalize(), size: bytes.count)
    }

    static func of<T: Hashable>(value: T) -> InputDigest {
        var hasher = Hasher()
        hasher.combine(value)
        return InputDigest(hash: hasher.finalize(), size: -1)
    }
}

/// The inputs one computation read, each with the digest it had: a cache entry stays valid
/// exactly as long as every one of them still has that digest.
package final class DependencyRecorder: Sendable {
    private let storage = Mutex<[InputKey: InputDigest]>([:])

    package init() {}

    func note(_ key: InputKey, _ digest: InputDigest) {
        storage.withLock { $0[key] = digest }
    }

    package var inputs: [InputKey: InputDigest] { storage.withLock { $0 } }

    /// Adds what another computation read, for a result built from its result.
    func merge(_ other: [InputKey: InputDigest]) {
        storage.withLock { $0.merge(other) { current, _ in current } }
    }
}

/// One build's view of the source files: every file is read and hashed at most once, and every
/// listing made once, whatever the number of threads asking.
package final class SourceInputs: Sendable {
    package let fileSystem: any SourceFileSystem

    private struct Read: Sendable {
        var result: Result<[UInt8], SourceFileError>
        var digest: InputDigest
    }

    private struct State {
        var reads: [String: Read] = [:]
        var listings: [String: [String]] = [:]
        var kinds: [String: SourceEntryKind] = [:]
        /// What the build used: what it read, listed or asked the kind of, and the inputs of the
        /// cached results it reused. Not what it only looked at to find a cached result stale.
        var used: Set<InputKey> = []
    }

    private let state = Mutex(State())

    package init(fileSystem: any SourceFileSystem) {
        self.fileSystem = fileSystem
    }

    /// The value kept under `key` in one of the state's tables, computed (outside the lock) the
    /// first time it is asked for; when two threads race, the first kept wins.
    private func once<Value: Sendable>(
        _ table: WritableKeyPath<State, [String: Value]>, _ key: String, compute: () -> Value
    ) -> Value {
        if let known = state.withLock({ $0[keyPath: table][key] }) { return known }
        let fresh = compute()
        return state.withLock { state in
            if let raced = state[keyPath: table][key] { return raced }
            state[keyPath: table][key] = fresh
            return fresh
        }
    }

    private func readOnce(_ path: String) -> Read {
        once(\.reads, path) {
            let result: Result<[UInt8], SourceFileError>
            do throws(SourceFileError) {
                result = .success(try fileSystem.read(path))
            } catch {
                result = .failure(error)
            }
            switch result {
            case .success(let bytes): return Read(result: result, digest: .of(bytes))
            case .failure(let error): return Read(result: result, digest: .of(value: error))
            }
        }
    }

    func read(_ path: String, recorder: DependencyRecorder?) -> Result<[UInt8], SourceFileError> {
        let read = readOnce(path)
        use(.file(path))
        recorder?.note(.file(path), read.digest)
        return read.result
    }

    func list(_ directory: String, recorder: DependencyRecorder?) -> [String] {
        use(.listing(directory))
        return listOnce(directory, recorder: recorder)
    }

    private func listOnce(_ directory: String, recorder: DependencyRecorder?) -> [String] {
        let names = once(\.listings, directory) {
            let names = fileSystem.list(directory)
            // Loaders ask the kind (and size) of almost every entry they list, one by one, before
            // any parallel pass starts: a long folder's are asked of the file system on every core
            // now. Knowing a kind does not count as using it.
            if names.count >= Self.prefetchedListing {
                _ = parallelMap(names) { kindOnce(SourcePath.child(directory, $0), recorder: nil) }
            }
            return names
        }
        recorder?.note(.listing(directory), .of(value: names))
        return names
    }

    /// The number of entries from which a folder's kinds are looked up in parallel as it is listed.
    static let prefetchedListing = 32

    func kind(_ path: String, recorder: DependencyRecorder?) -> SourceEntryKind {
        use(.kind(path))
        return kindOnce(path, recorder: recorder)
    }

    private func kindOnce(_ path: String, recorder: DependencyRecorder?) -> SourceEntryKind {
        let kind = once(\.kinds, path) { fileSystem.kind(of: path) }
        recorder?.note(.kind(path), .of(value: kind))
        return kind
    }

    private func use(_ key: InputKey) {
        state.withLock { _ = $0.used.insert(key) }
    }

    /// The digest an input has in this build; looking does not count as using it.
    func digest(of key: InputKey) -> InputDigest {
        switch key {
        case .file(let path): return readOnce(path).digest
        case .listing(let path): return .of(value: listOnce(path, recorder: nil))
        case .kind(let path): return .of(value: kindOnce(path, recorder: nil))
        }
    }

    /// Whether every recorded input still has its digest in this build.
    func isCurrent(_ inputs: [InputKey: InputDigest]) -> Bool {
        inputs.allSatisfy { digest(of: $0.key) == $0.value }
    }

    /// Counts a reused result's inputs as used by this build.
    func use(_ inputs: [InputKey: InputDigest]) {
        state.withLock { $0.used.formUnion(inputs.keys) }
    }

    /// Every file this build has read, with its bytes: what `specgen serve` watches, among others.
    package var filesRead: [String] { state.withLock { Array($0.reads.keys) } }

    /// A fingerprint of every input this build used (files, listings, entry kinds) except the
    /// files `excluding` names: what the pages of a build depend on besides their own parts.
    func fingerprint(excluding excluded: Set<String>) -> Int {
        state.withLock { state in
            var hasher = Hasher()
            for path in state.reads.keys.sorted() where state.used.contains(.file(path)) && !excluded.contains(path) {
                hasher.combine(path)
                hasher.combine(state.reads[path]!.digest)
            }
            for path in state.listings.keys.sorted() where state.used.contains(.listing(path)) {
                hasher.combine(path)
                hasher.combine(state.listings[path]!)
            }
            // A noted file's kind holds its size, which changes with its contents.
            for path in state.kinds.keys.sorted() where state.used.contains(.kind(path)) && !excluded.contains(path) {
                hasher.combine(path)
                hasher.combine(state.kinds[path]!)
            }
            return hasher.finalize()
        }
    }
}

/// What a loader reads through: the build's inputs, and optionally a recorder of what it read.
package struct SourceReader: Sendable {
    package let inputs: SourceInputs
    package let recorder: DependencyRecorder?

    package init(inputs: SourceInputs, recorder: DependencyRecorder? = nil) {
        self.inputs = inputs
        self.recorder = recorder
    }

    /// The same reader, noting what it reads in `recorder`.
    package func recording(into recorder: DependencyRecorder) -> SourceReader {
        SourceReader(inputs: inputs, recorder: recorder)
    }

    package func read(_ path: String) -> Result<[UInt8], SourceFileError> { inputs.read(path, recorder: recorder) }
    package func list(_ directory: String) -> [String] { inputs.list(directory, recorder: recorder) }
    package func kind(_ path: String) -> SourceEntryKind { inputs.kind(path, recorder: recorder) }

    package func isDirectory(_ path: String) -> Bool { kind(path) == .directory }

    /// The file's size, 0 for what is not a file: the cost of reading it, for ``ParallelPass``.
    package func size(_ path: String) -> Int {
        if case .file(let size) = kind(path) { return size }
        return 0
    }

    package func isFile(_ path: String) -> Bool {
        if case .file = kind(path) { return true }
        return false
    }

    /// The file as UTF-8 text with its lines ending in `\n` and no byte order mark, or a diagnostic
    /// saying why it cannot be had. A checkout made on Windows ends lines with `\r\n`, which Swift
    /// counts as one character, not as a `\n`, and editors there may start a file with a byte order
    /// mark; Markdown, RST and Hugo read `\r\n` and `\r` as line ends and skip the mark.
    package func text(_ path: String) -> Result<String, Diagnostic> {
        switch read(path) {
        case .failure(let error):
            return .failure(Diagnostic(.unreadableFile, error.message, file: path, at: .start))
        case .success(let bytes):
            guard let text = String(validatingUTF8Bytes: Self.plainText(bytes)) else {
                return .failure(Diagnostic(.unreadableFile, "the file is not UTF-8", file: path, at: .start))
            }
            return .success(text)
        }
    }

    /// `bytes` without a leading byte order mark, and with each `\r\n` and each lone `\r` made a
    /// `\n`: line and column numbers stay as an editor shows them.
    static func plainText(_ bytes: [UInt8]) -> [UInt8] {
        let carriageReturn = UInt8(ascii: "\r")
        let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        guard bytes.offset(of: carriageReturn, from: 0) != nil else {
            return start == 0 ? bytes : Array(bytes[start...])
        }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        for index in start..<bytes.count {
            let byte = bytes[index]
            if byte != carriageReturn {
                out.append(byte)
            } else if index + 1 == bytes.count || bytes[index + 1] != UInt8(ascii: "\n") {
                out.append(UInt8(ascii: "\n"))
            }
        }
        return out
    }
}
