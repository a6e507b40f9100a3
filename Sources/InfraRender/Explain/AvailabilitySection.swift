import InfraAnalysis
import InfraCore

extension ExplainModel {
    /// "How often is it down, and can it take the load": the figures of
    /// `infralint availability`, each with the arithmetic behind it, what buys the
    /// most, and the capacity at peak and after each failure.
    public struct Uptime: Encodable, Sendable {
        /// What the figures assume: a sentence, and the long form for `--detail full`.
        public var assumptions: String
        public var fullAssumptions: String
        public var figures: [Figure]
        /// "Make lb-01 redundant first: it costs about 8.8 h a year."
        public var fixFirst: String?
        public var capacity: Capacity?

        public struct Figure: Encodable, Sendable {
            /// "The writes of users: **99.8000%** (2.7 nines), down about 17.5 h a year."
            public var headline: String
            /// "They need lb-01 and web-01, each up 99.9% of the time: 0.999 × 0.999 = 0.998001; ..."
            public var arithmetic: String
        }

        public struct Capacity: Encodable, Sendable {
            public var load: String
            /// Each element's load and utilisation (`--detail full`).
            public var rows: [String]
            public var summary: String
            /// The failures that overload something, else the worst few (`--detail full`: up to five).
            public var failures: [String]
            /// The concise form: the overloads, else the single worst failure.
            public var worst: [String]
            /// Whether it survives every single failure at peak, in a sentence.
            public var verdict: String?
        }

        init?(_ facts: ExplainFacts) {
            let design = facts.design
            let report = AvailabilityReport(model: facts.model)
            var figures: [Figure] = []
            var costs: [Int: Double] = [:]
            for client in report.clients {
                // A client the design does not declare is named as the summary names it.
                var name = Prose.name(client.name)
                if case .implicitClient(let entry) = facts.graph.node(client.node), facts.graph.implicitEntries.indices.contains(entry) {
                    name = "the clients that enter at " + Prose.name(facts.design.name(of: facts.graph.implicitEntries[entry]))
                }
                var lines: [(nouns: String, figure: AvailabilityReport.Figure, arithmetic: String)] = []
                for (kind, figure) in [(RequestKind.read, client.reads), (.write, client.writes)] {
                    guard let figure else { continue }
                    let arithmetic = Self.arithmetic(figure, client: client.node, kind: kind, report: report, facts: facts)
                    // Reads and writes that come to the same figure for the same reason are said once.
                    if let last = lines.last, last.arithmetic == arithmetic, Figures.percent(last.figure.availability) == Figures.percent(figure.availability) {
                        lines[lines.count - 1].nouns = "reads and writes"
                    } else {
                        lines.append((kind == .read ? "reads" : "writes", figure, arithmetic))
                    }
                    for item in figure.fixFirst { costs[item.element] = max(costs[item.element] ?? 0, item.hoursPerYear) }
                }
                for line in lines {
                    let figure = line.figure
                    let headline = "The \(line.nouns) of \(name): **\(Figures.percent(figure.availability))** "
                        + "(\(Figures.nines(figure.nines)) nines), down about \(Figures.duration(hours: figure.downtimeHoursPerYear)) a year"
                        + (figure.method == .exact ? "." : " (\(Figures.method(figure))).")
                    figures.append(Figure(headline: headline, arithmetic: line.arithmetic))
                }
            }
            let capacityReport = CapacityReport(model: facts.model)
            guard !figures.isEmpty || capacityReport != nil else { return nil }
            self.figures = figures
            assumptions = "Each host is taken as up 99.9% of the time and repaired in an hour, unless the design says otherwise."
            fullAssumptions = """
                Every host is taken as up 99.9% of the time (a single virtual machine's usual SLA) and repaired in an \
                hour, unless the design states its `availability` and `mttr`; an element with several instances is down \
                only when all of them are; an active-passive cluster loses its service for \
                the `failover-time` (30 s automatic, 30 min manual) each time its serving member fails.
                """
            // Ranked as `infralint availability` ranks them.
            let ranked = AvailabilityReport.ranked(costs.map { ($0.key, $0.value) }, design: design)
                .filter { $0.hoursPerYear * 3_600 >= 0.5 }.prefix(3)
            fixFirst = ranked.isEmpty ? nil : "What buys the most uptime, first: " + ranked.map { item in
                "\(Prose.name(design.elements[item.element].id)) (about \(Figures.duration(hours: item.hoursPerYear)) a year)"
            }.joined(separator: ", ") + ": the downtime a year that disappears if it never failed."
            capacity = capacityReport.map { Self.capacity($0, design: design) }
        }

        /// The series part (what each single failure stops) multiplied out, then what
        /// the redundant parts and failovers take off.
        static func arithmetic(_ figure: AvailabilityReport.Figure, client: Int, kind: RequestKind,
                               report: AvailabilityReport, facts: ExplainFacts) -> String {
            let design = facts.design
            let single = facts.model.failures(of: client, kind).elements
            let up: [(name: String, availability: Double)] = single.compactMap { unit in
                report.variables.first { $0.element == unit }.map { (design.elements[unit].id, $0.up) }
            }
            guard !up.isEmpty else {
                return "No single failure stops them: they are lost only when redundant parts fail together"
                    + (figure.failoverHours > 0.0005 ? ", or while a cluster fails over (\(Figures.duration(hours: figure.failoverHours)) a year)." : ".")
            }
            let product = up.map(\.availability).reduce(1, *)
            let factors = up.map { Figures.number($0.availability, 6) }.joined(separator: " × ")
            let names = Prose.some(up.map { Prose.name($0.name) })
            let percent = { (value: Double) in Figures.target((value * 1e8).rounded() / 1e6) + "%" }
            let each = Set(up.map { percent($0.availability) }).count == 1
                ? (up.count == 1 ? ", up \(percent(up[0].availability)) of the time" : ", each up \(percent(up[0].availability)) of the time")
                : ""
            var text = up.count == 1
                ? "They need \(names)\(each) (\(factors))"
                : "They need \(names)\(each): \(factors) = \(Figures.fixed(product, 6))"
            let rest = (product - figure.availability) * AvailabilityReport.hoursPerYear
            if rest * 3_600 >= 0.5 {
                var parts: [String] = []
                let redundant = rest - figure.failoverHours
                if redundant * 3_600 >= 0.5 { parts.append("the redundant parts, failing together, take \(Figures.duration(hours: redundant)) a year off") }
                if figure.failoverHours > 0.0005 { parts.append("failovers take \(Figures.duration(hours: figure.failoverHours))") }
                text += "; \(parts.joined(separator: " and ")): \(Figures.fixed(figure.availability, 6))"
            }
            return text + "."
        }

        static func capacity(_ report: CapacityReport, design: Design) -> Capacity {
            // "the load from users is": no verb to agree with a client's name ("users", "shop").
            let load = "At peak, the load " + report.sources.enumerated().map { position, source in
                let client = design.elements[source.client]
                return (position == 0 ? "from \(Prose.name(client.id)) is " : "from \(Prose.name(client.id)), ")
                    + "\(Figures.rate(source.load)) requests a second, \(Figures.target(client.writes ?? 10))% of them writes"
            }.joined(separator: "; ") + "."
            let rows = report.rows.map { row -> String in
                let copies = row.copies > 1 ? " (\(row.copies) × \(Figures.rate(row.perInstance)))" : ""
                if let why = row.notEstimated(in: design) {
                    return "\(Prose.name(design.elements[row.element].id)) can serve \(Figures.rate(row.capacity))\(copies) requests a second; \(why)."
                }
                return "\(Prose.name(design.elements[row.element].id)) receives \(Figures.rate(row.load)) of the \(Figures.rate(row.capacity))\(copies) "
                    + "it can serve: \(Figures.utilisation(row.utilisation))\(row.utilisation > 1 + 1e-9 ? ", over capacity" : "")."
            }
            let summary: String
            if report.rows.isEmpty {
                summary = "No element states a `capacity`, so the load is not judged: add `capacity: N` (requests a second one instance serves)."
            } else if let bottleneck = report.bottleneck, let headroom = report.headroom {
                let row = report.rows[bottleneck]
                let name = Prose.name(design.elements[row.element].id)
                summary = "The bottleneck is \(name), at \(Figures.utilisation(row.utilisation)): the design takes \(Figures.rate(headroom)) "
                    + "requests a second in all (\(Figures.rate(report.totalLoad)) × \(Figures.fixed(headroom / max(report.totalLoad, 1e-12), 2))) before \(name) reaches 100%."
            } else {
                summary = "No element that states a capacity receives any of the load."
            }
            let overloads = report.afterFailure.filter { $0.utilisation > 1 + 1e-9 }
            func sentence(_ failure: CapacityReport.Failure) -> String {
                let text = failure.sentence(in: design)
                return MarkdownText.prose(text.prefix(1).uppercased() + text.dropFirst()) + "."
            }
            let failures = (overloads.isEmpty ? Array(report.afterFailure.prefix(5)) : overloads).map(sentence)
            let worst = (overloads.isEmpty ? Array(report.afterFailure.prefix(1)) : overloads).map(sentence)
            var verdict: String?
            if report.bottleneck != nil {
                // AV010 names an element only when it is within capacity with nothing failed;
                // one already over it is AV009's.
                let overloaded = Set(report.rows.filter { $0.utilisation > 1 + 1e-9 }.map(\.element))
                let afterFailureOnly = overloads.contains { !overloaded.contains($0.element) }
                if !overloads.isEmpty {
                    var reporters: [String] = []
                    if afterFailureOnly { reporters.append("AV010 reports each element that overloads") }
                    if !overloaded.isEmpty {
                        reporters.append("AV009 reports \(afterFailureOnly ? "those" : "each element") already over capacity with nothing failed")
                    }
                    verdict = "It does not survive every single failure at peak: \(reporters.joined(separator: "; "))."
                } else if report.afterFailure.isEmpty {
                    verdict = "No single failure that leaves the clients served moves load onto an element with a capacity."
                } else {
                    verdict = "It survives any single failure at peak: every element stays at or below 100%."
                }
            }
            return Capacity(load: load, rows: rows, summary: summary, failures: failures, worst: worst, verdict: verdict)
        }
    }
}
