/// The first requests a load balancer sends to each backend, computed by running
/// its algorithm, under the assumptions the explanation states.
public enum BalancerSimulation {
    /// One backend: its name and its weight (1 unless a link says `weight`).
    public struct Backend: Sendable, Equatable {
        public var name: String
        public var weight: Int

        public init(name: String, weight: Int = 1) {
            self.name = name
            self.weight = max(weight, 0)
        }
    }

    /// The source addresses ip-hash is shown with: four visitors, who come back in turn.
    public static let clientAddresses = ["203.0.113.10", "198.51.100.7", "192.0.2.44", "203.0.113.25"]

    /// Round robin: each backend in turn.
    public static func roundRobin(_ backends: [Backend], requests: Int) -> [Int] {
        guard !backends.isEmpty else { return [] }
        return (0..<requests).map { $0 % backends.count }
    }

    /// Smooth weighted round robin (as nginx and HAProxy spread weights): each turn,
    /// every backend gains its weight; the highest is chosen and loses the total.
    /// Weights 3 and 1 give A, A, B, A, A, A, B, A rather than A, A, A, B.
    public static func weightedRoundRobin(_ backends: [Backend], requests: Int) -> [Int] {
        let total = backends.reduce(0) { $0 + $1.weight }
        guard total > 0 else { return roundRobin(backends, requests: requests) }
        var current = Array(repeating: 0, count: backends.count)
        var picks: [Int] = []
        for _ in 0..<requests {
            for index in backends.indices { current[index] += backends[index].weight }
            var best = 0
            for index in backends.indices where current[index] > current[best] { best = index }
            current[best] -= total
            picks.append(best)
        }
        return picks
    }

    /// Least connections, assuming request 1 is slow (it keeps its connection open
    /// through the whole sequence) and every other request ends before the next
    /// arrives; ties go round robin, as HAProxy's leastconn does.
    public static func leastConnections(_ backends: [Backend], requests: Int) -> [Int] {
        guard !backends.isEmpty else { return [] }
        var open = Array(repeating: 0, count: backends.count)
        var next = 0
        var picks: [Int] = []
        for request in 0..<requests {
            let fewest = open.min() ?? 0
            var choice = next % backends.count
            while open[choice] != fewest { choice = (choice + 1) % backends.count }
            next = choice + 1
            picks.append(choice)
            if request == 0 { open[choice] += 1 }
        }
        return picks
    }

    /// ip-hash, shown with a hash simple enough to check by hand: the address's last
    /// number modulo the number of backends. Visitors 1 to 4 send requests 1 to 4, then
    /// come back for 5 to 8.
    public static func ipHash(_ backends: [Backend], requests: Int) -> [Int] {
        guard !backends.isEmpty else { return [] }
        return (0..<requests).map { request in
            let address = clientAddresses[request % clientAddresses.count]
            let last = Int(address.split(separator: ".").last ?? "0") ?? 0
            return last % backends.count
        }
    }

    /// Random, with a fixed seed so that the document is the same every time.
    public static func random(_ backends: [Backend], requests: Int) -> [Int] {
        guard !backends.isEmpty else { return [] }
        var state: UInt64 = 0x1F2E_3D4C_5B6A_7988
        return (0..<requests).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(backends.count))
        }
    }
}
