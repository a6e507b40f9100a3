/// What an element is.
public enum ElementKind: String, CaseIterable, Sendable, Codable {
    case client
    case dns
    case cdn
    case firewall
    case loadBalancer = "load-balancer"
    case server
    case webServer = "web-server"
    case appServer = "app-server"
    case database
    case cache
    case queue
    case storage
    case monitor
    case agent
    case service

    /// The keyword that declares it.
    public var keyword: String { rawValue }

    /// How prose names it: "load balancer", "web server".
    public var noun: String { rawValue.split(separator: "-").joined(separator: " ") }

    /// The keyword with its article: "an agent", "a load-balancer".
    public var keywordWithArticle: String { withArticle(keyword) }

    /// A `database`, `cache`, `queue` or `storage`: what links carry reads or writes to.
    /// Whether a declaration of this kind may hold one of `kind` in its block: a
    /// server runs components (not clients, servers or cdns); any other host holds
    /// its agents and its own firewall; a client holds nothing. The builder reports
    /// the rest as errors (a test holds the two together).
    public func mayHold(_ kind: ElementKind) -> Bool {
        switch self {
        case .server: return kind != .client && kind != .server && kind != .cdn
        case .client: return false
        default: return kind == .agent || kind == .firewall
        }
    }

    public var isDatastore: Bool {
        switch self {
        case .database, .cache, .queue, .storage: return true
        default: return false
        }
    }

    /// Forwards each request to one of its targets.
    public var forwardsToOne: Bool {
        self == .loadBalancer || self == .firewall || self == .cdn
    }

    /// Runs application logic: a web server, an app server or a service.
    public var processesRequests: Bool {
        self == .webServer || self == .appServer || self == .service
    }

    /// A `monitor` or an `agent`: monitoring, not serving requests.
    public var isMonitoring: Bool { self == .monitor || self == .agent }

    /// Where a request enters a server that names no `entry`: its first of these.
    public var isServerEntry: Bool {
        self == .loadBalancer || self == .webServer || self == .appServer
    }
}

/// The words the language reserves.
public enum Keyword {
    /// Statement keywords that are not element kinds.
    public static let statements: Set<String> = ["design", "network", "cluster", "in"]
    /// Every reserved word.
    public static let all: Set<String> = statements.union(ElementKind.allCases.map(\.rawValue))
}
