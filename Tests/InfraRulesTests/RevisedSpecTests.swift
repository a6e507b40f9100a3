import InfraCore
import InfraLintKit
import InfraRules
import InfraTestSupport
import Testing

/// The minimal designs on which the analysis used to go wrong, with what
/// LANGUAGE.md's "What the links mean" and RULES.md now ask for.
@Suite("The revised spec on the designs that used to go wrong")
struct RevisedSpecTests {
    /// `CODE element: message` of the findings of some codes.
    func findings(_ text: String, _ codes: Set<String>) -> [String] {
        LintRun.lint(SourceFile(path: "t.infra", text: text), options: LintOptions()).findings
            .filter { codes.contains($0.code) }
            .map { "\($0.code) \($0.element ?? "-"): \($0.message)" }
    }

    @Test("with no client, a stray element is the entry of a client of its own and hides nothing")
    func strayElement() {
        let found = findings("""
            load-balancer lb
            web-server web
            database db
            cache stray
            lb -> web : http
            web -> db : mysql
            """, ["AV001"])
        #expect(found.contains("AV001 lb: lb is a single point of failure: if it fails, clients entering at lb cannot reach the site"))
        #expect(found.contains("AV001 web: web is a single point of failure: if it fails, clients entering at lb cannot reach the site"))
        #expect(found.contains("AV001 db: db is a single point of failure: if it fails, clients entering at lb can neither read nor write: every request needs it and the data it holds"))
        // Where the only hostile requests are the implicit client's own, SEC001 says where they enter,
        // not "between clients entering at lb and lb"; a declared client is named as before.
        #expect(findings("load-balancer lb\nweb-server web\nlb -> web : http\n", ["SEC001"])
            == ["SEC001 lb: no firewall stands in front of lb, where clients enter: anyone who can reach it can reach every port of lb, and through it web"])
        #expect(findings("client users\nload-balancer lb\nusers -> lb : https\n", ["SEC001"])
            == ["SEC001 lb: no firewall stands between users and lb: anyone who can reach it can reach every port of lb"])
        // Two unlinked load balancers: both reported.
        #expect(findings("""
            load-balancer a
            load-balancer b
            web-server w { instances: 2 }
            a -> w : http
            b -> w : http
            """, ["AV001"]).map { String($0.prefix(9)) } == ["AV001 a: ", "AV001 b: "])
    }

    @Test("a forwarder with nothing behind it serves nothing: nothing to analyse")
    func forwarderWithoutTargets() {
        #expect(findings("client u\nfirewall f\nu -> f : https", ["AV001"]).isEmpty)
    }

    @Test("a member of a manual active-passive cluster linked directly: AV003, not AV001")
    func manualFailoverMember() {
        let found = findings("""
            client u
            cluster web { mode: active-passive
              web-server w1
              web-server w2
            }
            u -> w1 : https
            """, ["AV001", "AV003"])
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("AV003 web:") == true)
    }

    @Test("a SPOF message says what is lost, and 'the only database' only when it is")
    func whatIsLost() {
        let found = findings("""
            client u
            web-server w1
            web-server w2
            database p { role: primary }
            database r { role: replica, replicates: p }
            u -> w1, w2 : https
            w1 -> p : mysql
            w2 -> r : mysql { access: read }
            w2 -> p : mysql { access: write }
            """, ["AV001"])
        #expect(found == ["AV001 p: p is a single point of failure: if it fails, u can still read but cannot write: it is the only database that accepts writes"])
        let cache = findings("""
            client u
            web-server w { instances: 2 }
            cache redis
            u -> w : https
            w -> redis : redis
            """, ["AV001"])
        #expect(cache == ["AV001 redis: redis is a single point of failure: if it fails, u can neither read nor write: every request needs it and the data it caches"])
    }

    @Test("connections through a dns are named as written, with the protocol when there are two")
    func connectionNames() {
        #expect(findings("""
            client users
            dns d
            server server-01 { web-server nginx }
            users -> d -> server-01 : http
            """, ["SEC002"]).map { String($0.prefix(while: { $0 != ":" })) } == ["SEC002 users->server-01"])
        #expect(findings("""
            client u
            dns d
            load-balancer lb
            web-server w { instances: 2 }
            u -> d : dns
            d -> lb : smtp
            u -> lb : tcp
            lb -> w : https
            """, ["SEC002"]).map { $0.split(separator: " ")[1] } == ["u->lb:smtp:", "u->lb:tcp:"])
        #expect(findings("""
            client u
            dns d
            database p { role: primary }
            database db { role: replica, replicates: p }
            u -> d : dns
            d -> db : mysql { access: write }
            """, ["DES005"]).first?.hasPrefix("DES005 u->db: u->db sends writes to db") == true)
    }

    @Test("a client writing to a replica directly is not pointed at the primary, which would expose it in turn")
    func clientWritesToReplica() {
        for text in ["client u\ndatabase p { role: primary }\ndatabase r { role: replica, replicates: p }\nu -> r : mysql { access: write }\n",
                     "client u\ndns d\ndatabase p { role: primary }\ndatabase r { role: replica, replicates: p }\nu -> d : dns\nd -> r : mysql { access: write }\n"] {
            let fix = LintRun.lint(SourceFile(path: "t.infra", text: text), options: LintOptions()).findings.first { $0.code == "DES005" }?.fix
            #expect(fix?.applicability == .manual, "\(text)")
            #expect(fix?.text.contains("put an application between") == true)
        }
    }

    /// Found by AV001's fix, which puts a second replica beside the one a link reads
    /// from and points the link at their cluster, keeping the link's `access`.
    @Test("writes to a cluster whose members are all replicas are DES005 too; a cluster with a primary takes them")
    func writesToClusterOfReplicas() {
        let replicas = """
            app-server app { instances: 2 }
            database main { role: primary }
            cluster readers {
              database r1 { role: replica, replicates: main }
              database r2 { role: replica, replicates: main }
            }
            app -> readers : mysql { access: read-write }
            """
        let finding = LintRun.lint(SourceFile(path: "t.infra", text: replicas), options: LintOptions()).findings.first { $0.code == "DES005" }
        #expect(finding?.message == "app->readers sends writes to readers, whose members (r1 and r2) are all replicas: they accept no writes, and anything written to them is overwritten by replication or lost in a failover")
        #expect(finding?.fix?.text == "send the writes to main: set { access: read } on app -> readers; add app -> main : mysql { access: write }")
        #expect(findings(replicas.replacingOccurrences(of: "r1 { role: replica, replicates: main }", with: "r1 { role: primary }"), ["DES005"]).isEmpty)
        let apart = replicas.replacingOccurrences(of: "database r2 { role: replica, replicates: main }", with: "database r2 { role: replica, replicates: other }")
            + "\ndatabase other { role: primary }\n"
        let manual = LintRun.lint(SourceFile(path: "t.infra", text: apart), options: LintOptions()).findings.first { $0.code == "DES005" }?.fix
        #expect(manual?.applicability == .manual)
        #expect(manual?.text == "r1 and r2 copy different databases: send app's writes to the primary they copy")
    }

    @Test("a link to a dns is a lookup, not a load balancer's backend")
    func lookupIsNoBackend() {
        #expect(findings("""
            client u
            dns d
            load-balancer lb
            web-server w { capacity: 500 }
            web-server v { capacity: 500 }
            u -> lb : https
            lb -> w, v, d : http
            """, ["AV005"]).isEmpty)
    }

    @Test("SEC004 sees through a server that runs no application")
    func emptyServer() {
        #expect(findings("""
            client u
            server s
            database db
            u -> s : https
            s -> db
            """, ["SEC004"]) == ["SEC004 db: db is reachable from u through s with no application in between: anyone can send it queries and read or change the data"])
    }

    @Test("SEC003: plaintext through a firewall on the host, then off it, is reported; a cluster names every member's links")
    func plaintextAfterTermination() {
        #expect(findings("""
            client u
            server lbhost {
              load-balancer haproxy { tls: terminate }
              firewall f
            }
            server t { web-server other }
            u -> haproxy : https
            haproxy -> f : http
            f -> other : http
            """, ["SEC003"]) == ["SEC003 haproxy: TLS ends at haproxy, which sends plaintext on to other hosts (f->other): anyone inside the network can read those requests"])
        #expect(findings("""
            client u
            cluster edge {
              load-balancer lb1 { tls: terminate }
              load-balancer lb2 { tls: terminate }
            }
            web-server w1
            web-server w2
            u -> edge : https
            lb1 -> w1 : http
            lb2 -> w2 : http
            """, ["SEC003"]) == ["SEC003 edge: TLS ends at edge, which sends plaintext on to other hosts (lb1->w1 and lb2->w2): anyone inside the network can read those requests"])
    }

    @Test("AV005 reads the links out of a cluster of load balancers, on each member")
    func unbalancedCluster() {
        let found = findings("""
            client u
            cluster edge {
              load-balancer lb-1
              load-balancer lb-2
            }
            web-server web-1 { capacity: 2000 }
            web-server web-2 { capacity: 500 }
            web-server web-3 { capacity: 500 }
            u -> edge : https
            edge -> web-1, web-2, web-3 : http
            """, ["AV005"])
        #expect(found.map { String($0.prefix(10)) } == ["AV005 lb-1", "AV005 lb-2"])
    }

    @Test("DES006: a client a webhook cycle or a dead end leaves unserved is told so, with where its way breaks")
    func unservedClient() {
        // A payment provider's webhook drawn back into the site: app needs stripe, stripe needs app.
        #expect(findings(Fixtures.webhookCycle, ["DES006", "AV001"]) == [
            "DES006 buyers: buyers can neither read nor write even with nothing failed: buyers -> app -> stripe -> app: stripe needs app, which is on the way to it: a cycle of links serves nothing; nothing is analysed for it",
        ])
        #expect(findings("client users\nload-balancer lb { instances: 2 }\nusers -> lb : https\n", ["DES006"]) == [
            "DES006 users: users can neither read nor write even with nothing failed: users -> lb: lb has nothing behind it to pass reads to; nothing is analysed for it",
        ])
        // The webhook from a client of its own: both clients served, nothing reported.
        #expect(findings("""
            client buyers
            client hooks
            web-server app { instances: 2 }
            service stripe { instances: 2 }
            buyers -> app : https
            app -> stripe : https
            hooks -> app : https
            """, ["DES006"]).isEmpty)
        // A client with no links, and a site that serves reads only, are not this rule's.
        #expect(findings("client idle\nclient users\napp-server a { instances: 2 }\ndatabase r { role: replica, instances: 2 }\nusers -> a : https\na -> r : mysql\n", ["DES006"]).isEmpty)
    }

    @Test("AV004 says what a dead backend costs; with one backend, what a second one would meet")
    func noHealthCheckMessage() {
        #expect(findings("client u\nload-balancer lb { health-check: false, instances: 2 }\nweb-server a { instances: 2 }\nweb-server b { instances: 2 }\nu -> lb : https\nlb -> a, b : https\n", ["AV004"])
            == ["AV004 lb: lb has health-check: false: it keeps sending requests to a dead backend, so one failed backend fails a share of all requests"])
        #expect(findings("client u\nload-balancer outer { health-check: false, instances: 2 }\nload-balancer inner { instances: 2 }\nweb-server a { instances: 2 }\nu -> outer : https\nouter -> inner : https\ninner -> a : https\n", ["AV004"])
            == ["AV004 outer: outer has health-check: false: a backend added beside inner would keep receiving its share after it died"])
    }

    @Test("AV005: backends that serve as much in all (capacity × instances) are alike, however it is made up")
    func unbalancedByTotal() {
        let design = { (second: String) in """
            client u
            load-balancer lb { instances: 2 }
            app-server a { capacity: 600, instances: 2 }
            app-server b { \(second) }
            u -> lb : https
            lb -> a, b : http
            """ }
        #expect(findings(design("capacity: 300, instances: 4"), ["AV005"]).isEmpty, "1,200 and 1,200: round robin is fair")
        #expect(findings(design("capacity: 300, instances: 2"), ["AV005"]) == [
            "AV005 lb: lb uses round-robin over backends of different sizes (a: 600 req/s; b: 300 req/s): each gets the same share, so b overloads first",
        ])
        #expect(findings(design("instances: 4"), ["AV005"]).count == 1, "b states no capacity: compared on instances, as before")
    }

    @Test("DES001: a member on itself; a worker of a reached queue and what it uses are reached")
    func unreachable() {
        #expect(findings("""
            client u
            web-server w { instances: 2 }
            cluster c {
              app-server a1
              app-server a2
            }
            u -> w : https
            w -> a1 : http
            """, ["DES001"]) == ["DES001 a2: no client request reaches a2: nothing that clients reach links to it"])
        #expect(findings("""
            client u
            web-server w { instances: 2 }
            queue q { instances: 2 }
            app-server worker { instances: 2 }
            database pg { instances: 2 }
            u -> w : https
            w -> q : amqp
            worker -> q : amqp
            worker -> pg : postgres
            """, ["DES001"]).isEmpty)
    }

    @Test("DES001 behind a component the server's entry never calls names the entry and the missing link, and that link clears it")
    func unreachableBehindAComponent() throws {
        let design = """
            client u
            cluster webs {
              server w1 { web-server nginx-1; app-server php-1 }
              server w2 { web-server nginx-2; app-server php-2 }
            }
            database db { instances: 2 }
            u -> webs : https
            php-1, php-2 -> db : postgres
            """
        #expect(findings(design, ["DES001"]) == [
            "DES001 db: no client request reaches db: php-1 and php-2 link to it, but no request reaches php-1 or php-2: requests reach w1 and w2 at nginx-1 and nginx-2",
        ])
        #expect(Linter.lint(try Fixtures.design(design), rules: [UnreachableElementRule.self]).first?.fix?.text
            == "link nginx-1 -> php-1 and nginx-2 -> php-2 if they hand requests on, or link db from the element that uses it")
        #expect(findings(design + "\nnginx-1 -> php-1 : http\nnginx-2 -> php-2 : http", ["DES001"]).isEmpty)
        // A component of a member server that is not its entry is not the member: a link to
        // it and a link to another member are two links, not one link to the cluster (which
        // lost s0-ser, and db behind it, from every request path).
        #expect(findings("""
            client u
            cluster c {
              server s0 { web-server s0-web; service s0-ser }
              server s1 { load-balancer s1-loa }
            }
            database db { instances: 2 }
            u -> c : https
            s0-web -> s0-ser, s1-loa : tcp
            s0-ser -> db : tcp
            """, ["DES001"]).isEmpty)
        // A caller nothing enters at all keeps the plain message.
        #expect(findings("""
            client u
            web-server w
            app-server a
            cache c
            u -> w : https
            a -> c : redis
            """, ["DES001"]) == [
            "DES001 a: no client request reaches a: nothing that clients reach links to it",
            "DES001 c: no client request reaches c: nothing that clients reach links to it",
        ])
    }

    @Test("AV008 names what costs the most over the kinds below the target, as the explanation ranks what buys the most uptime")
    func belowTargetNamesTheCostliest() {
        // Writes need fw-b and box-2 beside fastly; reads need fastly alone, and lose more to it.
        let found = findings("""
            design "t" { target: 99.95% }
            client browsers
            cdn fastly { tls: passthrough }
            load-balancer lbs { instances: 2 }
            firewall fw-a
            firewall fw-b
            server box-1
            server box-2 { web-server www }
            cluster dbs { mode: active-passive, failover: automatic
              database d1 { role: primary }
              database d2 { role: replica, replicates: d1 }
            }
            database d3 { role: replica, replicates: d2 }
            browsers -> fastly : https
            fastly -> lbs : https
            lbs -> fw-a, fw-b : http
            fw-a -> box-1 : http
            fw-b -> box-2 : http
            www -> dbs : postgres
            box-1 -> d3 : postgres
            """, ["AV008"])
        #expect(found.count == 1)
        #expect(found.first?.hasSuffix("fastly costs the most, about 8.8 h of downtime a year") == true)
    }

    @Test("DES003 with nothing close and no other kind taking it says what the block takes")
    func unknownPropertyListsWhatIsTaken() {
        #expect(findings("""
            app-server a
            database db
            a -> db : postgres { reads-only: true }
            """, ["DES003"]) == ["DES003 a->db: 'reads-only' is not a property of a link, so it is ignored; a link takes tls, access, weight and description"])
        // A close name still gets its "did you mean", and nothing else.
        #expect(findings("load-balancer lb { algoritm: round-robin }", ["DES003"])
            == ["DES003 lb: 'algoritm' is not a property of a load-balancer, so it is ignored; did you mean 'algorithm'?"])
    }

    @Test("DES004 says what the link's own tls makes of an unknown protocol, not 'plaintext' over tls: true")
    func unknownProtocolWithTLS() {
        #expect(findings("app-server a { instances: 2 }\nqueue q { instances: 2 }\na -> q : kafka { tls: true }", ["DES004"])
            == ["DES004 a->q: 'kafka' is not a protocol infralint knows; the link is taken as encrypted, as its tls: true says"])
        #expect(findings("app-server a { instances: 2 }\nqueue q { instances: 2 }\na -> q : kafka { tls: false }", ["DES004"])
            == ["DES004 a->q: 'kafka' is not a protocol infralint knows; the link is plaintext, as its tls: false says"])
        #expect(findings("app-server a { instances: 2 }\nqueue q { instances: 2 }\na -> q : kafka", ["DES004"])
            == ["DES004 a->q: 'kafka' is not a protocol infralint knows; it is treated as plaintext"])
        // Encrypted as it says: no plaintext finding rides on the unknown name.
        let lint = LintRun.lint(SourceFile(path: "t.infra", text: "client u\nweb-server w { instances: 2 }\nu -> w : quic { tls: true }"),
                                options: LintOptions()).findings
        #expect(!lint.contains { $0.code == "SEC002" }, "\(lint.map(\.message))")
    }

    @Test("MON000 on a design with only clients, dns, cdns and firewalls")
    func noMonitor() {
        #expect(findings("client u\nfirewall f\ncdn c\nu -> f -> c : https", ["MON000"]).count == 1)
        #expect(findings("client u", ["MON000"]).isEmpty)
    }
}
