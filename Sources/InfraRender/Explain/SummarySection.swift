import InfraCore
import InfraRules

extension ExplainModel {
    /// Three lines at the top: what the design is, its worst problem, its first fix.
    public struct Summary: Encodable, Sendable {
        public var what: String
        public var worst: String?
        public var firstFix: String?

        init(_ facts: ExplainFacts, findings: [Finding]) {
            what = Self.composition(facts)
            let worst = findings.sorted(by: Self.gravity).first
            self.worst = worst.map { MarkdownText.prose($0.message) + " (\($0.code))" }
            firstFix = worst?.fix.map { fix in
                switch fix.applicability {
                case .manual: return "Advice: " + MarkdownText.prose(fix.text) + (fix.text.hasSuffix(".") ? "" : ".")
                case .safe, .unsafe:
                    let what = fix.title.isEmpty ? fix.text : fix.title
                    let flag = fix.applicability == .unsafe ? " --unsafe" : ""
                    return "First fix: " + MarkdownText.prose(what) + "; `infralint fix\(flag)` applies it."
                }
            }
        }

        /// Errors first, then single points of failure before security, monitoring and hygiene.
        static func gravity(_ a: Finding, _ b: Finding) -> Bool {
            if a.severity != b.severity { return a.severity > b.severity }
            let order: [Category] = [.parse, .availability, .security, .monitoring, .design]
            let (x, y) = (order.firstIndex(of: a.category) ?? 9, order.firstIndex(of: b.category) ?? 9)
            if x != y { return x < y }
            return Finding.sortOrder(a, b)
        }

        /// "www.foobar.com serves users with a dns, a load balancer (lb-01) and two
        /// servers running Nginx, Gunicorn and MySQL (web-01 and web-02)."
        static func composition(_ facts: ExplainFacts) -> String {
            let design = facts.design
            let graph = facts.graph
            var clients = graph.clients.filter { !graph.edges(from: $0).isEmpty }.compactMap { node -> String? in
                if case .implicitClient = graph.node(node) { return nil }
                return Prose.name(graph.name(of: node))
            }
            // Clients the design does not declare, said once: "the clients that enter at cac2 and sto8".
            let entries = graph.clients.compactMap { node -> String? in
                guard case .implicitClient(let entry) = graph.node(node) else { return nil }
                return Prose.name(design.name(of: graph.implicitEntries[entry]))
            }
            if !entries.isEmpty { clients.append("the clients that enter at \(Prose.some(entries, limit: 4))") }
            let idle = graph.clients.filter { graph.edges(from: $0).isEmpty }.map { Prose.name(graph.name(of: $0)) }
            // What serves the requests, then the monitors that watch it, and the agents
            // declared on their own (each its own host): they serve no one.
            // An agent that reports to no monitor watches nothing: it is only declared.
            func reports(_ agent: Element) -> Bool {
                design.destination(ofAgent: agent).map { destination in
                    design.members(of: destination).contains { design.elements[$0].kind == .monitor }
                } ?? false
            }
            let hosts = design.elements.filter { $0.isHost && $0.kind != .client }
            let serving = Shape.groups(of: hosts.filter { !$0.kind.isMonitoring }, design: design).map(\.phrase)
            let watching = Shape.groups(of: hosts.filter { $0.kind == .monitor || $0.kind == .agent && reports($0) }, design: design)
                .map(\.phrase)
            let silent = Shape.groups(of: hosts.filter { $0.kind == .agent && !reports($0) }, design: design).map(\.phrase)
            let parts = serving + watching + silent
            let title = MarkdownText.escape(design.title)
            // Nor does a monitor no agent reports to and that probes nothing see anything.
            let monitorSees = design.elements.contains { element in
                switch element.kind {
                case .monitor: return !element.watches.isEmpty
                case .agent: return reports(element)
                default: return false
                }
            }
            let unreporting = silent.isEmpty ? "" : ", and \(listed(silent)) reporting to no monitor"
            let watched = watching.isEmpty ? unreporting
                : (monitorSees ? ", watched by \(listed(watching))" : ", and \(listed(watching)), watching nothing yet") + unreporting
            let made = serving.isEmpty ? listed(watching + silent)
                : Prose.some(serving, limit: 8) + watched
            let unlinked = idle.isEmpty ? "" : " \(Prose.some(idle, limit: 4)) link\(idle.count == 1 ? "s" : "") to none of it yet."
            switch (clients.isEmpty, parts.isEmpty) {
            case (false, false): return "\(title) serves \(Prose.some(clients, limit: 4)) with \(made)." + unlinked
            case (true, true): return idle.isEmpty ? "\(title) declares nothing yet." : "\(title) has \(Prose.some(idle, limit: 4)) and nothing to serve \(idle.count == 1 ? "it" : "them") yet."
            case (true, false) where !idle.isEmpty: return "\(title) is made of \(made)." + unlinked
            case (true, false) where design.elements.allSatisfy({ [.monitor, .agent].contains($0.kind) }):
                return "\(title) is made of \(made) and nothing it could watch yet."
            case (true, false): return "\(title) is made of \(made); no request enters it from outside (every element is reached from another), so nothing in it serves a user."
            case (false, true): return "\(title) has only clients (\(Prose.some(clients + idle, limit: 4))) and nothing to serve them yet."
            }
        }
    }

    /// Hosts that are alike (same kind, same components, same software): said once,
    /// with a count, wherever the explanation lists a design's parts.
    struct Shape {
        var key: String
        var members: [Element]
        var phrase: String

        static func groups(of hosts: [Element], design: Design) -> [Shape] {
            var order: [String] = []
            var members: [String: [Element]] = [:]
            for host in hosts {
                let key = signature(host, design: design)
                if members[key] == nil { order.append(key) }
                members[key, default: []].append(host)
            }
            return order.compactMap { key in
                guard let group = members[key], let first = group.first else { return nil }
                return Shape(key: key, members: group, phrase: phrase(first, count: group.count, names: group.map(\.id), design: design))
            }
        }

        static func signature(_ host: Element, design: Design) -> String {
            let held = design.contents(of: host.index).filter { $0.kind != .agent && $0.kind != .firewall }
                .map { "\($0.kind.rawValue)/\($0.software ?? "")" }
            let role = host.kind == .database ? host.role.rawValue : ""
            // As the phrase says it: instances only when declared, so that hosts the
            // summary names alike are one group ("two dns (ns and cdn-dns)"), not two
            // alike phrases in a row.
            let instances = host.instancesDeclared && host.instances > 1 ? host.instances : 1
            return "\(host.kind.rawValue)/\(host.software ?? "")/\(role)/\(instances)/\(held.joined(separator: ","))"
        }

        /// How prose names a kind: its noun, "storage service" for storage.
        static func noun(_ kind: ElementKind) -> String { kind == .storage ? "storage service" : kind.noun }

        /// "a load balancer (lb-01)", "two servers running Nginx, Gunicorn and MySQL (web-01 and web-02)".
        static func phrase(_ host: Element, count: Int, names: [String], design: Design) -> String {
            var noun = noun(host.kind)
            if host.kind == .database, host.role != .standalone { noun = "\(host.role.rawValue) database" }
            let head = count == 1 ? withArticle(noun) : "\(Prose.count(count)) \(plural(noun))"
            var text = head
            let held = design.contents(of: host.index).filter { $0.kind != .agent && $0.kind != .firewall }
            if !held.isEmpty {
                text += " running " + components(held)
            }
            if host.instances > 1, host.instancesDeclared { text += " with \(host.instances) instances" }
            return text + " (\(Prose.some(names.map(Prose.name), limit: 4)))"
        }

        /// What a server runs: "Nginx, Gunicorn and MySQL", "a database and two caches (HAProxy)".
        static func components(_ held: [Element]) -> String {
            var order: [String] = []
            var found: [String: (element: Element, count: Int)] = [:]
            for element in held {
                let key = "\(element.kind.rawValue)/\(element.software ?? "")"
                if let seen = found[key] { found[key] = (seen.element, seen.count + 1) } else { order.append(key); found[key] = (element, 1) }
            }
            return listed(order.compactMap { key -> String? in
                guard let (element, count) = found[key] else { return nil }
                let software = element.software.map { MarkdownText.escape(Software.display($0)) }
                if count == 1 { return software ?? withArticle(element.kind.noun) }
                let many = "\(Prose.count(count)) \(plural(element.kind.noun))"
                return software.map { "\(many) (\($0))" } ?? many
            })
        }

        static func plural(_ noun: String) -> String {
            if noun == "storage" { return "storage services" }
            return noun.hasSuffix("s") ? noun : noun + "s"
        }
    }
}
