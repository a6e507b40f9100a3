import Foundation
import InfraFuzzing
import InfraTestSupport
import Testing

/// The fuzzer's pipeline (scripts/fuzz) on its seed corpus and on random designs:
/// every property it checks holds on the inputs it starts from, so a failure under
/// the fuzzer is a new input's, and a regression on a seed fails here first.
@Suite("The fuzz pipeline: every property holds on the seed corpus and on random designs")
struct FuzzPipelineTests {
    @Test("every seed in Fuzz/corpus goes through the whole pipeline with no broken property")
    func seedCorpus() throws {
        let folder = Fixtures.root.appendingPathComponent("Fuzz/corpus")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(names.count >= 60, "the examples, starters, spec designs and rule examples")
        for name in names {
            let data = try Data(contentsOf: folder.appendingPathComponent(name))
            #expect(FuzzPipeline.problems(in: Array(data)) == [], "\(name)")
        }
    }

    @Test("random designs and their byte-level mutations keep every property", arguments: 0..<4)
    func randomDesigns(batch: UInt64) {
        for seed in (batch * 25)..<((batch + 1) * 25) {
            var bytes = Array(RandomDesigns.make(seed: seed).utf8)
            #expect(FuzzPipeline.problems(in: bytes) == [], "design \(seed)")
            // What a mutation fuzzer does first: flip bytes, cut, duplicate.
            var rng = SeededGenerator(seed: seed)
            for _ in 0..<3 where !bytes.isEmpty {
                let at = Int.random(in: 0..<bytes.count, using: &rng)
                switch Int.random(in: 0..<3, using: &rng) {
                case 0: bytes[at] = UInt8.random(in: 0...255, using: &rng)
                case 1: bytes.removeSubrange(at..<min(bytes.count, at + 7))
                default: bytes.insert(contentsOf: bytes[at..<min(bytes.count, at + 12)], at: at)
                }
            }
            #expect(FuzzPipeline.problems(in: bytes) == [], "design \(seed), mutated")
        }
    }

    @Test("bytes that are not text, and a clean design, report nothing")
    func reportsProblems() {
        // Not text at all: no property to break, and no crash.
        #expect(FuzzPipeline.problems(in: [0, 1, 2, 0xFF]) == [])
        // An input the pipeline accepts: nothing to report.
        #expect(FuzzPipeline.problems(in: Array("client u\nweb-server w\nu -> w : https\n".utf8)) == [])
    }
}
