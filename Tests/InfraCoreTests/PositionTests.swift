import InfraCore
import InfraTestSupport
import Testing

@Suite("Positions: 1-based lines and columns counted in characters a user sees")
struct PositionTests {
    @Test("report order by integer keys, sorted in place or not, is the plain stable sort by Finding.sortOrder, on random findings")
    func reportOrderMatchesPlainSort() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            var findings = (0..<Int.random(in: 0...40, using: &generator)).map { _ in
                let start = Position(line: Int.random(in: 1...4, using: &generator), column: Int.random(in: 1...3, using: &generator))
                let end = Position(line: start.line + Int.random(in: 0...1, using: &generator), column: Int.random(in: 1...3, using: &generator))
                return Finding(code: ["AV001", "SEC002", "MON001"].randomElement(using: &generator) ?? "AV001", name: "n",
                               severity: .warning, category: .availability,
                               message: ["a", "b"].randomElement(using: &generator) ?? "a",
                               location: Location(file: ["b.infra", "a.infra", "é.infra"].randomElement(using: &generator) ?? "a.infra",
                                                  start: start, end: end),
                               element: [nil, "x", "y"].randomElement(using: &generator) ?? nil)
            }
            // Each finding told apart, so that the order of equal ones (stability) is checked too.
            for index in findings.indices { findings[index].mark = String(index) }
            let expected = findings.indices.sorted { Finding.sortOrder(findings[$0], findings[$1]) }.map { findings[$0] }
            #expect(findings.inReportOrder().map(\.fingerprint) == expected.map(\.fingerprint))
            #expect(findings.inReportOrder().map(\.message) == expected.map(\.message))
            #expect(findings.inReportOrder().map(\.location) == expected.map(\.location))
            #expect(findings.inReportOrder().map(\.mark) == expected.map(\.mark))
            // In place, along the permutation's cycles.
            var sorted = findings
            sorted.sortInReportOrder()
            #expect(sorted.map(\.mark) == expected.map(\.mark))
        }
    }

    @Test("columns count grapheme clusters, not bytes")
    func graphemeColumns() throws {
        let parsed = Fixtures.read("client éusers \"é 🎉\"\nclient b\nb -> nowhere-é")
        let error = try #require(parsed.errors.first)
        #expect(error.location.start == Position(line: 3, column: 6))
        let text = "web-server café \"x\" { algoritm: y }"
        let unknown = try #require(Fixtures.read(text).design.unknownProperties.first)
        let location = SourceFile(path: "t", text: text).location(unknown.range)
        #expect(location.start == Position(line: 1, column: 23))
        #expect(location.end == Position(line: 1, column: 31))
    }

    @Test("an emoji or a combined character is one column")
    func emojiColumn() {
        let file = SourceFile(path: "t", text: "# 👩‍👩‍👧 é\nx")
        #expect(file.position(at: "# 👩‍👩‍👧 é".utf8.count) == Position(line: 1, column: 6))
        #expect(file.position(at: "# 👩‍👩‍👧 é\n".utf8.count) == Position(line: 2, column: 1))
    }

    @Test("every element, link and property carries its range")
    func rangesEverywhere() throws {
        let design = try Fixtures.design("client u\nload-balancer lb { software: haproxy }\nu -> lb : https")
        let file = design.file
        #expect(file.location(design.elements[1].range).start == Position(line: 2, column: 1))
        #expect(file.location(design.elements[1].range).end == Position(line: 2, column: 17))
        #expect(file.location(design.links[0].range).start == Position(line: 3, column: 1))
        #expect(file.location(design.links[0].range).end == Position(line: 3, column: 8))
        #expect(design.elements[1].propertyRanges["software"].map { file.location($0).start } == Position(line: 2, column: 20))
    }

    @Test("CRLF line endings give the same positions")
    func crlf() throws {
        let parsed = Fixtures.read("client u\r\nu -> v\r\n")
        #expect(parsed.errors.map { "\($0.location.start.line):\($0.location.start.column)" } == ["2:6"])
        #expect(parsed.file.lineText(2) == "u -> v")
    }
}
