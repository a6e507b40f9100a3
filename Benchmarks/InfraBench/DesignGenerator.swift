/// Generates realistic designs of a requested size: repeated stacks of a client,
/// a firewall pair, a load-balancer cluster, web, application and database tiers
/// (each a cluster of servers with agents), and a cache. One stack in ten is
/// flawed (a lone load balancer, plain HTTP, an unmonitored server) so that the
/// rules have findings to report, as on real designs.
enum DesignGenerator {
    /// About how many elements one stack declares.
    static let elementsPerStack = 23

    static func design(elements: Int) -> String {
        let stacks = max(1, elements / elementsPerStack)
        var out = "design \"generated-\(elements)\"\nnetwork internet { trust: untrusted }\nmonitor mon in internet\n"
        out.reserveCapacity(stacks * 1_400)
        for s in 0..<stacks {
            let flawed = s % 10 == 9
            out += "client users-\(s) in internet\n"
            out += "dns dns-\(s) { records: [\"s\(s).example.com A 10.0.0.\(s % 250)\"] }\n"
            out += "firewall fw-\(s) { instances: 2 }\n"
            if flawed {
                out += "load-balancer lb-\(s)-a { software: haproxy }\n"
            } else {
                out += "cluster lbs-\(s) { vip: \"10.1.\(s % 250).1\"\n"
                out += "  load-balancer lb-\(s)-a { software: haproxy, tls: terminate, firewall: true }\n"
                out += "  load-balancer lb-\(s)-b { software: haproxy, tls: terminate, firewall: true }\n}\n"
            }
            for tier in ["web", "app"] {
                out += "cluster \(tier)-\(s) {\n"
                for i in 0..<2 {
                    let kind = tier == "web" ? "web-server" : "app-server"
                    out += "  server \(tier)-\(s)-\(i) { firewall: true; \(kind) \(tier)-\(s)-\(i)-p"
                    if !(flawed && i == 1) { out += "; agent ag-\(tier)-\(s)-\(i) { reports-to: mon }" }
                    out += " }\n"
                }
                out += "}\n"
            }
            out += "cluster db-\(s) { mode: active-passive, failover: automatic\n"
            out += "  server dbh-\(s)-0 { firewall: true; database db-\(s)-0 { role: primary }; agent ag-db-\(s)-0 { reports-to: mon } }\n"
            out += "  server dbh-\(s)-1 { firewall: true; database db-\(s)-1 { role: replica, replicates: db-\(s)-0 }; agent ag-db-\(s)-1 { reports-to: mon } }\n}\n"
            out += "cache cache-\(s) { instances: 2 }\n"
            let lb = flawed ? "lb-\(s)-a" : "lbs-\(s)"
            out += "users-\(s) -> dns-\(s) : dns\n"
            out += "users-\(s) -> fw-\(s) -> \(lb) : \(flawed ? "http" : "https")\n"
            out += "\(lb) -> web-\(s) : http\nweb-\(s) -> app-\(s) : http\napp-\(s) -> db-\(s) : mysql\napp-\(s) -> cache-\(s) : redis\n"
            out += "ag-web-\(s)-0, ag-app-\(s)-0, ag-db-\(s)-0, ag-db-\(s)-1 -> mon : https\n"
            if !flawed { out += "ag-web-\(s)-1, ag-app-\(s)-1 -> mon : https\n" }
        }
        return out
    }
}
