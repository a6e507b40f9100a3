import InfraCore
import InfraRender
import InfraRules
import InfraTestSupport
import Testing

/// Sentences that were wrong or unclear on designs written to try the tool as a
/// new user would (a ticketing platform with a queue, a home lab behind a router).
@Suite("explain: wording checked on designs nobody tuned it for")
struct ExplainWordingTests {
    @Test("a list one name over its limit names it: 'and 1 more' would take the place of the name it hides")
    func oneOverTheLimit() {
        #expect(listed(["a", "b", "c"], limit: 2) == "a, b and c")
        #expect(listed(["a", "b", "c", "d"], limit: 2) == "a, b and 2 more")
        #expect(listed(["a", "b", "c"], conjunction: "or", limit: 2) == "a, b or c")
    }

    @Test("the replica an active-passive cluster keeps as its standby stands by: it does not ease the primary, unless something reads from it directly")
    func standbyReplica() throws {
        let cluster = """
            client users
            app-server api { instances: 2 }
            cluster pg { mode: active-passive, failover: automatic
              database pg-1 { role: primary }
              database pg-2 { role: replica, replicates: pg-1 }
            }
            users -> api : https
            api -> pg : postgres
            """
        let text = try explain(cluster)
        #expect(text.contains("- `pg-2`: a replica of pg-1: it stands by in `pg` with a copy of the data, to take over automatically if pg-1 is lost."))
        #expect(!text.contains("easing the primary"))
        #expect(text.contains("pg-1 takes the writes, pg-2 stands by;"))
        // Nor does anything read from it while pg-1 serves: the path, the database and
        // the primary-replica section say where reads go with nothing failed.
        #expect(text.contains("it reads and writes pg-1."))
        #expect(text.contains("**Database.** pg (pg-1, with pg-2 standing by) runs the queries"))
        #expect(text.contains("For reads, api reads from pg-1."))
        #expect(!text.contains("pg-1 or pg-2"))
        let direct = try explain(cluster.replacingOccurrences(of: "failover: automatic", with: "failover: manual") + "\n" + """
            client analysts
            app-server reports
            analysts -> reports : https
            reports -> pg-2 : postgres

            """)
        #expect(direct.contains("- `pg-2`: a replica of pg-1: it serves reads (to reports), easing the primary, and it stands by in `pg` with a copy of the data, for someone to promote if pg-1 is lost."))
        #expect(direct.contains("pg-2 stands by and serves reads meanwhile"))
    }

    @Test("the routes of a load balancer's other backends leave out an active-passive cluster's standby too")
    func standbyOffOtherRoutes() throws {
        let text = try explain("""
            client users
            load-balancer lb
            app-server a1
            app-server a2
            cluster pg { mode: active-passive, failover: automatic
              database pg-1 { role: primary }
              database pg-2 { role: replica, replicates: pg-1 }
            }
            users -> lb : https
            lb -> a1, a2 : http
            a1, a2 -> pg : postgres
            """)
        #expect(text.contains("A request sent to the other backend goes through a2 → pg-1."))
        #expect(!text.contains("pg-1 or pg-2"))
    }

    @Test("a service is called by what its links name: a cluster of load balancers, not each member; a server, not its entry")
    func serviceCallersAsWritten() throws {
        let text = try explain("""
            client users
            cluster lbs {
              load-balancer lb-a
              load-balancer lb-b
            }
            server web { web-server nginx }
            service orders { instances: 2 }
            users -> lbs : https
            lbs -> orders : http
            users -> web : https
            web -> orders : http
            """)
        #expect(text.contains("- `orders`: a service called by lbs and web (2 instances)."))
    }

    @Test("the member an active-passive cluster of servers serves from is the primary's host, even listed second")
    func servingMemberOfServers() throws {
        let design = """
            client users
            app-server api { instances: 2 }
            cluster data { mode: active-passive, failover: manual
              server host-r { database db-r { role: replica, replicates: db-p } }
              server host-p { database db-p { role: primary } }
            }
            users -> api : https
            api -> data : mysql
            """
        let text = try explain(design)
        #expect(text.contains("`data` (host-r and host-p) is **active-passive**: host-p serves, host-r stands by;"))
        #expect(Linter.lint(try Fixtures.design(design)).contains {
            $0.code == "AV003" && $0.message.contains("when host-p fails, nothing promotes host-r")
        })
    }

    @Test("a worker fed by a queue has no load on the drawing's label, only what it can serve")
    func workerLabel() throws {
        let design = try Fixtures.design("""
            client users { load: 800 }
            app-server api { capacity: 1000 }
            queue jobs
            service resizer { instances: 3, capacity: 50 }
            users -> api : https
            api -> jobs : amqp
            resizer -> jobs : amqp
            """)
        let dot = DOTRenderer.render(Diagram(design: design))
        #expect(dot.contains("150 req/s · load not estimated"))
        #expect(dot.contains("800 of 1,000 req/s · 80%"))
        #expect(!dot.contains("0 of 150"))
    }

    @Test("replicas that replicate differently are each named with their mode, not said to be both")
    func mixedReplicationModes() throws {
        let text = try explain("""
            client users
            app-server api { instances: 2 }
            cluster data {
              database pg-1 { role: primary }
              database pg-2 { role: replica, replicates: pg-1, replication: semi-sync }
            }
            database reports { role: replica, replicates: pg-2 }
            users -> api : https
            api -> data : postgres
            api -> reports : postgres
            """)
        #expect(text.contains("Replication into reports is **asynchronous**"))
        #expect(text.contains("Replication into pg-2 is **semi-synchronous**"))
        #expect(!text.contains("Replication is **"), "one mode for all would contradict the other")
        let same = try explain("""
            client users
            app-server api { instances: 2 }
            database main { role: primary }
            database copy { role: replica, replicates: main, replication: sync }
            users -> api : https
            api -> main : postgres
            api -> copy : postgres
            """)
        #expect(same.contains("Replication is **synchronous**"), "one mode: no names needed")
    }

    @Test("a primary no replica replaces, whose failure the writes survive, is said to leave them a way that does not need it")
    func writesThatSurviveThePrimary() throws {
        let text = try explain(Fixtures.writesThroughStorage)
        #expect(text.contains("When main fails, writes carry on along `users -> uploads -> images`, a way that does not need it"))
        #expect(!text.contains("no client's writes need it"), "every write went to main a sentence earlier")
    }

    @Test("a primary with several instances loses one, not itself")
    func primaryWithInstances() throws {
        let text = try explain("""
            client users
            app-server api { instances: 2 }
            database main { role: primary, instances: 2 }
            database copy { role: replica, replicates: main }
            users -> api : https
            api -> main : postgres
            api -> copy : postgres
            """)
        #expect(text.contains("When one of main's 2 instances fails, the other carries on with its reads and writes."))
        #expect(!text.contains("a way that does not need it"), "the way still goes through main")
    }

    @Test("elements over capacity with nothing failed are AV009's, not AV010's, in the capacity verdict")
    func overCapacityVerdict() throws {
        let text = try explain("""
            client users { load: 450 }
            load-balancer lb { instances: 2 }
            app-server a { capacity: 200 }
            app-server b { capacity: 200 }
            users -> lb : https
            lb -> a, b : http
            """)
        #expect(text.contains("It does not survive every single failure at peak: AV009 reports each element already over capacity with nothing failed."))
        #expect(!text.contains("AV010 reports"), "AV010 reports nothing here")
        let mixed = try explain("""
            client users { load: 450 }
            load-balancer lb { instances: 2 }
            app-server a { capacity: 200 }
            app-server b { capacity: 300 }
            users -> lb : https
            lb -> a, b : http { weight: 1 }
            """)
        #expect(mixed.contains("AV010 reports each element that overloads; AV009 reports those already over capacity with nothing failed."))
    }

    @Test("each client's label stands beside that client; another client's targets are each said once")
    func clientsAndTheirTargets() throws {
        let text = try explain("""
            client phones "Mobile app"
            client browsers
            dns apex { records: ["chat.example CNAME lb.chat.example"] }
            load-balancer l4 { instances: 2 }
            app-server chat { instances: 2 }
            phones -> apex -> l4 : wss
            browsers -> apex
            browsers -> l4 : wss
            l4 -> chat : grpc
            """)
        #expect(text.contains("- `phones` (Mobile app) and `browsers`: who uses the site"), "\(text)")
        #expect(text.contains("Requests from browsers go to l4 (after a lookup at apex)."), "l4 directly and through apex is one target; apex is a lookup")
        #expect(text.contains("over gRPC (unencrypted)"))
    }

    @Test("what buys the most uptime counts a manual pair's failovers, and ranks ties by name as the availability command does")
    func fixFirstWithFailovers() throws {
        let text = try explain("""
            client users
            dns ns { instances: 1, availability: 99.99% }
            cluster edge { mode: active-passive, failover: manual, failover-time: 30m
              load-balancer lb-a { availability: 99.95%, mttr: 2h }
              load-balancer lb-b { availability: 99.95%, mttr: 2h }
            }
            cluster apps { mode: active-active
              app-server a1 { availability: 99.5%, mttr: 4h }
              app-server a2 { availability: 99.5%, mttr: 4h }
            }
            users -> ns
            users -> edge : https
            edge -> apps : https
            """)
        #expect(text.contains("What buys the most uptime, first: lb-a (about 1.1 h a year), ns (about 53 min a year), a1 (about 13 min a year)"), "\(text)")
    }

    @Test("the other backends: one is 'the other backend'; backends that link nowhere answer the requests themselves")
    func otherBackends() throws {
        let one = try explain("client users\nload-balancer lb { instances: 2 }\nweb-server a { instances: 2 }\nweb-server b { instances: 2 }\nusers -> lb : https\nlb -> a, b : https\n")
        #expect(one.contains("A request sent to the other backend, b, is answered there."), "\(one)")
        let several = try explain("client users\nload-balancer lb { instances: 2 }\nweb-server a { instances: 2 }\nweb-server b { instances: 2 }\nweb-server c { instances: 2 }\nusers -> lb : https\nlb -> a, b, c : https\n")
        #expect(several.contains("Requests sent to the other backends, b and c, are answered there."), "\(several)")
        #expect(!several.contains("go through b"), "a backend that links nowhere is no route")
        // An app that needs a cache, a database and a mailer: the route ends on all three,
        // not on the mailer alone; routes ending on lists are set apart.
        let mixed = try explain("""
            client users
            load-balancer lb { instances: 2 }
            web-server a { instances: 2 }
            app-server b { instances: 2 }
            load-balancer inner { instances: 2 }
            cache sessions { instances: 2 }
            database db { instances: 2 }
            service mailer { instances: 2 }
            users -> lb : https
            lb -> a, b, inner : https
            a -> db : mysql
            b -> sessions : redis
            b -> db : mysql
            b -> mailer : smtp
            inner -> a : https
            """)
        #expect(mixed.contains("Requests sent to the other backends go through b → sessions, db and mailer; or inner → a → db."), "\(mixed)")
    }

    @Test("a load balancer whose backends are each a firewall before one server balances the servers")
    func firewallsAsBackends() throws {
        let text = try explain("""
            client user
            load-balancer lb { instances: 2 }
            firewall fw2 { instances: 2 }
            firewall fw3 { instances: 2 }
            server server1 { web-server n1 }
            server server2 { web-server n2 }
            user -> lb : https
            lb -> fw2 -> server1 : https
            lb -> fw3 -> server2 : https
            """)
        #expect(text.contains("shares the requests between the servers server1 and server2 (each behind its firewall: fw2 and fw3)"), "\(text)")
        #expect(text.contains("`lb` sends requests to the servers server1 and server2 (through fw2 and fw3) at the same time"))
        #expect(!text.contains("between the firewalls"))
    }

    @Test("a load balancer with one backend passes requests on without naming an algorithm; one before a cluster names it")
    func algorithmOnlyWhenItChooses() throws {
        let text = try explain("""
            client users
            load-balancer edge { instances: 2 }
            load-balancer inner { algorithm: least-connections }
            cluster web { web-server w1; web-server w2 }
            users -> edge : https
            edge -> inner : https
            inner -> web : https
            """)
        #expect(text.contains("edge receives the request over HTTPS and passes it to inner."), "\(text)")
        #expect(text.contains("inner receives the request over HTTPS and passes it to web by least connections."))
        let copies = try explain("client users\nload-balancer lb { instances: 2 }\nweb-server web { instances: 3 }\nusers -> lb : https\nlb -> web : https\n")
        #expect(copies.contains("passes it to web by round robin."), "three instances behind one name: the algorithm picks one")
    }

    @Test("a service is described by who calls it; one a queue hands jobs to takes the jobs queued there")
    func servicesByTheirCallers() throws {
        let text = try explain("""
            client users
            app-server api { instances: 2 }
            queue jobs { instances: 2 }
            service worker { instances: 2 }
            service mailer { instances: 2 }
            storage files { instances: 2 }
            users -> api : https
            api -> jobs : amqp
            api -> mailer : http
            jobs -> worker : amqp
            worker -> files : https
            worker -> data : postgres { access: write }
            cluster data { mode: active-passive, failover: automatic
              database pg-a { role: primary }
              database pg-b { role: replica, replicates: pg-a }
            }
            api -> data : postgres
            """)
        // A cluster is named as the link names it, not member by member.
        #expect(text.contains("`worker`: takes the jobs queued in jobs, and uses files and data"), "\(text)")
        #expect(text.contains("`mailer`: a service called by api"))
        #expect(!text.contains("a service the design calls"))
    }

    @Test("a firewall in front of a server is in front of the server the link names, not its entry")
    func firewallInFrontOfTheServerAsWritten() throws {
        let text = try explain("""
            client family
            firewall router { instances: 2 }
            server box { web-server caddy; app-server cloud }
            family -> router : https
            router -> box : https
            caddy -> cloud : http
            """)
        #expect(text.contains("a firewall pair in front of box:"))
    }

    /// Client names are often plural nouns ("users sends" read wrong in every example).
    @Test("sentences about clients have no verb to agree with their names; a load balancer passes each request to one backend")
    func clientsWithoutAgreement() throws {
        let text = try explain("""
            client students { load: 300 }
            client staff { load: 50, writes: 20% }
            client guests
            dns campus { records: ["portal.example CNAME edge.example"] }
            dns edge-dns
            load-balancer lb { health-check: false, instances: 2 }
            web-server w1 { capacity: 400 }
            web-server w2 { capacity: 400 }
            students -> campus -> edge-dns -> lb : https
            staff -> lb : https
            lb -> w1, w2 : http
            """)
        #expect(text.contains("campus turns the site's name into its address, from its zone: `portal.example CNAME edge.example`; it asks edge-dns in turn"))
        #expect(text.contains("lb receives the request over HTTPS and passes it to w1 or w2 by round robin."), "health checks off or not")
        #expect(text.contains("Requests from staff go to lb. Nothing links guests to the site yet."))
        #expect(text.contains("At peak, the load from students is 300 requests a second, 10% of them writes; from staff, 50 requests a second, 20% of them writes."))
        // One monitor: "prom collect the metrics" read wrong.
        let watched = try explain(detail: .full, """
            client users
            monitor prom
            web-server web { instances: 2, agent exporter { reports-to: prom } }
            users -> web : https
            """)
        #expect(watched.contains("Metrics go to prom; worth an alert on this design:"))
    }

    @Test("past four, the other backends' routes are set apart, and the rest counted as backends")
    func manyRoutes() throws {
        var design = "client app\nload-balancer gw { instances: 2 }\napp -> gw : https\n"
        for index in 1...7 {
            design += "service s\(index) { instances: 2 }\ndatabase d\(index) { instances: 2 }\ngw -> s\(index) : https\ns\(index) -> d\(index) : postgres\n"
        }
        let text = try explain(design)
        #expect(text.contains("Requests sent to the other backends go through s2 → d2; s3 → d3; s4 → d4; s5 → d5; and the routes of 2 more backends."), "\(text)")
    }

    @Test("an active-passive pair with manual failover: the address goes with whichever serves")
    func manualPairWithAddress() throws {
        let text = try explain("""
            client users
            cluster gate { mode: active-passive, failover: manual, vip: "203.0.113.7"
              load-balancer gate-1
              load-balancer gate-2
            }
            app-server api { instances: 2 }
            users -> gate : https
            gate -> api : http
            """)
        #expect(text.contains("one serves while the other stands by, until someone promotes it; the address 203.0.113.7 goes with whichever serves"))
    }
}
