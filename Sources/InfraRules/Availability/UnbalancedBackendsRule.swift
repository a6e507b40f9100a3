import InfraCore

/// AV005: round robin over backends of different sizes, or weights nobody reads.
public enum UnbalancedBackendsRule: Rule {
    public static let description = RuleDescription(
        code: "AV005",
        name: "unbalanced-backends",
        category: .availability,
        defaultSeverity: .note,
        summary: "Round robin over backends of different capacity or instances, or weights on a load balancer that ignores them.",
        whatItDoes: """
            Reports a `round-robin` load balancer (the default) whose backends declare different `capacity` or \
            `instances`, and a load balancer that is not `weighted-round-robin` but whose links carry `weight`. \
            Backends that declare no capacity are not compared on capacity; backends that all declare one are \
            alike when each serves as much in all (`capacity` × `instances`: 600 × 2 and 300 × 4). An \
            active-active cluster with no `vip` that the balancer links to counts as its members, which the \
            balancer spreads over.
            """,
        whyIsThisBad: """
            Round robin gives every backend the same number of requests whatever it can take, so the smallest \
            backend overloads first and drags response times down for everyone; weights written on the links of \
            a load balancer that is not weighted do nothing.
            """,
        fixSafety: """
            Safe: `algorithm: weighted-round-robin` when the links carry weights, else `algorithm: \
            least-connections`, which sends more to the backends that finish faster.
            """,
        triggering: [
            RuleExample("""
                ↓load-balancer lb-01
                web-server small { capacity: 100 }
                web-server big { capacity: 400 }
                lb-01 -> small, big : http
                """),
            RuleExample("""
                ↓load-balancer lb-01 { algorithm: least-connections }
                web-server a
                web-server b
                lb-01 -> a : http { weight: 3 }
                lb-01 -> b : http { weight: 1 }
                """),
        ],
        nonTriggering: [
            RuleExample("""
                load-balancer lb-01 { algorithm: weighted-round-robin }
                web-server small { capacity: 100 }
                web-server big { capacity: 400 }
                lb-01 -> small : http { weight: 1 }
                lb-01 -> big : http { weight: 4 }
                """),
        ])

    public static func check(_ context: LintContext) -> [Finding] {
        let design = context.design
        var findings: [Finding] = []
        for balancer in design.elements where balancer.kind == .loadBalancer {
            let links = backendLinks(of: balancer, design: design)
            let weighted = links.filter { $0.weight != nil }
            if balancer.algorithm != .weightedRoundRobin, !weighted.isEmpty {
                findings.append(context.finding(
                    description,
                    "\(balancer.id) uses \(balancer.algorithm.rawValue), so the weights on \(listed(weighted.map(\.name))) are ignored",
                    on: balancer,
                    fix: Fix(.safe, "honour the weights", [.setProperty(.named(balancer.id), name: "algorithm", value: Algorithm.weightedRoundRobin.rawValue)])))
                continue
            }
            guard balancer.algorithm == .roundRobin else { continue }
            var backends: [Element] = []
            var seen = Set<Int>()
            for link in links {
                switch link.to {
                case .element(let index):
                    if seen.insert(index).inserted { backends.append(design.elements[index]) }
                case .cluster(let cluster):
                    // An active-active cluster with no shared address stands for its members:
                    // the balancer spreads over them, as the load flow counts them.
                    guard context.graph.spreadMembers(ofBackend: context.graph.clusterNode(cluster)) != nil else { continue }
                    for member in design.clusters[cluster].members where seen.insert(member).inserted {
                        backends.append(design.elements[member])
                    }
                }
            }
            let sizes = backends.map { backend in (backend, capacity(of: backend, in: design), backend.instances) }
            let capacities = sizes.compactMap(\.1)
            let capacitiesDiffer = capacities.contains { $0 != capacities[0] }
            let instancesDiffer = sizes.contains { $0.2 != sizes[0].2 }
            guard capacitiesDiffer || instancesDiffer else { continue }
            // Every backend states its capacity: round robin is fair when what each serves in
            // all (capacity × instances) is the same, however it is made up (600 × 2 and 300 × 4).
            let totals = sizes.compactMap { _, capacity, count in capacity.map { $0 * Double(count) } }
            if totals.count == sizes.count, !totals.contains(where: { $0 != totals[0] }) { continue }
            let detail = sizes.map { backend, capacity, count in
                var parts: [String] = []
                if let capacity, capacitiesDiffer { parts.append("\(format(capacity)) req/s") }
                if instancesDiffer { parts.append(counted(count, "instance")) }
                return "\(backend.id): \(parts.isEmpty ? "capacity not given" : parts.joined(separator: ", "))"
            }
            let smallest = sizes.min { ($0.1 ?? .infinity) * Double($0.2) < ($1.1 ?? .infinity) * Double($1.2) }
            findings.append(context.finding(
                description,
                "\(balancer.id) uses round-robin over backends of different sizes (\(detail.joined(separator: "; "))): each gets the same share, so \(smallest?.0.id ?? "the smallest") overloads first",
                on: balancer,
                fix: Fix(.safe, "send each request to the backend with the fewest open connections, which favours the larger ones",
                         [.setProperty(.named(balancer.id), name: "algorithm", value: Algorithm.leastConnections.rawValue)])))
        }
        return findings
    }

    /// The links a load balancer sends requests on: its own and its cluster's
    /// (links out of a cluster are links out of each member); lookups in a dns and
    /// monitoring are not backends.
    static func backendLinks(of balancer: Element, design: Design) -> [Link] {
        var indexes = Array(design.linksFrom[.element(balancer.index)] ?? [])
        if let cluster = balancer.cluster { indexes += Array(design.linksFrom[.cluster(cluster)] ?? []) }
        return indexes.sorted().map { design.links[$0] }.filter { link in
            let targets = design.members(of: link.to).map { design.elements[$0].kind }
            return !targets.contains(where: { $0 == .dns || $0.isMonitoring })
        }
    }

    /// A backend's declared capacity, or its entry's for a server.
    static func capacity(of backend: Element, in design: Design) -> Double? {
        if let capacity = backend.capacity { return capacity }
        if let entry = design.entry(of: backend.index) { return design.elements[entry].capacity }
        return nil
    }

    static func format(_ number: Double) -> String {
        number == number.rounded() ? String(Int(number)) : String(number)
    }
}
