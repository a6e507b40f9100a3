import InfraAnalysis
import InfraCore

/// The roles section, continued: databases, hosts' own firewalls, and monitoring.
extension ExplainModel.RoleBuilder {
    mutating func databaseRole(_ database: Element) {
        let place = database.isHost ? "" : " on \(Prose.name(design.elements[database.host].id))"
        let subject = MarkdownText.code(database.id) + software(database)
        var text: String
        switch database.role {
        case .replica:
            guard case .element(let source)? = database.replicates?.symbol, design.elements[source].kind == .database else {
                add(subject, "a replica\(place) that copies no database (see the issues).")
                return
            }
            let primary = Prose.name(design.elements[source].id)
            text = "a replica of \(primary)\(place): "
            // A standby of an active-passive cluster serves none of the cluster's reads
            // (they go to the member it serves from) until that member fails.
            let readers = facts.activeReaders(of: database.index)
            let serves = readers.isEmpty ? "" : "it serves reads (to \(names(readers))), easing the primary, and "
            if let cluster = facts.standbyCluster(of: database.index) {
                let takeover = cluster.failover == .automatic
                    ? "to take over automatically if \(primary) is lost"
                    : "for someone to promote if \(primary) is lost"
                text += serves + "it stands by in \(MarkdownText.code(cluster.id)) with a copy of the data, \(takeover)"
            } else if design.elements[source].role == .replica {
                // A replica of a replica has no primary of its own to replace: it follows
                // through its source, as the database section says.
                text += readers.isEmpty ? "nothing reads from it yet; " : "it serves reads (to \(names(readers))), easing the primary; "
                text += "\(primary) is itself a replica, so its copy trails by one more replication step, "
                    + "and it stops following when \(primary) is lost"
            } else {
                // Promoted by its cluster when it shares one with its primary (as the failure
                // model does it); else only by hand, as the modes section says.
                let shared = design.cluster(of: database).flatMap { cluster in
                    design.cluster(of: design.elements[source]) == cluster ? design.clusters[cluster] : nil
                }
                let promotion = shared.map { cluster in
                    cluster.hasUnpromotedStandby
                        ? "someone can promote it in \(MarkdownText.code(cluster.id)) if \(primary) is lost"
                        : "\(MarkdownText.code(cluster.id)) promotes it automatically if \(primary) is lost"
                } ?? "its copy can be promoted by hand if \(primary) is lost, as no cluster holds them both"
                text += readers.isEmpty ? promotion + "; nothing reads from it yet" : serves + promotion
            }
        case .primary, .standalone:
            let writers = facts.writers(of: database.index)
            let replicas = design.replicas(of: database.index)
            if database.role == .primary || !replicas.isEmpty {
                text = "the primary\(place): "
                text += writers.isEmpty ? "the database that takes writes, though nothing writes to it yet" : "every write goes here (from \(names(writers)))"
                text += replicas.isEmpty ? "; nothing copies it yet" : ", and \(Prose.names(replicas)) cop\(replicas.count == 1 ? "ies" : "y") it"
            } else {
                text = "stores the data\(place)"
                if !writers.isEmpty { text += "; \(names(writers)) write\(writers.count == 1 ? "s" : "") to it" }
                text += "; nothing copies it"
            }
        }
        let idleReplica = database.role == .replica && facts.readers(of: [database.index]).isEmpty
        add(subject, text + (database.isHost && !idleReplica ? unreached([database]) : "") + ".")
    }

    mutating func hostFirewalls() {
        let guarded = design.hosts.filter { $0.kind != .firewall && design.hasOwnFirewall(host: $0.index) }
        guard !guarded.isEmpty else { return }
        if guarded.count == 1 {
            add("The firewall on \(Prose.name(guarded[0].id))", "it filters what reaches \(Prose.name(guarded[0].id)) only, not the hosts behind it.")
        } else {
            add("Firewalls on \(Prose.some(guarded.map { Prose.name($0.id) }))",
                "each filters what reaches its own host only, not the hosts behind it.")
        }
    }

    mutating func monitoring() {
        let agents = design.elements.filter { $0.kind == .agent }
        var reportingTo: [Int: [Element]] = [:]
        for agent in agents {
            for monitor in design.destination(ofAgent: agent).map(design.members(of:)) ?? [] {
                reportingTo[monitor, default: []].append(agent)
            }
        }
        for monitor in design.elements where monitor.kind == .monitor {
            let reporting = reportingTo[monitor.index] ?? []
            let hosts = reporting.filter { !$0.isHost }.map { design.elements[$0.host].id }
            let probes = monitor.watches.map { Prose.name($0.name) }
            var text: String
            switch (hosts.isEmpty && reporting.isEmpty, probes.isEmpty) {
            case (false, _):
                text = "collects metrics and logs from \(hosts.isEmpty ? "its agents" : "the agents on \(Prose.some(hosts.map(Prose.name)))")"
                if !probes.isEmpty { text += " and probes \(Prose.some(probes))" }
                text += ", keeps their history and raises alerts, so problems are seen before users report them"
            case (true, false):
                text = "probes \(Prose.some(probes)) from outside and raises alerts when \(probes.count == 1 ? "it stops" : "one stops") answering; no agent reports metrics or logs to it"
            case (true, true):
                text = "a monitor no agent reports to and that probes nothing: it sees nothing yet"
            }
            add(codes([monitor]) + software(monitor), text + ".")
        }
        let lost = agents.filter { agent in
            guard let destination = design.destination(ofAgent: agent) else { return true }
            return !design.members(of: destination).allSatisfy { design.elements[$0].kind == .monitor }
        }
        if !lost.isEmpty {
            add(codes(lost), "\(lost.count == 1 ? "an agent that reports" : "agents that report") to no monitor: \(lost.count == 1 ? "its" : "their") metrics go nowhere (see the issues).")
        }
    }
}
