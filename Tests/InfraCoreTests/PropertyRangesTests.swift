import InfraCore
import InfraTestSupport
import Testing

/// `PropertyRanges` keeps its first entry inline (as its name's place in the
/// catalog) and the rest in an array, and a name the catalog does not know in the
/// array: random sets, replacements and removals against a plain list of pairs.
@Suite("An element's property ranges: one inline, the rest in an array")
struct PropertyRangesTests {
    @Test("random sets and removals read back as a list of pairs would, in the order set")
    func againstAModel() {
        var generator = SeededGenerator(seed: 18)
        let names = ["software", "instances", "tls", "algorithm", "firewall", "not-a-property", "Software"]
        for _ in 0..<300 {
            var ranges = PropertyRanges()
            var model: [(name: String, range: SourceRange)] = []
            for _ in 0..<Int.random(in: 0...12, using: &generator) {
                let name = names.randomElement(using: &generator) ?? "tls"
                if Bool.random(using: &generator) || model.isEmpty {
                    let start = Int.random(in: 0...1000, using: &generator)
                    let range = SourceRange(start, start + Int.random(in: 0...20, using: &generator))
                    ranges[name] = range
                    if let index = model.firstIndex(where: { $0.name == name }) { model[index].range = range } else { model.append((name, range)) }
                } else {
                    ranges[name] = nil
                    model.removeAll { $0.name == name }
                }
                #expect(ranges.map(\.name) == model.map(\.name))
                #expect(ranges.map(\.range) == model.map(\.range))
                for name in names { #expect(ranges[name] == model.first { $0.name == name }?.range) }
            }
        }
    }
}
