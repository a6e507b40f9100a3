import InfraAnalysis
import InfraCore

/// AV001: a host, or an element on a host that is not itself one, whose failure
/// alone leaves some client unable to read or to write.
public enum SinglePointOfFailureRule: Rule {
    public static let description = RuleDescription(
        code: "AV001",
        name: "single-point-of-failure",
        category: .availability,
        defaultSeverity: .error,
        summary: "A host or component whose failure alone leaves some client unable to read or to write.",
        whatItDoes: """
            Fails each host (a server, or an element declared outside one) and each component on a host, one at \
            a time, and reports those whose loss stops some client's reads or writes, naming who is cut off and \
            from what. Reads and writes are followed separately: a replica keeps reads going but takes no \
            writes. Clients need any one of their entry points; load balancers, firewalls and cdns one target; \
            clusters one member; `instances: 2` or more survives one loss. A host is reported once, not once per \
            component on it.
            """,
        whyIsThisBad: """
            Every machine fails eventually: hardware, a kernel upgrade, a full disk, a bad deploy. With a single \
            point of failure, that ordinary event is an outage for every user, and maintenance on it means \
            downtime.
            """,
        fixSafety: """
            Unsafe. A load balancer becomes an active-passive pair with a copy of itself and automatic failover \
            (the site's address, when the dns records give one, is the vip), and its links go to the pair. A \
            database that accepts writes goes into an active-passive cluster with automatic failover, with its \
            replicas (moved out of servers they share with other tiers) or a new one; when one of them leaves a \
            host with its own firewall, every database in the cluster gets `firewall: true`, so that what the \
            host's firewall protected stays protected. A replica that some reads \
            need gets a second one in a cluster. Peers that something needs all of, for the same requests, go \
            into one cluster (a primary written to and a replica read from are not peers: each is needed for \
            its own kind of request). A member \
            of a cluster that links name directly has those links moved to its cluster. Anything else (web and \
            app servers, caches, firewalls, servers running them) gets `instances: 2`. Manual where none of \
            these applies.
            """,
        triggering: [
            RuleExample("""
                client users
                ↓load-balancer lb-01
                web-server web-01
                web-server web-02
                users -> lb-01 : https
                lb-01 -> web-01, web-02 : http
                """),
            RuleExample("""
                client users
                load-balancer lb-01 { instances: 2 }
                ↓server web-01 { web-server nginx-01; database db-01 { role: primary } }
                server web-02 { web-server nginx-02; database db-02 { role: replica, replicates: db-01 } }
                users -> lb-01 : https
                lb-01 -> nginx-01, nginx-02 : http
                nginx-01 -> db-01 : mysql
                nginx-02 -> db-02 : mysql { access: read }
                nginx-02 -> db-01 : mysql { access: write }
                """),
        ],
        nonTriggering: [
            RuleExample("""
                client users
                cluster edge { mode: active-active, vip: "203.0.113.10"
                  load-balancer lb-01
                  load-balancer lb-02
                }
                web-server web { instances: 3 }
                cluster data { mode: active-passive, failover: automatic
                  database db-01 { role: primary }
                  database db-02 { role: replica, replicates: db-01 }
                }
                users -> edge : https
                edge -> web : http
                web -> data : mysql
                """),
        ])

    public static func check(_ context: LintContext) -> [Finding] {
        let model = context.failures
        let design = context.design
        let groups = PeerGroups()
        // Which databases serve each kind, computed once for every finding's reason.
        let only = context.servingDatabases
        return context.singlePoints.map { spof in
            let element = design.elements[spof.unit]
            let critical = criticalComponents(spof, model: model)
            let holdsData = (critical.isEmpty ? [element] : critical).allSatisfy { $0.kind.isDatastore }
                || (critical.isEmpty && !context.graph.servingElements(of: element.index).contains { !$0.kind.isDatastore })
            var message = "\(element.id) is a single point of failure: if it fails, \(outcome(spof.losses, holdsData: holdsData, model: model))"
            // Every client that loses one kind still completes the other: "can still read but cannot write".
            let partial = spof.losses.allSatisfy { loss in
                loss.read != loss.write && model.failures(of: loss.client, loss.read ? .write : .read).isServed
            }
            // The reasons after a colon, not in parentheses: summaries quote the message
            // and add "(AV001)" after it.
            var reasons: [String] = []
            if let reason = reason(element, critical: critical, losses: spof.losses, databases: only, partial: partial) {
                reasons.append(reason)
            }
            if let cluster = element.cluster, design.clusters[cluster].members.count == 1 {
                reasons.append("its cluster \(design.clusters[cluster].id) has no other member")
            }
            if !reasons.isEmpty { message += ": " + reasons.joined(separator: "; ") }
            let fix = Redundancy.fix(for: element, critical: critical, context: context, groups: groups)
            var finding = context.finding(description, message, on: element, fix: fix)
            // What it stops, when only one kind: the diagram says "for writes".
            let reads = spof.losses.contains(where: \.read), writes = spof.losses.contains(where: \.write)
            if reads != writes { finding.mark = description.mark + (writes ? " for writes" : " for reads") }
            return finding
        }
    }

    /// "users cannot reach the site", "users can still read but cannot write",
    /// "users can neither read nor write" (when what fails holds data, not the way in),
    /// "users cannot read (they cannot write even with nothing failed)" (a kind the
    /// client never completes is not lost to this failure).
    static func outcome(_ losses: [ClientLoss], holdsData: Bool, model: FailureModel) -> String {
        var groups: [(text: String, clients: [String])] = []
        for loss in losses {
            let canRead = model.failures(of: loss.client, .read).isServed
            let canWrite = model.failures(of: loss.client, .write).isServed
            let text: String
            if loss.read && loss.write {
                text = holdsData ? "can neither read nor write" : "cannot reach the site"
            } else if (loss.read || !canRead) && (loss.write || !canWrite) {
                // One kind lost here, the other never served at all.
                if !holdsData {
                    text = "cannot reach the site"
                } else {
                    text = loss.read ? "cannot read (they cannot write even with nothing failed)"
                        : "cannot write (they cannot read even with nothing failed)"
                }
            } else if loss.write {
                text = "can still read but cannot write"
            } else {
                text = "can still write but cannot read"
            }
            let name = model.graph.name(of: loss.client)
            if let index = groups.firstIndex(where: { $0.text == text }) {
                groups[index].clients.append(name)
            } else {
                groups.append((text, [name]))
            }
        }
        return groups.map { "\(listed($0.clients)) \($0.text)" }.joined(separator: ", and ")
    }

    /// The components on a reported host that alone would stop what the host stops.
    static func criticalComponents(_ spof: (unit: Int, losses: [ClientLoss]), model: FailureModel) -> [Element] {
        let design = model.design
        let children = design.elements[spof.unit].children
        let indexes = children.filter { child in
            spof.losses.contains { loss in
                (loss.read && model.failures(of: loss.client, .read).contains(child))
                    || (loss.write && model.failures(of: loss.client, .write).contains(child))
            }
        }
        return indexes.map { design.elements[$0] }
    }

    /// What the datastore holds, for "every read needs X and …".
    static func contents(_ element: Element) -> String {
        switch element.kind {
        case .cache: return "the data it caches"
        case .queue: return "the jobs queued in it"
        case .storage: return "the files it stores"
        default: return "the data it holds"
        }
    }

    /// Why it stops what it stops, from what the model computed: "it is the only
    /// database that accepts writes" only when it is.
    static func reason(_ element: Element, critical: [Element], losses: [ClientLoss], databases: [RequestKind: Set<Int>],
                       partial: Bool = false) -> String? {
        let writesOnly = losses.allSatisfy { $0.write && !$0.read }
        let readsOnly = losses.allSatisfy { $0.read && !$0.write }
        let work = writesOnly ? "every write needs" : (readsOnly ? "every read needs" : "every request needs")
        let subjects = critical.isEmpty ? [element] : critical
        let suffix = critical.isEmpty ? "" : " on it"
        if subjects.count == 1, let subject = subjects.first, subject.kind == .database, writesOnly || readsOnly {
            let kind: RequestKind = writesOnly ? .write : .read
            if databases[kind] == [subject.index] {
                let name = critical.isEmpty ? "it" : "\(subject.id) on it"
                return "\(name) \(critical.isEmpty ? "is" : "is") the only database that \(writesOnly ? "accepts writes" : "serves reads")"
            }
        }
        if subjects.count == 1, let subject = subjects.first, subject.kind.isDatastore {
            return critical.isEmpty ? "\(work) it and \(contents(subject))" : "\(work) \(subject.id) on it and \(contents(subject))"
        }
        // One kind lost to something that holds no data (a firewall before the only writer):
        // say that kind needs it, where "can still read" alone would leave the reader wondering.
        guard !critical.isEmpty else { return partial && (writesOnly || readsOnly) ? "\(work) it" : nil }
        return "\(work) \(listed(critical.map(\.id)))\(suffix)"
    }
}
