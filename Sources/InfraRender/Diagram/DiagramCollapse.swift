import InfraCore

/// Alike hosts and tiers drawn once, with a count (`render --collapse`).
///
/// The design is cut into units: a cluster with everything on its members, or a
/// host outside any cluster with what runs on it. Units are alike when they hold
/// the same kinds, software, settings and findings in the same places, and link
/// the same way to units that are alike in turn: the partition is refined until
/// it is stable, as colour refinement does for graph isomorphism. Each class of
/// alike units is drawn by its first unit; inside a drawn cluster, alike members
/// are drawn once too. Every element then maps to the element drawn in its place.
struct DiagramCollapse {
    /// For each element, the element drawn in its place (itself when it is drawn).
    private(set) var drawnAs: [Int]
    /// For each cluster, the cluster drawn in its place.
    private(set) var clusterDrawnAs: [Int]
    /// What each drawn element or cluster stands for, when more than itself.
    private(set) var members: [Int: [Int]] = [:]
    private(set) var clusterMembers: [Int: [Int]] = [:]

    /// A cluster's alike members are drawn once only when there are more than this many.
    static let alikeMembersKept = 3

    /// Nothing collapsed.
    init(identity design: Design) {
        drawnAs = Array(design.elements.indices)
        clusterDrawnAs = Array(design.clusters.indices)
    }

    init(design: Design, codes: [DiagramFindings.Subject: [String]]) {
        self.init(identity: design)
        let units = Units(design: design)
        var colour = Self.intern(units.list.indices.map { units.localSignature($0, codes: codes) })
        var classes = Set(colour).count
        for _ in 0..<12 {
            let refined = units.list.indices.map { units.neighbourhood($0, colour: colour, codes: codes) }
            colour = Self.intern(refined)
            let count = Set(colour).count
            if count == classes { break }
            classes = count
        }
        var byColour: [Int: [Int]] = [:]
        for unit in units.list.indices { byColour[colour[unit], default: []].append(unit) }
        for unit in units.list.indices {
            guard let drawn = byColour[colour[unit]]?.first else { continue }
            let (mine, theirs) = (units.list[unit], units.list[drawn])
            guard mine.elements.count == theirs.elements.count else { continue }
            for (position, element) in mine.elements.enumerated() { drawnAs[element] = theirs.elements[position] }
            if case .cluster(let cluster) = mine.kind, case .cluster(let shown) = theirs.kind { clusterDrawnAs[cluster] = shown }
        }
        collapseMembers(design: design, units: units, colour: colour, codes: codes)
        for element in design.elements.indices where drawnAs[element] != element { members[drawnAs[element], default: [drawnAs[element]]].append(element) }
        for cluster in design.clusters.indices where clusterDrawnAs[cluster] != cluster {
            clusterMembers[clusterDrawnAs[cluster], default: [clusterDrawnAs[cluster]]].append(cluster)
        }
    }

    /// Inside each drawn cluster, members alike (same parts, findings and links) are drawn once.
    private mutating func collapseMembers(design: Design, units: Units, colour: [Int], codes: [DiagramFindings.Subject: [String]]) {
        // The elements each drawn element stands for so far, to move them together.
        var standing: [Int: [Int]] = [:]
        for element in design.elements.indices { standing[drawnAs[element], default: []].append(element) }
        for (index, unit) in units.list.enumerated() {
            guard case .cluster(let cluster) = unit.kind, clusterDrawnAs[cluster] == cluster else { continue }
            // Two or three alike members stay: side by side they show the redundancy.
            let members = design.clusters[cluster].members
            let keys = members.map { units.memberSignature($0, in: index, colour: colour, codes: codes) }
            var counts: [String: Int] = [:]
            for key in keys { counts[key, default: 0] += 1 }
            var firstOfKey: [String: Int] = [:]
            for (member, key) in zip(members, keys) where (counts[key] ?? 0) > Self.alikeMembersKept {
                guard let first = firstOfKey[key] else {
                    firstOfKey[key] = member
                    continue
                }
                let mine = units.parts(of: member)
                let theirs = units.parts(of: first)
                guard mine.count == theirs.count else { continue }
                for (position, part) in mine.enumerated() {
                    let target = theirs[position]
                    for element in standing[part] ?? [] { drawnAs[element] = target }
                    standing[target, default: []] += standing[part] ?? []
                    standing[part] = nil
                }
            }
        }
    }

    /// Strings to small integers, the same string to the same integer.
    static func intern(_ keys: [String]) -> [Int] {
        var ids: [String: Int] = [:]
        return keys.map { key in
            if let id = ids[key] { return id }
            ids[key] = ids.count
            return ids.count - 1
        }
    }

    /// The units of a design, with each element's unit and place in it.
    struct Units {
        enum Kind { case cluster(Int), host(Int) }
        struct Unit {
            var kind: Kind
            /// Members (or the host) each followed by what runs on it, in declared order.
            var elements: [Int]
        }

        let design: Design
        private(set) var list: [Unit] = []
        private(set) var unitOf: [Int]
        private(set) var position: [Int]
        private(set) var clusterUnit: [Int]

        init(design: Design) {
            self.design = design
            unitOf = Array(repeating: -1, count: design.elements.count)
            position = Array(repeating: -1, count: design.elements.count)
            clusterUnit = Array(repeating: -1, count: design.clusters.count)
            for cluster in design.clusters {
                clusterUnit[cluster.index] = list.count
                add(Unit(kind: .cluster(cluster.index), elements: cluster.members.flatMap(parts(of:))))
            }
            for element in design.elements where element.isHost && element.cluster == nil {
                add(Unit(kind: .host(element.index), elements: parts(of: element.index)))
            }
        }

        /// An element and everything declared inside it, at any depth, in declared order.
        func parts(of element: Int) -> [Int] {
            [element] + design.elements[element].children.flatMap(parts(of:))
        }

        private mutating func add(_ unit: Unit) {
            for (place, element) in unit.elements.enumerated() where unitOf[element] == -1 {
                unitOf[element] = list.count
                position[element] = place
            }
            list.append(unit)
        }

        /// An element as a unit's signature describes it: what it is, where it sits, its findings.
        func describe(_ element: Int, codes: [DiagramFindings.Subject: [String]], from base: Int = 0) -> String {
            let e = design.elements[element]
            let parent = e.container.map { position[$0] - base } ?? -1
            let found = (codes[.element(element)] ?? []) + (codes[.replication(element)] ?? [])
            return "\(e.kind.rawValue)|\(e.software ?? "")|\(e.instances)|\(e.role.rawValue)|\(e.replication.rawValue)|\(e.replicationTLS)"
                + "|\(e.tls.rawValue)|\(e.algorithm.rawValue)|\(e.healthCheck)|\(e.firewall)|\(parent)|\(found.sorted())"
        }

        func localSignature(_ unit: Int, codes: [DiagramFindings.Subject: [String]]) -> String {
            var text: String
            switch list[unit].kind {
            case .cluster(let index):
                let cluster = design.clusters[index]
                text = "C|\(cluster.mode.rawValue)|\(cluster.failover.rawValue)|\(cluster.vip != nil)|\(cluster.network ?? -1)|\(cluster.members.count)"
                text += "|\((codes[.cluster(index)] ?? []).sorted())"
            case .host(let index):
                text = "H|\(design.elements[index].network ?? -1)"
            }
            return text + list[unit].elements.map { describe($0, codes: codes) }.joined(separator: ";")
        }

        /// Where a link end falls: its unit, and its place there (-1 for a cluster as a whole).
        func place(of endpoint: Endpoint) -> (unit: Int, position: Int) {
            switch endpoint {
            case .element(let index): return (unitOf[index], position[index])
            case .cluster(let index): return (clusterUnit[index], -1)
            }
        }

        /// The unit's colour with its links: where each starts and ends, what it
        /// carries, its findings, and the colour of the unit at the other end.
        func neighbourhood(_ unit: Int, colour: [Int], codes: [DiagramFindings.Subject: [String]]) -> String {
            var links: [String] = []
            for element in list[unit].elements {
                for index in (design.linksFrom[.element(element)] ?? []) + (design.linksTo[.element(element)] ?? []) {
                    links.append(describe(link: index, from: unit, colour: colour, codes: codes))
                }
                if let source = design.elements[element].replicates, case .element(let primary) = source.symbol, unitOf[primary] >= 0 {
                    links.append("r\(position[element])<\(position[primary])@\(colour[unitOf[primary]])")
                }
            }
            if case .cluster(let cluster) = list[unit].kind {
                for index in (design.linksFrom[.cluster(cluster)] ?? []) + (design.linksTo[.cluster(cluster)] ?? []) {
                    links.append(describe(link: index, from: unit, colour: colour, codes: codes))
                }
            }
            return "\(colour[unit])#" + links.sorted().joined(separator: ",")
        }

        private func describe(link index: Int, from unit: Int, colour: [Int], codes: [DiagramFindings.Subject: [String]]) -> String {
            let link = design.links[index]
            let (a, b) = (place(of: link.from), place(of: link.to))
            let carried = "\(link.protocolLabel)|\(link.access?.rawValue ?? "")|\(link.tls ?? false)|\(link.weight ?? 0)|\((codes[.link(index)] ?? []).sorted())"
            // The other end by its unit's colour; an end inside this unit by its place.
            let from = a.unit == unit ? "\(a.position)" : "@\(a.unit >= 0 ? colour[a.unit] : -1)"
            let to = b.unit == unit ? "\(b.position)" : "@\(b.unit >= 0 ? colour[b.unit] : -1)"
            return "\(from)>\(to)|\(carried)"
        }

        /// A cluster member as its part of the cluster's signature: its parts and its
        /// links, by place within the member and the other end's colour.
        func memberSignature(_ member: Int, in unit: Int, colour: [Int], codes: [DiagramFindings.Subject: [String]]) -> String {
            let parts = self.parts(of: member)
            let base = position[member]
            var text = parts.map { describe($0, codes: codes, from: base) }.joined(separator: ";")
            var links: [String] = []
            for element in parts {
                for index in (design.linksFrom[.element(element)] ?? []) + (design.linksTo[.element(element)] ?? []) {
                    let link = design.links[index]
                    let ends = [link.from, link.to].map { endpoint -> String in
                        let (other, place) = self.place(of: endpoint)
                        if case .element(let index) = endpoint, parts.contains(index) { return "\(place - base)" }
                        return "@\(other >= 0 ? colour[other] : -1):\(other == unit ? place : -2)"
                    }
                    links.append("\(ends[0])>\(ends[1])|\(link.protocolLabel)|\(link.access?.rawValue ?? "")|\((codes[.link(index)] ?? []).sorted())")
                }
            }
            text += "#" + links.sorted().joined(separator: ",")
            return text
        }
    }
}
