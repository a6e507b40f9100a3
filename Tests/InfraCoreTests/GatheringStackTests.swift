@testable import InfraCore
import Testing

@Suite("The parser's gathering stack")
struct GatheringStackTests {
    /// Counts the instances alive, to catch an element freed twice or never.
    final class Tracked {
        // Only this test makes them.
        nonisolated(unsafe) static var alive = 0
        let value: Int
        init(_ value: Int) {
            self.value = value
            Self.alive += 1
        }
        deinit { Self.alive -= 1 }
    }

    @Test("nested pops take each level's elements in order, exactly, and free each element once")
    func nestedPops() {
        let before = Tracked.alive
        do {
            let stack = GatheringStack<Tracked>(capacity: 2)
            var generator = SystemRandomNumberGenerator()
            var model: [[Int]] = [[]]
            var taken: [[Int]] = []
            var next = 0
            for _ in 0..<2_000 {
                switch Int.random(in: 0..<4, using: &generator) {
                case 0, 1:
                    stack.push(Tracked(next))
                    model[model.count - 1].append(next)
                    next += 1
                case 2:
                    model.append([])
                default:
                    guard model.count > 1 else { continue }
                    let start = stack.count - model[model.count - 1].count
                    let popped = stack.pop(from: start)
                    // No spare room beyond the allocator's rounding to 16 bytes (and its 8 of slack).
                    #expect((popped.capacity - popped.count) * MemoryLayout<Tracked>.stride < 32)
                    taken.append(popped.map(\.value))
                    #expect(taken.last == model.removeLast())
                }
                #expect(stack.count == model.reduce(0) { $0 + $1.count })
            }
            #expect(stack.pop(from: stack.count).isEmpty)
            #expect(stack.pop(from: -1).isEmpty)
        }
        #expect(Tracked.alive == before)
    }
}
