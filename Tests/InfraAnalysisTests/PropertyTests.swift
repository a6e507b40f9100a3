import InfraAnalysis
import InfraCore
import InfraTestSupport
import Testing

/// Random small designs covering every construct the failure model reads.
enum RandomDesign {
    static func make(seed: UInt64) -> String {
        var rng = SeededGenerator(seed: seed)
        func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &rng) < p }
        func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &rng)] }
        var lines: [String] = []
        var names: [String] = []
        var databases: [String] = []
        let clientCount = Int.random(in: 0...2, using: &rng)
        for c in 0..<clientCount { lines.append("client c\(c)"); names.append("c\(c)") }
        let kinds = ["load-balancer", "firewall", "cdn", "web-server", "app-server", "database", "cache", "service", "dns"]
        var pool: [String] = []
        func element(_ id: String, inside: Bool) -> String {
            let kind = pick(inside ? ["web-server", "app-server", "database", "cache", "load-balancer"] : kinds)
            var properties: [String] = []
            if chance(0.2) { properties.append("instances: \(pick([1, 2, 3]))") }
            if kind == "load-balancer", chance(0.3) { properties.append("health-check: false") }
            if kind == "database" {
                let role = pick(["primary", "replica", "standalone"])
                properties.append("role: \(role)")
                if role == "replica", let source = databases.randomElement(using: &rng) { properties.append("replicates: \(source)") }
                databases.append(id)
            }
            pool.append(id)
            return "\(kind) \(id)" + (properties.isEmpty ? "" : " { \(properties.joined(separator: ", ")) }")
        }
        for e in 0..<Int.random(in: 2...7, using: &rng) {
            switch Int.random(in: 0..<4, using: &rng) {
            case 0:
                var components: [String] = []
                for k in 0..<Int.random(in: 1...3, using: &rng) { components.append(element("s\(e)x\(k)", inside: true)) }
                if chance(0.3) { components.insert("entry: s\(e)x0", at: 0) }
                lines.append("server s\(e) { \(chance(0.15) ? "instances: 2; " : "")\(components.joined(separator: "; ")) }")
                pool.append("s\(e)")
            case 1:
                let mode = pick(["active-active", "active-passive"])
                let failover = pick(["", ", failover: automatic", ", failover: manual"])
                var members: [String] = []
                for k in 0..<Int.random(in: 1...3, using: &rng) { members.append(element("k\(e)m\(k)", inside: false)) }
                lines.append("cluster k\(e) { mode: \(mode)\(failover); \(members.joined(separator: "; ")) }")
                pool.append("k\(e)")
            default:
                lines.append(element("e\(e)", inside: false))
            }
        }
        let sources = names + pool
        for _ in 0..<Int.random(in: 1...12, using: &rng) {
            let from = pick(sources)
            let to = pick(pool)
            guard from != to else { continue }
            var link = "\(from) -> \(to) : \(pick(["http", "https", "mysql", "dns"]))"
            if chance(0.3) { link += " { access: \(pick(["read", "write", "read-write"])) }" }
            lines.append(link)
        }
        return lines.joined(separator: "\n")
    }
}

@Suite("The fast failure model agrees with the obvious algorithm")
struct PropertyTests {
    /// For every random design, every element and every client: the element is in the
    /// client's failure set exactly when failing it alone (and re-solving) stops the client.
    @Test("on 3,000 random small designs", arguments: 0..<30)
    func agreesWithObviousAlgorithm(batch: Int) throws {
        var checkedDesigns = 0
        for seed in (batch * 100)..<(batch * 100 + 100) {
            let parsed = Fixtures.read(RandomDesign.make(seed: UInt64(seed)))
            guard parsed.errors.isEmpty else { continue }
            checkedDesigns += 1
            let design = parsed.design
            let model = FailureModel(design: design)
            let graph = model.graph
            let equations = ServingEquations(graph: graph)
            let baseline = equations.solve { _ in true }
            for client in graph.clients {
                for kind in RequestKind.allCases {
                    #expect(baseline[client * 2 + kind.rawValue] == model.failures(of: client, kind).isServed,
                            "seed \(seed): baseline differs for \(graph.name(of: client)) \(kind)")
                }
            }
            for unit in design.elements.indices where design.elements[unit].kind != .client {
                let values = equations.solve { node in
                    !FailureModel.baseUnits(of: node, in: design, graph: graph).contains(unit)
                }
                for client in graph.clients {
                    for kind in RequestKind.allCases where baseline[client * 2 + kind.rawValue] {
                        let stopped = !values[client * 2 + kind.rawValue]
                        #expect(stopped == model.failures(of: client, kind).contains(unit),
                                "seed \(seed): failing \(design.elements[unit].id) for \(graph.name(of: client)) \(kind)")
                    }
                }
            }
        }
        #expect(checkedDesigns > 50, "most random designs must parse")
    }

    @Test("on 2,000 random designs over the whole language", arguments: 0..<8)
    func agreesOnTheWholeLanguage(batch: Int) throws {
        for seed in (200_000 + batch * 250)..<(200_000 + batch * 250 + 250) {
            let parsed = Fixtures.read(RandomDesigns.make(seed: UInt64(seed)))
            guard parsed.errors.isEmpty else { continue }
            let design = parsed.design
            let model = FailureModel(design: design)
            let graph = model.graph
            let equations = ServingEquations(graph: graph)
            let baseline = equations.solve { _ in true }
            for unit in design.elements.indices where design.elements[unit].kind != .client {
                let values = equations.solve { node in
                    !FailureModel.baseUnits(of: node, in: design, graph: graph).contains(unit)
                }
                for client in graph.clients {
                    for kind in RequestKind.allCases where baseline[client * 2 + kind.rawValue] {
                        #expect(!values[client * 2 + kind.rawValue] == model.failures(of: client, kind).contains(unit),
                                "seed \(seed): failing \(design.elements[unit].id) for \(graph.name(of: client)) \(kind)")
                    }
                }
            }
        }
    }

    @Test("what-if with one failure agrees with the failure sets")
    func whatIfAgrees() throws {
        for seed in 5_000..<5_300 {
            let parsed = Fixtures.read(RandomDesign.make(seed: UInt64(seed)))
            guard parsed.errors.isEmpty else { continue }
            let model = FailureModel(design: parsed.design)
            for unit in parsed.design.elements.indices where parsed.design.elements[unit].kind != .client {
                let whatIf = WhatIf(graph: model.graph, failing: [unit])
                for outcome in whatIf.clients {
                    for kind in RequestKind.allCases {
                        guard let result = outcome[kind] else { continue }
                        #expect(result.served == !model.failures(of: outcome.client, kind).contains(unit), "seed \(seed)")
                        #expect(result.served ? !result.paths.isEmpty : !result.blocked.isEmpty, "seed \(seed)")
                    }
                }
            }
        }
    }
}
