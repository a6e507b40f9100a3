import InfraCore

/// `render --findings-only`: the elements and links findings are about, and the
/// request paths that lead to them from the clients (or, in a design with no
/// client, from the elements nothing links to), so a large design's problems can
/// be seen in context without the rest of it.
enum DiagramFocus {
    /// The elements to draw; links are drawn between them.
    static func elements(design: Design, subjects: [DiagramFindings.Subject]) -> Set<Int> {
        var wanted = Set<Int>()
        for subject in subjects {
            switch subject {
            case .element(let index): wanted.insert(index)
            case .cluster(let index): wanted.formUnion(design.clusters[index].members)
            case .link(let index):
                let link = design.links[index]
                wanted.formUnion(design.members(of: link.from) + design.members(of: link.to))
            case .replication(let replica):
                wanted.insert(replica)
                if case .element(let primary)? = design.elements[replica].replicates?.symbol { wanted.insert(primary) }
            case .design:
                continue
            }
        }
        // Breadth first from the clients: the first way to each element, kept to walk back.
        let clients = design.elements.filter { $0.kind == .client }.map(\.index)
        let starts = clients.isEmpty
            ? design.elements.filter { (design.linksTo[.element($0.index)] ?? []).isEmpty && $0.isHost }.map(\.index)
            : clients
        var cameFrom: [Int: Int] = [:]
        var queue = starts
        var seen = Set(starts)
        var head = 0
        while head < queue.count {
            let element = queue[head]
            head += 1
            // An element's own links, its host's (a link to a server reaches what runs on it), its cluster's.
            var links = Array(design.linksFrom[.element(element)] ?? [])
            if let cluster = design.cluster(of: design.elements[element]) { links += design.linksFrom[.cluster(cluster)] ?? [] }
            var next: [Int] = []
            for index in links { next += design.members(of: design.links[index].to) }
            next += design.elements[element].children
            for target in next where seen.insert(target).inserted {
                cameFrom[target] = element
                queue.append(target)
            }
        }
        var kept = Set<Int>()
        for element in wanted {
            var current: Int? = element
            while let here = current, kept.insert(here).inserted { current = cameFrom[here] }
        }
        // What holds a kept element is drawn around it.
        for element in Array(kept) {
            var container = design.elements[element].container
            while let outer = container, kept.insert(outer).inserted { container = design.elements[outer].container }
        }
        return kept
    }
}
