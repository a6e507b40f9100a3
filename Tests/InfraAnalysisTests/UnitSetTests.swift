import InfraAnalysis
import InfraTestSupport
import Testing

/// The persistent set behind the failure model, against Swift's `Set` on random
/// operations: what a chain's shared structure must never change is the answer.
@Suite("UnitSet: persistent failure sets agree with Set<Int>")
struct UnitSetTests {
    @Test("union, intersection, contains, order and equality on random sets", arguments: 0..<40)
    func randomOperations(seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        let universe = [5, 64, 65, 300, 5_000, 70_000][Int(seed) % 6]
        var sets: [(UnitSet, Set<Int>)] = [(.empty, [])]
        for _ in 0..<60 {
            let a = sets[Int.random(in: 0..<sets.count, using: &rng)]
            let b = sets[Int.random(in: 0..<sets.count, using: &rng)]
            switch Int.random(in: 0..<3, using: &rng) {
            case 0:
                let units = (0..<Int.random(in: 0...6, using: &rng)).map { _ in Int.random(in: 0..<universe, using: &rng) }
                let made = UnitSet(units, universe: Bool.random(using: &rng) ? universe : 0)
                sets.append((made.union(a.0), Set(units).union(a.1)))
            case 1: sets.append((a.0.union(b.0), a.1.union(b.1)))
            default: sets.append((a.0.intersection(b.0), a.1.intersection(b.1)))
            }
        }
        for (index, (set, reference)) in sets.enumerated() {
            #expect(set.sorted == reference.sorted(), "set \(index)")
            #expect(set.count == reference.count)
            for probe in [0, 1, 63, 64, universe - 1, universe, universe * 5] {
                #expect(set.contains(probe) == reference.contains(probe), "set \(index) contains \(probe)")
            }
            for (other, otherReference) in sets.prefix(12) {
                #expect((set == other) == (reference == otherReference))
                if reference == otherReference { #expect(set.hashValue == other.hashValue) }
            }
        }
    }

    @Test("a long chain of unions, each its successor's set plus one unit")
    func longChain() {
        var set = UnitSet.empty
        for unit in (0..<20_000).reversed() {
            set = set.union(UnitSet([unit], universe: 20_000))
        }
        #expect(set.count == 20_000)
        #expect(set.contains(0) && set.contains(19_999) && !set.contains(20_000))
        let half = UnitSet(Array(0..<10_000), universe: 20_000)
        #expect(set.intersection(half) == half)
        #expect(set.intersection(half).count == 10_000)
    }
}
