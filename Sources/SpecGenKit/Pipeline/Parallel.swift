import Dispatch
import Foundation
import Synchronization

/// Maps `items` on every core; the results keep the items' order.
func parallelMap<Item: Sendable, Result>(_ items: [Item], _ transform: (Item) -> Result) -> [Result] {
    guard items.count > 1 else { return items.map(transform) }
    let slots = UnsafeMutableBufferPointer<Result?>.allocate(capacity: items.count)
    slots.initialize(repeating: nil)
    defer {
        _ = slots.deinitialize()
        slots.deallocate()
    }
    nonisolated(unsafe) let shared = slots
    withoutActuallyEscaping(transform) { transform in
        nonisolated(unsafe) let work = transform
        DispatchQueue.concurrentPerform(iterations: items.count) { index in
            shared[index] = work(items[index])
        }
    }
    return slots.map { $0! }
}

/// A value computed on a thread of its own while the caller does something else; `value` waits
/// for it. A thread of its own, not the dispatch pool: the pool's threads are for parallel passes.
final class Pending<Value: Sendable>: Sendable {
    private let result = Mutex<Value?>(nil)
    private let done = DispatchSemaphore(value: 0)

    init(_ compute: @escaping @Sendable () -> Value) {
        Thread { [self] in
            let value = compute()
            result.withLock { $0 = value }
            done.signal()
        }.start()
    }

    var value: Value {
        done.wait()
        done.signal()
        return result.withLock { $0! }
    }
}

/// The jobs of several independent stages, run as one parallel pass, the costliest first.
///
/// A stage that runs a pass of its own ends waiting for its slowest job while the other cores
/// idle, and a pass nested in another runs serially; so stages that do not depend on each other
/// add their jobs to one pass. Starting the costliest jobs first (a file's size stands for its
/// cost) keeps one long job from starting last. Results are read after ``run()``.
final class ParallelPass: @unchecked Sendable {
    private var jobs: [(cost: Int, work: @Sendable () -> Void)] = []

    /// A job's result, readable once the pass has run.
    final class Result<Value>: @unchecked Sendable {
        fileprivate var stored: Value?
        var value: Value {
            guard let stored else { preconditionFailure("read before the pass ran") }
            return stored
        }
    }

    func add<Value>(cost: Int, _ work: @escaping @Sendable () -> Value) -> Result<Value> {
        let result = Result<Value>()
        jobs.append((cost, { result.stored = work() }))
        return result
    }

    /// One job per item; their results keep the items' order.
    func map<Item: Sendable, Value>(_ items: [Item], cost: (Item) -> Int, _ work: @escaping @Sendable (Item) -> Value)
        -> [Result<Value>]
    {
        items.map { item in add(cost: cost(item)) { work(item) } }
    }

    /// Runs every job added, each once, on every core; returns when all are done.
    func run() {
        let pending = jobs
        jobs = []
        let order = Self.order(ofCosts: pending.map(\.cost))
        DispatchQueue.concurrentPerform(iterations: order.count) { pending[order[$0]].work() }
    }

    /// The order to start jobs in: costliest first, equal costs in the order they were added.
    static func order(ofCosts costs: [Int]) -> [Int] {
        costs.indices.sorted { costs[$0] != costs[$1] ? costs[$0] > costs[$1] : $0 < $1 }
    }
}

extension Array {
    /// The values of a pass's results, in order.
    func values<Value>() -> [Value] where Element == ParallelPass.Result<Value> { map(\.value) }
}
