/// The model of one design file: what every analysis and renderer reads.
public struct Design: Sendable {
    public var file: SourceFile
    /// The design's name from `design "NAME"`.
    public var name: String?
    public var description: String?
    /// The `design "NAME"` statement's head, when there is one.
    public var headerRange: SourceRange?
    /// Percent: the availability the site promises (`target: 99.95%`).
    public var target: Double?
    public var networks: [Network] = []
    public var clusters: [Cluster] = []
    /// In declaration order.
    public var elements: [Element] = []
    /// In declaration order, one per source-target pair.
    public var links: [Link] = []
    /// Link indexes by their source as written, in declaration order.
    public var linksFrom = LinksByEndpoint()
    /// Link indexes by their target as written, in declaration order.
    public var linksTo = LinksByEndpoint()
    /// Replicas by the database they copy, in declaration order.
    var replicasByDatabase: [Int: [Int]] = [:]
    public var symbols = SymbolTable()
    public var unknownProperties: [UnknownProperty] = []
    public var unknownProtocols: [UnknownProtocol] = []
    /// The file's comments, for suppressions.
    public var comments: [Comment] = []

    public init(file: SourceFile) {
        self.file = file
    }

    /// The element with this identifier.
    public func element(named id: String) -> Element? {
        if case .element(let index)? = symbols[id] { return elements[index] }
        return nil
    }

    /// The elements declared inside an element, in order: on a host, the elements
    /// that run on it (components can hold nothing, so these are all of them).
    public func contents(of index: Int) -> [Element] {
        elements[index].children.map { elements[$0] }
    }

    /// The hosts: servers, and elements not declared inside another.
    public var hosts: [Element] { elements.filter(\.isHost) }

    /// The endpoints a link may name to reach an element, or leave from it: the
    /// element, its cluster, and, when it is its server's entry, the server and the
    /// server's cluster (LANGUAGE.md: links into and out of a server use its entry).
    public func endpoints(standingFor element: Element) -> [Endpoint] {
        var endpoints: [Endpoint] = [.element(element.index)]
        if let cluster = element.cluster { endpoints.append(.cluster(cluster)) }
        if !element.isHost, entry(of: element.host) == element.index {
            endpoints.append(.element(element.host))
            if let cluster = elements[element.host].cluster { endpoints.append(.cluster(cluster)) }
        }
        return endpoints
    }

    /// Where requests sent to a server enter it: its `entry`, else its first load
    /// balancer, web server or app server; nil for a black box.
    public func entry(of server: Int) -> Int? {
        guard elements[server].kind == .server else { return nil }
        if case .element(let index)? = elements[server].entry?.symbol { return index }
        return elements[server].children.first { elements[$0].kind.isServerEntry }
    }

    /// A host's own firewall: `firewall: true` on it or on something on it, or a
    /// `firewall` element declared inside it.
    public func hasOwnFirewall(host: Int) -> Bool {
        if elements[host].firewall { return true }
        return contents(of: host).contains { $0.firewall || $0.kind == .firewall }
    }

    /// The trust of the network an element sits in (trusted when it names none).
    public func trust(of element: Int) -> Trust {
        guard let network = elements[element].network else { return .trusted }
        return networks[network].trust
    }

    /// The replicas that copy a database, in declaration order.
    public func replicas(of database: Int) -> [Element] {
        (replicasByDatabase[database] ?? []).map { elements[$0] }
    }

    /// The cluster an element belongs to, itself or through the server it runs on.
    public func cluster(of element: Element) -> Int? {
        element.cluster ?? elements[element.host].cluster
    }

    /// What titles its diagram and explanation: its name, else its file's name.
    public var title: String { name ?? file.fileName }

    /// Where an agent reports: its `reports-to` (which wins), else the target of its first link.
    public func destination(ofAgent agent: Element) -> Endpoint? {
        if let reference = agent.reportsTo { return reference.symbol.endpoint }
        return linksFrom[.element(agent.index)]?.first.map { links[$0].to }
    }

    /// An endpoint's identifier.
    public func name(of endpoint: Endpoint) -> String {
        switch endpoint {
        case .element(let index): return elements[index].id
        case .cluster(let index): return clusters[index].id
        }
    }

    /// The elements an endpoint stands for: the element, or the cluster's members.
    public func members(of endpoint: Endpoint) -> [Int] {
        switch endpoint {
        case .element(let index): return [index]
        case .cluster(let index): return clusters[index].members
        }
    }

    /// The location of a range in this design's file.
    public func location(_ range: SourceRange) -> Location { file.location(range) }
}
