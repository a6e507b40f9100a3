import InfraCore

extension ExplainModel {
    /// A load balancer (or a cluster of them, once) and its algorithm at work on
    /// the backends it really sends requests to.
    public struct Balancer: Encodable, Sendable {
        public var subject: String
        public var algorithm: String
        public var isRoundRobin = false, isWeightedRoundRobin = false, isLeastConnections = false
        public var isIPHash = false, isRandom = false
        /// Two or more backends: the algorithm has something to choose between.
        public var backends: String?
        public var backendCount: Int
        /// The first requests, assigned by running the algorithm: "nginx-01, nginx-02, nginx-01, …".
        public var sequence: String?
        public var requestCount: Int
        /// The same, as a table (`--detail full`).
        public var assignments: [Assignment]?
        /// One backend: every request goes there.
        public var single: String?
        /// `weights 1 and 2`, in the order of `backends` (weighted round robin only).
        public var weights: String?
        /// Backends of different sizes: "nginx-01 takes 2000 requests a second, nginx-02 500".
        public var unequal: String?
        /// Backends alike under round robin: the case it suits.
        public var alike: Bool
        public var healthCheck: Bool
        /// A failed backend's share with health checks off: "1 request in 2".
        public var lostShare: String?

        public struct Assignment: Encodable, Sendable {
            public var request: Int
            public var backend: String
            public var client: String?
        }

        static func algorithmName(_ algorithm: Algorithm) -> String {
            switch algorithm {
            case .roundRobin: return "round robin"
            case .weightedRoundRobin: return "weighted round robin"
            case .leastConnections: return "least connections"
            case .ipHash: return "IP hash"
            case .random: return "random choice"
            }
        }

        static func all(_ facts: ExplainFacts, requests: Int) -> [Balancer] {
            let design = facts.design
            var covered = Set<Int>()
            var balancers: [Balancer] = []
            for element in design.elements where element.kind == .loadBalancer {
                var subject = Prose.named(element)
                // A cluster of balancers, or of the servers they run on, is said once.
                if let cluster = design.cluster(of: element) {
                    guard covered.insert(cluster).inserted else { continue }
                    subject = "\(Prose.name(design.clusters[cluster].id)) (\(Prose.names(design.clusters[cluster].members.map { design.elements[$0] })))"
                }
                let found = facts.backends(of: element)
                guard !found.isEmpty else { continue }
                balancers.append(Balancer(element, subject: subject, backends: found, facts: facts, requests: requests))
            }
            return balancers
        }

        init(_ element: Element, subject: String, backends found: [(element: Element, link: Link)], facts: ExplainFacts, requests: Int) {
            self.subject = subject
            algorithm = Self.algorithmName(element.algorithm)
            switch element.algorithm {
            case .roundRobin: isRoundRobin = true
            case .weightedRoundRobin: isWeightedRoundRobin = true
            case .leastConnections: isLeastConnections = true
            case .ipHash: isIPHash = true
            case .random: isRandom = true
            }
            backendCount = found.count
            requestCount = requests
            healthCheck = element.healthCheck
            let names = found.map { Prose.name($0.element.id) }
            guard found.count >= 2 else {
                single = "\(subject) has one backend, \(names[0]): every request goes there, whatever the algorithm."
                alike = true
                return
            }
            backends = listed(names)
            let simulated = found.map { BalancerSimulation.Backend(name: $0.element.id, weight: $0.link.weight ?? 1) }
            let picks: [Int]
            switch element.algorithm {
            case .roundRobin: picks = BalancerSimulation.roundRobin(simulated, requests: requests)
            case .weightedRoundRobin: picks = BalancerSimulation.weightedRoundRobin(simulated, requests: requests)
            case .leastConnections: picks = BalancerSimulation.leastConnections(simulated, requests: requests)
            case .ipHash: picks = BalancerSimulation.ipHash(simulated, requests: requests)
            case .random: picks = BalancerSimulation.random(simulated, requests: requests)
            }
            sequence = picks.map { names[$0] }.joined(separator: ", ")
            assignments = picks.enumerated().map { request, pick in
                Assignment(request: request + 1, backend: names[pick],
                           client: element.algorithm == .ipHash
                               ? BalancerSimulation.clientAddresses[request % BalancerSimulation.clientAddresses.count] : nil)
            }
            if element.algorithm == .weightedRoundRobin {
                // "over api-1 and api-2 (weights 1 and 2)": in the backends' order, not their names again.
                weights = (found.count == 1 ? "weight " : "weights ") + listed(found.map { String($0.link.weight ?? 1) })
            }
            let sizes = found.map { (facts.capacity(of: $0.element) ?? 0) * Double($0.element.instances) }
            let declared = found.filter { facts.capacity(of: $0.element) != nil }
            if declared.count == found.count, Set(sizes).count > 1 {
                unequal = listed(found.map { backend in
                    let value = (facts.capacity(of: backend.element) ?? 0) * Double(backend.element.instances)
                    return "\(Prose.name(backend.element.id)) \(value == value.rounded() ? String(Int(value)) : String(value))"
                }) + " requests a second"
                alike = false
            } else {
                // Alike as the summary groups hosts: kind, software, instances, and what a server runs.
                alike = Set(found.map { Shape.signature($0.element, design: facts.design) }).count == 1
            }
            if !healthCheck { lostShare = "1 request in \(found.count)" }
        }
    }
}
