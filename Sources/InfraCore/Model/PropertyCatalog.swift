/// What a block belongs to, for deciding which properties it takes.
public enum PropertyOwner: Hashable, Sendable {
    case design
    case network
    case cluster
    case element(ElementKind)
    case link

    /// How messages name it: "a load-balancer", "a link".
    public var spelling: String {
        switch self {
        case .design: return "the design"
        case .network: return "a network"
        case .cluster: return "a cluster"
        case .element(let kind): return kind.keywordWithArticle
        case .link: return "a link"
        }
    }
}

/// The type of a property's value.
public enum PropertyType: Sendable, Equatable {
    /// A word or a string: `haproxy`, `"HAProxy 2.8"`.
    case text
    /// `true` or `false`.
    case boolean
    /// A whole number at least this large.
    case integer(minimum: Int)
    /// A number above zero (and below 10¹²): `2.5`, `800`.
    case number
    /// A percentage such as `99.95%`, above 0% and at most 100%.
    case percentage
    /// A share from 0% to 100%.
    case share
    /// A duration above zero: `30s`, `4h`.
    case duration
    /// One of a fixed set of words.
    case choice([String])
    /// The identifier of something declared in the file.
    case reference
    /// A list of strings.
    case stringList
    /// A list of identifiers.
    case referenceList

    /// How messages name what is expected.
    public var expectation: String {
        switch self {
        case .text: return "a word or a string"
        case .boolean: return "true or false"
        case .integer(let minimum): return minimum <= 0 ? "a whole number" : "a whole number of at least \(minimum)"
        case .number: return "a number above 0, such as 800"
        case .percentage: return "a percentage above 0% and at most 100%, such as 99.9%"
        case .share: return "a percentage from 0% to 100%, such as 10%"
        case .duration: return "a duration above zero with a unit: 45s, 30m, 4h or 2d"
        case .choice(let values): return Self.oneOf(values)
        case .reference: return "an identifier"
        case .stringList: return "a list of strings such as [\"a\", \"b\"]"
        case .referenceList: return "a list of identifiers such as [web-01, web-02]"
        }
    }

    /// Whether a written value is valid for this type, as the builder checks it;
    /// `declared` says whether an identifier names something in the file.
    public func accepts(_ value: Value, declared: (String) -> Bool) -> Bool {
        switch (self, value) {
        case (.text, .list): return false
        case (.text, _): return true
        case (.boolean, .word(let word)): return word == "true" || word == "false"
        case (.integer(let minimum), .number(let number, _)):
            return number == number.rounded() && number >= Double(minimum) && number < 1e9
        case (.number, .number(let number, _)): return number > 0 && number < 1e12
        case (.percentage, .percentage(let number, _)): return number > 0 && number <= 100
        case (.share, .percentage(let number, _)): return number >= 0 && number <= 100
        case (.duration, .duration(let seconds, _)): return seconds > 0 && seconds < 1e12
        case (.choice(let choices), _): return value.text.map(choices.contains) ?? false
        case (.reference, .word(let word)): return declared(word)
        case (.stringList, .list(let items)): return items.allSatisfy { $0.value.text != nil }
        case (.referenceList, .list(let items)):
            return items.allSatisfy { if case .word(let word) = $0.value { return declared(word) } else { return false } }
        case (.referenceList, .word(let word)): return declared(word)
        default: return false
        }
    }

    static func oneOf(_ values: [String]) -> String {
        guard values.count > 1 else { return values.first ?? "" }
        return values.dropLast().joined(separator: ", ") + " or " + (values.last ?? "")
    }
}

/// One property a kind of block takes.
public struct PropertySpec: Sendable {
    public var name: String
    public var type: PropertyType
    /// One line for `infralint rules` and the README's tour.
    public var summary: String
    /// 1 + its name's place in `PropertyCatalog.sortedNames` in the specs
    /// `PropertyCatalog.spec(_:for:)` gives, 0 elsewhere: what an element keeps of
    /// the name of the first property it sets (`PropertyRanges`).
    public internal(set) var place: UInt8 = 0
}

/// Which properties each kind of block takes: the tables of LANGUAGE.md.
public enum PropertyCatalog {
    /// Every property name the language knows, whatever it belongs to.
    public static let allNames: Set<String> = Set(allOwners.flatMap { specs(for: $0).map(\.name) })

    /// `allNames`, sorted.
    public static let sortedNames: [String] = allNames.sorted()

    /// 1 + a name's place in `sortedNames`; 0 for a name the catalog does not know.
    public static func place(of name: String) -> UInt8 { places[name] ?? 0 }

    private static let places: [String: UInt8] = Dictionary(
        uniqueKeysWithValues: sortedNames.prefix(Int(UInt8.max)).enumerated().map { ($1, UInt8($0 + 1)) })

    /// Every kind of block that takes properties.
    public static let allOwners: [PropertyOwner] =
        [PropertyOwner.design, .network, .cluster, .link] + ElementKind.allCases.map(PropertyOwner.element)

    static let anyElement: [PropertySpec] = [
        PropertySpec(name: "software", type: .text, summary: "what runs there: haproxy, nginx, mysql"),
        PropertySpec(name: "description", type: .text, summary: "shown in the diagram tooltip and the explanation"),
        PropertySpec(name: "instances", type: .integer(minimum: 1), summary: "identical copies behind one name; 2 or more is internally redundant"),
        PropertySpec(name: "availability", type: .percentage, summary: "expected uptime of one instance"),
        PropertySpec(name: "capacity", type: .number, summary: "requests per second one instance can serve"),
        PropertySpec(name: "mttr", type: .duration, summary: "mean time to repair one instance (1h by default)"),
        PropertySpec(name: "firewall", type: .boolean, summary: "a host-based firewall (ufw, iptables) on this element or host"),
    ]

    static let tlsModes = ["terminate", "passthrough", "none"]

    /// The properties a block of this owner takes.
    public static func specs(for owner: PropertyOwner) -> [PropertySpec] {
        switch owner {
        case .design:
            return [
                PropertySpec(name: "description", type: .text, summary: "what the design is for"),
                PropertySpec(name: "target", type: .percentage, summary: "the availability the site promises, such as 99.95%"),
            ]
        case .network:
            return [
                PropertySpec(name: "trust", type: .choice(["trusted", "untrusted"]), summary: "untrusted marks the internet and other hostile networks"),
                PropertySpec(name: "description", type: .text, summary: "shown in the explanation"),
            ]
        case .cluster:
            return [
                PropertySpec(name: "mode", type: .choice(["active-active", "active-passive"]), summary: "all members serve, or one serves and the others stand by"),
                PropertySpec(name: "failover", type: .choice(["automatic", "manual"]), summary: "who promotes a standby: software, or a person"),
                PropertySpec(name: "vip", type: .text, summary: "a shared virtual IP address or name"),
                PropertySpec(name: "failover-time", type: .duration, summary: "how long service is lost while a standby takes over (30s automatic, 30m manual)"),
                PropertySpec(name: "description", type: .text, summary: "shown in the explanation"),
            ]
        case .link:
            return [
                PropertySpec(name: "tls", type: .boolean, summary: "encrypted or not, overriding what the protocol implies"),
                PropertySpec(name: "access", type: .choice(["read", "write", "read-write"]), summary: "what the requests do to a database"),
                PropertySpec(name: "weight", type: .integer(minimum: 0), summary: "a backend's share under weighted-round-robin"),
                PropertySpec(name: "description", type: .text, summary: "shown in the explanation"),
            ]
        case .element(let kind):
            var specs = anyElement
            switch kind {
            case .loadBalancer:
                specs.append(PropertySpec(name: "algorithm", type: .choice(Algorithm.allCases.map(\.rawValue)), summary: "how requests are spread over the backends"))
                specs.append(PropertySpec(name: "tls", type: .choice(tlsModes), summary: "where TLS ends: terminate holds the certificate and decrypts; passthrough forwards it still encrypted"))
                specs.append(PropertySpec(name: "health-check", type: .boolean, summary: "stop sending to backends that fail a check"))
            case .webServer, .cdn:
                specs.append(PropertySpec(name: "tls", type: .choice(tlsModes), summary: "where TLS ends: terminate holds the certificate and decrypts; passthrough forwards it still encrypted"))
            case .database:
                specs.append(PropertySpec(name: "role", type: .choice(DatabaseRole.allCases.map(\.rawValue)), summary: "a primary takes the writes, a replica copies another database (replicates), standalone does neither"))
                specs.append(PropertySpec(name: "replicates", type: .reference, summary: "the database a replica copies"))
                specs.append(PropertySpec(name: "replication", type: .choice(ReplicationMode.allCases.map(\.rawValue)), summary: "when the primary confirms a write: async at once, semi-sync once a replica has it, sync once the replicas applied it"))
                specs.append(PropertySpec(name: "tls", type: .boolean, summary: "replication into this replica is encrypted"))
            case .dns:
                specs.append(PropertySpec(name: "records", type: .stringList, summary: "the zone's records, such as \"www.foobar.com A 8.8.8.8\""))
            case .agent:
                specs.append(PropertySpec(name: "reports-to", type: .reference, summary: "the monitor it reports to"))
            case .monitor:
                specs.append(PropertySpec(name: "watches", type: .referenceList, summary: "what it probes without an agent"))
            case .server:
                specs.append(PropertySpec(name: "entry", type: .reference, summary: "which of its elements receives requests sent to the server"))
            case .client:
                specs.append(PropertySpec(name: "load", type: .number, summary: "requests per second at peak"))
                specs.append(PropertySpec(name: "writes", type: .share, summary: "the share of its requests that write (10% by default)"))
            default:
                break
            }
            return specs
        }
    }

    /// Every owner's properties, built once, by `slot(of:)`: the builder looks one up
    /// per property written, among the dozen or so its owner takes.
    private static let bySlot: [[PropertySpec]] = {
        let owners = [PropertyOwner.design, .network, .cluster, .link] + ElementKind.allCases.map(PropertyOwner.element)
        return owners.map { owner in
            specs(for: owner).map { spec in
                var placed = spec
                placed.place = place(of: spec.name)
                return placed
            }
        }
    }()

    private static func slot(of owner: PropertyOwner) -> Int {
        switch owner {
        case .design: return 0
        case .network: return 1
        case .cluster: return 2
        case .link: return 3
        case .element(let kind): return 4 + (ElementKind.allCases.firstIndex(of: kind) ?? 0)
        }
    }

    /// The spec of one property of an owner, if it takes it.
    public static func spec(_ name: String, for owner: PropertyOwner) -> PropertySpec? {
        bySlot[slot(of: owner)].first { $0.name == name }
    }

    /// What takes a property that not every element takes, for "applies to …" hints:
    /// element kinds as keywords, then `cluster`, `network`, `link`.
    public static func owners(of name: String) -> [String] {
        guard !anyElement.contains(where: { $0.name == name }) else { return [] }
        let kinds = ElementKind.allCases.filter { spec(name, for: .element($0)) != nil }.map(\.keyword)
        let others: [(String, PropertyOwner)] = [("cluster", .cluster), ("network", .network), ("link", .link)]
        return kinds + others.filter { spec(name, for: $0.1) != nil }.map(\.0)
    }
}
