import InfraCore
import InfraTestSupport
import Testing

@Suite("Every example in LANGUAGE.md parses and means what the page says")
struct SpecExampleTests {
    @Test("the spec's designs and the examples parse without errors", arguments: Fixtures.specDesigns + Fixtures.examples)
    func parsesCleanly(path: String) throws {
        let parsed = Frontend.read(try SourceLoader.load(path: Fixtures.path(path)))
        #expect(parsed.errors.isEmpty, "\(parsed.errors.map(\.message))")
        #expect(parsed.design.unknownProperties.isEmpty)
        #expect(parsed.design.unknownProtocols.isEmpty)
    }

    @Test("the classic distributed design: hosts, components, links and their access")
    func firstExample() throws {
        let design = try Fixtures.design(try Fixtures.text("Tests/Fixtures/spec/first-example.infra"))
        #expect(design.name == "www.foobar.com")
        #expect(design.description == "Distributed web infrastructure with a primary-replica database")
        #expect(design.hosts.map(\.id) == ["users", "foobar-dns", "lb-01", "web-01", "web-02"])
        #expect(design.contents(of: design.element(named: "web-01")!.index).map(\.id) == ["nginx-01", "app-01", "db-01"])
        #expect(design.element(named: "foobar-dns")?.instances == 2, "dns defaults to two instances")
        #expect(design.element(named: "lb-01")?.instances == 1)
        #expect(design.element(named: "lb-01")?.algorithm == .roundRobin)
        #expect(design.element(named: "db-02")?.role == .replica)
        #expect(design.element(named: "db-02")?.replicates?.name == "db-01")
        #expect(design.links.map(\.name) == [
            "users->foobar-dns", "users->lb-01", "lb-01->nginx-01", "lb-01->nginx-02", "nginx-01->app-01",
            "nginx-02->app-02", "app-01->db-01", "app-02->db-01", "app-02->db-02",
        ])
        #expect(design.links.map { $0.access?.rawValue ?? "-" } == ["-", "-", "-", "-", "-", "-", "read-write", "write", "read"])
        #expect(design.links[1].isPlaintext)
        #expect(!design.links[0].isPlaintext, "dns is name resolution, never plaintext")
    }

    @Test("redundancy written three ways: clusters, modes, failover, vip and instances")
    func redundancyExample() throws {
        let design = try Fixtures.design(try Fixtures.text("Tests/Fixtures/spec/redundancy.infra"))
        let edge = design.clusters[0]
        #expect(edge.id == "edge" && edge.label == "HAProxy pair")
        #expect(edge.mode == .activePassive && edge.failover == .automatic && edge.vip == "8.8.8.8")
        #expect(edge.members.map { design.elements[$0].id } == ["lb-01", "lb-02"])
        #expect(design.element(named: "lb-01")?.algorithm == .leastConnections)
        let data = design.clusters[1]
        #expect(data.mode == .activePassive && data.failover == .automatic)
        #expect(design.element(named: "web")?.instances == 3)
        #expect(design.links.map(\.name) == ["users->edge", "edge->web", "web->data"])
        #expect(design.links[0].to == .cluster(0))
    }

    @Test("trust, firewalls and monitoring: networks, inheritance, host firewalls, agents")
    func trustExample() throws {
        let design = try Fixtures.design(try Fixtures.text("Tests/Fixtures/spec/trust-firewalls-monitoring.infra"))
        #expect(design.networks.map(\.id) == ["internet", "dmz", "private"])
        #expect(design.networks.map(\.trust) == [.untrusted, .trusted, .trusted])
        #expect(design.trust(of: design.element(named: "users")!.index) == .untrusted)
        let web = try #require(design.element(named: "web-01"))
        #expect(web.firewall)
        #expect(design.hasOwnFirewall(host: web.index))
        #expect(design.element(named: "nginx-01")?.network == 2, "components inherit their server's network")
        #expect(design.element(named: "mon-01")?.reportsTo?.name == "sumo")
        #expect(design.links.map(\.name) == ["users->fw-edge", "fw-edge->lb-01", "lb-01->web-01", "mon-01->sumo"])
        #expect(design.entry(of: web.index) == design.element(named: "nginx-01")?.index)
    }

    @Test("failover defaults: automatic for active-active, manual for active-passive")
    func failoverDefaults() throws {
        let design = try Fixtures.design("""
            cluster a { web-server a1; web-server a2 }
            cluster p { mode: active-passive; database p1 { role: primary }; database p2 { role: replica, replicates: p1 } }
            """)
        #expect(design.clusters[0].failover == .automatic)
        #expect(design.clusters[1].failover == .manual)
        #expect(design.clusters[1].failoverDeclared == false)
    }

    @Test("a server's entry: its entry property, else its first load balancer, web or app server")
    func serverEntry() throws {
        let design = try Fixtures.design("""
            server s { database d; app-server a; web-server w }
            server t { entry: w2; web-server w1; web-server w2 }
            server box { database only }
            """)
        #expect(design.entry(of: 0) == design.element(named: "a")?.index)
        #expect(design.entry(of: design.element(named: "t")!.index) == design.element(named: "w2")?.index)
        #expect(design.entry(of: design.element(named: "box")!.index) == nil, "a server with none of these is a black box")
    }
}
