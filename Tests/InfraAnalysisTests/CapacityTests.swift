import Foundation
import InfraAnalysis
import InfraCore
import InfraRender
import InfraTestSupport
import Testing

/// Capacity: how the clients' `load` flows, each element's utilisation, the
/// bottleneck, the headroom, and what single failures do (AVAILABILITY.md).
@Suite("Capacity: load through algorithms and clusters, N+1 after each failure")
struct CapacityTests {
    private func capacity(_ text: String) throws -> (CapacityReport, Design) {
        let design = try Fixtures.design(text)
        return (try #require(CapacityReport(model: FailureModel(design: design))), design)
    }

    /// Each element's load by name.
    private func loads(_ report: CapacityReport, _ design: Design) -> [String: Double] {
        Dictionary(uniqueKeysWithValues: report.rows.map { (design.elements[$0.element].id, ($0.load * 1000).rounded() / 1000) })
    }

    private func pair(_ algorithm: String, links: String = "lb -> a, b : http", a: String = "capacity: 800", b: String = "capacity: 800") -> String {
        """
        client users { load: 1200 }
        load-balancer lb { algorithm: \(algorithm), instances: 2 }
        web-server a { \(a) }
        web-server b { \(b) }
        users -> lb : https
        \(links)
        """
    }

    @Test("round robin splits equally: 600 and 600 of 800, bottleneck at 75%, headroom 1,600")
    func roundRobin() throws {
        let (report, design) = try capacity(pair("round-robin"))
        #expect(loads(report, design) == ["a": 600, "b": 600])
        let bottleneck = try #require(report.bottleneck)
        #expect(abs(report.rows[bottleneck].utilisation - 0.75) < 1e-12)
        #expect(abs((report.headroom ?? 0) - 1600) < 1e-9)
    }

    @Test("weighted round robin by the links' weights; least connections by capacity")
    func algorithms() throws {
        let (weighted, design) = try capacity(pair("weighted-round-robin", links: """
            lb -> a : http { weight: 3 }
            lb -> b : http { weight: 1 }
            """))
        #expect(loads(weighted, design) == ["a": 900, "b": 300])
        let (least, other) = try capacity(pair("least-connections", a: "capacity: 300", b: "capacity: 900"))
        #expect(loads(least, other) == ["a": 300, "b": 900])
        // Each at the same utilisation: least connections fills them evenly.
        #expect(Set(least.rows.map { ($0.utilisation * 1e9).rounded() }).count == 1)
    }

    @Test("an active-passive cluster sends everything to the serving member; active-active splits; writes go only to the primary")
    func clusters() throws {
        let (passive, design) = try capacity("""
            client users { load: 1000, writes: 20% }
            web-server web { capacity: 2000, instances: 2 }
            cluster db-cluster { mode: active-passive, failover: automatic
              database db-01 { role: primary, capacity: 5000 }
              database db-02 { role: replica, replicates: db-01, capacity: 5000 }
            }
            users -> web : https
            web -> db-cluster : mysql
            """)
        #expect(loads(passive, design) == ["web": 1000, "db-01": 1000, "db-02": 0])
        let (active, other) = try capacity("""
            client users { load: 1000, writes: 20% }
            web-server web { capacity: 2000, instances: 2 }
            cluster db-cluster { mode: active-active
              database db-01 { role: primary, capacity: 5000 }
              database db-02 { role: replica, replicates: db-01, capacity: 5000 }
            }
            users -> web : https
            web -> db-cluster : mysql
            """)
        // 800 reads split equally, 200 writes only to the primary.
        #expect(loads(active, other) == ["web": 1000, "db-01": 600, "db-02": 400])
    }

    @Test("a client splits over its entries; dns lookups carry no load; each client's share adds up")
    func entriesAndClients() throws {
        let (report, design) = try capacity("""
            client users { load: 900 }
            client partners { load: 300 }
            dns ns { capacity: 10 }
            load-balancer lb-a { instances: 2, capacity: 10000 }
            load-balancer lb-b { instances: 2, capacity: 10000 }
            web-server web { instances: 3, capacity: 1000 }
            users -> ns : dns
            users -> lb-a, lb-b : https
            partners -> lb-b : https
            lb-a, lb-b -> web : http
            """)
        #expect(loads(report, design) == ["ns": 0, "lb-a": 450, "lb-b": 750, "web": 1200])
        let web = try #require(report.rows.first { design.elements[$0.element].id == "web" })
        #expect(web.copies == 3 && web.capacity == 3000)
        #expect(web.clients.map { design.elements[$0.client].id } == ["users", "partners"])
        #expect(abs(web.clients.map(\.load).reduce(0, +) - web.load) < 1e-9)
    }

    @Test("after web-01 fails, web-02 takes 1,200 of 800; a single point of failure is AV001's, not listed; one instance lost")
    func afterFailure() throws {
        let (report, design) = try capacity("""
            client users { load: 1200 }
            load-balancer lb-01
            server web-01 { capacity: 800
              web-server nginx-01
            }
            server web-02 { capacity: 800
              web-server nginx-02
            }
            app-server app { instances: 3, capacity: 500 }
            users -> lb-01 : https
            lb-01 -> web-01, web-02 : http
            web-01, web-02 -> app : http
            """)
        let failed = report.afterFailure.map { "\($0.failed)>\(design.elements[$0.element].id)" }
        #expect(failed.contains("web-01>web-02") && failed.contains("web-02>web-01"))
        #expect(!failed.contains { $0.hasPrefix("lb-01>") }, "lb-01 stops the users: AV001 reports it")
        #expect(!failed.contains { $0.hasPrefix("nginx-01>") }, "a component whose host is checked is not listed again")
        let web02Index = try #require(design.element(named: "web-02")).index
        let web02 = try #require(report.worstFailure[web02Index])
        #expect(web02.load == 1200 && web02.capacity == 800 && web02.utilisation == 1.5)
        #expect(web02.sentence(in: design) == "if web-01 fails, web-02 must serve 1,200 requests a second; it can serve 800 (150%)")
        let appIndex = try #require(design.element(named: "app")).index
        let app = try #require(report.worstFailure[appIndex])
        #expect(app.oneInstance && app.failed == "one of app's 3 instances" && app.capacity == 1000)
    }

    @Test("no client states a load: capacity is not analysed")
    func noLoad() throws {
        let design = try Fixtures.design("client u\nweb-server w { capacity: 10 }\nu -> w : https\n")
        #expect(CapacityReport(model: FailureModel(design: design)) == nil)
    }

    @Test("on trees of load balancers with every algorithm, the leaves receive exactly the clients' load")
    func conservation() throws {
        var rng = SeededGenerator(seed: 42)
        let algorithms = ["round-robin", "least-connections", "weighted-round-robin", "ip-hash", "random"]
        for _ in 0..<200 {
            var lines = ["client users { load: \(Int.random(in: 1...5000, using: &rng)), writes: \(Int.random(in: 0...100, using: &rng))% }"]
            var frontier = ["root"]
            lines.append("load-balancer root { instances: 2, algorithm: \(algorithms.randomElement(using: &rng) ?? "random") }")
            lines.append("users -> root : https")
            var leaves: [String] = []
            var count = 0
            while let parent = frontier.popLast() {
                for _ in 0..<Int.random(in: 1...3, using: &rng) {
                    count += 1
                    let name = "n\(count)"
                    let weight = Int.random(in: 1...4, using: &rng)
                    if count < 12, Bool.random(using: &rng) {
                        lines.append("load-balancer \(name) { instances: 2, algorithm: \(algorithms.randomElement(using: &rng) ?? "random"), capacity: \(Int.random(in: 1...900, using: &rng)) }")
                        frontier.append(name)
                    } else {
                        lines.append("web-server \(name) { instances: 2, capacity: \(Int.random(in: 1...900, using: &rng)) }")
                        leaves.append(name)
                    }
                    lines.append("\(parent) -> \(name) : http { weight: \(weight) }")
                }
            }
            let text = lines.joined(separator: "\n")
            let (report, design) = try capacity(text)
            let leafLoad = report.rows.filter { leaves.contains(design.elements[$0.element].id) }.map(\.load).reduce(0, +)
            #expect(abs(leafLoad - report.totalLoad) < 1e-6 * report.totalLoad, "\(text)")
            for row in report.rows {
                #expect(row.load.isFinite && row.utilisation.isFinite && row.load >= 0)
                #expect(abs(row.clients.map(\.load).reduce(0, +) - row.load) < 1e-9 * max(1, row.load))
            }
        }
    }

    @Test("random designs over the whole language: JSON parses, never NaN or infinity, every utilisation matches load over capacity")
    func randomDesigns() throws {
        var analysed = 0
        for seed in UInt64(0)..<UInt64(300) {
            let text = RandomDesigns.make(seed: seed)
            let parsed = Fixtures.read(text, path: "random.infra")
            guard parsed.errors.isEmpty else { continue }
            let model = FailureModel(design: parsed.design)
            guard let report = CapacityReport(model: model) else { continue }
            analysed += 1
            let json = AvailabilityRenderer.json(AvailabilityReport(model: model), capacity: report, design: parsed.design,
                                                 file: "random.infra", target: nil)
            #expect(json.range(of: #"[:\[,]\s*-?(nan|inf)"#, options: .regularExpression) == nil, "seed \(seed)")
            #expect((try? JSONSerialization.jsonObject(with: Data(json.utf8))) != nil, "seed \(seed): \(json)")
            for failure in report.afterFailure {
                #expect(failure.utilisation.isFinite && failure.load > 0, "seed \(seed)")
                let row = report.rows.first { $0.element == failure.element }
                #expect(row.map { failure.utilisation > $0.utilisation - 1e-9 } ?? false, "seed \(seed): a failure listed lowers the load")
            }
        }
        #expect(analysed >= 50)
    }

    @Test("re-solving only what depends on a failure equals solving the whole design again, on random designs")
    func incrementalSolve() throws {
        var compared = 0
        for seed in UInt64(0)..<UInt64(120) {
            let parsed = Fixtures.read(RandomDesigns.make(seed: seed), path: "random.infra")
            guard parsed.errors.isEmpty else { continue }
            let model = FailureModel(design: parsed.design)
            let graph = model.graph
            let bases = (0..<graph.nodeCount).map { FailureModel.baseUnits(of: $0, in: parsed.design, graph: graph) }
            let before = (0..<graph.nodeCount * 2).map { model.values[$0].isServed }
            for unit in Set(bases.flatMap { $0 }).sorted() {
                let down = (0..<graph.nodeCount).filter { bases[$0].contains(unit) }
                var solved = 0
                let fast = model.equations.resolve(before, down: down, solved: &solved) { !bases[$0].contains(unit) }
                let full = model.equations.solve { node -> Bool in !bases[node].contains(unit) }
                #expect(fast == full, "seed \(seed), unit \(parsed.design.elements[unit].id)")
                compared += 1
            }
        }
        #expect(compared > 300)
    }

    @Test("after each failure, the incremental flow equals solving and flowing the whole design again, on random designs")
    func incrementalFlow() throws {
        var compared = 0
        var rng = SeededGenerator(seed: 7)
        for seed in UInt64(0)..<UInt64(400) {
            let text = seed % 2 == 0 ? RandomDesigns.make(seed: seed) : Self.tiers(&rng)
            let parsed = Fixtures.read(text, path: "random.infra")
            guard parsed.errors.isEmpty else { continue }
            let model = FailureModel(design: parsed.design)
            guard let fast = CapacityReport(model: model), let slow = CapacityReport(model: model, incremental: false) else { continue }
            func summary(_ report: CapacityReport) -> [String] {
                report.afterFailure.map { "\($0.failed) \($0.element) \(($0.load * 1e6).rounded())" }
                    + report.worstFailure.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value.failed) \(($0.value.load * 1e6).rounded())" }
            }
            #expect(summary(fast) == summary(slow), "seed \(seed):\n\(text)")
            compared += fast.afterFailure.count
        }
        #expect(compared > 300)
    }

    @Test("what-if's overloads for one failure agree with the single-failure report, on random designs")
    func overloadsWhileDown() throws {
        var compared = 0
        var rng = SeededGenerator(seed: 11)
        for seed in UInt64(0)..<UInt64(300) {
            let text = seed % 2 == 0 ? RandomDesigns.make(seed: seed) : Self.tiers(&rng)
            let parsed = Fixtures.read(text, path: "random.infra")
            guard parsed.errors.isEmpty else { continue }
            let model = FailureModel(design: parsed.design)
            guard let report = CapacityReport(model: model) else { continue }
            // Every whole-unit failure the report checked: the same overloaded elements, the same loads.
            for unit in Set(report.afterFailure.filter { !$0.oneInstance }.map(\.unit)) {
                let expected = report.afterFailure.filter { $0.unit == unit && $0.utilisation > 1 + 1e-9 }.map(\.element)
                let overloads = CapacityReport.overloads(model: model, failing: [unit], failed: "x")
                let found = Dictionary(uniqueKeysWithValues: overloads.map { ($0.element, $0) })
                for failure in report.afterFailure where failure.unit == unit && !failure.oneInstance && failure.utilisation > 1 + 1e-9 {
                    #expect(abs((found[failure.element]?.load ?? -1) - failure.load) < 1e-6, "seed \(seed), unit \(unit):\n\(text)")
                    compared += 1
                }
                #expect(Set(expected).isSubset(of: Set(found.keys)), "seed \(seed)")
            }
        }
        #expect(compared > 30)
    }

    @Test("what-if's overloads: one of two instances lost halves what an element can serve; a failed element is not listed")
    func overloadsOfInstances() throws {
        let (_, design) = try capacity(pair("round-robin", a: "capacity: 400, instances: 2"))
        let model = FailureModel(design: design)
        let a = try #require(design.element(named: "a")).index
        let overloads = CapacityReport.overloads(model: model, failing: [a], failed: "a")
        #expect(overloads.map { "\(design.elements[$0.element].id) \($0.load) \($0.capacity)" } == ["a 600.0 400.0"])
        let b = try #require(design.element(named: "b")).index
        let both = CapacityReport.overloads(model: model, failing: [b], failed: "b").map { "\(design.elements[$0.element].id) \($0.load) \($0.capacity)" }
        #expect(both == ["a 1200.0 800.0"], "b is down: only a, with all the load")
    }

    @Test("a load balancer's algorithm spreads over the members of an active-active cluster it links to, as explain counts its backends; not behind one address")
    func balancerOverClusterMembers() throws {
        // Least connections over w1 (2,000) and w2 (4,000) in a cluster: by capacity, not half each.
        let (least, design) = try capacity("""
            client users { load: 3000 }
            load-balancer lb { algorithm: least-connections, instances: 2 }
            cluster web {
              web-server w1 { capacity: 2000 }
              web-server w2 { capacity: 4000 }
            }
            users -> lb : https
            lb -> web : http
            """)
        #expect(loads(least, design) == ["w1": 1000, "w2": 2000])
        // Round robin over a cluster of two and a third server: a third each, as a balancer
        // configured with the three servers sends them.
        let (thirds, other) = try capacity("""
            client users { load: 900 }
            load-balancer lb { instances: 2 }
            cluster web {
              web-server w1 { capacity: 1000 }
              web-server w2 { capacity: 1000 }
            }
            web-server w3 { capacity: 1000 }
            users -> lb : https
            lb -> web, w3 : http
            """)
        #expect(loads(thirds, other) == ["w1": 300, "w2": 300, "w3": 300])
        // Behind one shared address the cluster is one backend: it splits equally itself.
        let (shared, third) = try capacity("""
            client users { load: 3000 }
            load-balancer lb { algorithm: least-connections, instances: 2 }
            cluster web { vip: "10.0.0.5"
              web-server w1 { capacity: 2000 }
              web-server w2 { capacity: 4000 }
            }
            users -> lb : https
            lb -> web : http
            """)
        #expect(loads(shared, third) == ["w1": 1500, "w2": 1500])
    }

    @Test("a worker fed by a queue is not reached by the load: no '0 of 150, 0%', but what it can serve and why its load is not estimated")
    func workerLoadNotEstimated() throws {
        let (report, design) = try capacity("""
            client users { load: 800 }
            app-server api { capacity: 1000 }
            queue jobs
            service resizer { instances: 3, capacity: 50 }
            service audit { capacity: 20 }
            users -> api : https
            api -> jobs : amqp
            resizer -> jobs : amqp
            """)
        let rows = Dictionary(uniqueKeysWithValues: report.rows.map { (design.elements[$0.element].id, $0) })
        #expect(rows["api"]?.reached == true && rows["api"]?.notEstimated(in: design) == nil)
        #expect(rows["resizer"]?.reached == false)
        #expect(rows["resizer"]?.notEstimated(in: design) == "it takes its work from jobs, and the load of queued jobs is not estimated")
        #expect(rows["audit"]?.notEstimated(in: design) == "no client's requests reach it, so its load is not estimated")
        #expect(report.bottleneck.map { design.elements[report.rows[$0].element].id } == "api")
        let text = CapacityRenderer.text(report, design: design)
        #expect(text.contains("resizer  150 requests a second (3 × 50); it takes its work from jobs, and the load of queued jobs is not estimated\n"))
        #expect(!text.contains("0 of 150"))
        let markdown = CapacityRenderer.markdown(report, design: design)
        #expect(markdown.contains("| `resizer` | not estimated | 150 (3 × 50) | it takes its work from jobs"))
    }

    @Test("a service on a server with no entry is not reached: the server is, as a black box, and the row says how to send requests to the service")
    func serviceOnABlackBox() throws {
        let text = """
            client users { load: 100 }
            server u1 { service users-1 { capacity: 120 } }
            users -> u1 : https
            """
        let (report, design) = try capacity(text)
        let row = try #require(report.rows.first)
        #expect(!row.reached)
        #expect(row.notEstimated(in: design) == "requests reach u1 as a whole, not it: a server with no load balancer, web server or app server has no entry, so its load is not estimated (set entry: users-1 on u1 to send them to it)")
        // As the row advises: the service is then the entry, and its load is known.
        let (entered, _) = try capacity(text.replacingOccurrences(of: "server u1 {", with: "server u1 { entry: users-1;"))
        #expect(entered.rows.first?.reached == true)
        #expect(entered.rows.first?.load == 100)
    }

    /// A random tiered design with loads and capacities: clients, load balancers
    /// (every algorithm, with and without health checks), servers alone or in
    /// clusters of either mode, databases with replicas.
    static func tiers(_ rng: inout SeededGenerator) -> String {
        func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &rng)] }
        var lines: [String] = []
        let clients = (1...Int.random(in: 1...2, using: &rng)).map { "c\($0)" }
        for client in clients { lines.append("client \(client) { load: \(pick([100, 700, 1500])), writes: \(pick([0, 10, 40]))% }") }
        let balancers = (1...Int.random(in: 1...3, using: &rng)).map { "lb\($0)" }
        for balancer in balancers {
            lines.append("load-balancer \(balancer) { instances: \(pick([1, 2])), health-check: \(pick(["true", "true", "false"])), "
                + "algorithm: \(pick(["round-robin", "least-connections", "weighted-round-robin"])), capacity: \(pick([500, 3000])) }")
        }
        var servers: [String] = []
        for index in 1...Int.random(in: 2...5, using: &rng) {
            let name = "s\(index)"
            servers.append(name)
            let capacity = Bool.random(using: &rng) ? "capacity: \(pick([300, 800])), " : ""
            lines.append("server \(name) { \(capacity)instances: \(pick([1, 1, 2]))\n  web-server w\(index) { capacity: \(pick([200, 600])) }\n}")
        }
        if servers.count >= 3, Bool.random(using: &rng) {
            let members = Array(servers.suffix(2))
            servers.removeLast(2)
            lines = lines.map { line in members.contains { line.hasPrefix("server \($0) ") } ? "# moved" : line }
            lines.append("cluster tier { mode: \(pick(["active-active", "active-passive"])), failover: automatic")
            for member in members { lines.append("  server \(member) { capacity: 500\n    web-server x\(member) { capacity: 400 }\n  }") }
            lines.append("}")
            servers.append("tier")
        }
        lines.append("cluster data { mode: \(pick(["active-active", "active-passive"])), failover: automatic")
        lines.append("  database d1 { role: primary, capacity: \(pick([1000, 5000])) }")
        lines.append("  database d2 { role: replica, replicates: d1, capacity: \(pick([1000, 5000])) }")
        lines.append("}")
        for client in clients { lines.append("\(client) -> \(pick(balancers)) : https") }
        for balancer in balancers {
            for server in servers where Bool.random(using: &rng) || server == servers[0] {
                lines.append("\(balancer) -> \(server) : http { weight: \(Int.random(in: 1...4, using: &rng)) }")
            }
        }
        for server in servers { lines.append("\(server) -> data : mysql") }
        return lines.joined(separator: "\n") + "\n"
    }
}
