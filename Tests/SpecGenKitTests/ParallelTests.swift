import Synchronization
import Testing

@testable import SpecGenKit

@Suite struct ParallelPassTests {
    @Test func startsTheCostliestJobsFirst() {
        #expect(ParallelPass.order(ofCosts: [3, 10, 0, 10, 7]) == [1, 3, 4, 0, 2])
        #expect(ParallelPass.order(ofCosts: [0, 0, 0]) == [0, 1, 2])
        #expect(ParallelPass.order(ofCosts: []) == [])
    }

    @Test func runsEveryJobOnceAndKeepsEachResultWithItsJob() {
        let runs = Mutex<[Int: Int]>([:])
        let pass = ParallelPass()
        let squares = pass.map(Array(0..<200), cost: { $0 % 7 }) { number in
            runs.withLock { $0[number, default: 0] += 1 }
            return number * number
        }
        let word = pass.add(cost: .max) { "first" }
        pass.run()
        #expect(squares.values() == (0..<200).map { $0 * $0 })
        #expect(word.value == "first")
        #expect(runs.withLock { $0 } == Dictionary(uniqueKeysWithValues: (0..<200).map { ($0, 1) }))
    }

    @Test func runsOnlyTheJobsAddedSinceTheLastRun() {
        let runs = Mutex(0)
        let pass = ParallelPass()
        _ = pass.add(cost: 0) { runs.withLock { $0 += 1 } }
        pass.run()
        let second = pass.add(cost: 0) { runs.withLock { $0 += 1 } }
        pass.run()
        second.value
        #expect(runs.withLock { $0 } == 2)
    }
}
