import InfraAnalysis
import InfraCore
import InfraTestSupport
import Testing

/// `infralint availability`'s figures: the spec's worked example, textbook
/// results, and brute force over every combination of states on random designs.
@Suite("Availability: exact by decision diagrams, checked against brute force")
struct AvailabilityTests {
    private func report(_ text: String, nodeLimit: Int = 400_000) throws -> (AvailabilityReport, Design) {
        let design = try Fixtures.design(text)
        return (AvailabilityReport(model: FailureModel(design: design), nodeLimit: nodeLimit), design)
    }

    @Test("the spec's worked example: writes 99.80%, 2.7 nines, 17.5 h a year, lb-01 and web-01 8.8 h each")
    func workedExample() throws {
        let (report, design) = try report(try Fixtures.text("Tests/Fixtures/spec/first-example.infra"))
        let users = try #require(report.clients.first)
        let writes = try #require(users.writes)
        #expect(abs(writes.availability - 0.999999 * 0.999 * 0.999) < 1e-9)
        #expect(String(format: "%.2f", writes.availability * 100) == "99.80")
        #expect(String(format: "%.1f", writes.nines) == "2.7")
        #expect(String(format: "%.1f", writes.downtimeHoursPerYear) == "17.5")
        #expect(writes.method == .exact)
        let first = writes.fixFirst.prefix(2).map { design.elements[$0.element].id }
        #expect(Set(first) == ["lb-01", "web-01"])
        #expect(writes.fixFirst.prefix(2).allSatisfy { String(format: "%.1f", $0.hoursPerYear) == "8.8" })
        let reads = try #require(users.reads)
        #expect(String(format: "%.6f", reads.availability) == "0.998998")
    }

    @Test("two independent 99% machines in parallel give 99.99%; three 90% instances give 99.9%")
    func textbook() throws {
        let (parallel, _) = try report("""
            client u
            load-balancer lb { availability: 100% }
            web-server a { availability: 99% }
            web-server b { availability: 99% }
            u -> lb : https
            lb -> a, b : http
            """)
        #expect(abs((parallel.clients.first?.reads?.availability ?? 0) - 0.9999) < 1e-12)
        let (instances, _) = try report("""
            client u
            web-server w { availability: 90%, instances: 3 }
            u -> w : https
            """)
        #expect(abs((instances.clients.first?.reads?.availability ?? 0) - 0.999) < 1e-12)
        let (series, _) = try report("""
            client u
            web-server w { availability: 99% }
            app-server a { availability: 98% }
            u -> w : https
            w -> a : http
            """)
        #expect(abs((series.clients.first?.reads?.availability ?? 0) - 0.99 * 0.98) < 1e-12)
    }

    @Test("an active-passive cluster adds its failovers: 30 s each with automatic failover")
    func failover() throws {
        let (report, _) = try report("""
            client u
            app-server app { availability: 100% }
            cluster data { mode: active-passive, failover: automatic
              database d1 { role: primary }
              database d2 { role: replica, replicates: d1 }
            }
            u -> app : https
            app -> data : mysql
            """)
        let writes = try #require(report.clients.first?.writes)
        // d1 fails (1 - 0.999) / (0.999 × 1 h) times an hour; each costs 30 s.
        let expected = (1 - 0.999) / 0.999 * 30 / 3_600 * AvailabilityReport.hoursPerYear
        #expect(abs(writes.failoverHours - expected) < 1e-9)
    }

    @Test("a failover costs only the clients that depend on the cluster: not one with another way in, as what-if and AV001 agree")
    func failoverOnlyWhereNeeded() throws {
        let (report, _) = try report("""
            client visitors
            client staff
            cdn edge
            storage files
            app-server app { availability: 100% }
            cluster data { mode: active-passive, failover: manual
              database d1 { role: primary }
              database d2 { role: replica, replicates: d1 }
            }
            visitors -> edge -> files : https
            visitors -> app : https
            staff -> app : https
            app -> data : mysql
            """)
        let byName = Dictionary(uniqueKeysWithValues: report.clients.map { ($0.name, $0) })
        // Visitors are served through the cdn while data fails over (LANGUAGE.md: a client
        // needs one of its entries); staff have no other way and wait for someone to promote d2.
        for kind in [\AvailabilityReport.Client.reads, \.writes] {
            #expect(try #require(byName["visitors"]?[keyPath: kind]).failoverHours == 0)
            #expect(try #require(byName["staff"]?[keyPath: kind]).failoverHours > 0)
        }
    }

    /// The probability by enumerating every state of every variable.
    private func bruteForce(_ report: AvailabilityReport, model: FailureModel, state: Int, alwaysUp: Int? = nil) -> Double {
        let count = report.variables.count
        var total = 0.0
        for mask in 0..<(1 << count) {
            var weight = 1.0
            for variable in 0..<count {
                let up = mask & (1 << variable) != 0
                let chance = variable == alwaysUp ? 1 : report.variables[variable].up
                weight *= up ? chance : 1 - chance
            }
            let values = model.equations.solve { node -> Bool in
                report.nodeVariables[node].allSatisfy { mask & (1 << $0) != 0 }
            }
            if values[state] { total += weight }
        }
        return total
    }

    @Test("exact figures equal brute force over every combination on random designs of up to 11 variables", arguments: 0..<4)
    func againstBruteForce(batch: UInt64) throws {
        var checked = 0
        for seed in (batch * 100)..<((batch + 1) * 100) {
            let parsed = Fixtures.read(RandomDesigns.make(seed: seed))
            guard parsed.errors.isEmpty else { continue }
            let model = FailureModel(design: parsed.design)
            let report = AvailabilityReport(model: model)
            guard report.variables.count <= 11 else { continue }
            for client in report.clients {
                for (kind, figure) in [(RequestKind.read, client.reads), (.write, client.writes)] {
                    guard let figure, figure.method == .exact else { continue }
                    let expected = bruteForce(report, model: model, state: client.node * 2 + kind.rawValue)
                    let steady = figure.availability + figure.failoverHours / AvailabilityReport.hoursPerYear
                    #expect(abs(steady - expected) < 1e-9, "seed \(seed), \(client.name) \(kind)")
                    // What to fix first: the hours that disappear if that element never fails
                    // (where its failures cause no failover, which the test below checks apart).
                    if let first = figure.fixFirst.first, !Self.causesFailovers(first.element, in: parsed.design),
                       let variable = report.variables.firstIndex(where: { $0.element == first.element }) {
                        let better = bruteForce(report, model: model, state: client.node * 2 + kind.rawValue, alwaysUp: variable)
                        #expect(abs((better - expected) * AvailabilityReport.hoursPerYear - first.hoursPerYear) < 1e-6,
                                "seed \(seed), \(client.name) \(kind): fix-first")
                    }
                    checked += 1
                }
            }
        }
        #expect(checked >= 20, "enough designs small enough to enumerate")
    }

    /// Whether an element's failures make an active-passive cluster fail over: it is
    /// the serving member's host, or the serving member with its own availability.
    static func causesFailovers(_ element: Int, in design: Design) -> Bool {
        design.clusters.contains { cluster in
            guard cluster.mode == .activePassive, cluster.members.count >= 2,
                  let serving = cluster.members.first(where: { design.elements[$0].role != .replica }) ?? cluster.members.first
            else { return false }
            return element == design.elements[serving].host || (element == serving && design.elements[serving].availability != nil)
        }
    }

    @Test("what to fix first counts the failovers a member's failures cause: the active load balancer leads")
    func fixFirstCountsFailovers() throws {
        let design = try Fixtures.design("""
            client users
            dns ns { instances: 1, availability: 99.99% }
            cluster edge { mode: active-passive, failover: manual, failover-time: 30m
              load-balancer lb-a { availability: 99.95%, mttr: 2h }
              load-balancer lb-b { availability: 99.95%, mttr: 2h }
            }
            web-server web { instances: 2 }
            users -> ns
            users -> edge : https
            edge -> web : https
            """)
        let report = AvailabilityReport(model: FailureModel(design: design))
        let reads = try #require(report.clients.first?.reads)
        let first = try #require(reads.fixFirst.first)
        #expect(design.elements[first.element].id == "lb-a", "its failures cost a 30-minute failover each")
        // 0.0005 / (0.9995 × 2 h) failures an hour × 8,766 h × 0.5 h, plus the time both are down.
        let failovers = 0.0005 / (0.9995 * 2) * AvailabilityReport.hoursPerYear * 0.5
        #expect(abs(reads.failoverHours - failovers) < 1e-9)
        #expect(first.hoursPerYear > failovers, "\(first.hoursPerYear)")
        #expect(first.hoursPerYear < failovers + 0.01, "both balancers down together is rare")
        let standby = try #require(reads.fixFirst.first { design.elements[$0.element].id == "lb-b" })
        #expect(standby.hoursPerYear < 0.01, "the standby's failures cost no failover")
    }

    @Test("Monte Carlo agrees with the exact figure within its interval")
    func monteCarlo() throws {
        let text = try Fixtures.text("Tests/Fixtures/spec/first-example.infra")
        let (exact, _) = try report(text)
        let (estimated, _) = try report(text, nodeLimit: 3)
        let figure = try #require(estimated.clients.first?.writes)
        #expect(figure.method == .monteCarlo)
        let interval = try #require(figure.interval)
        let truth = try #require(exact.clients.first?.writes?.availability)
        #expect(interval.low <= truth && truth <= interval.high, "\(interval) holds \(truth)")
    }
}
