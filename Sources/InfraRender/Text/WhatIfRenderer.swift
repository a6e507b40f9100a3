import InfraAnalysis
import InfraCore

/// The text of `infralint what-if`.
public enum WhatIfRenderer {
    /// `availability`: the estimates with nothing failed and while the named parts
    /// stay down (`AvailabilityReport(model:down:)`), printed after the paths.
    /// `overloads`: the elements above capacity at peak while the named parts stay
    /// down (`CapacityReport.overloads`), printed after the estimates.
    public static func render(_ whatIf: WhatIf, failing names: [String],
                              availability: (before: AvailabilityReport, after: AvailabilityReport)? = nil,
                              overloads: [CapacityReport.Failure] = []) -> String {
        let graph = whatIf.graph
        let design = graph.design
        var out = "If \(listed(names)) fail\(names.count == 1 ? "s" : ""):\n"
        let alsoDown = whatIf.failed.subtracting(names.compactMap { design.element(named: $0)?.index }).sorted()
        if !alsoDown.isEmpty {
            out += "  (and with \(names.count == 1 ? "it" : "them"): \(listed(alsoDown.map { design.elements[$0].id })))\n"
        }
        // An element with several instances loses one: the others carry on.
        let survivors = whatIf.failed.sorted().filter { index in
            design.elements[index].instances >= 2 || (design.elements[design.elements[index].host].instances >= 2 && design.elements[index].host != index)
        }.filter { names.contains(design.elements[$0].id) }
        for index in survivors {
            let element = design.elements[index]
            let count = element.instances >= 2 ? element.instances : design.elements[element.host].instances
            out += "  (\(element.id) has \(count) instances: one of them fails, the other\(count > 2 ? "s carry" : " carries") on)\n"
        }
        for client in whatIf.clients {
            out += "\n\(graph.name(of: client.client))\n"
            for kind in RequestKind.allCases {
                let label = kind == .read ? "reads " : "writes"
                guard let outcome = client[kind] else {
                    // Why, where the model can say: a cycle, a dead end, only replicas for writes.
                    let why = whatIf.neverServed(client.client, kind).first.map { ": \($0.reason)" } ?? ""
                    out += "  \(label)  -         not possible even with nothing failed\(why)\n"
                    continue
                }
                if outcome.served {
                    for (index, path) in outcome.paths.enumerated() {
                        let head = index == 0 ? "  \(label)  served    " : String(repeating: " ", count: 20)
                        out += head + chain(path, graph: graph, promoted: whatIf.promoted, failed: whatIf.failed).text + "\n"
                    }
                } else {
                    for (index, blocked) in outcome.blocked.enumerated() {
                        let head = index == 0 ? "  \(label)  LOST      " : String(repeating: " ", count: 20)
                        out += head + chain(blocked.path, graph: graph, promoted: [], failed: []).text + ": \(blocked.reason)\n"
                    }
                }
            }
        }
        if let availability { out += "\n" + estimates(availability.before, availability.after, names: names, whatIf: whatIf) }
        if !overloads.isEmpty {
            out += "\nLoad at peak while \(listed(names)) stay\(names.count == 1 ? "s" : "") down:\n"
            for overload in overloads { out += "  " + overload.consequence(in: design) + "\n" }
        }
        let hurt = whatIf.clients.filter { !$0.fullyServed }
        out += "\n"
        if hurt.isEmpty {
            // Standbys that serve only once someone promotes them (failover: manual).
            var sentence = everyoneServed(waitingFor: waiting(whatIf))
            if !overloads.isEmpty {
                let names = overloads.map { design.elements[$0.element].id }
                sentence += ", but at peak \(listed(names)) \(names.count == 1 ? "is" : "are") above capacity"
            }
            out += sentence.prefix(1).uppercased() + sentence.dropFirst() + ".\n"
        } else {
            out += "\(hurt.count) of \(counted(whatIf.clients.count, "client")) lost something: \(losses(whatIf).joined(separator: "; ")).\n"
        }
        return out
    }

    /// The standbys that serve only once someone promotes them (failover: manual),
    /// on the paths that still serve: `lb-b`.
    public static func waiting(_ whatIf: WhatIf) -> [String] {
        var waiting: [String] = []
        for path in whatIf.servedPaths {
            let shown = chain(path, graph: whatIf.graph, promoted: whatIf.promoted, failed: whatIf.failed)
            for name in shown.waiting where !waiting.contains(name) { waiting.append(name) }
        }
        return waiting
    }

    /// What the failure leaves, in one sentence's end: "every client can still do
    /// everything it could, once someone promotes lb-b (failover is manual)".
    public static func everyoneServed(waitingFor waiting: [String]) -> String {
        "every client can still do everything it could" + (waiting.isEmpty ? "" : ", once someone promotes \(listed(waiting)) (failover is manual)")
    }

    /// `users cannot read or write`, for each client that lost something.
    public static func losses(_ whatIf: WhatIf) -> [String] {
        whatIf.clients.filter { !$0.fullyServed }.map { client in
            let lost = RequestKind.allCases.filter { client[$0]?.served == false }.map(\.word)
            return "\(whatIf.graph.name(of: client.client)) cannot \(listed(lost, conjunction: "or"))"
        }
    }

    /// `users reads   99.8998% -> 99.8001%`: each client's estimate before and during the failure.
    private static func estimates(_ before: AvailabilityReport, _ after: AvailabilityReport, names: [String], whatIf: WhatIf) -> String {
        var out = "Availability with nothing failed -> while \(listed(names)) stay\(names.count == 1 ? "s" : "") down:\n"
        // Client names padded to one width, so the figures line up.
        let width = before.clients.map(\.name.count).max() ?? 0
        for (old, new) in zip(before.clients, after.clients) {
            let outcome = whatIf.clients.first { $0.client == old.node }
            for (label, kind, was, now) in [("reads ", RequestKind.read, old.reads, new.reads), ("writes", .write, old.writes, new.writes)] {
                guard let was else { continue }
                // Lost is what the paths say; a figure that rounds to nothing (a long
                // chain of hosts in series) is still a figure.
                let lost = outcome?[kind]?.served == false
                let figure = now.map { !lost ? Figures.percent($0.availability) + " (\(Figures.nines($0.nines)) nines)" : "0% (lost)" } ?? "0% (lost)"
                let name = old.name + String(repeating: " ", count: max(0, width - old.name.count))
                out += "  \(name) \(label)  \(Figures.percent(was.availability)) -> \(figure)\n"
            }
        }
        return out
    }

    /// A node as the link into it names it: `portal-1 (php-1)` for a link to a
    /// server whose requests arrive at its entry, php-1.
    private static func written(_ node: Int, after previous: Int?, graph: TrafficGraph) -> String {
        let design = graph.design
        guard let previous, let element = graph.element(of: node),
              let edge = graph.edges(from: previous).first(where: { $0.to == node }),
              case .element(let target)? = graph.writtenTarget(of: edge), target != element.index, design.elements[target].kind == .server
        else { return graph.name(of: node) }
        return "\(design.elements[target].id) (\(element.id))"
    }

    /// One path of a what-if as its text shows it: `users -> lb-pair (lb-02 promoted) -> web-01`.
    public static func path(_ path: [Int], in whatIf: WhatIf) -> String {
        chain(path, graph: whatIf.graph, promoted: whatIf.promoted, failed: whatIf.failed).text
    }

    /// `users -> lb-pair (lb-02) -> web-01`: a cluster is shown with the member that
    /// takes the request; a standby that takes over only once someone promotes it is
    /// said so, and returned in `waiting`.
    private static func chain(_ path: [Int], graph: TrafficGraph, promoted: Set<Int>,
                              failed: Set<Int>) -> (text: String, waiting: [String]) {
        let design = graph.design
        var names: [String] = []
        var waiting: [String] = []
        var index = 0
        while index < path.count {
            let node = path[index]
            if case .cluster(let cluster) = graph.node(node), index + 1 < path.count {
                let member = path[index + 1]
                let manual = design.clusters[cluster].failover == .manual
                // With its active (first) member down, an active-passive cluster is served by a standby.
                let standby = design.clusters[cluster].mode == .activePassive
                    && design.clusters[cluster].members.first.map { failed.contains($0) || failed.contains(design.elements[$0].host) } == true
                var note = ""
                if promoted.contains(member) || standby {
                    note = manual ? ", once someone promotes it: failover is manual" : ", promoted"
                    if manual { waiting.append(graph.name(of: member)) }
                }
                names.append("\(graph.name(of: node)) (\(graph.name(of: member))\(note))")
                index += 2
            } else {
                names.append(written(node, after: index > 0 ? path[index - 1] : nil, graph: graph))
                index += 1
            }
        }
        var text = chained(names)
        if path.count == 2, let last = path.last, graph.isDNS(last) { text += " (lookup)" }
        return (text, waiting)
    }
}
