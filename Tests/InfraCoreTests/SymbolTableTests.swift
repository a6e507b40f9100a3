import InfraCore
import InfraTestSupport
import Testing

/// `SymbolTable` replaces a dictionary of names to symbols with arrays in
/// declaration order and a table of positions: random updates and removals
/// against a list of pairs, across the table's growth.
@Suite("The design's symbol table: names in declaration order, found by hash")
struct SymbolTableTests {
    @Test("random updates and removals read back as a list of pairs would, in declaration order")
    func againstAModel() {
        var generator = SeededGenerator(seed: 2026)
        // Few enough names that updates and removals hit existing ones, many enough to grow the table.
        let names = (0..<60).map { "web-\($0)" } + ["Web-1", "", "é", "lb"]
        for _ in 0..<60 {
            var table = SymbolTable()
            var model: [(name: String, symbol: Symbol)] = []
            for step in 0..<Int.random(in: 0...150, using: &generator) {
                let name = names.randomElement(using: &generator) ?? "lb"
                if Int.random(in: 0..<5, using: &generator) == 0 {
                    table[name] = nil
                    model.removeAll { $0.name == name }
                } else {
                    let symbol: Symbol = [.element(step), .cluster(step), .network(step)].randomElement(using: &generator) ?? .element(0)
                    let before = table.updateValue(symbol, forKey: name)
                    let index = model.firstIndex { $0.name == name }
                    #expect(before == index.map { model[$0].symbol })
                    if let index { model[index].symbol = symbol } else { model.append((name, symbol)) }
                }
                #expect(table.keys == model.map(\.name))
                #expect(table.count == model.count)
            }
            for name in names + ["web-60", "WEB-1"] {
                #expect(table[name] == model.first { $0.name == name }?.symbol)
            }
        }
    }

    @Test("room reserved up front holds every name, and each is found")
    func reserved() {
        var table = SymbolTable()
        table.reserveCapacity(5_000)
        for index in 0..<5_000 { table["n\(index)"] = .element(index) }
        #expect(table.count == 5_000)
        #expect((0..<5_000).allSatisfy { table["n\($0)"] == .element($0) })
        #expect(table["n5000"] == nil)
    }
}
