import InfraAnalysis
import InfraCore

/// What several rules' fixes read of the model: properties as written, copies of
/// declarations, the links that carry requests into or out of something.
extension LintContext {
    /// A property's value exactly as the file writes it (`"8.8.8.8"`, `haproxy`).
    func writtenValue(_ element: Element, _ property: String) -> String? {
        guard let range = element.propertyRanges[property] else { return nil }
        let written = design.file.text(range)
        guard let colon = written.firstIndex(of: ":") else { return nil }
        return written[written.index(after: colon)...].trimmingBlanks()
    }

    /// The properties an element's block sets, as written, in the order written.
    func writtenProperties(_ element: Element) -> [PropertyText] {
        element.propertyRanges.sorted { $0.range.start < $1.range.start }.compactMap { name, _ in
            writtenValue(element, name).map { PropertyText(name, $0) }
        }
    }

    /// A copy of an element (and what it holds) under new names, for a twin:
    /// its properties as written, less `dropping`, with `overrides` replacing or
    /// adding values; references to renamed elements follow the renaming; and a
    /// database held by the copy becomes a replica (`replicaOf`) of its original.
    func copy(_ element: Element, renamed names: [String: String], overrides: [PropertyText] = [],
              dropping: Set<String> = [], databasesBecomeReplicas: Bool = false) -> NewDeclaration {
        var properties: [PropertyText] = []
        var overrides = overrides
        var dropped = dropping
        if databasesBecomeReplicas, element.kind == .database {
            let source = element.role == .replica ? element.replicates?.name ?? element.id : element.id
            dropped.formUnion(["role", "replicates"])
            overrides.append(contentsOf: [PropertyText("role", "replica"), PropertyText("replicates", source)])
        }
        for property in writtenProperties(element) where !dropped.contains(property.name) {
            if let position = overrides.firstIndex(where: { $0.name == property.name }) {
                properties.append(overrides.remove(at: position))
            } else if ["entry", "replicates", "reports-to"].contains(property.name), let renamed = names[property.value] {
                properties.append(PropertyText(property.name, renamed))
            } else {
                properties.append(property)
            }
        }
        properties.append(contentsOf: overrides)
        let children = element.children.map { child in
            copy(design.elements[child], renamed: names, databasesBecomeReplicas: databasesBecomeReplicas)
        }
        return NewDeclaration(keyword: element.kind.keyword, id: names[element.id] ?? element.id,
                              properties: properties, children: children, copyOf: element.id)
    }

    /// New names for an element and everything it holds, for a twin.
    func twinNames(of element: Element) -> [String: String] {
        let twin = names.twin(of: element.id)
        var renamed = [element.id: twin]
        for child in element.children {
            let id = design.elements[child].id
            renamed[id] = names.twin(of: id, holderWas: element.id, holderIs: twin)
        }
        return renamed
    }

    /// Whether a link carries monitoring, not requests.
    func isTelemetry(_ link: Link) -> Bool {
        (design.members(of: link.from) + design.members(of: link.to)).contains { design.elements[$0].kind.isMonitoring }
    }

    /// Request links written with this element (or something it holds) as their target.
    func requestLinks(into elements: Set<Int>) -> [Link] {
        elements.sorted().flatMap { design.linksTo[.element($0)] ?? [] }.sorted()
            .map { design.links[$0] }.filter { !isTelemetry($0) }
    }

    /// Request links written with this element (or something it holds) as their source.
    func requestLinks(outOf elements: Set<Int>) -> [Link] {
        elements.sorted().flatMap { design.linksFrom[.element($0)] ?? [] }.sorted()
            .map { design.links[$0] }.filter { !isTelemetry($0) }
    }

    /// An element and what it holds.
    func withContents(_ element: Element) -> Set<Int> {
        Set([element.index] + element.children)
    }

    /// What a link to an element as a whole may name: the element; for a server,
    /// its entry, or the datastores it stands for when it has no entry.
    func addressed(_ element: Element) -> Set<Int> {
        var names: Set<Int> = [element.index]
        if let entry = design.entry(of: element.index) { names.insert(entry) }
        for held in graph.servingIndexes(of: element.index) { names.insert(held) }
        return names
    }

    /// The one address the design's dns records give the site, for a cluster's vip.
    static func siteAddress(of design: Design) -> String? {
        var address: String?
        for element in design.elements where element.kind == .dns {
            for record in element.records {
                let fields = record.utf8.split(whereSeparator: { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") })
                guard fields.count >= 3, ["A", "AAAA"].contains(String(decoding: fields[1], as: UTF8.self).uppercased()) else { continue }
                let found = String(decoding: fields[2], as: UTF8.self)
                // A second address: the site has no single one.
                if let address, address != found { return nil }
                address = found
            }
        }
        return address
    }

    /// The network a declaration names or sits in, as an identifier.
    func networkName(_ element: Element) -> String? {
        element.network.map { design.networks[$0].id }
    }
}

extension StringProtocol {
    func trimmingBlanks() -> String {
        var text = Substring(self)
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return String(text)
    }
}
