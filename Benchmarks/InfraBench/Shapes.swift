/// Adversarial design shapes of a requested size: the ones an algorithm that is
/// quadratic somewhere shows on (chains, long replica chains and cycles, wide
/// fan-outs, dense tiers, rings), for `scripts/benchmark --shapes`.
enum Shapes {
    static let all: [(name: String, make: @Sendable (Int) -> String)] = [
        ("chain of web servers", chain),
        ("replica chain, declared last to first", replicaChain),
        ("replication cycle", replicaCycle),
        ("fan-out behind one load balancer", fanOut),
        ("dense tiers, every web to every app", denseTiers),
        ("ring of services", ring),
        ("ring of firewalls, each with a way out", firewallRing),
        ("one cluster of n/4 servers", bigCluster),
    ]

    /// client → w0 → w1 → … : every element needs every one before it.
    static func chain(_ n: Int) -> String {
        var out = "client users\n"
        for i in 0..<n { out += "web-server w\(i)\n" }
        out += "users -> w0 : https\n"
        for i in 1..<max(1, n) { out += "w\(i - 1) -> w\(i) : http\n" }
        return out
    }

    /// db(n-1) replicates db(n-2) … replicates db0, declared from the last.
    static func replicaChain(_ n: Int) -> String {
        var out = "client users\napp-server app\nusers -> app : https\n"
        for i in stride(from: n - 1, through: 1, by: -1) { out += "database db\(i) { role: replica, replicates: db\(i - 1) }\n" }
        out += "database db0 { role: primary }\napp -> db0 : mysql\n"
        for i in 1..<max(1, n) { out += "app -> db\(i) : mysql { access: read }\n" }
        return out
    }

    /// Every replica copies the next, the last copies the first: one cycle of n.
    static func replicaCycle(_ n: Int) -> String {
        var out = "client users\napp-server app\nusers -> app : https\n"
        for i in 0..<n { out += "database db\(i) { role: replica, replicates: db\((i + 1) % n) }\n" }
        out += "app -> db0 : mysql { access: read }\n"
        return out
    }

    /// One load balancer in front of n single-component servers.
    static func fanOut(_ n: Int) -> String {
        var out = "client users\nload-balancer lb { instances: 2 }\nusers -> lb : https\n"
        for i in 0..<(n / 2) { out += "server s\(i) { web-server w\(i) }\nlb -> s\(i) : http\n" }
        return out
    }

    /// √n web servers each linking to every one of √n app servers.
    static func denseTiers(_ n: Int) -> String {
        let side = max(1, Int(Double(n / 2).squareRoot()))
        var out = "client users\nload-balancer lb { instances: 2 }\nusers -> lb : https\n"
        for i in 0..<side { out += "web-server w\(i)\napp-server a\(i)\nlb -> w\(i) : http\n" }
        for i in 0..<side {
            out += "w\(i) -> " + (0..<side).map { "a\($0)" }.joined(separator: ", ") + " : http\n"
        }
        return out
    }

    /// n services in a ring, entered at one.
    static func ring(_ n: Int) -> String {
        var out = "client users\n"
        for i in 0..<n { out += "service s\(i)\n" }
        out += "users -> s0 : https\n"
        for i in 0..<n { out += "s\(i) -> s\((i + 1) % n) : http\n" }
        return out
    }

    /// n/2 firewalls in a ring, each forwarding to the next and to its own web
    /// server: the serving values travel round the cycle before they settle.
    static func firewallRing(_ n: Int) -> String {
        let count = max(1, n / 2)
        var out = "client users\n"
        for i in 0..<count { out += "firewall f\(i)\nweb-server w\(i)\n" }
        out += "users -> f0 : https\n"
        for i in 0..<count { out += "f\(i) -> f\((i + 1) % count), w\(i) : http\n" }
        return out
    }

    /// A cluster of n/4 servers, each with a web server and an app server.
    static func bigCluster(_ n: Int) -> String {
        var out = "client users\nload-balancer lb { instances: 2 }\nusers -> lb : https\ncluster tier {\n"
        for i in 0..<(n / 4) { out += "  server s\(i) { web-server w\(i); app-server a\(i) }\n" }
        out += "}\nlb -> tier : http\n"
        return out
    }
}
