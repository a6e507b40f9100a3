import InfraCore

/// DES005: writes sent to a replica.
public enum WriteToReplicaRule: Rule {
    public static let description = RuleDescription(
        code: "DES005",
        name: "write-to-replica",
        category: .design,
        defaultSeverity: .error,
        summary: "A link with `access: write` or `read-write` to a database whose role is replica.",
        whatItDoes: """
            Reports a link that says it writes to a replica, or to a cluster whose members are all replicas. \
            Links to a replica carry reads by default; this fires only when the design says otherwise.
            """,
        whyIsThisBad: """
            A replica accepts no writes (MySQL's `read_only`, PostgreSQL's hot standby): the application's writes \
            fail, or, on a replica left writable by mistake, land in a copy that replication overwrites and a \
            failover discards.
            """,
        fixSafety: """
            Unsafe: the writes go to the primary the replica copies (to its cluster when it has one): a write \
            link is pointed there, or removed when another link already writes there; a read-write link keeps \
            the reads and a write link to the primary is added beside it. Manual when the replica copies no \
            database that accepts writes, and when a client writes to it directly: pointing a client at the \
            primary would expose the primary instead (SEC001, SEC004), so an application must go between.
            """,
        triggering: [
            RuleExample("""
                app-server app
                database db-01 { role: primary }
                database db-02 { role: replica, replicates: db-01 }
                ↓app -> db-02 : mysql { access: read-write }
                """),
            RuleExample("""
                app-server app
                database db-01 { role: primary }
                cluster readers {
                  database db-02 { role: replica, replicates: db-01 }
                  database db-03 { role: replica, replicates: db-01 }
                }
                ↓app -> readers : mysql { access: write }
                """),
        ],
        nonTriggering: [
            RuleExample("""
                app-server app
                database db-01 { role: primary }
                database db-02 { role: replica, replicates: db-01 }
                app -> db-01 : mysql { access: write }
                app -> db-02 : mysql { access: read }
                """),
        ],
        mark: "writes to a replica")

    public static func check(_ context: LintContext) -> [Finding] {
        let design = context.design
        // Each connection that writes to a replica: a link, or a client's connection
        // through a dns (named after the client); a link out of a dns nobody looks up
        // keeps its own name.
        // Named only once they write to a replica: most connections do not.
        let connections = context.graph.connections
        var candidates: [(connection: Int?, link: Link)] = connections.indices.map { ($0, design.links[connections[$0].link]) }
        let resolved = Set(connections.filter { $0.lookupLink != nil }.map(\.link))
        for link in design.links where !resolved.contains(link.index)
            && design.members(of: link.from).allSatisfy({ design.elements[$0].kind == .dns }) {
            candidates.append((nil, link))
        }
        var reported = Set<String>()
        return candidates.compactMap { connection, link in
            guard let access = link.access, access != .read else { return nil }
            // A cluster whose members are all replicas takes no writes either.
            let replicas = design.members(of: link.to).map { design.elements[$0] }
            guard let database = replicas.first, replicas.allSatisfy({ $0.kind == .database && $0.role == .replica }) else { return nil }
            let name = connection.map { connections[$0].name } ?? link.name
            guard reported.insert(name).inserted else { return nil }
            let target = replicas.count == 1 && link.to == .element(database.index)
                ? "\(database.id), a replica: it accepts no writes, and anything written to it is"
                : "\(link.toName), whose members (\(listed(replicas.map(\.id)))) are all replicas: they accept no writes, and anything written to them is"
            let copied = Set(replicas.map { $0.replicates?.symbol })
            return context.finding(
                description, "\(name) sends writes to \(target) overwritten by replication or lost in a failover",
                at: link.range, element: name,
                fix: copied.count == 1 ? fix(link, replica: database, design: design)
                    : .manual("\(listed(replicas.map(\.id))) copy different databases: send \(link.fromName)'s writes to the primary they copy"))
        }.sorted { $0.location < $1.location }
    }

    /// Writes go to the primary the replica copies (to its cluster, when it has
    /// one); the link to the replica keeps the reads, if it carried any.
    static func fix(_ link: Link, replica: Element, design: Design) -> Fix {
        guard case .element(let index)? = replica.replicates?.symbol, design.elements[index].kind == .database,
              design.elements[index].role != .replica else {
            return .manual("\(replica.id) copies no database that accepts writes: declare which database is the primary (role: primary), then send \(link.fromName)'s writes to it")
        }
        let primary = design.elements[index]
        let cluster = design.cluster(of: primary)
        let target = cluster.map { design.clusters[$0].id } ?? primary.id
        let writesThere = (design.linksFrom[link.from] ?? []).map { design.links[$0] }.contains { other in
            let reaches = other.to == .element(primary.index) || cluster.map { other.to == .cluster($0) } == true
            return reaches && (other.access ?? .readWrite) != .read
        }
        let title = "send the writes to \(target)"
        // The primary itself (or its cluster) writing to its replica: replication is
        // `replicates`, not a link; there is nowhere else to send those writes.
        let sources = design.members(of: link.from)
        if sources.contains(primary.index) || (cluster != nil && sources.contains { design.cluster(of: design.elements[$0]) == cluster }) {
            let copy = "\(replica.id) already copies \(primary.id) through replication"
            return link.access == .write
                ? Fix(.unsafe, "remove the link: \(copy)", [.removeLink(LinkRef(link))])
                : Fix(.unsafe, "keep the reads only: \(copy)", [.setLinkProperty(LinkRef(link), name: "access", value: Access.read.rawValue)])
        }
        // A client writing to a database directly (itself, or through a name a dns gives
        // it): pointing it at the primary would expose the primary as the replica is (SEC001, SEC004).
        if sources.contains(where: { [.client, .dns].contains(design.elements[$0].kind) }), !writesThere {
            return .manual("put an application between \(link.fromName) and the databases, and send its writes to \(target)")
        }
        if link.access == .write {
            return Fix(.unsafe, title, [writesThere ? .removeLink(LinkRef(link)) : .retarget(LinkRef(link), end: .to, to: target)])
        }
        var edits: [Edit] = [.setLinkProperty(LinkRef(link), name: "access", value: Access.read.rawValue)]
        if !writesThere {
            edits.append(.addLink(NewLink(from: link.fromName, to: [target], protocolName: link.protocolName, port: link.port,
                                          properties: [PropertyText("access", Access.write.rawValue)]), after: LinkRef(link)))
        }
        return Fix(.unsafe, title, edits)
    }
}
