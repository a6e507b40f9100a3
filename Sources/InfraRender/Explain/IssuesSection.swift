import InfraCore
import InfraRules

extension ExplainModel {
    /// Every finding, grouped as single points of failure, security, monitoring and
    /// the rest, each with its fix as lint prints it; what was accepted on purpose;
    /// and, in full, why each kind matters and what to watch.
    public struct Issues: Encodable, Sendable {
        /// "4 errors, 1 warning and 2 notes".
        public var counts: String?
        public var groups: [Group]
        public var accepted: [Accepted]
        /// What to watch (`--detail full`).
        public var watching: Watching?

        public struct Watching: Encodable, Sendable {
            public var watch: [Watch]
            public var monitors: String?
        }

        public struct Group: Encodable, Sendable {
            public var title: String
            public var isAvailability = false, isSecurity = false, isMonitoring = false, isOther = false
            public var firewallConcept = false, httpsConcept = false
            public var issues: [Item]

            /// The groups, in the order the document lists them.
            enum Kind: CaseIterable {
                case availability, security, monitoring, other

                init(_ finding: Finding) {
                    if ["AV001", "AV002", "AV003"].contains(finding.code) {
                        self = .availability
                    } else if finding.category == .security {
                        self = .security
                    } else if finding.category == .monitoring {
                        self = .monitoring
                    } else {
                        self = .other
                    }
                }
            }

            init(_ kind: Kind, issues: [Item]) {
                self.issues = issues
                switch kind {
                case .availability: (title, isAvailability) = ("Single points of failure", true)
                case .security:
                    (title, isSecurity) = ("Security", true)
                    firewallConcept = issues.contains { $0.code == "SEC001" }
                    httpsConcept = issues.contains { ["SEC002", "SEC003"].contains($0.code) }
                case .monitoring: (title, isMonitoring) = ("Monitoring", true)
                case .other: (title, isOther) = ("Other findings", true)
                }
            }
        }

        public struct Item: Encodable, Sendable {
            public var message: String
            public var code: String
            public var severity: String
            public var line: Int
            /// Notes of one rule said once (concise): "web-01 (line 16) and web-02 (line 22)".
            public var places: String?
            /// Why this kind of finding matters: on the first of each code, in full only.
            public var why: String?
            /// "Fix (unsafe): …", "Advice: …".
            public var fix: String?
        }

        public struct Accepted: Encodable, Sendable {
            public var message: String
            public var code: String
            public var reason: String?
        }

        public struct Watch: Encodable, Sendable {
            public var what: String
            public var elements: String
            public var metrics: String
        }

        init(findings: [Finding], suppressed: [Finding], facts: ExplainFacts, full: Bool) {
            var explained = Set<String>()
            func item(_ finding: Finding) -> Item {
                let why = full && explained.insert(finding.code).inserted
                    ? RuleRegistry.description(code: finding.code).map { MarkdownText.prose($0.whyIsThisBad) } : nil
                return Item(message: MarkdownText.prose(finding.message), code: finding.code, severity: finding.severity.rawValue,
                            line: finding.location.start.line, why: why, fix: Self.fix(finding, full: full))
            }
            /// In the concise form, the findings of one rule and severity are said once,
            /// by the rule's summary, when there are several: two notes, three warnings.
            /// Errors are always listed one by one: each is a sentence about this design.
            func items(_ findings: [Finding]) -> [Item] {
                guard !full else { return findings.map(item) }
                var same: [String: [Finding]] = [:]
                for finding in findings { same["\(finding.code)/\(finding.severity)", default: []].append(finding) }
                var result: [Item] = []
                var done = Set<String>()
                for finding in findings {
                    let key = "\(finding.code)/\(finding.severity)"
                    let group = same[key] ?? []
                    let enough = finding.severity == .note ? 2 : finding.severity == .warning ? 3 : Int.max
                    guard group.count >= enough, let rule = RuleRegistry.description(code: finding.code) else {
                        result.append(item(finding))
                        continue
                    }
                    guard done.insert(key).inserted else { continue }
                    var grouped = item(finding)
                    grouped.message = MarkdownText.prose(String(rule.summary.dropLast(rule.summary.hasSuffix(".") ? 1 : 0)))
                    grouped.places = Prose.some(group.map { "\(Prose.name($0.element ?? $0.location.file)) (line \($0.location.start.line))" }, limit: 8)
                    grouped.fix = Self.fixes(group)
                    result.append(grouped)
                }
                return result
            }
            var byKind: [Group.Kind: [Finding]] = [:]
            for finding in findings { byKind[Group.Kind(finding), default: []].append(finding) }
            groups = Group.Kind.allCases.compactMap { kind in
                guard let found = byKind[kind] else { return nil }
                return Group(kind, issues: items(found))
            }
            let counts = Severity.counts(of: findings)
            self.counts = counts.isEmpty ? nil : listed(counts)
            accepted = suppressed.map { finding in
                Accepted(message: MarkdownText.prose(finding.message), code: finding.code,
                         reason: finding.suppression.flatMap { $0.justification.isEmpty ? nil : MarkdownText.prose($0.justification) })
            }
            let monitorNames = facts.design.elements.filter { $0.kind == .monitor }.map { Prose.name($0.id) }
            let watch = Self.watch(facts)
            watching = full && !watch.isEmpty ? Watching(watch: watch, monitors: monitorNames.isEmpty ? nil : Prose.some(monitorNames)) : nil
        }

        /// The fix as lint prints it; in the concise form, a fix of many edits by its
        /// title (more than two edits) and the advice on a note left out (both in full, and in lint's output).
        static func fix(_ finding: Finding, full: Bool) -> String? {
            guard let fix = finding.fix else { return nil }
            if !full, finding.severity == .note, fix.applicability == .manual { return nil }
            if !full, fix.edits.count > 2, !fix.title.isEmpty {
                let flag = fix.applicability == .unsafe ? " --unsafe" : ""
                return "\(fix.label): \(MarkdownText.prose(fix.title)) (\(fix.edits.count) edits; `infralint fix\(flag)` makes them)"
            }
            return "\(fix.label): \(MarkdownText.prose(fix.text))"
        }

        /// The fixes of findings said together: how to make them all, when the tool can.
        static func fixes(_ findings: [Finding]) -> String? {
            let fixes = findings.compactMap(\.fix).filter { $0.applicability != .manual }
            guard fixes.count == findings.count, let first = fixes.first else { return nil }
            let unsafe = fixes.contains { $0.applicability == .unsafe }
            return "\(unsafe ? "Fix (unsafe)" : first.label): one for each; `infralint fix\(unsafe ? " --unsafe" : "")` makes them all (`infralint lint` shows each)"
        }

        /// What to watch on each kind of element this design has.
        static func watch(_ facts: ExplainFacts) -> [Watch] {
            let design = facts.design
            let hasReplicas = design.elements.contains { $0.kind == .database && $0.role == .replica }
            let table: [(ElementKind, String, String)] = [
                (.loadBalancer, "Load balancers", "requests per second, backends up, response time, 5xx responses, connections queued"),
                (.webServer, "Web servers", "requests per second, 4xx and 5xx rates, response time, active connections"),
                (.appServer, "Application servers", "latency (median and 99th percentile), errors and exceptions, busy workers, memory"),
                (.service, "Services", "requests handled, errors, latency, and for workers the backlog"),
                (.database, "Databases", "queries per second, slow queries, connections in use, \(hasReplicas ? "replication lag on the replicas, " : "")disk space and I/O"),
                (.cache, "Caches", "hit ratio, memory used, evictions"),
                (.queue, "Queues", "messages waiting and their age, consumers connected"),
                (.storage, "Storage", "errors, latency, space used"),
                (.firewall, "Firewalls", "blocked connections (a sudden rise is a scan or an attack), throughput"),
                (.server, "Servers", "CPU, memory, disk space, network, and whether each answers at all"),
            ]
            return table.compactMap { kind, what, metrics in
                let names = design.elements.filter { $0.kind == kind && !($0.kind == .firewall && $0.container != nil) }.map { Prose.name($0.id) }
                return names.isEmpty ? nil : Watch(what: what, elements: Prose.some(names), metrics: metrics)
            }
        }
    }
}
