import InfraAnalysis
import InfraTestSupport
import Testing

/// `Marks` forgets a walk's marks by moving to the next stamp instead of
/// clearing: random walks against a `Set` made afresh for each.
@Suite("Marks shared by many walks")
struct MarksTests {
    @Test("each walk starts with nothing marked and marks as a set would")
    func againstSets() {
        var generator = SeededGenerator(seed: 7)
        var marks = Marks(capacity: 40)
        for _ in 0..<200 {
            marks.startOver()
            var model = Set<Int>()
            for _ in 0..<Int.random(in: 0...30, using: &generator) {
                // Some beyond the capacity: the marks grow.
                let index = Int.random(in: 0..<48, using: &generator)
                #expect(marks.contains(index) == model.contains(index))
                #expect(marks.insert(index) == model.insert(index).inserted)
            }
            #expect((0..<60).allSatisfy { marks.contains($0) == model.contains($0) })
        }
        #expect(!marks.contains(-1))
    }
}
