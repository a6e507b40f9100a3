/// How a load balancer spreads requests over its backends.
public enum Algorithm: String, CaseIterable, Sendable {
    case roundRobin = "round-robin"
    case weightedRoundRobin = "weighted-round-robin"
    case leastConnections = "least-connections"
    case ipHash = "ip-hash"
    case random
}

/// What a load balancer, web server or cdn does with TLS.
public enum TLSMode: String, CaseIterable, Sendable {
    /// Holds the certificate and decrypts.
    case terminate
    /// Forwards encrypted traffic untouched.
    case passthrough
    case none
}

/// A database's place in replication.
public enum DatabaseRole: String, CaseIterable, Sendable {
    case primary
    case replica
    case standalone
}

/// How a replica follows its primary.
public enum ReplicationMode: String, CaseIterable, Sendable {
    case async
    case semiSync = "semi-sync"
    case sync
}

/// Whether a network is hostile.
public enum Trust: String, CaseIterable, Sendable {
    case trusted
    case untrusted
}

/// How a cluster's members share the work.
public enum ClusterMode: String, CaseIterable, Sendable {
    case activeActive = "active-active"
    case activePassive = "active-passive"
}

/// Who promotes a standby member.
public enum Failover: String, CaseIterable, Sendable {
    case automatic
    case manual
}

/// What requests on a link do to a database.
public enum Access: String, CaseIterable, Sendable {
    case read
    case write
    case readWrite = "read-write"

    /// The kinds of request a link with this access carries.
    public var kinds: RequestKinds {
        switch self {
        case .read: return .read
        case .write: return .write
        case .readWrite: return .both
        }
    }
}

/// The two kinds of request the failure model follows.
public enum RequestKind: Int, CaseIterable, Sendable, Hashable {
    case read = 0
    case write = 1

    public var word: String { self == .read ? "read" : "write" }
}

/// A set of request kinds.
public struct RequestKinds: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let read = RequestKinds(rawValue: 1)
    public static let write = RequestKinds(rawValue: 2)
    public static let both: RequestKinds = [.read, .write]

    public func contains(_ kind: RequestKind) -> Bool {
        rawValue & (kind == .read ? RequestKinds.read.rawValue : RequestKinds.write.rawValue) != 0
    }
}

/// Something declared with an identifier.
public enum Symbol: Hashable, Sendable {
    case element(Int)
    case cluster(Int)
    case network(Int)

    /// What a link can name: an element or a cluster; nil for a network.
    public var endpoint: Endpoint? {
        switch self {
        case .element(let index): return .element(index)
        case .cluster(let index): return .cluster(index)
        case .network: return nil
        }
    }
}

/// An identifier used as a property's value, resolved.
public struct Reference: Hashable, Sendable {
    public var name: String
    public var range: SourceRange
    public var symbol: Symbol
}

/// A network: a box on the diagram, trusted or not.
public struct Network: Sendable {
    public var index: Int
    public var id: String
    public var label: String?
    public var description: String?
    public var trust: Trust = .trusted
    /// The keyword and the identifier.
    public var range: SourceRange
}

/// A redundancy group.
public struct Cluster: Sendable {
    public var index: Int
    public var id: String
    public var label: String?
    public var description: String?
    public var mode: ClusterMode = .activeActive
    public var failover: Failover = .automatic
    /// False when `failover` took its default.
    public var failoverDeclared = false
    public var vip: String?
    /// Seconds of lost service while a standby takes over, when written.
    public var failoverTime: Double?
    /// Element indexes, in declaration order.
    public var members: [Int] = []
    public var network: Int?
    /// The keyword and the identifier.
    public var range: SourceRange
    /// The whole declaration.
    public var declarationRange: SourceRange

    /// Active-passive with manual failover and a standby to promote: AV003's business.
    public var hasUnpromotedStandby: Bool {
        mode == .activePassive && failover == .manual && members.count >= 2
    }
}

/// One element: a client, a host, or a component on a host.
///
/// A class, read-only outside InfraCore: the builder fills it in, and from then on
/// every stage shares it instead of copying two dozen fields at each step (at
/// 100,000 elements, copying elements cost more than the whole analysis).
public final class Element: @unchecked Sendable {
    public let index: Int
    public let id: String
    public let kind: ElementKind
    public let label: String?
    /// The keyword and the identifier: where findings point.
    public let range: SourceRange
    /// The whole declaration, block included.
    public let declarationRange: SourceRange
    /// The element it is declared inside (a server, or a host holding its agent or firewall).
    public let container: Int?
    /// The host it runs on: itself when it is not declared inside another element.
    public let host: Int
    public let cluster: Int?
    /// The elements declared inside it, in order (a host's components, agents and firewall).
    public internal(set) var children: [Int] = []
    public internal(set) var network: Int?

    public internal(set) var software: String?
    public internal(set) var description: String?
    public internal(set) var instances = 1
    public internal(set) var instancesDeclared = false
    /// Percent: `availability: 99.95%` is 99.95.
    public internal(set) var availability: Double? {
        get { rare?.availability }
        set { rareFields().availability = newValue }
    }
    public internal(set) var capacity: Double? {
        get { rare?.capacity }
        set { rareFields().capacity = newValue }
    }
    /// Mean time to repair one instance, in seconds.
    public internal(set) var mttr: Double? {
        get { rare?.mttr }
        set { rareFields().mttr = newValue }
    }
    /// A client's requests a second at peak.
    public internal(set) var load: Double? {
        get { rare?.load }
        set { rareFields().load = newValue }
    }
    /// Percent of a client's requests that write.
    public internal(set) var writes: Double? {
        get { rare?.writes }
        set { rareFields().writes = newValue }
    }
    public internal(set) var firewall = false
    public internal(set) var algorithm: Algorithm = .roundRobin
    public internal(set) var tls: TLSMode = .none
    public internal(set) var healthCheck = true
    public internal(set) var role: DatabaseRole = .standalone
    public internal(set) var replicates: Reference? {
        get { rare?.replicates }
        set { rareFields().replicates = newValue }
    }
    public internal(set) var replication: ReplicationMode = .async
    public internal(set) var replicationTLS = false
    public internal(set) var records: [String] {
        get { rare?.records ?? [] }
        set { rareFields().records = newValue }
    }
    public internal(set) var reportsTo: Reference? {
        get { rare?.reportsTo }
        set { rareFields().reportsTo = newValue }
    }
    public internal(set) var watches: [Reference] {
        get { rare?.watches ?? [] }
        set { rareFields().watches = newValue }
    }
    public internal(set) var entry: Reference? {
        get { rare?.entry }
        set { rareFields().entry = newValue }
    }
    /// Where each property was written, for findings about one property.
    public internal(set) var propertyRanges = PropertyRanges()

    /// The properties only some elements have, apart: most elements write none of
    /// them, and kept inline they were half of each element (a third of the memory
    /// of a large design's model).
    private final class Rare {
        var availability: Double?
        var capacity: Double?
        var mttr: Double?
        var load: Double?
        var writes: Double?
        var replicates: Reference?
        var records: [String] = []
        var reportsTo: Reference?
        var watches: [Reference] = []
        var entry: Reference?
    }

    private var rare: Rare?

    private func rareFields() -> Rare {
        if let rare { return rare }
        let made = Rare()
        rare = made
        return made
    }

    init(index: Int, id: String, kind: ElementKind, label: String?, range: SourceRange,
         declarationRange: SourceRange, container: Int?, host: Int, cluster: Int?) {
        self.index = index
        self.id = id
        self.kind = kind
        self.label = label
        self.range = range
        self.declarationRange = declarationRange
        self.container = container
        self.host = host
        self.cluster = cluster
    }

    /// True when the element is its own host.
    public var isHost: Bool { host == index }

    /// Whether any one of its targets serves its requests (a firewall, a cdn, a load
    /// balancer that checks its backends' health); otherwise it needs every one.
    public var needsAnyTarget: Bool { kind.forwardsToOne && (kind != .loadBalancer || healthCheck) }
}

/// Where each property of one block was written, in the order written: a block
/// holds a handful, so a short list is cheaper to fill and to search than a
/// dictionary (one per element was a tenth of building a large design).
public struct PropertyRanges: Sendable, Sequence {
    public typealias Entry = (name: String, range: SourceRange)
    // Most elements set one property: it is kept inline, the others in an array,
    // which spares a large design an allocation per element (about 5 MB at
    // 100,000 elements). Property names are short enough to be stored inline too.
    private var first: Entry?
    private var rest: [Entry] = []

    public init() {}

    public subscript(name: String) -> SourceRange? {
        get {
            if let first, first.name == name { return first.range }
            return rest.first { $0.name == name }?.range
        }
        set {
            if let current = first, current.name == name {
                if let newValue {
                    first = (name, newValue)
                } else {
                    first = rest.isEmpty ? nil : rest.removeFirst()
                }
                return
            }
            let index = rest.firstIndex { $0.name == name }
            switch (index, newValue) {
            case (let index?, let range?): rest[index].range = range
            case (let index?, nil): rest.remove(at: index)
            case (nil, let range?): if first == nil { first = (name, range) } else { rest.append((name, range)) }
            case (nil, nil): break
            }
        }
    }

    /// In the order they were set.
    public func makeIterator() -> IndexingIterator<[Entry]> { ((first.map { [$0] } ?? []) + rest).makeIterator() }
}

/// Link indexes by an end, in declaration order: arrays by element and cluster
/// index instead of a dictionary, since every element is looked up.
public struct LinksByEndpoint: Sendable {
    // Elements' lists first, then clusters'.
    private var lists = FlatLists()
    private var elementCount = 0

    public init() {}

    /// The links of a design by one of their ends, in link order.
    public init(_ links: [Link], elements: Int, clusters: Int, end: (Link) -> Endpoint) {
        elementCount = elements
        lists = FlatLists(count: elements + clusters, pairs: links.map { link in
            switch end(link) {
            case .element(let index): return (index, link.index)
            case .cluster(let index): return (elements + index, link.index)
            }
        })
    }

    /// The links at an endpoint; nil when it has none.
    public subscript(endpoint: Endpoint) -> ArraySlice<Int>? {
        let slot: Int
        switch endpoint {
        case .element(let index):
            guard index >= 0, index < elementCount else { return nil }
            slot = index
        case .cluster(let index):
            guard index >= 0, elementCount + index < lists.count else { return nil }
            slot = elementCount + index
        }
        let list = lists[slot]
        return list.isEmpty ? nil : list
    }
}

/// One end of a link: an element or a cluster.
public enum Endpoint: Hashable, Sendable {
    case element(Int)
    case cluster(Int)
}

/// Two ends: names resolve to endpoints one to one, so the links (or
/// connections) of a pair of names are counted by their endpoints.
public struct EndpointPair: Hashable, Sendable {
    public let from: Endpoint
    public let to: Endpoint

    public init(_ from: Endpoint, _ to: Endpoint) {
        self.from = from
        self.to = to
    }
}

/// One declared link from A to B (a chain or fan-out declares several).
///
/// A class, read-only outside InfraCore, for the reason `Element` is one: the
/// builder fills it in, and the rules pass links around by the hundred thousand,
/// where copying five strings at each step cost more than the step.
public final class Link: @unchecked Sendable {
    public let index: Int
    public let from: Endpoint
    public let to: Endpoint
    public let fromName: String
    public let toName: String
    /// The protocol as written, lowercased; nil when the link names none.
    public let protocolName: String?
    public let protocolRange: SourceRange?
    public let port: Int?
    /// `tls:` as written, overriding what the protocol implies.
    public internal(set) var tls: Bool?
    public internal(set) var access: Access?
    public internal(set) var weight: Int?
    public internal(set) var description: String?
    /// From the source's name to the target's name.
    public let range: SourceRange
    /// Where the source's and the target's names are written.
    public let fromRange: SourceRange
    public let toRange: SourceRange
    /// The index of its statement in the syntax tree's top-level statements.
    public let statement: Int
    /// How findings and fingerprints name it: `SRC->DST`, or `SRC->DST:PROTOCOL`
    /// where the pair is linked more than once. Built when asked: most of a large
    /// design's links are never named.
    public var name: String {
        let pair = fromName + "->" + toName
        return nameSuffix.map { pair + $0 } ?? pair
    }
    /// `:PROTOCOL`, and `#RANK` after it for the same pair and protocol again, where
    /// the pair is linked more than once (the builder sets it).
    var nameSuffix: String?

    init(index: Int, from: Endpoint, to: Endpoint, fromName: String, toName: String, protocolName: String?,
         protocolRange: SourceRange?, port: Int?, range: SourceRange, fromRange: SourceRange, toRange: SourceRange,
         statement: Int) {
        self.index = index
        self.from = from
        self.to = to
        self.fromName = fromName
        self.toName = toName
        self.protocolName = protocolName
        self.protocolRange = protocolRange
        self.port = port
        self.range = range
        self.fromRange = fromRange
        self.toRange = toRange
        self.statement = statement
    }

    /// Whether the traffic is encrypted: `tls:` when given, else what the protocol implies.
    public var isEncrypted: Bool {
        tls ?? Protocols.isEncrypted(protocolName)
    }

    /// Whether a reader can see the traffic: not encrypted, and not a name lookup.
    public var isPlaintext: Bool {
        !isEncrypted && !Protocols.isLookup(protocolName)
    }

    /// `http 80`, `https`, `tcp`: the label a diagram shows.
    public var protocolLabel: String {
        let name = protocolName ?? "tcp"
        if let port { return "\(name) \(port)" }
        return name
    }
}

/// Protocol names and what they imply.
public enum Protocols {
    public static let encrypted: Set<String> = ["https", "tls", "ssh", "wss", "grpcs"]
    public static let plaintext: Set<String> = [
        "http", "ws", "grpc", "tcp", "mysql", "postgres", "redis", "memcached", "amqp", "smtp", "ftp",
    ]
    public static let lookup = "dns"
    public static let known: Set<String> = encrypted.union(plaintext).union([lookup])

    /// Whether a protocol is one of `encrypted` (a switch: asked for every link, many times).
    public static func isEncrypted(_ name: String?) -> Bool {
        switch name {
        case "https"?, "tls"?, "ssh"?, "wss"?, "grpcs"?: return true
        default: return false
        }
    }

    public static func isLookup(_ name: String?) -> Bool { name == lookup }
}

/// A property the builder did not recognise (DES003 reports it).
public struct UnknownProperty: Sendable, Hashable {
    public var name: String
    public var owner: PropertyOwner
    /// The identifier of what it was written on, or nil for the design header.
    public var ownerName: String?
    public var range: SourceRange
    public var suggestion: String?
    /// The kinds that do take it (or `otherName`), when it belongs to others.
    public var takenBy: [String]
    /// The property of other kinds it is close to, when it is not one itself.
    public var otherName: String?
    /// Its value as written.
    public var value: Value
    /// For a property of a link statement's block: the links of that statement.
    public var links: [Int] = []
    /// The names of the other properties written in the same block.
    public var siblings: [String] = []
}

/// A protocol name the builder did not recognise (DES004 reports it).
public struct UnknownProtocol: Sendable, Hashable {
    public var name: String
    public var linkName: String
    /// The links of the statement that names it.
    public var links: [Int] = []
    public var range: SourceRange
    public var suggestion: String?
}

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
    public var symbols: [String: Symbol] = [:]
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
