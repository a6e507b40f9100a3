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
    public subscript(endpoint: Endpoint) -> FlatList? {
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

    /// One integer for both cases (elements even, clusters odd): hashed as one
    /// word, where the synthesised hash fed the hasher the case and the index apart.
    var key: Int {
        switch self {
        case .element(let index): return index &* 2
        case .cluster(let index): return index &* 2 &+ 1
        }
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(key) }

    /// `key` in 32 bits, for what stores endpoints by the hundred thousand (links, connections).
    public var compactKey: Int32 { Int32(truncatingIfNeeded: key) }

    /// The endpoint a `compactKey` stands for.
    public init(compactKey key: Int32) {
        let key = Int(key)
        self = key & 1 == 0 ? .element(key >> 1) : .cluster(key >> 1)
    }
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

    // Indexes are below 2^31 (a design file is at most `SourceLoader.maxFileBytes`),
    // so both ends fit one word: a link's pair is hashed for every link of a design.
    public func hash(into hasher: inout Hasher) { hasher.combine(from.key &<< 32 ^ to.key) }
}

/// One declared link from A to B (a chain or fan-out declares several).
///
/// A class, read-only outside InfraCore, for the reason `Element` is one: the
/// builder fills it in, and the rules pass links around by the hundred thousand,
/// where copying five strings at each step cost more than the step.
public final class Link: @unchecked Sendable {
    // Indexes, ends and the port in 32 bits (a port is at most 65535), and what few
    // links write (a weight, a description, a second link of the same pair) out of
    // line: the object went from 240 bytes to 144.
    @Index32 public private(set) var index: Int
    private let storedFrom: Int32
    private let storedTo: Int32
    /// The index of its statement in the syntax tree's top-level statements.
    @Index32 public private(set) var statement: Int
    @OptionalIndex32 public private(set) var port: Int?
    private var rare = OutOfLine<Rare>()

    /// What only some links have.
    private struct Rare: OutOfLineFields {
        var weight: Int?
        var description: String?
        var nameSuffix: String?
    }

    public var from: Endpoint { Endpoint(compactKey: storedFrom) }
    public var to: Endpoint { Endpoint(compactKey: storedTo) }
    public let fromName: String
    public let toName: String
    /// The protocol as written, lowercased; nil when the link names none.
    public let protocolName: String?
    public let protocolRange: SourceRange?
    /// `tls:` as written, overriding what the protocol implies.
    public internal(set) var tls: Bool?
    public internal(set) var access: Access?
    public internal(set) var weight: Int? {
        get { rare.fields.weight }
        set { rare.fields.weight = newValue }
    }
    public internal(set) var description: String? {
        get { rare.fields.description }
        set { rare.fields.description = newValue }
    }
    /// From the source's name to the target's name.
    public let range: SourceRange
    /// Where the source's and the target's names are written.
    public let fromRange: SourceRange
    public let toRange: SourceRange
    /// How findings and fingerprints name it: `SRC->DST`, or `SRC->DST:PROTOCOL`
    /// where the pair is linked more than once. Built when asked: most of a large
    /// design's links are never named.
    public var name: String {
        let pair = fromName + "->" + toName
        return nameSuffix.map { pair + $0 } ?? pair
    }
    /// `:PROTOCOL`, and `#RANK` after it for the same pair and protocol again, where
    /// the pair is linked more than once (the builder sets it).
    var nameSuffix: String? {
        get { rare.fields.nameSuffix }
        set { rare.fields.nameSuffix = newValue }
    }

    init(index: Int, from: Endpoint, to: Endpoint, fromName: String, toName: String, protocolName: String?,
         protocolRange: SourceRange?, port: Int?, range: SourceRange, fromRange: SourceRange, toRange: SourceRange,
         statement: Int) {
        self.index = index
        storedFrom = from.compactKey
        storedTo = to.compactKey
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
