import InfraTestSupport
import Testing

@Suite("infralint what-if")
struct WhatIfCommandTests {
    @Test("failing the host of the only writer: reads still served, writes lost, exit 1")
    func writerHost() throws {
        let result = try CLI.run(["what-if", "examples/distributed/distributed.infra", "--fail", "web-01"])
        #expect(result.status == 1)
        #expect(result.stdout == """
            If web-01 fails:
              (and with it: nginx-01, app-01 and db-01)

            users
              reads   served    users -> lb-01 -> nginx-02 -> app-02 -> db-02
                                users -> foobar-dns (lookup)
              writes  LOST      users -> lb-01 -> nginx-01: nginx-01 is down: its host web-01 has failed
                                users -> lb-01 -> nginx-02 -> app-02 -> db-01: db-01 is down: its host web-01 has failed

            Availability with nothing failed -> while web-01 stays down:
              users reads   99.8998% -> 99.8000% (2.7 nines)
              users writes  99.8000% -> 0% (lost)

            1 of 1 client lost something: users cannot write.

            """)
    }

    @Test("failing what redundancy covers: exit 0, and the paths name the surviving members")
    func redundancy() throws {
        let result = try CLI.run(["what-if", "examples/scaled-up/scaled-up.infra", "--fail", "lb-01,db-server-01"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("lb-pair (lb-02)"))
        #expect(result.stdout.contains("data (db-server-02, promoted)"))
        // Redundancy left: fewer nines, not none.
        #expect(result.stdout.contains("users writes  99.9986% -> 99.7989% (2.7 nines)"), "\(result.stdout)")
        #expect(result.stdout.hasSuffix("Every client can still do everything it could.\n"))
    }

    @Test("a failure every client survives but that overloads what is left: the load at peak, and the summary says so; exit 0")
    func overloadWhileDown() throws {
        let design = """
            client users { load: 900 }
            load-balancer lb { instances: 2 }
            app-server a { capacity: 500 }
            app-server b { capacity: 500 }
            users -> lb : https
            lb -> a, b : http
            """
        let result = try CLI.run(["what-if", "-", "--fail", "a"], stdin: design)
        #expect(result.status == 0, "everyone is served: the overload is a warning, not a loss")
        #expect(result.stdout.contains("Load at peak while a stays down:\n  b must serve 900 requests a second; it can serve 500 (180%)\n"), "\(result.stdout)")
        #expect(result.stdout.hasSuffix("Every client can still do everything it could, but at peak b is above capacity.\n"))
        let fine = try CLI.run(["what-if", "-", "--fail", "lb"], stdin: design)
        #expect(!fine.stdout.contains("Load at peak"), "one of lb's two instances lost moves no load")
    }

    @Test("a kind a client never completes says why: a cycle of links, or writes to replicas only")
    func neverServedSaysWhy() throws {
        let cycle = try CLI.run(["what-if", "-", "--fail", "stripe"], stdin: Fixtures.webhookCycle)
        #expect(cycle.stdout.contains("reads   -         not possible even with nothing failed: stripe needs app, which is on the way to it: a cycle of links serves nothing"), "\(cycle.stdout)")
        let replicas = try CLI.run(["what-if", "-", "--fail", "a"], stdin: "client users\napp-server a { instances: 2 }\ndatabase r { role: replica, instances: 2 }\nusers -> a : https\na -> r : mysql\n")
        #expect(replicas.stdout.contains("writes  -         not possible even with nothing failed: a has no link that carries writes: it only reads"), "\(replicas.stdout)")
    }

    @Test("an active-passive pair with manual failover: the standby serves once someone promotes it, and the summary says so")
    func manualStandby() throws {
        let design = """
            client users
            cluster front { mode: active-passive, failover: manual
              load-balancer lb-a
              load-balancer lb-b
            }
            web-server web { instances: 2 }
            users -> front : https
            front -> web : http
            """
        let result = try CLI.run(["what-if", "-", "--fail", "lb-a"], stdin: design)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("users -> front (lb-b, once someone promotes it: failover is manual) -> web"))
        #expect(result.stdout.hasSuffix("Every client can still do everything it could, once someone promotes lb-b (failover is manual).\n"))
        // The standby failing instead changes nothing: the active member serves as before.
        let standby = try CLI.run(["what-if", "-", "--fail", "lb-b"], stdin: design)
        #expect(standby.stdout.contains("users -> front (lb-a) -> web"))
        #expect(standby.stdout.hasSuffix("Every client can still do everything it could.\n"))
    }

    @Test("a link to a server is shown as written, with the entry requests arrive at; client names are padded so the figures line up")
    func serversAsWrittenAndAlignedFigures() throws {
        let design = """
            client students
            client staff
            load-balancer lb { instances: 2 }
            server portal-1 { entry: php-1; web-server apache-1; app-server php-1 }
            server portal-2 { web-server apache-2 }
            database main { instances: 2 }
            students -> lb : https
            staff -> lb : https
            lb -> portal-1, portal-2 : http
            php-1 -> main : mysql
            """
        let result = try CLI.run(["what-if", "-", "--fail", "portal-2"], stdin: design)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("students -> lb -> portal-1 (php-1) -> main"), "\(result.stdout)")
        #expect(result.stdout.contains("  students reads   99."), "\(result.stdout)")
        #expect(result.stdout.contains("  staff    reads   99."), "\(result.stdout)")
    }

    @Test("an unknown name, no name, or a broken file: a clear message and exit 2")
    func errors() throws {
        let unknown = try CLI.run(["what-if", "examples/distributed/distributed.infra", "--fail", "lb-1"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr == "infralint: error: 'lb-1' is not declared in examples/distributed/distributed.infra; did you mean 'lb-01'?\n")
        #expect(try CLI.run(["what-if", "examples/distributed/distributed.infra"]).status == 2)
        let broken = try CLI.run(["what-if", "-", "--fail", "x"], stdin: "server {")
        #expect(broken.status == 2)
        #expect(broken.stderr.contains("<stdin>:1:8: error:"))
    }

    @Test("names in one argument separated by spaces; an element with instances loses one, and says so")
    func spacesAndInstances() throws {
        let result = try CLI.run(["what-if", "examples/scaled-up/scaled-up.infra", "--fail", "fw-edge lb-01"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("If fw-edge and lb-01 fail:\n"))
        #expect(result.stdout.contains("(fw-edge has 2 instances: one of them fails, the other carries on)"))
    }
}
