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
