import InfraCore
import InfraLintKit
import InfraRules
import InfraTestSupport
import Testing

private let securityAndMonitoring: Set<String> = ["SEC001", "SEC002", "SEC003", "SEC004", "SEC005", "MON000", "MON001", "MON002", "MON003"]

/// "line code message" for each security or monitoring finding.
private func findings(_ text: String, codes: Set<String> = securityAndMonitoring) -> [String] {
    LintRun.lint(SourceFile(path: "t.infra", text: text), options: LintOptions()).findings
        .filter { codes.contains($0.code) }
        .map { "\($0.location.start.line) \($0.code) \($0.message)" }
}

private func example(_ path: String, codes: Set<String> = securityAndMonitoring) throws -> [String] {
    findings(try Fixtures.text(path), codes: codes)
}

@Suite("Security and monitoring rules: what an experienced reviewer would write")
struct SecurityMonitoringRulesTests {
    @Test("the spec's first example: plain HTTP from users, no firewall before lb-01, nothing monitored")
    func firstExample() throws {
        #expect(try example("Tests/Fixtures/spec/first-example.infra") == [
            "2 MON000 nothing is monitored: no monitor collects metrics or logs, so an outage, a full disk or an attack goes unnoticed until users complain",
            "9 SEC001 no firewall stands between users and lb-01: anyone who can reach it can reach every port of lb-01, and through it web-01 and web-02",
            "27 SEC002 users->lb-01 is plain HTTP from a client: anyone on the way can read it and change it, passwords and cookies included",
        ])
    }

    @Test("the spec's trust example: the firewall element protects what is behind it; lb-01 ends TLS and is unwatched")
    func trustExample() throws {
        #expect(try example("Tests/Fixtures/spec/trust-firewalls-monitoring.infra") == [
            "9 MON001 lb-01 is not monitored: no agent on it reports to a monitor and no monitor watches it, so nobody sees its load, errors or disk until it fails",
            "9 SEC003 TLS ends at lb-01, which sends plaintext on to other hosts (lb-01->web-01): anyone inside the network can read those requests",
        ])
    }

    @Test("secured and monitored: only the TLS that ends at the load balancer")
    func securedMonitored() throws {
        #expect(try example("examples/secured-monitored/secured-monitored.infra") == [
            "16 SEC003 TLS ends at lb-01, which sends plaintext on to other hosts (lb-01->nginx-01 and lb-01->nginx-02): anyone inside the network can read those requests",
        ])
    }

    @Test("the production example fixes every finding, one with a suppression and its reason")
    func production() throws {
        let outcome = LintRun.lint(try SourceLoader.load(path: Fixtures.path("examples/production/production.infra")), options: LintOptions())
        #expect(outcome.findings.isEmpty, "\(outcome.findings.map(\.message))")
        #expect(outcome.suppressed.map(\.code) == ["AV002"])
    }

    @Test("a name resolved by dns: the connection is named CLIENT->TARGET, at the link out of the dns")
    func resolvedConnection() {
        let found = LintRun.lint(SourceFile(path: "t.infra", text: """
            client users
            dns ns
            load-balancer lb { firewall: true }
            users -> ns -> lb : http
            """), options: LintOptions()).findings.filter { $0.code == "SEC002" }
        #expect(found.map(\.element) == ["users->lb"])
        #expect(found.first?.location.start == Position(line: 4, column: 10))
    }

    @Test("networks of mixed trust: a partner network is untrusted, the office is not")
    func mixedTrust() {
        #expect(findings("""
            network partners { trust: untrusted }
            network office
            service partner-api in partners
            service intranet in office { firewall: true }
            app-server orders { firewall: true }
            partner-api -> orders : http
            intranet -> orders : http
            """, codes: ["SEC001", "SEC002"]) == [
            "3 SEC001 partner-api sits in the untrusted network partners with no firewall: anyone there can reach every port of it, and through it orders",
            "6 SEC002 partner-api->orders is plain HTTP from the untrusted network partners: anyone on the way can read it and change it, passwords and cookies included",
        ])
    }

    @Test("a host's own firewall protects that host only: the host behind it is the first unprotected one")
    func ownFirewallProtectsItself() {
        #expect(findings("""
            client users
            load-balancer lb { firewall: true, tls: passthrough }
            web-server web { tls: terminate }
            users -> lb -> web : https
            """, codes: ["SEC001"]) == [
            "3 SEC001 no firewall stands between users and web: anyone who can reach it can reach every port of web",
        ])
    }

    @Test("a plaintext hop inside one host is exempt; a passthrough load balancer ends no TLS")
    func tlsTermination() {
        #expect(findings("""
            client users
            load-balancer lb { tls: passthrough, firewall: true }
            server web { firewall: true; web-server nginx { tls: terminate }; app-server app }
            users -> lb -> web : https
            nginx -> app : http
            """, codes: ["SEC003"]) == [])
    }

    @Test("a datastore nothing links to in a design with no client: said as such, not 'reachable from clients entering at q directly'")
    func exposedImplicitEntry() {
        #expect(findings("""
            monitor mon
            queue q { firewall: true; agent a { reports-to: mon } }
            """, codes: ["SEC004"]) == [
            "2 SEC004 nothing links to q, so with no client declared requests are taken to start there, with no application in between: anyone can send it commands and read or change the data",
        ])
    }

    @Test("a datastore reached through a load balancer is exposed; behind an application it is not")
    func exposedDatastore() {
        #expect(findings("""
            client users
            load-balancer lb { firewall: true }
            database db { firewall: true }
            users -> lb : https
            lb -> db : mysql { tls: true }
            """, codes: ["SEC004"]) == [
            "3 SEC004 db is reachable from users through lb with no application in between: anyone can send it queries and read or change the data",
        ])
        // A cluster on the way is named as the cluster, not as whichever member the search took.
        #expect(findings("""
            client users
            cluster lbs {
              load-balancer lb-1 { firewall: true }
              load-balancer lb-2 { firewall: true }
            }
            database db { firewall: true }
            users -> lbs : https
            lbs -> db : mysql { tls: true }
            """, codes: ["SEC004"]) == [
            "6 SEC004 db is reachable from users through lbs with no application in between: anyone can send it queries and read or change the data",
        ])
    }

    @Test("agents on standalone hosts count; an agent reporting to something else does not")
    func agents() {
        #expect(findings("""
            monitor mon
            load-balancer lb { agent a { reports-to: mon } }
            firewall fw
            server web { web-server nginx; agent b { reports-to: web } }
            """, codes: ["MON001", "MON002"]) == [
            "4 MON001 web is not monitored: no agent on it reports to a monitor and no monitor watches it, so nobody sees its load, errors or disk until it fails",
            "4 MON002 b reports to web, which is a server, not a monitor: its metrics go nowhere",
        ])
        #expect(findings("""
            monitor mon
            server web { web-server nginx; agent b { reports-to: c } }
            agent c { reports-to: mon }
            """, codes: ["MON002"]) == ["2 MON002 b reports to c, which is an agent, not a monitor: its metrics go nowhere"])
    }

    @Test("a host whose agent reports nowhere: MON001 and MON002 both point that agent at the monitor, and fixing both declares no second agent")
    func idleAgentIsReused() throws {
        let text = """
            monitor mon
            server web { web-server nginx; agent exporter }
            """
        let found = LintRun.lint(SourceFile(path: "t.infra", text: text), options: LintOptions()).findings
        let unmonitored = try #require(found.first { $0.code == "MON001" })
        let reportsNowhere = try #require(found.first { $0.code == "MON002" })
        #expect(unmonitored.fix?.text == "report web's metrics through exporter: set reports-to: mon on exporter")
        #expect(unmonitored.fix?.edits == reportsNowhere.fix?.edits)
        let fixed = FixRun.fix(SourceFile(path: "t.infra", text: text), options: FixRun.Options())
        // One edit answers both: whichever is fixed first, the other is gone with it.
        #expect(!fixed.fixed.isEmpty && fixed.remaining.allSatisfy { !["MON001", "MON002"].contains($0.code) })
        let after = Frontend.read(SourceFile(path: "t.infra", text: fixed.text)).design
        #expect(after.elements.filter { $0.kind == .agent }.map(\.id) == ["exporter"])
        #expect(findings(fixed.text, codes: ["MON001", "MON002"]).isEmpty)
    }

    @Test("no monitor at all: one MON000 instead of any MON001 or MON002")
    func noMonitoringOnce() {
        #expect(findings("server a { web-server x; agent z }\nserver b { web-server y }", codes: ["MON000", "MON001", "MON002"]) == [
            "1 MON000 nothing is monitored: no monitor collects metrics or logs, so an outage, a full disk or an attack goes unnoticed until users complain",
        ])
        #expect(findings("", codes: ["MON000"]) == [], "an empty design has nothing to monitor")
    }

    @Test("replication across networks needs tls: true on the replica")
    func replication() {
        #expect(findings("""
            network dc1
            network dc2
            database a in dc1 { role: primary }
            database b in dc2 { role: replica, replicates: a }
            database c in dc1 { role: replica, replicates: a }
            """, codes: ["SEC005"]) == [
            "4 SEC005 replication from a to b crosses from dc1 to dc2 in plaintext: every row written travels readable",
        ])
    }
}
