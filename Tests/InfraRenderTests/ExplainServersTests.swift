import InfraCore
import InfraRender
import InfraTestSupport
import Testing

/// Explanations of designs whose tiers run inside servers: what the servers' links
/// mean for the elements on them (LANGUAGE.md: a link out of a server leaves from
/// its entry).
@Suite("explain: elements inside servers, as the links out of their servers make them")
struct ExplainServersTests {
    static let threeServers = """
        client user
        server lb-box { load-balancer haproxy { software: haproxy } }
        server s1 { web-server nginx-1; app-server app-1; database mysql-1 { role: primary } }
        server s2 { web-server nginx-2; app-server app-2; database mysql-2 { role: replica, replicates: mysql-1 } }
        server s3 { web-server nginx-3; app-server app-3; database mysql-3 { role: replica, replicates: mysql-1 } }
        user -> lb-box : https
        lb-box -> s1, s2, s3 : http
        nginx-1 -> app-1 : http
        nginx-2 -> app-2 : http
        nginx-3 -> app-3 : http
        app-1 -> mysql-1 : mysql
        app-2 -> mysql-1 : mysql { access: write }
        app-2 -> mysql-2 : mysql { access: read }
        app-3 -> mysql-1 : mysql { access: write }
        app-3 -> mysql-3 : mysql { access: read }
        """

    @Test("a load balancer that is its server's entry balances what the server's links name")
    func balancerInsideAServer() throws {
        let text = try explain(Self.threeServers)
        #expect(text.contains("## How the load balancer shares the work"), "\(text)")
        #expect(text.contains("haproxy (HAProxy) uses **round robin** over s1, s2 and s3"), "\(text)")
        #expect(text.contains("- `haproxy` sends requests to the servers s1, s2 and s3 at the same time: they are **active-active**."), "\(text)")
        #expect(text.contains("- `lb-box`: the machine that runs HAProxy, which fails with it; its load balancer shares the requests between the servers s1, s2 and s3"), "\(text)")
    }

    @Test("balancers on the servers of one cluster are said once, with their cluster")
    func balancersOnClusteredServers() throws {
        let text = try explain("""
            client readers
            cluster front { mode: active-passive, failover: automatic
              server fe-1 { load-balancer ha-1 }
              server fe-2 { load-balancer ha-2 }
            }
            cluster cms { web-server apache-1; web-server apache-2 }
            readers -> front : https
            front -> cms : https
            """)
        #expect(text.contains("front (fe-1 and fe-2) uses **round robin** over apache-1 and apache-2"), "\(text)")
        #expect(!text.contains("ha-1 uses"), "\(text)")
        #expect(!text.contains("`ha-2` sends requests"), "\(text)")
        #expect(text.contains("- `front` (fe-1 and fe-2) is **active-passive**"), "\(text)")
        // Their role says what they run does.
        #expect(text.contains("taking over automatically; on each, the load balancer shares the requests between the web servers apache-1 and apache-2"), "\(text)")
    }

    @Test("replicas in no cluster agree with their verb")
    func replicasInNoCluster() throws {
        let text = try explain(Self.threeServers)
        #expect(text.contains("nothing promotes mysql-2 or mysql-3, which are in no cluster"), "\(text)")
        let one = try explain("client u\nweb-server w { instances: 2 }\ndatabase p { role: primary }\ndatabase r { role: replica, replicates: p }\nu -> w : https\nw -> p : mysql\nw -> r : mysql\n")
        #expect(one.contains("nothing promotes r, which is in no cluster"), "\(one)")
    }
}
