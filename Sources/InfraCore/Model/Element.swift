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
    // The index and network in 32 bits and the texts few clusters write out of
    // line: 80 bytes a cluster where 136 were.
    @Index32 public var index: Int
    @OptionalIndex32 public var network: Int? = nil
    public var mode: ClusterMode = .activeActive
    public var failover: Failover = .automatic
    /// False when `failover` took its default.
    public var failoverDeclared = false
    public var id: String
    /// Seconds of lost service while a standby takes over, when written.
    public var failoverTime: Double?
    /// Element indexes, in declaration order.
    public var members: [Int] = []
    /// The keyword and the identifier.
    public var range: SourceRange
    /// The whole declaration.
    public var declarationRange: SourceRange
    private var texts = OutOfLine<Texts>()

    private struct Texts: OutOfLineFields {
        var label: String?
        var description: String?
        var vip: String?
    }

    public var label: String? {
        get { texts.fields.label }
        set { texts.fields.label = newValue }
    }
    public var description: String? {
        get { texts.fields.description }
        set { texts.fields.description = newValue }
    }
    public var vip: String? {
        get { texts.fields.vip }
        set { texts.fields.vip = newValue }
    }

    init(index: Int, id: String, label: String?, range: SourceRange, declarationRange: SourceRange) {
        self.index = index
        self.id = id
        self.range = range
        self.declarationRange = declarationRange
        texts.fields.label = label
    }

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
    // Indexes are kept in 32 bits and the rarely written texts with the other
    // extras: the object went from 240 bytes to 144, and elements were the largest
    // part of a large design's model.
    @Index32 public private(set) var index: Int
    /// The element it is declared inside (a server, or a host holding its agent or firewall).
    @OptionalIndex32 public private(set) var container: Int?
    /// The host it runs on: itself when it is not declared inside another element.
    @Index32 public private(set) var host: Int
    @OptionalIndex32 public private(set) var cluster: Int?
    @OptionalIndex32 public internal(set) var network: Int? = nil

    public let id: String
    public let kind: ElementKind
    public var label: String? { text(.label) }
    /// The keyword and the identifier: where findings point.
    public let range: SourceRange
    /// The whole declaration, block included.
    public let declarationRange: SourceRange
    /// The elements declared inside it, in order (a host's components, agents and firewall).
    public internal(set) var children: [Int] = []

    public internal(set) var software: String? {
        get { text(.software) }
        set { setText(.software, newValue) }
    }
    public internal(set) var description: String? {
        get { text(.description) }
        set { setText(.description, newValue) }
    }
    public internal(set) var instances = 1
    public internal(set) var instancesDeclared = false
    /// Percent: `availability: 99.95%` is 99.95.
    public internal(set) var availability: Double? {
        get { number(.availability) }
        set { setNumber(.availability, newValue) }
    }
    public internal(set) var capacity: Double? {
        get { number(.capacity) }
        set { setNumber(.capacity, newValue) }
    }
    /// Mean time to repair one instance, in seconds.
    public internal(set) var mttr: Double? {
        get { number(.mttr) }
        set { setNumber(.mttr, newValue) }
    }
    /// A client's requests a second at peak.
    public internal(set) var load: Double? {
        get { number(.load) }
        set { setNumber(.load, newValue) }
    }
    /// Percent of a client's requests that write.
    public internal(set) var writes: Double? {
        get { number(.writes) }
        set { setNumber(.writes, newValue) }
    }
    public internal(set) var firewall = false
    public internal(set) var algorithm: Algorithm = .roundRobin
    public internal(set) var tls: TLSMode = .none
    public internal(set) var healthCheck = true
    public internal(set) var role: DatabaseRole = .standalone
    public internal(set) var replicates: Reference? {
        get { reference(.replicates) }
        set { setReference(.replicates, newValue) }
    }
    public internal(set) var replication: ReplicationMode = .async
    public internal(set) var replicationTLS = false
    public internal(set) var records: [String] {
        get {
            for case .records(let records) in extras { return records }
            return []
        }
        set { replaceExtra(newValue.isEmpty ? nil : .records(newValue)) { if case .records = $0 { true } else { false } } }
    }
    public internal(set) var reportsTo: Reference? {
        get { reference(.reportsTo) }
        set { setReference(.reportsTo, newValue) }
    }
    public internal(set) var watches: [Reference] {
        get {
            for case .watches(let watches) in extras { return watches }
            return []
        }
        set { replaceExtra(newValue.isEmpty ? nil : .watches(newValue)) { if case .watches = $0 { true } else { false } } }
    }
    public internal(set) var entry: Reference? {
        get { reference(.entry) }
        set { setReference(.entry, newValue) }
    }
    /// Where each property was written, for findings about one property.
    public internal(set) var propertyRanges = PropertyRanges()

    /// The properties only some elements have, apart: most elements write none of
    /// them, and kept inline they were half of each element (a third of the memory
    /// of a large design's model). They are kept as a list of what is set, not as an
    /// object with room for all ten: an agent sets only `reports-to`, and the object
    /// was 240 bytes an agent (6 MB at 100,000 elements).
    private enum Extra {
        case text(TextField, String)
        case number(NumberField, Double)
        case reference(ReferenceField, Reference)
        case records([String])
        case watches([Reference])
    }

    private enum TextField { case label, software, description }
    private enum NumberField { case availability, capacity, mttr, load, writes }
    private enum ReferenceField { case replicates, reportsTo, entry }

    private var extras: [Extra] = []

    private func text(_ field: TextField) -> String? {
        for case .text(let key, let value) in extras where key == field { return value }
        return nil
    }

    private func setText(_ field: TextField, _ value: String?) {
        replaceExtra(value.map { .text(field, $0) }) { if case .text(let key, _) = $0 { key == field } else { false } }
    }

    private func number(_ field: NumberField) -> Double? {
        for case .number(let key, let value) in extras where key == field { return value }
        return nil
    }

    private func setNumber(_ field: NumberField, _ value: Double?) {
        replaceExtra(value.map { .number(field, $0) }) { if case .number(let key, _) = $0 { key == field } else { false } }
    }

    private func reference(_ field: ReferenceField) -> Reference? {
        for case .reference(let key, let value) in extras where key == field { return value }
        return nil
    }

    private func setReference(_ field: ReferenceField, _ value: Reference?) {
        replaceExtra(value.map { .reference(field, $0) }) { if case .reference(let key, _) = $0 { key == field } else { false } }
    }

    /// Puts `extra` in the place of the entry `matches` finds (or at the end), or removes that entry when nil.
    private func replaceExtra(_ extra: Extra?, matching matches: (Extra) -> Bool) {
        if let index = extras.firstIndex(where: matches) {
            if let extra { extras[index] = extra } else { extras.remove(at: index) }
        } else if let extra {
            extras.append(extra)
        }
    }

    init(index: Int, id: String, kind: ElementKind, label: String?, range: SourceRange,
         declarationRange: SourceRange, container: Int?, host: Int, cluster: Int?) {
        self.index = index
        self.id = id
        self.kind = kind
        self.range = range
        self.declarationRange = declarationRange
        self.container = container
        self.host = host
        self.cluster = cluster
        if let label { extras = [.text(.label, label)] }
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
    // Most elements set one property: it is kept inline, as its place in
    // `PropertyCatalog.allNames` sorted, and the others in an array, which spares
    // a large design an allocation per element (about 5 MB at 100,000 elements)
    // and keeps an element 16 bytes smaller than the name itself would. A name the
    // catalog does not know goes to the array. The inline entry, when there is one,
    // was written before everything in the array.
    /// 0: no inline entry; else 1 + the name's place in `Self.names`.
    private var firstName: UInt8 = 0
    private var firstRange = SourceRange(0, 0)
    private var rest: [Entry] = []

    /// The catalog's names, sorted: a place is 1 + an index here.
    private static let names = PropertyCatalog.sortedNames

    /// Where a property was written, its place in the catalog known (a spec's
    /// `place`; 0 when not): a new first property is kept without looking its name up.
    mutating func set(_ name: String, place: UInt8, range: SourceRange) {
        if firstName == 0, rest.isEmpty, place != 0, Int(place) <= Self.names.count, Self.names[Int(place) - 1] == name {
            (firstName, firstRange) = (place, range)
        } else {
            self[name] = range
        }
    }

    public init() {}

    private var first: Entry? {
        firstName == 0 ? nil : (Self.names[Int(firstName) - 1], firstRange)
    }

    public subscript(name: String) -> SourceRange? {
        get {
            if firstName != 0, Self.names[Int(firstName) - 1] == name { return firstRange }
            return rest.first { $0.name == name }?.range
        }
        set {
            if firstName != 0, Self.names[Int(firstName) - 1] == name {
                if let newValue {
                    firstRange = newValue
                } else if let next = rest.first, case let place = PropertyCatalog.place(of: next.name), place != 0 {
                    rest.removeFirst()
                    (firstName, firstRange) = (place, next.range)
                } else {
                    firstName = 0
                }
                return
            }
            let index = rest.firstIndex { $0.name == name }
            switch (index, newValue) {
            case (let index?, let range?): rest[index].range = range
            case (let index?, nil): rest.remove(at: index)
            case (nil, let range?):
                if firstName == 0, rest.isEmpty, case let place = PropertyCatalog.place(of: name), place != 0 {
                    (firstName, firstRange) = (place, range)
                } else {
                    rest.append((name, range))
                }
            case (nil, nil): break
            }
        }
    }

    /// In the order they were set.
    public func makeIterator() -> IndexingIterator<[Entry]> { ((first.map { [$0] } ?? []) + rest).makeIterator() }
}
