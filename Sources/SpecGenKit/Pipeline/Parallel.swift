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
