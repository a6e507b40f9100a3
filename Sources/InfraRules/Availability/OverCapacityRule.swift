import InfraAnalysis
import InfraCore

/// AV009: with nothing failed, the peak load puts an element over its capacity.
public enum OverCapacityRule: Rule {
    public static let description = RuleDescription(
        code: "AV009",
        name: "over-capacity",
        category: .availability,
        defaultSeverity: .error,
        summary: "With nothing failed, the clients' peak `load` puts an element above 100% of its `capacity`.",
        whatItDoes: """
            Follows each client's `load` (requests a second at peak, `writes` of them writes) through the links \
            as `infralint availability` does: a client splits it over its entries, a load balancer by its \
            algorithm, an active-active cluster equally, an active-passive one to the serving member, anything \
            else to every target. Reports each element whose load is above `capacity` × its instances, naming \
            the load, the capacity and the clients it comes from. A client that states a `load` none of whose \
            requests reach an element with a `capacity` gets a note at its `load`: nothing can be judged.
            """,
        whyIsThisBad: """
            An element over its capacity at peak queues requests until they time out: the site is down for a \
            share of its users every day at the busiest hour, with every server up.
            """,
        fixSafety: """
            Unsafe: `instances` raised to carry the load with one instance to spare (more servers cost money, \
            and the software must run as several copies). A database gets advice instead: a larger machine, \
            read replicas or sharding.
            """,
        triggering: [
            RuleExample("""
                client users { load: 1200 }
                load-balancer lb-01
                ↓web-server web-01 { capacity: 500 }
                ↓web-server web-02 { capacity: 500 }
                users -> lb-01 : https
                lb-01 -> web-01, web-02 : http
                """),
            RuleExample("""
                client users { ↓load: 1200 }
                web-server web-01
                users -> web-01 : https
                """),
        ],
        nonTriggering: [
            // Least connections fills each backend in proportion to its capacity: 225 of 300 and 675 of 900.
            RuleExample("""
                client users { load: 900 }
                load-balancer lb-01 { algorithm: least-connections }
                web-server small { capacity: 300 }
                web-server big { capacity: 900 }
                users -> lb-01 : https
                lb-01 -> small, big : http
                """),
        ])

    public static func check(_ context: LintContext) -> [Finding] {
        guard let report = context.capacity else { return [] }
        let design = context.design
        var findings: [Finding] = []
        for row in report.rows where row.utilisation > 1 + 1e-9 {
            let element = design.elements[row.element]
            let worst = report.worstLoadAfterFailure[row.element] ?? row.load
            findings.append(context.finding(
                description,
                "\(element.id) receives \(Figures.rate(row.load)) requests a second at peak, from \(origins(row, design: design)); "
                    + "it can serve \(capacity(row)) (\(Figures.utilisation(row.utilisation)))",
                on: element, fix: context.scalingFix(element, row: row, worstLoad: worst)))
        }
        // A client whose load reaches nothing that states a capacity: a note at its `load`.
        for source in report.sources where !report.rows.contains(where: { $0.clients.contains { $0.client == source.client } }) {
            let client = design.elements[source.client]
            guard let range = client.propertyRanges["load"] else { continue }
            var finding = context.finding(
                description,
                "the load of \(client.id), \(Figures.rate(source.load)) requests a second at peak, reaches nothing that states a capacity, so it is not judged",
                at: range, element: client.id,
                fix: .manual("add `capacity: N` (requests a second one instance serves) to the elements that serve \(client.id)"),
                key: "load")
            finding.severity = .note
            finding.mark = "load not judged"
            findings.append(finding)
        }
        return findings
    }

    /// `users`, or `users (800) and partners (400)`.
    static func origins(_ row: CapacityReport.Row, design: Design) -> String {
        guard row.clients.count > 1 else { return row.clients.first.map { design.elements[$0.client].id } ?? "its clients" }
        let parts = row.clients.map { "\(design.elements[$0.client].id) (\(Figures.rate($0.load)))" }
        return parts.dropLast().joined(separator: ", ") + " and " + (parts.last ?? "")
    }

    /// `500`, or `1,000 (2 instances of 500)`.
    static func capacity(_ row: CapacityReport.Row) -> String {
        row.copies > 1 ? "\(Figures.rate(row.capacity)) (\(row.copies) instances of \(Figures.rate(row.perInstance)))" : Figures.rate(row.capacity)
    }
}
