import Foundation
import InfraCore
import InfraLintKit
import InfraRender
import InfraTemplates
import InfraTestSupport
import Testing

/// The concise (or `detail`) explanation of a design that must parse.
func explain(detail: ExplainModel.Detail = .concise, _ text: String, path: String = "design.infra") throws -> String {
    let parsed = Fixtures.read(text, path: path)
    #expect(parsed.errors.isEmpty, "\(parsed.errors.map(\.message))")
    return try ExplainRun.explanation(parsed.design, detail: detail)
}

private func headings(_ document: String) -> [String] {
    document.split(separator: "\n").filter { $0.hasPrefix("## ") }.map { String($0.dropFirst(3)) }
}

@Suite("explain: the written explanation")
struct ExplainTests {
    @Test("the examples' explanations match the committed explanation.md", arguments: Fixtures.examples)
    func goldens(example: String) throws {
        let source = try Fixtures.source(example)
        let design = Frontend.read(source).design
        let text = try ExplainRun.explanation(design, diagramLink: "diagram.svg")
        let folder = (example as NSString).deletingLastPathComponent
        if let problem = Golden.check(text, against: "\(folder)/explanation.md") { Issue.record(Comment(rawValue: problem)) }
    }

    @Test("the sections, in order, for the classic distributed design, under 1,450 words")
    func order() throws {
        let text = try explain(try Fixtures.text("examples/distributed/distributed.infra"))
        #expect(headings(text) == [
            "What happens when someone visits the site", "Why each element is there",
            "How the load balancer shares the work", "Active-active or active-passive",
            "How the primary-replica database works", "How often is it down, and can it take the load",
            "Issues: 4 errors, 1 warning and 2 notes", "Diagram",
        ])
        // 1,200 words before the availability section, which adds about 220 (its figures and their arithmetic).
        #expect(text.split(whereSeparator: { $0 == " " || $0 == "\n" }).count <= 1_450)
        #expect(text.contains("- The writes of users: **99.8000%** (2.7 nines), down about 17.5 h a year. They need lb-01 and web-01, each up 99.9% of the time: 0.999 × 0.999 = 0.998001; the redundant parts, failing together, take 31 s a year off: 0.998000."))
        #expect(text.contains("At peak, the load from users is 500 requests a second, 10% of them writes. The bottleneck is nginx-01, at 42%"))
        #expect(text.contains("It survives any single failure at peak: every element stays at or below 100%."))
        #expect(text.contains("**In short.** www.foobar.com serves users with a dns (foobar-dns), a load balancer (lb-01) and two servers running Nginx, Gunicorn and MySQL (web-01 and web-02). Its worst problem: lb-01 is a single point of failure: if it fails, users cannot reach the site (AV001). First fix: pair lb-01 with a standby that takes over its address; `infralint fix --unsafe` applies it."))
        #expect(text.contains("Requests 1 to 6 go to nginx-01, nginx-02, nginx-01, nginx-02, nginx-01, nginx-02."))
        #expect(text.contains("- `lb-01` sends requests to the web servers nginx-01 and nginx-02 at the same time: they are **active-active**."))
        #expect(text.contains("- Nothing stands beside `lb-01`: no second one serves with it or waits to take over."))
        #expect(text.contains("- `db-01` and its replica db-02 are in no cluster: nothing promotes db-02 when db-01 fails."))
        #expect(text.contains("Every write (INSERT, UPDATE, DELETE) goes to db-01: app-01 and app-02 write there. For reads, app-01 reads from db-01; app-02 reads from db-02."))
        #expect(text.contains("When db-01 fails, writes stop: nothing promotes db-02, which is in no cluster; reads carry on through app-02, which reads from db-02."))
        #expect(text.contains("- `web-01` and `web-02`: two servers instead of one, each running Nginx, Gunicorn and MySQL: together they serve twice the requests, one can be updated while the other serves, and the site survives losing web-02 but not web-01 (see the issues)."))
        #expect(text.contains("```mermaid\n---\ntitle: \"www.foobar.com\""))
        // --detail full: the long forms, the tables and what to watch.
        let full = try ExplainRun.explanation(Fixtures.read(try Fixtures.text("examples/distributed/distributed.infra")).design, detail: .full)
        #expect(full.contains("| 1 | nginx-01 |\n| 2 | nginx-02 |\n| 3 | nginx-01 |"))
        #expect(full.contains("### What to watch"))
        #expect(full.contains("replication lag on the replicas"))
    }

    @Test("a design with no load balancer and no database: those sections are left out")
    func noBalancerNoDatabase() throws {
        let text = try explain("client users\nweb-server web { instances: 2, firewall: true }\nusers -> web : https\n")
        #expect(headings(text).filter { !$0.hasPrefix("Issues") } == [
            "What happens when someone visits the site", "Why each element is there", "How often is it down, and can it take the load", "Diagram",
        ])
        #expect(!text.contains("round robin") && !text.contains("primary"))
    }

    @Test("an active-passive database cluster: its mode, and what happens when its primary fails")
    func activePassiveDatabase() throws {
        let design = """
            client users
            app-server app { instances: 2 }
            cluster data { mode: active-passive, failover: automatic
              database db-01 { role: primary }
              database db-02 { role: replica, replicates: db-01 }
            }
            users -> app : https
            app -> data : mysql
            """
        let text = try explain(design)
        #expect(headings(text).contains("Active-active or active-passive"))
        #expect(!headings(text).contains("How the load balancer shares the work"))
        // The cluster's reads go to the member it serves from (AVAILABILITY.md's load flow): the standby waits.
        #expect(text.contains("- `data` (db-01 and db-02) is **active-passive**: db-01 takes the writes, db-02 stands by; failover is automatic"))
        #expect(text.contains("When db-01 fails, db-02 is promoted automatically, within seconds, and takes the writes"))
        #expect(text.contains("a failover loses the last writes not yet sent"))
        let manual = try explain(design.replacingOccurrences(of: "failover: automatic", with: "failover: manual"))
        #expect(manual.contains("When db-01 fails, the writes and the reads sent to `data` wait until someone promotes db-02 (failover is manual)."))
    }

    @Test("claims the issue reported: firewalls as backends, writers, a recursive resolver, an idle replica, MySQL in plaintext")
    func reportedClaims() throws {
        let firewalls = try explain("""
            network office { trust: untrusted }
            client staff in office
            firewall fw-1
            firewall fw-2
            firewall fw-3
            load-balancer lb-1
            web-server w1
            web-server w2
            database db-a { role: primary }
            database db-b { role: replica, replicates: db-a }
            app-server app-01
            app-server app-02
            staff -> fw-1 : https
            fw-1 -> lb-1 : https
            lb-1 -> fw-2, fw-3 : http
            fw-2 -> w1 : http
            fw-3 -> w2 : http
            w1 -> app-01 : http
            w2 -> app-02 : http
            app-01 -> db-a : mysql
            app-02 -> db-b : mysql { access: read }
            app-02 -> db-a : mysql { access: write }
            """)
        // What passes each firewall is what the design sends through it.
        #expect(firewalls.contains("- `fw-2`: a network firewall in front of w1: it lets through only HTTP on the ports the design uses"))
        #expect(firewalls.contains("- `lb-1`: shares the requests between the web servers w1 and w2 (each behind its firewall: fw-2 and fw-3)"))
        // Two firewalls one load balancer shares requests between are not alone.
        #expect(firewalls.contains("- Nothing stands beside `fw-1` and `lb-1`: no second one serves with them or waits to take over."))
        #expect(firewalls.contains("Every write (INSERT, UPDATE, DELETE) goes to db-a: app-01 and app-02 write there. For reads, app-01 reads from db-a; app-02 reads from db-b."))
        #expect(!firewalls.contains("fw-2 write") && !firewalls.contains("1 backends"))
        #expect(firewalls.contains("reads carry on through app-02, which reads from db-b."))

        let resolver = try explain("""
            client users
            dns resolver
            dns zone { records: ["shop.example.com A 192.0.2.1"] }
            web-server web { instances: 2 }
            database db-1 { role: primary }
            database db-2 { role: replica, replicates: db-1 }
            app-server app
            users -> resolver : dns
            resolver -> zone : dns
            zone -> web : https
            web -> app : http
            app -> db-1 : mysql
            """)
        #expect(resolver.contains("1. **DNS lookup.** resolver turns the site's name into its address; it asks zone in turn"))
        #expect(resolver.contains("2. **DNS lookup.** zone turns the site's name into its address, from its zone: `shop.example.com A 192.0.2.1`"))
        // Nobody reads from the replica: no sentence says reads carry on from it.
        #expect(resolver.contains("- `db-2`: a replica of db-1: its copy can be promoted by hand if db-1 is lost, as no cluster holds them both; nothing reads from it yet."))
        #expect(resolver.contains("reads stop too for users: they need db-1 as well."))
        #expect(!resolver.contains("reads carry on"))

        let mysql = try explain("network office { trust: untrusted }\nclient staff in office\ndatabase db\nstaff -> db : mysql\n")
        #expect(mysql.contains("queries and the data they return included"))
        #expect(!mysql.contains("passwords and cookies"))
        #expect(!mysql.contains("replication lag"))

        // A client that links to nothing and a design no request enters are said so.
        let idle = try explain("client users\nweb-server web\n")
        #expect(idle.contains("**In short.** design.infra is made of a web server (web). users links to none of it yet."))
        #expect(idle.contains("- `web`: a web server that no client request reaches yet, so it plays no part in serving the site (see the issues)."))
        #expect(!idle.contains("## What happens when someone visits the site"))
    }

    @Test("claims that used to be wrong: health checks off, an active-active cluster with one address, unequal backends, one backend")
    func claims() throws {
        let off = try explain("""
            client users
            load-balancer lb { health-check: false }
            web-server a { capacity: 2000 }
            web-server b { capacity: 500 }
            users -> lb : https
            lb -> a, b : http
            """)
        #expect(off.contains("Health checks are off: a failed backend keeps receiving its share, 1 request in 2, which fail."))
        #expect(off.contains("The backends differ (a 2000 and b 500 requests a second)"))
        #expect(off.contains("**least connections**"))
        #expect(!off.contains("suits backends that are alike"))
        #expect(!off.contains("when one fails"))
        let vip = try explain("""
            client users
            cluster edge { mode: active-active, vip: "8.8.8.8"
              load-balancer lb-1
              load-balancer lb-2
            }
            web-server w { instances: 2 }
            users -> edge : https
            edge -> w : http
            """)
        #expect(vip.contains("which one member holds at a time, so only that one receives requests"))
        #expect(vip.contains("is held by one of them at a time"))
        let one = try explain("client users\nload-balancer lb\nweb-server w { instances: 2 }\nusers -> lb : https\nlb -> w : http\n")
        #expect(one.contains("lb has one backend, w: every request goes there, whatever the algorithm."))
        #expect(!one.contains("1 backends") && !one.contains("Requests 1 to"))
        // Servers that run different things (one nothing) are not alike, whatever their kind.
        let unlike = try explain("""
            client users
            load-balancer lb { instances: 2 }
            server empty-1
            server app-host { app-server svc }
            users -> lb : https
            lb -> empty-1, app-host : http
            """)
        #expect(unlike.contains("**round robin** over empty-1 and app-host"))
        #expect(!unlike.contains("suits backends that are alike"))
        // Storage is a "storage service" wherever a sentence names its kind.
        let idleStorage = try explain("client users\nweb-server w { instances: 2 }\ncluster files {\n  storage s1\n}\nusers -> w : https\n")
        #expect(idleStorage.contains("- `files` (s1): a storage service that no client request reaches yet"))
    }

    @Test("a lone primary with a replica is a copy nothing promotes; the replica itself is not 'unbacked'")
    func lonePrimary() throws {
        let text = try explain("""
            client users
            load-balancer lb
            app-server app-01
            app-server app-02
            database db-01 { role: primary }
            database db-02 { role: replica, replicates: db-01 }
            users -> lb : https
            lb -> app-01, app-02 : http
            app-01, app-02 -> db-01 : mysql { access: write }
            app-01, app-02 -> db-02 : mysql { access: read }
            """)
        #expect(text.contains("- Nothing stands beside `lb`: no second one serves with it or waits to take over."))
        #expect(text.contains("- `db-01` and its replica db-02 are in no cluster: nothing promotes db-02 when db-01 fails."))
        #expect(!text.contains("Nothing stands beside `lb` and"))
    }


    @Test("alike servers that share no sender are explained one by one, not as 'two servers instead of one'")
    func unrelatedServers() throws {
        // No client: each unlinked server is an entry of its own.
        let apart = try explain("""
            server empty-box
            server mon-host { agent lonely }
            """)
        #expect(!apart.contains("instead of one"))
        #expect(apart.contains("- `empty-box`: a machine that serves requests as a whole."))
        #expect(apart.contains("- `mon-host`: a machine that serves requests as a whole."))
        // Behind one balancer they are one tier.
        let tier = try explain("""
            client users
            load-balancer lb
            server web-01
            server web-02
            users -> lb : https
            lb -> web-01, web-02 : http
            """)
        #expect(tier.contains("- `web-01` and `web-02`: two servers instead of one"))
    }

    @Test("a replica of a replica is part of the primary's story: the chain, who reads from it, what still reads when the primary fails")
    func replicaChain() throws {
        let text = try explain("""
            client users
            app-server a1 { instances: 2 }
            database main { role: primary }
            database r1 { role: replica, replicates: main }
            database r2 { role: replica, replicates: r1 }
            users -> a1 : https
            a1 -> main : mysql { access: write }
            a1 -> r2 : mysql { access: read }
            """)
        #expect(text.contains("main is the **primary**: it records each change in a log that r1, its **replica**, replays to hold a copy for readers."))
        #expect(text.contains("r2 replicates r1 in turn: its copy of main's data trails by one more replication step, and it stops following main when r1 fails. Every write"))
        #expect(text.contains("For reads, a1 reads from r2."))
        #expect(text.contains("reads carry on through a1, which reads from r2."))
        // Its role agrees: r1 is no primary it could be promoted to replace.
        #expect(text.contains("- `r2`: a replica of r1: it serves reads (to a1), easing the primary; r1 is itself a replica, so its copy trails by one more replication step, and it stops following when r1 is lost."), "\(text)")
        #expect(!text.contains("can be promoted if r1 is lost"), "\(text)")
    }

    @Test("a primary in a cluster that writers name by its own name: the cluster promotes, the writes still stop, and why")
    func primaryNamedDirectly() throws {
        let text = try explain("""
            client users
            app-server api { instances: 2 }
            app-server reports { instances: 2 }
            cluster meta {
              database meta-1 { role: primary }
              database meta-2 { role: replica, replicates: meta-1 }
            }
            users -> api, reports : https
            api -> meta-1 : postgres
            reports -> meta-2 : postgres
            """)
        #expect(text.contains("When meta-1 fails, writes stop, though `meta` promotes meta-2: api sends its writes to meta-1 by name, not to the cluster; reads carry on"), "\(text)")
        #expect(!text.contains("nothing promotes"), "\(text)")
    }

    @Test("reads through two links need both, through one link to a cluster any member; a worker picks up queued work; members that run different things are told apart")
    func readsWorkersAndUnevenMembers() throws {
        let text = try explain("""
            client users
            load-balancer lb { instances: 2 }
            cluster pool {
              server p1 { app-server api }
              server p2
            }
            service worker { instances: 2 }
            queue jobs { instances: 2 }
            storage blobs { instances: 2 }
            database main { role: primary }
            database r1 { role: replica, replicates: main }
            database r2 { role: replica, replicates: main }
            users -> lb : https
            lb -> pool : http
            pool -> main : mysql
            pool -> r1 : mysql
            pool -> jobs : amqp
            worker -> jobs : amqp
            worker -> blobs : https
            """)
        // Two links: the pool needs main and r1 both (LANGUAGE.md), not either.
        #expect(text.contains("For reads, api and p2 read from main and r1."))
        #expect(text.contains("- `worker`: picks up the work queued in jobs, and uses blobs (2 instances)."))
        #expect(text.contains("two servers (p1 runs an app server; p2 runs nothing) that stand for one"))
        let cluster = try explain("""
            client users
            app-server a { instances: 2 }
            database main { role: primary }
            cluster replicas {
              database r1 { role: replica, replicates: main }
              database r2 { role: replica, replicates: main }
            }
            users -> a : https
            a -> main : mysql { access: write }
            a -> replicas : mysql { access: read }
            """)
        // One link to a cluster: any member serves, in the database section and on the request's path.
        #expect(cluster.contains("For reads, a reads from r1 or r2."))
        #expect(cluster.contains("it reads from r1 or r2 and writes to main."))
        #expect(text.contains("it reads from main and r1, writes to main and uses jobs."))
        // With no client declared, requests start at the worker too; still nothing calls it.
        let noClient = try explain("""
            app-server api { instances: 2 }
            service mailer { instances: 2 }
            queue jobs { instances: 2 }
            api -> jobs : amqp
            mailer -> jobs : amqp
            """)
        #expect(noClient.contains("- `mailer`: picks up the work queued in jobs (2 instances)."))
    }

    @Test("the path names what the links name (a server, not its entry), says the client's other entries, and ends the other backends' route link by link")
    func pathNamesAsWritten() throws {
        let entries = try explain("""
            client users
            load-balancer proxy { instances: 2 }
            cluster webs {
              server web-1 { web-server apache-1 }
            }
            server web-2 { web-server apache-2 }
            cdn assets { instances: 2 }
            storage files { instances: 2 }
            users -> proxy : https
            users -> assets : https
            proxy -> webs, web-2 : http
            assets -> files : https
            """)
        #expect(entries.contains("receives the request over HTTPS and passes it to webs or web-2 by round robin."))
        // The path follows one entry; the others are said, not dropped.
        #expect(entries.contains("Requests from users also go to assets."))
        // One link to an active-active cluster is any member, at the end of the other
        // backends' route too (an active-passive one is its serving member: ExplainWordingTests).
        let route = try explain("""
            client users
            load-balancer lb { instances: 2 }
            app-server a { instances: 2 }
            app-server b { instances: 2 }
            cluster dbs { mode: active-active
              database d1 { role: primary }
              database d2 { role: replica, replicates: d1 }
            }
            users -> lb : https
            lb -> a, b : http
            a -> dbs : postgres
            b -> dbs : postgres
            """)
        #expect(route.contains("A request sent to the other backend goes through b → d1 or d2."))
    }

    @Test("the request's path, step by step, with this design's names and numbers")
    func path() throws {
        let text = try explain(try Fixtures.text("examples/secured-monitored/secured-monitored.infra"))
        #expect(text.contains("A request from users, in 6 steps:"))
        #expect(text.contains("1. **DNS lookup.** foobar-dns turns the site's name into its address, from its zone: `www.foobar.com A 8.8.8.8`"))
        #expect(text.contains("2. **Load balancer.** lb-01 (HAProxy) receives the request over HTTPS on port 443 and passes it to nginx-01 or nginx-02 by round robin."))
        #expect(text.contains("4. **Application.** app-01 (Gunicorn) on web-01 runs the application's code for it; it reads and writes db-01."))
        #expect(text.contains("6. **Response.** The answer travels back: db-01 → app-01 → nginx-01 → lb-01 → users."))
        #expect(text.contains("A request sent to the other backend goes through nginx-02 → app-02 → db-01 and db-02."))
    }
}
