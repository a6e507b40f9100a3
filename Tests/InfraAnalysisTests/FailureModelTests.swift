import InfraAnalysis
import InfraCore
import InfraTestSupport
import Testing

/// The single points of failure of a design, as "unit: client:kinds" lines.
private func spofs(_ text: String) throws -> [String] {
    let model = FailureModel(design: try Fixtures.design(text))
    return model.singlePointsOfFailure().map { spof in
        let losses = spof.losses.map { loss in
            "\(model.graph.name(of: loss.client)):\(loss.read ? "r" : "")\(loss.write ? "w" : "")"
        }
        return "\(model.design.elements[spof.unit].id) \(losses.joined(separator: " "))"
    }
}

@Suite("The failure model: designs where the naive reading goes wrong")
struct FailureModelTests {
    @Test("the spec's first example: lb-01 for everything, web-01 for writes only")
    func specExample() throws {
        #expect(try spofs(try Fixtures.text("Tests/Fixtures/spec/first-example.infra")) == ["lb-01 users:rw", "web-01 users:w"])
    }

    @Test("a firewall fanning out to two load balancers needs only one of them")
    func firewallFanOut() throws {
        #expect(try spofs("""
            client users
            firewall fw
            load-balancer lb-1
            load-balancer lb-2
            web-server web { instances: 2 }
            users -> fw -> lb-1, lb-2 : https
            lb-1, lb-2 -> web : http
            """) == ["fw users:rw"])
    }

    @Test("a client with two entry points uses whichever answers; lookups are all needed")
    func twoEntryPoints() throws {
        #expect(try spofs("""
            client users
            dns ns { instances: 1 }
            web-server a
            web-server b
            users -> ns : dns
            users -> a, b : https
            """) == ["ns users:rw"])
    }

    @Test("a replica-only branch serves reads; writes that nothing accepts are not analysed")
    func replicaOnly() throws {
        let text = """
            client users
            app-server app { instances: 2 }
            database primary { role: primary }
            database copy { role: replica, replicates: primary }
            users -> app : https
            app -> copy : mysql
            """
        #expect(try spofs(text) == ["copy users:r"])
        let model = FailureModel(design: try Fixtures.design(text))
        #expect(model.isAnalysed(.read))
        #expect(!model.isAnalysed(.write), "app only reads: no client can write with nothing failed")
    }

    @Test("a cluster linked member by member counts as one link to the cluster")
    func clusterMemberByMember() throws {
        #expect(try spofs("""
            client users
            load-balancer lb { instances: 2 }
            cluster web { web-server w1; web-server w2 }
            users -> lb : https
            lb -> w1 : http
            lb -> w2 : http
            """) == [])
        #expect(try spofs("""
            client users
            app-server app
            cluster pool { cache c1; cache c2 }
            users -> app : https
            app -> c1, c2 : redis
            """) == ["app users:rw"])
    }

    @Test("an active-passive cluster with manual failover: AV003's business, not a single point of failure")
    func manualFailover() throws {
        #expect(try spofs("""
            client users
            cluster edge { mode: active-passive; load-balancer a; load-balancer b }
            web-server web { instances: 2 }
            users -> edge : https
            edge -> web : http
            """) == [])
    }

    @Test("a host that holds the only writer; a promoted replica takes writes in a cluster")
    func onlyWriter() throws {
        #expect(try spofs("""
            client users
            app-server app { instances: 2 }
            server db-host { database db-01 { role: primary } }
            database db-02 { role: replica, replicates: db-01 }
            users -> app : https
            app -> db-01 : mysql { access: write }
            app -> db-02 : mysql { access: read }
            """) == ["db-host users:w", "db-02 users:r"])
        #expect(try spofs("""
            client users
            app-server app { instances: 2 }
            server db-host { database db-01 { role: primary } }
            database db-02 { role: replica, replicates: db-01 }
            users -> app : https
            app -> db-01 : mysql { access: write }
            app -> db-01, db-02 : mysql { access: read }
            """) == ["db-host users:rw", "db-02 users:r"], "outside a cluster, the app needs both databases it reads from")
        #expect(try spofs("""
            client users
            app-server app { instances: 2 }
            cluster data { mode: active-passive, failover: automatic
              server h1 { database db-01 { role: primary } }
              server h2 { database db-02 { role: replica, replicates: db-01 } }
            }
            users -> app : https
            app -> data : mysql
            """) == [])
    }

    @Test("a cluster of replicas only accepts no writes, even promoted")
    func replicasOnlyCluster() throws {
        let model = FailureModel(design: try Fixtures.design("""
            client users
            cluster reads { database r1 { role: replica, replicates: p }; database r2 { role: replica, replicates: p } }
            database p { role: primary }
            users -> reads : mysql
            """))
        #expect(model.isAnalysed(.read))
        #expect(!model.isAnalysed(.write))
    }

    @Test("a load balancer without health checks needs every backend")
    func noHealthCheck() throws {
        #expect(try spofs("""
            client users
            load-balancer lb { health-check: false, instances: 2 }
            web-server a
            web-server b
            users -> lb : https
            lb -> a, b : http
            """) == ["a users:rw", "b users:rw"])
    }

    @Test("an element that links to datastores but none that carries writes cannot serve writes")
    func datastoreLinksDecideWrites() throws {
        let model = FailureModel(design: try Fixtures.design("""
            client users
            app-server app
            database db { role: primary }
            users -> app : https
            app -> db : mysql { access: read }
            """))
        #expect(model.isAnalysed(.read))
        #expect(!model.isAnalysed(.write))
    }

    @Test("links out of a dns are resolutions: the client connects to the target itself")
    func dnsResolution() throws {
        let design = try Fixtures.design("""
            client users
            dns ns
            load-balancer lb
            users -> ns -> lb : http
            """)
        let graph = TrafficGraph(design: design)
        let names = graph.edges.map { "\(graph.name(of: $0)) \($0.role == .lookup ? "lookup" : "request")" }
        #expect(names == ["users->ns lookup", "users->lb request"])
        #expect(try spofs("client users\ndns ns\nload-balancer lb\nweb-server w { instances: 2 }\nusers -> ns -> lb : http\nlb -> w : http") == ["lb users:rw"])
        // A load balancer with nothing behind it serves nothing: nothing to analyse.
        #expect(try spofs("client users\ndns ns\nload-balancer lb\nusers -> ns -> lb : http") == [])
    }

    @Test("with no client, each element nothing links to is the entry of a client of its own; agents and monitors aside")
    func implicitClient() throws {
        #expect(try spofs("""
            monitor m
            dns ns
            load-balancer lb
            web-server web { instances: 2, firewall: true }
            agent a { reports-to: m }
            lb -> web : http
            """) == ["lb clients entering at lb:rw"])
    }

    @Test("cycles of links terminate, and a request served only round a cycle is not served")
    func cycles() throws {
        #expect(try spofs("""
            client users
            load-balancer a
            load-balancer b
            web-server w
            users -> a : https
            a -> b : http
            b -> a : http
            b -> w : http
            """) == ["a users:rw", "b users:rw", "w users:rw"])
        let model = FailureModel(design: try Fixtures.design("""
            client users
            service a
            service b
            users -> a : https
            a -> b : http
            b -> a : http
            """))
        #expect(!model.isAnalysed(.read), "a needs b needs a: nothing grounds the request")
    }

    @Test("a cluster with one member does not make it redundant")
    func oneMemberCluster() throws {
        #expect(try spofs("client users\ncluster solo { web-server w }\nusers -> solo : https") == ["w users:rw"])
    }

    @Test("links into an agent are monitoring traffic and break nothing")
    func linksIntoAgents() throws {
        let design = try Fixtures.design("""
            client users
            monitor prom
            server web { web-server nginx; agent exporter { reports-to: prom } }
            users -> web : https
            prom -> exporter : http
            nginx -> exporter : http
            """)
        let graph = TrafficGraph(design: design)
        #expect(graph.telemetryLinks.count == 2)
        #expect(try spofs("client users\nmonitor prom\nserver web { web-server nginx; agent exporter { reports-to: prom } }\nusers -> web : https\nnginx -> exporter : http") == ["web users:rw"])
    }

    @Test("instances: 2 survives one loss, on an element or on its host")
    func instances() throws {
        #expect(try spofs("client u\nweb-server w { instances: 2 }\nu -> w : https") == [])
        #expect(try spofs("client u\nserver s { instances: 2; web-server w }\nu -> s : https") == [])
        #expect(try spofs("client u\nserver s { web-server w { instances: 2 } }\nu -> s : https") == ["s u:rw"])
    }
}
