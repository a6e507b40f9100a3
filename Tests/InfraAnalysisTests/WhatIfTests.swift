import InfraAnalysis
import InfraCore
import InfraTestSupport
import Testing

@Suite("what-if: who can still read and write, and how")
struct WhatIfTests {
    @Test("failing web-01 in the spec's first example: reads go through web-02, writes are lost")
    func firstExample() throws {
        let design = try Fixtures.design(try Fixtures.text("Tests/Fixtures/spec/first-example.infra"))
        let graph = TrafficGraph(design: design)
        let whatIf = WhatIf(graph: graph, failing: [design.element(named: "web-01")!.index])
        let users = try #require(whatIf.clients.first)
        let read = try #require(users.read)
        #expect(read.served)
        #expect(read.paths.first?.map { graph.name(of: $0) } == ["users", "lb-01", "nginx-02", "app-02", "db-02"])
        let write = try #require(users.write)
        #expect(!write.served)
        #expect(write.blocked.map(\.reason) == [
            "nginx-01 is down: its host web-01 has failed",
            "db-01 is down: its host web-01 has failed",
        ])
        #expect(!whatIf.everyoneServed)
        #expect(whatIf.failed.map { design.elements[$0].id }.sorted() == ["app-01", "db-01", "nginx-01", "web-01"])
    }

    @Test("a replica is promoted when the primary of an automatic cluster fails")
    func promotion() throws {
        let design = try Fixtures.design(try Fixtures.text("Tests/Fixtures/spec/redundancy.infra"))
        let graph = TrafficGraph(design: design)
        let whatIf = WhatIf(graph: graph, failing: [design.element(named: "db-01")!.index, design.element(named: "lb-01")!.index])
        #expect(whatIf.everyoneServed)
        let write = try #require(whatIf.clients.first?.write)
        #expect(write.paths.first?.map { graph.name(of: $0) } == ["users", "edge", "lb-02", "web", "data", "db-02"])
        #expect(whatIf.promoted.map { graph.name(of: $0) } == ["db-02"])
    }
}
