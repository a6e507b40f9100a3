import InfraCore

/// A design's meaning without positions, one fact a line: two files with the same
/// summary mean the same design (used to check that `fmt` changes only layout).
public enum ModelSummary {
    public static func of(_ design: Design) -> String {
        var lines: [String] = []
        lines.append("design \(design.name ?? "-") \(design.description ?? "-")")
        for network in design.networks {
            lines.append("network \(network.id) \(network.label ?? "-") \(network.trust.rawValue) \(network.description ?? "-")")
        }
        for cluster in design.clusters {
            let members = cluster.members.map { design.elements[$0].id }.joined(separator: ",")
            lines.append("cluster \(cluster.id) \(cluster.label ?? "-") \(cluster.mode.rawValue) \(cluster.failover.rawValue) vip=\(cluster.vip ?? "-") net=\(cluster.network.map { design.networks[$0].id } ?? "-") [\(members)]")
        }
        for element in design.elements {
            var facts = [
                element.kind.rawValue, element.id, element.label ?? "-",
                "host=\(design.elements[element.host].id)",
                "net=\(element.network.map { design.networks[$0].id } ?? "-")",
                "cluster=\(element.cluster.map { design.clusters[$0].id } ?? "-")",
                "software=\(element.software ?? "-")", "instances=\(element.instances)",
                "firewall=\(element.firewall)", "algorithm=\(element.algorithm.rawValue)",
                "tls=\(element.tls.rawValue)", "health=\(element.healthCheck)", "role=\(element.role.rawValue)",
                "replicates=\(element.replicates?.name ?? "-")", "replication=\(element.replication.rawValue)",
                "records=\(element.records)", "reports-to=\(element.reportsTo?.name ?? "-")",
                "watches=\(element.watches.map(\.name))", "entry=\(element.entry?.name ?? "-")",
            ]
            if let capacity = element.capacity { facts.append("capacity=\(capacity)") }
            if let availability = element.availability { facts.append("availability=\(availability)") }
            if let description = element.description { facts.append("description=\(description)") }
            lines.append(facts.joined(separator: " "))
        }
        for link in design.links {
            lines.append("link \(link.name) \(link.protocolLabel) tls=\(link.tls.map(String.init) ?? "-") access=\(link.access?.rawValue ?? "-") weight=\(link.weight.map(String.init) ?? "-")")
        }
        for unknown in design.unknownProperties { lines.append("unknown-property \(unknown.name)") }
        for unknown in design.unknownProtocols { lines.append("unknown-protocol \(unknown.name)") }
        return lines.joined(separator: "\n")
    }
}
