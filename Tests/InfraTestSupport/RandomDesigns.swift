import Foundation

/// A small deterministic random generator (SplitMix64), so failures reproduce from their seed.
public struct SeededGenerator: RandomNumberGenerator {
    public var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Random designs over the whole language, for property tests: the shapes nobody
/// tuned the code on. Networks trusted and not; clients or none (implicit ones);
/// dns in the middle of paths; cdns; firewalls alone, in series, as backends and on
/// hosts; load balancers in series, without health checks or targets, with weights;
/// servers with components, entries, instances, nothing inside; clusters of one
/// member, of servers, of databases, active-passive with manual failover; replicas
/// of replicas and replication cycles; queues with workers; monitors with watches and
/// agents with odd links; unknown properties and protocols; chains and fan-outs.
/// Nearly every design parses; the few that do not are skipped by the tests.
public enum RandomDesigns {
    public static func make(seed: UInt64) -> String {
        var generator = Generator(rng: SeededGenerator(seed: seed))
        return generator.design()
    }

    struct Generator {
        var rng: SeededGenerator
        var lines: [String] = []
        var networks: [String] = []
        /// Things links may name, by what they are.
        var clients: [String] = []
        var targets: [String] = []
        var databases: [String] = []
        var monitors: [String] = []
        var agents: [String] = []
        var servers: [String] = []
        var counter = 0

        mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &rng) < p }
        mutating func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &rng)] }
        mutating func number(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &rng) }
        mutating func name(_ prefix: String) -> String {
            counter += 1
            return "\(prefix)\(counter)"
        }

        mutating func network() -> String {
            guard !networks.isEmpty, chance(0.5) else { return "" }
            return " in \(pick(networks))"
        }

        mutating func design() -> String {
            if chance(0.3) { lines.append("design \"Random \(number(1...999))\" { description: \"generated\" }") }
            for _ in 0..<number(0...2) {
                let id = name("net")
                networks.append(id)
                lines.append("network \(id)\(chance(0.5) ? " { trust: untrusted }" : "")")
            }
            for _ in 0..<pick([0, 1, 1, 2]) {
                let id = name("user")
                clients.append(id)
                var load: [String] = []
                if chance(0.5) { load.append("load: \(pick([50, 300, 1200, 5000]))") }
                if chance(0.3) { load.append("writes: \(pick([0, 10, 50, 100]))%") }
                lines.append("client \(id)\(network())\(load.isEmpty ? "" : " { \(load.joined(separator: ", ")) }")")
            }
            for _ in 0..<number(2...9) {
                switch number(0...9) {
                case 0, 1: server()
                case 2: cluster()
                case 3: _ = database(inside: false, indent: "")
                default: topLevel()
                }
            }
            if chance(0.5) {
                let id = name("mon")
                monitors.append(id)
                let watched = (targets + servers).isEmpty || chance(0.5) ? "" : " { watches: [\(pick(targets + servers))] }"
                lines.append("monitor \(id)\(network())\(watched)")
            }
            links()
            return lines.joined(separator: "\n") + "\n"
        }

        mutating func properties(for kind: String) -> [String] {
            var properties: [String] = []
            if chance(0.15) { properties.append("instances: \(pick([1, 2, 3]))") }
            if chance(0.25) { properties.append("capacity: \(pick([100, 500, 2000]))") }
            if chance(0.1) { properties.append("firewall: \(pick(["true", "false"]))") }
            if chance(0.05) { properties.append("softwre: nginx") }
            if chance(0.2) { properties.append("software: \(pick(["nginx", "haproxy", "mysql", "redis"]))") }
            switch kind {
            case "load-balancer":
                if chance(0.3) { properties.append("health-check: false") }
                if chance(0.4) { properties.append("algorithm: \(pick(["round-robin", "least-connections", "weighted-round-robin", "ip-hash", "random"]))") }
                if chance(0.4) { properties.append("tls: \(pick(["terminate", "passthrough", "none"]))") }
            case "web-server", "cdn":
                if chance(0.3) { properties.append("tls: \(pick(["terminate", "passthrough"]))") }
            case "dns":
                if chance(0.5) { properties.append("records: [\"www.example.com A 192.0.2.\(number(1...9))\"]") }
                if chance(0.2) { properties.append("instances: 1") }
            default:
                break
            }
            var seen = Set<String>()
            return properties.filter { seen.insert(String($0.prefix { $0 != ":" })).inserted }
        }

        mutating func block(_ items: [String]) -> String {
            items.isEmpty ? "" : " { \(items.joined(separator: ", ")) }"
        }

        mutating func topLevel() {
            let kind = pick(["load-balancer", "load-balancer", "firewall", "cdn", "web-server", "app-server", "cache",
                             "queue", "storage", "service", "dns"])
            let id = name(String(kind.prefix(3)))
            targets.append(id)
            var items = properties(for: kind)
            if chance(0.2) {
                let agent = name("ag")
                agents.append(agent)
                items.append("agent \(agent)\(monitorReference())")
            }
            lines.append("\(kind) \(id)\(network())\(block(items))")
        }

        mutating func monitorReference() -> String {
            chance(0.5) ? "" : " { reports-to: MONITOR }"
        }

        mutating func database(inside: Bool, indent: String) -> String {
            let id = name("db")
            var items: [String] = []
            let role = pick(["primary", "replica", "standalone", "replica"])
            items.append("role: \(role)")
            if role == "replica", !databases.isEmpty || chance(0.2) {
                items.append("replicates: \(databases.isEmpty ? id : pick(databases))")
            }
            if chance(0.2) { items.append("replication: \(pick(["async", "semi-sync", "sync"]))") }
            if role == "replica", chance(0.2) { items.append("tls: true") }
            databases.append(id)
            let text = "\(indent)database \(id)\(inside ? "" : network())\(block(items))"
            if !inside {
                targets.append(id)
                lines.append(text)
            }
            return text
        }

        mutating func server() {
            let id = name("srv")
            servers.append(id)
            targets.append(id)
            var items: [String] = []
            if chance(0.2) { items.append("instances: 2") }
            if chance(0.2) { items.append("firewall: true") }
            var components: [String] = []
            for _ in 0..<pick([0, 1, 2, 2, 3]) {
                if chance(0.3) {
                    components.append(database(inside: true, indent: ""))
                } else {
                    let kind = pick(["web-server", "app-server", "cache", "load-balancer", "service", "queue"])
                    let component = name(String(kind.prefix(3)))
                    targets.append(component)
                    components.append("\(kind) \(component)\(block(properties(for: kind).filter { !$0.hasPrefix("instances") }))")
                }
            }
            if chance(0.25) {
                let agent = name("ag")
                agents.append(agent)
                components.append("agent \(agent)\(monitorReference())")
            }
            if chance(0.1) { components.append("firewall \(name("hfw"))") }
            if let first = components.first, chance(0.15), let entry = first.split(separator: " ").dropFirst().first {
                items.append("entry: \(entry)")
            }
            lines.append("server \(id)\(network()) {")
            for item in items + components { lines.append("  \(item)") }
            lines.append("}")
        }

        mutating func cluster() {
            let id = name("cl")
            targets.append(id)
            var head: [String] = ["mode: \(pick(["active-active", "active-passive"]))"]
            if chance(0.6) { head.append("failover: \(pick(["automatic", "manual"]))") }
            if chance(0.3) { head.append("vip: \"192.0.2.\(number(10...99))\"") }
            lines.append("cluster \(id)\(network()) { \(head.joined(separator: ", "))")
            let kind = pick(["load-balancer", "web-server", "database", "server", "firewall", "app-server"])
            for _ in 0..<pick([1, 1, 2, 2, 3]) {
                switch kind {
                case "database":
                    lines.append(database(inside: true, indent: "  "))
                case "server":
                    let member = name("srv")
                    servers.append(member)
                    let component = name("app")
                    targets.append(component)
                    lines.append("  server \(member) { app-server \(component) }")
                default:
                    let member = name(String(kind.prefix(3)))
                    targets.append(member)
                    lines.append("  \(kind) \(member)\(block(properties(for: kind)))")
                }
            }
            lines.append("}")
        }

        mutating func links() {
            let all = targets
            guard !all.isEmpty else { return }
            let sources = clients + all
            for _ in 0..<number(1...14) {
                var stages: [[String]] = [[pick(sources)]]
                for _ in 0..<pick([1, 1, 1, 2]) {
                    var stage = [pick(all)]
                    if chance(0.3) { stage.append(pick(all)) }
                    stages.append(Array(Set(stage)).sorted())
                }
                // A link from an element to itself is an error: skip such chains.
                var valid = true
                for (from, to) in zip(stages, stages.dropFirst()) where from.contains(where: to.contains) { valid = false }
                guard valid else { continue }
                var link = stages.map { $0.joined(separator: ", ") }.joined(separator: " -> ")
                link += " : \(pick(["http", "https", "https", "mysql", "dns", "tcp", "postgres", "htps"]))"
                if chance(0.3) { link += " \(pick([80, 443, 3306, 8080]))" }
                var items: [String] = []
                if chance(0.25) { items.append("access: \(pick(["read", "write", "read-write"]))") }
                if chance(0.1) { items.append("tls: true") }
                if chance(0.08) { items.append("weight: \(number(1...5))") }
                lines.append(link + block(items))
            }
            for agent in agents {
                if !monitors.isEmpty, chance(0.6) { lines.append("\(agent) -> \(pick(monitors)) : \(pick(["https", "http"]))") }
            }
            let monitor = monitors.first ?? (all.first ?? "x")
            lines = lines.map { $0.replacingOccurrences(of: "MONITOR", with: monitor) }
        }
    }
}
