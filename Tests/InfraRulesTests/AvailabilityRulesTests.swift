import InfraCore
import InfraLintKit
import InfraRules
import InfraTestSupport
import Testing

/// "line code message" for each finding of the given codes.
private func findings(_ text: String, codes: Set<String>) -> [String] {
    LintRun.lint(SourceFile(path: "t.infra", text: text), options: LintOptions()).findings
        .filter { codes.contains($0.code) }
        .map { "\($0.location.start.line) \($0.code) \($0.message)" }
}

private func exampleFindings(_ path: String, codes: Set<String>) throws -> [String] {
    findings(try Fixtures.text(path), codes: codes)
}

private let availability: Set<String> = ["AV001", "AV002", "AV003", "AV004", "AV005", "AV006", "AV007"]

@Suite("Availability rules on the classic designs: what an experienced engineer would name")
struct AvailabilityRulesTests {
    @Test("the spec's message for the load balancer, and the host that holds the only writer")
    func specMessages() throws {
        #expect(try exampleFindings("Tests/Fixtures/spec/first-example.infra", codes: ["AV001"]) == [
            "9 AV001 lb-01 is a single point of failure: if it fails, users cannot reach the site",
            "14 AV001 web-01 is a single point of failure: if it fails, users can still read but cannot write: db-01 on it is the only database that accepts writes",
        ])
        let finding = try #require(LintRun.lint(try SourceLoader.load(path: Fixtures.path("Tests/Fixtures/spec/first-example.infra")),
                                                options: LintOptions()).findings.first { $0.code == "AV001" })
        #expect(finding.fix?.text == "pair lb-01 with a standby that takes over its address: declare cluster lb-pair { mode: active-passive, failover: automatic, vip: \"8.8.8.8\" } holding lb-01 and a new load-balancer lb-02 { software: haproxy, algorithm: round-robin }; point users -> lb-01 at lb-pair; send lb-01 -> nginx-01 and lb-01 -> nginx-02 from lb-pair")
        #expect(finding.fix?.applicability == .unsafe)
        #expect(finding.element == "lb-01")
        #expect(finding.fingerprint == "AV001:lb-01")
        #expect(finding.location.end == Position(line: 9, column: 20))
    }

    @Test("one server: the server is the single point of failure, and it runs every tier")
    func oneServer() throws {
        #expect(try exampleFindings("examples/one-server/one-server.infra", codes: availability) == [
            "16 AV001 server-01 is a single point of failure: if it fails, users cannot reach the site: every request needs nginx, app and mysql on it",
            "16 AV006 server-01 runs the web server, the application and the database together (nginx, app, mysql): they compete for CPU, memory and disk, fail together, and cannot be scaled apart",
        ])
        // The fix's title says all it does: the database's cluster, and the server's second instance.
        let fix = LintRun.lint(try Fixtures.source("examples/one-server/one-server.infra"), options: LintOptions()).findings
            .first { $0.code == "AV001" }?.fix
        #expect(fix?.title == "let a replica take over from mysql automatically, and run a second server-01 for the rest of what it runs")
        #expect(fix?.text.contains("set instances: 2 on server-01") == true, "\(fix?.text ?? "")")
    }

    @Test("distributed: the load balancer, and the primary's host for writes")
    func distributed() throws {
        #expect(try exampleFindings("examples/distributed/distributed.infra", codes: ["AV001", "AV002"]) == [
            "11 AV001 lb-01 is a single point of failure: if it fails, users cannot reach the site",
            "16 AV001 web-01 is a single point of failure: if it fails, users can still read but cannot write: db-01 on it is the only database that accepts writes",
        ])
    }

    @Test("a datastore whose loss stops reads, where writes never succeed: it does not claim to stop the writes")
    func lossOfTheOnlyKindServed() throws {
        // The only app writes to a replica (DES005): no write succeeds even with nothing failed.
        let messages = findings("""
            client users
            app-server app { instances: 2 }
            database main { role: primary, instances: 2 }
            database copy { role: replica, replicates: main }
            users -> app : https
            app -> copy : mysql { access: read-write }
            """, codes: ["AV001"])
        #expect(messages == [
            "4 AV001 copy is a single point of failure: if it fails, users cannot read (they cannot write even with nothing failed): it is the only database that serves reads",
        ])
    }

    @Test("secured and monitored: firewalls and HTTPS change nothing about availability")
    func securedMonitored() throws {
        #expect(try exampleFindings("examples/secured-monitored/secured-monitored.infra", codes: ["AV001", "AV002"]) == [
            "16 AV001 lb-01 is a single point of failure: if it fails, users cannot reach the site",
            "24 AV001 web-01 is a single point of failure: if it fails, users can still read but cannot write: db-01 on it is the only database that accepts writes",
        ])
    }

    @Test("scaled up: no single point of failure; one database still takes every write")
    func scaledUp() throws {
        #expect(try exampleFindings("examples/scaled-up/scaled-up.infra", codes: availability) == [
            "70 AV002 every write goes to db-01: while a replica is promoted writes stop, and write capacity is capped at one machine",
        ])
    }

    @Test("a lone primary whose failure the writes survive through storage is not said to be promoted away")
    func singleWriterOutsideACluster() {
        // Writes also go to images, so losing main stops no client's writes (no AV001);
        // but nothing promotes the replica, so "while a replica is promoted" would be false.
        #expect(findings(Fixtures.writesThroughStorage, codes: availability) == [
            "5 AV002 every database write goes to main and nothing promotes a replica when it fails (the writes that go on then need no database): database write capacity is capped at one machine",
        ])
        // A cluster of one member promotes nothing either.
        #expect(findings(Fixtures.writesThroughStorage.replacingOccurrences(
            of: "database main { role: primary }", with: "cluster solo { database main { role: primary } }"), codes: availability) == [
            "5 AV002 every database write goes to main and nothing promotes a replica when it fails (the writes that go on then need no database): database write capacity is capped at one machine",
        ])
        // With two instances, losing one is survived in place: the usual sentence holds.
        #expect(findings("""
            client users
            app-server api { instances: 2 }
            database main { role: primary, instances: 2 }
            users -> api : https
            api -> main : postgres
            """, codes: availability) == [
            "3 AV002 every write goes to main: while a replica is promoted writes stop, and write capacity is capped at one machine",
        ])
    }

    @Test("a firewall before the only writer: 'can still read but cannot write' says why")
    func firewallBeforeTheWriter() {
        #expect(findings("""
            client users
            load-balancer lb { instances: 2 }
            firewall fw2
            web-server w1 { instances: 2 }
            web-server w2 { instances: 2 }
            database main { role: primary, instances: 2 }
            database copy { role: replica, replicates: main, instances: 2 }
            users -> lb : https
            lb -> fw2 -> w1 : https
            lb -> w2 : https
            w1 -> main : mysql
            w2 -> copy : mysql
            """, codes: ["AV001"]) == [
            "3 AV001 fw2 is a single point of failure: if it fails, users can still read but cannot write: every write needs it",
        ])
    }

    @Test("round robin over an active-active cluster of unequal servers: the members are the backends; behind one address the cluster is one")
    func roundRobinOverClusterMembers() {
        let design = """
            client users
            load-balancer lb { instances: 2 }
            cluster web {
              web-server w1 { capacity: 2000 }
              web-server w2 { capacity: 4000 }
            }
            users -> lb : https
            lb -> web : http
            """
        #expect(findings(design, codes: ["AV005"]) == [
            "2 AV005 lb uses round-robin over backends of different sizes (w1: 2000 req/s; w2: 4000 req/s): each gets the same share, so w1 overloads first",
        ])
        #expect(findings(design.replacingOccurrences(of: "cluster web {", with: "cluster web { vip: \"10.0.0.5\""), codes: ["AV005"]) == [])
    }

    @Test("an active-passive cluster without automatic failover is reported once, on the cluster")
    func manualFailoverOnce() {
        #expect(findings("""
            client users
            cluster edge { mode: active-passive; load-balancer a; load-balancer b }
            users -> edge : https
            """, codes: availability) == [
            "2 AV003 edge is active-passive with manual failover (the default for active-passive): when a fails, nothing promotes b, and the site is down until someone does",
        ])
    }

    @Test("a database cluster without automatic failover: the member it serves from is named, not the first written")
    func manualFailoverOfDatabases() {
        #expect(findings("""
            client users
            app-server api { instances: 2 }
            cluster pg { mode: active-passive, failover: manual
              database pg-2 { role: replica, replicates: pg-1 }
              database pg-1 { role: primary }
            }
            users -> api : https
            api -> pg : postgres
            """, codes: ["AV003"]) == [
            "3 AV003 pg is active-passive with manual failover: when pg-1 fails, nothing promotes pg-2, and the site is down until someone does",
        ])
    }

    @Test("a web server linked to two app servers needs both: the fix says how to write 'either'")
    func peersHint() throws {
        let outcome = LintRun.lint(SourceFile(path: "t.infra", text: """
            client users
            web-server web { instances: 2 }
            server app-01 { app-server a1 }
            server app-02 { app-server a2 }
            users -> web : https
            web -> a1, a2 : http
            """), options: LintOptions())
        let fixes = outcome.findings.filter { $0.code == "AV001" }.compactMap(\.fix?.text)
        #expect(fixes.count == 2)
        #expect(fixes.first == "web needs every element it links to; let any one of app-01 and app-02 serve: declare cluster app-tier { mode: active-active } holding app-01 and app-02; point web -> a1 and web -> a2 at app-tier")
    }

    @Test("an app that writes to a primary and reads from a replica of its replica needs each for its own kind: no 'either will do' cluster of the two")
    func writerAndReaderAreNotPeers() throws {
        let outcome = LintRun.lint(SourceFile(path: "t.infra", text: """
            client users
            web-server web { instances: 2 }
            database main { role: primary }
            database r1 { role: replica, replicates: main }
            database r2 { role: replica, replicates: r1 }
            users -> web : https
            web -> main : mysql { access: write }
            web -> r2 : mysql { access: read }
            """), options: LintOptions())
        let fixes = outcome.findings.filter { $0.code == "AV001" }.map { "\($0.element ?? "") \($0.fix?.text ?? "")" }
        #expect(fixes == [
            "main let a replica take over from main automatically: declare cluster main-cluster { mode: active-passive, failover: automatic } holding main and r1; point web -> main at main-cluster",
            "r2 give the reads that need r2 a second replica: declare cluster r-cluster { mode: active-active } holding r2 and a new database r3 { role: replica, replicates: r1 }; point web -> r2 at r-cluster",
        ])
    }

    @Test("a primary its writers name directly, in a cluster whose replica serves reads of its own: the fix links the cluster")
    func primaryNamedInsideItsCluster() {
        let text = """
            client users
            app-server api { instances: 2 }
            app-server reports { instances: 2 }
            cluster meta {
              database meta-1 { role: primary }
              database meta-2 { role: replica, replicates: meta-1 }
            }
            users -> api, reports : https
            api -> meta-1 : postgres
            reports -> meta-2 : postgres { access: read }

            """
        let finding = LintRun.lint(SourceFile(path: "t.infra", text: text), options: LintOptions()).findings
            .first { $0.code == "AV001" && $0.element == "meta-1" }
        #expect(finding?.fix?.text == "link the cluster meta, not its member meta-1: point api -> meta-1 at meta")
        #expect(FixChecks.problems(in: text, name: "named.infra") == [])
        var options = FixRun.Options()
        options.unsafe = true
        options.select = ["AV001"]
        let fixed = FixRun.fix(SourceFile(path: "t.infra", text: text), options: options)
        #expect(fixed.text.contains("api -> meta : postgres\n"), "\(fixed.text)")
        #expect(findings(fixed.text, codes: ["AV001"]) == [])
    }

    @Test("a backend of a least-connections balancer is not scaled alone: its share would grow with its capacity")
    func leastConnectionsBackend() {
        let text = """
            client users { load: 3000 }
            load-balancer lb { instances: 2, algorithm: least-connections }
            web-server a { capacity: 1000 }
            web-server b { capacity: 1000 }
            users -> lb : https
            lb -> a, b : https

            """
        let findings = LintRun.lint(SourceFile(path: "t.infra", text: text), options: LintOptions()).findings
        let overloaded = findings.filter { $0.code == "AV009" }
        #expect(overloaded.map { $0.element ?? "" } == ["a", "b"])
        // Two instances of a alone would draw 2,000 of the 3,000 to it: still over. With b
        // lost, a carries all 3,000: three times its capacity.
        #expect(overloaded.allSatisfy { $0.fix?.applicability == .manual }, "\(overloaded.map { $0.fix?.text ?? "" })")
        #expect(overloaded.first?.fix?.text.hasPrefix("give a and the other backends of lb 3× their capacity together") == true,
                "\(overloaded.first?.fix?.text ?? "")")
        #expect(FixChecks.problems(in: text, name: "least.infra") == [])
    }

    @Test("bad input: a cluster with one member, cycles, links into an agent: sensible findings, no crash")
    func badInput() {
        #expect(findings("client u\ncluster solo { web-server w }\nu -> solo : https", codes: ["AV001"]) == [
            "2 AV001 w is a single point of failure: if it fails, u cannot reach the site: its cluster solo has no other member",
        ])
        #expect(findings("client u\nweb-server a { instances: 2 }\nweb-server b { instances: 2 }\nu -> a : https\na -> b -> a : http", codes: availability) == [])
        #expect(findings("client u\nmonitor m\nserver s { instances: 2; web-server w; agent x { reports-to: m } }\nu -> s : https\nw -> x : http", codes: availability) == [])
    }

    @Test("replication problems: nothing copied, not a database, a cycle reported once")
    func danglingReplicas() {
        #expect(findings("""
            database a { role: replica, replicates: b }
            database b { role: replica, replicates: c }
            database c { role: replica, replicates: a }
            database d { role: replica, replicates: a }
            """, codes: ["AV007"]) == ["1 AV007 a, b and c replicate each other in a cycle: no primary holds the original data"])
        let notDatabase = LintRun.lint(SourceFile(path: "t.infra", text: "cache c\ndatabase r { role: replica, replicates: c }"),
                                       options: LintOptions()).findings.first { $0.code == "AV007" }
        #expect(notDatabase?.message == "r replicates c, which is a cache, not a database")
        #expect(notDatabase?.related.first?.location.start == Position(line: 1, column: 1), "both positions are named")
    }
}
