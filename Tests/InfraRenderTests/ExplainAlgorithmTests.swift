import Foundation
import InfraCore
import InfraLintKit
import InfraRender
import InfraTemplates
import InfraTestSupport
import Testing

/// The load balancer section: each algorithm run on this design's backends.
@Suite("explain: the balancers' algorithms")
struct ExplainAlgorithmTests {
    @Test("each algorithm's first eight requests are computed by running it")
    func simulations() {
        let two = [BalancerSimulation.Backend(name: "a"), .init(name: "b")]
        let three = two + [.init(name: "c")]
        #expect(BalancerSimulation.roundRobin(three, requests: 8) == [0, 1, 2, 0, 1, 2, 0, 1])
        #expect(BalancerSimulation.weightedRoundRobin([.init(name: "a", weight: 3), .init(name: "b", weight: 1)], requests: 8)
            == [0, 0, 1, 0, 0, 0, 1, 0])
        #expect(BalancerSimulation.weightedRoundRobin([.init(name: "a", weight: 5), .init(name: "b", weight: 1), .init(name: "c", weight: 1)], requests: 7)
            == [0, 0, 1, 0, 2, 0, 0])
        #expect(BalancerSimulation.leastConnections(two, requests: 8) == [0, 1, 1, 1, 1, 1, 1, 1])
        #expect(BalancerSimulation.leastConnections(three, requests: 8) == [0, 1, 2, 1, 2, 1, 2, 1])
        // Last numbers 10, 7, 44, 25 modulo 3: 1, 1, 2, 1, then the same visitors again.
        #expect(BalancerSimulation.ipHash(three, requests: 8) == [1, 1, 2, 1, 1, 1, 2, 1])
        let random = BalancerSimulation.random(three, requests: 8)
        #expect(random == BalancerSimulation.random(three, requests: 8), "a fixed seed: the same every time")
        #expect(random.allSatisfy { (0..<3).contains($0) })
    }

    @Test("the explanation tells each algorithm's assumptions and shows its table in full", arguments: [
        ("weighted-round-robin", "over a and b (weights 3 and 1)", "| 1 | a |\n| 2 | a |\n| 3 | b |\n| 4 | a |"),
        ("least-connections", "Assuming request 1 is slow", "| 1 | a |\n| 2 | b |\n| 3 | b |"),
        ("ip-hash", "four visitors", "| 1 | 203.0.113.10 | a |\n| 2 | 198.51.100.7 | b |\n| 3 | 192.0.2.44 | a |\n| 4 | 203.0.113.25 | b |\n| 5 | 203.0.113.10 | a |"),
        ("random", "a fixed seed", "| request | goes to |"),
    ])
    func algorithmSections(algorithm: String, assumption: String, table: String) throws {
        let text = try explain(detail: .full, """
            client users
            load-balancer lb { algorithm: \(algorithm), instances: 2 }
            web-server a
            web-server b
            users -> lb : https
            lb -> a : http { weight: 3 }
            lb -> b : http { weight: 1 }
            """)
        #expect(text.contains(assumption), "\(algorithm)")
        #expect(text.contains(table), "\(algorithm)")
    }
}
