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

    @Test("a ring and a ladder of 10,000 services: the walks are iterative, the paths as a recursion gave them")
    func longWays() throws {
        let count = 10_000
        // A ring: each service needs the next, the last the first; nothing is served.
        var ring = "client users\nusers -> s0 : https\n"
        for index in 0..<count { ring += "service s\(index)\ns\(index) -> s\((index + 1) % count) : http\n" }
        let ringDesign = try Fixtures.design(ring)
        let ringGraph = TrafficGraph(design: ringDesign)
        let users = ringGraph.clients[0]
        let blocked = WhatIf.neverServed(users, .read, graph: ringGraph, values: FailureModel(graph: ringGraph).servedWithNothingFailed)
        #expect(blocked.count == 1)
        #expect(blocked.first?.path.count == count + 2)
        #expect(blocked.first?.reason == "s\(count - 1) needs s0, which is on the way to it: a cycle of links serves nothing")
        // A ladder: each service needs a cache and the next service, so each branch of the
        // way starts a chain of its own, 10,000 deep.
        var ladder = "client users\ncache c0 { instances: 2 }\nusers -> s0 : https\n"
        for index in 0..<count {
            ladder += "service s\(index)\n" + (index > 0 ? "cache c\(index)\n" : "")
            ladder += "s\(index) -> c\(index)" + (index + 1 < count ? ", s\(index + 1)" : "") + " : http\n"
        }
        let design = try Fixtures.design(ladder)
        let graph = TrafficGraph(design: design)
        let whatIf = WhatIf(graph: graph, failing: [try #require(design.element(named: "c0")).index])
        let read = try #require(whatIf.clients.first?.read)
        #expect(read.served)
        // The main chain takes each service's first target, its cache; each next service is a branch.
        #expect(read.paths.first?.map { graph.name(of: $0) } == ["users", "s0", "c0"])
        #expect(read.paths.count == count)
        #expect(read.paths.last?.map { graph.name(of: $0) } == ["s\(count - 2)", "s\(count - 1)", "c\(count - 1)"])
    }

    @Test("a way of thousands of steps is said with its ends and how many are left out")
    func chainedNames() {
        #expect(chained(["a", "b", "c"]) == "a -> b -> c")
        let names = (0..<1_002).map { "s\($0)" }
        #expect(chained(names) == "s0 -> s1 -> s2 -> s3 -> s4 -> s5 -> … (990 more) -> s996 -> s997 -> s998 -> s999 -> s1000 -> s1001")
        #expect(chained(Array(names.prefix(13))) == names.prefix(13).joined(separator: " -> "))
    }

    @Test("a figure of nothing prints as 0, not -0: the nines of an availability that rounds to 0%")
    func negativeZero() {
        #expect(Figures.nines(-0.0) == "0.0")
        #expect(Figures.fixed(-0.0, 2) == "0.00")
    }
}
