/// Phase A: a link statement whose links change is written again.
///
/// When every link of the statement changes alike (a protocol for all of them, a
/// name replaced wherever it stands, a hop between two whole stages), the
/// statement keeps its shape (`users -> fw-01 -> lb-01, lb-02 : https`); otherwise
/// its links are written as statements of their own, one a source.
extension EditCompiler {
    private struct WorkingLink {
        var from: String
        var to: String
        var protocolName: String?
        var port: String?
        var properties: [PropertyText]
        var removed = false
        var hop: String?
        /// Stage and position of each end, when the statement's shape is known.
        var fromSlot: Slot?
        var toSlot: Slot?
    }

    private struct Slot: Hashable {
        var stage: Int
        var position: Int
    }

    func rewriteLinkStatement(_ statementIndex: Int, _ operations: [(link: Int, op: LinkOp)],
                              written: inout Set<String>) -> TextPatch? {
        guard let statement = index.linkStatement(statementIndex) else { return nil }
        let linkIndexes = linksByStatement[statementIndex] ?? []
        let baseProperties = (statement.block?.properties ?? []).map { PropertyText($0.name.name, text.text($0.value.range)) }
        var links = linkIndexes.map { index -> WorkingLink in
            let link = design.links[index]
            return WorkingLink(from: link.fromName, to: link.toName, protocolName: statement.protocolName?.name,
                               port: statement.port.map { text.text($0.range) }, properties: baseProperties)
        }
        // The statement's shape: its links in the builder's order.
        var slots: [(Slot, Slot)] = []
        for stage in 0..<max(statement.stages.count - 1, 0) {
            for (i, source) in statement.stages[stage].enumerated() {
                for (j, target) in statement.stages[stage + 1].enumerated() where source.name != target.name {
                    slots.append((Slot(stage: stage, position: i), Slot(stage: stage + 1, position: j)))
                }
            }
        }
        let shaped = slots.count == links.count
        if shaped {
            for position in links.indices { (links[position].fromSlot, links[position].toSlot) = slots[position] }
        }
        for (linkIndex, operation) in operations {
            guard let position = linkIndexes.firstIndex(of: linkIndex) else { return nil }
            switch operation {
            case .setProtocol(let name, let port):
                links[position].protocolName = name
                links[position].port = port.map(String.init)
            case .setProperty(let name, let value):
                if let existing = links[position].properties.firstIndex(where: { $0.name == name }) {
                    links[position].properties[existing].value = value
                } else {
                    links[position].properties.append(PropertyText(name, value))
                }
            case .removeProperty(let name):
                links[position].properties.removeAll { $0.name == name }
            case .renameProperty(let from, let to):
                for property in links[position].properties.indices where links[position].properties[property].name == from {
                    links[position].properties[property].name = to
                }
            case .retarget(.from, let name): links[position].from = name
            case .retarget(.to, let name): links[position].to = name
            case .remove: links[position].removed = true
            case .hop(let via): links[position].hop = via
            }
        }
        let rendered = ((shaped ? keptShape(statement, links) : nil) ?? Self.grouped(links.filter { !$0.removed }))
            .filter { written.insert($0).inserted }
        let comments = index.tree.comments.filter { $0.range.start > statement.range.start && $0.range.end < statement.range.end }
        let indentation = text.indentation(ofLineAt: statement.range.start)
        var replacement = comments.map { text.text($0.range) + "\n" + indentation }.joined()
        replacement += rendered.joined(separator: "\n" + indentation)
        if rendered.isEmpty {
            return TextPatch(text.wholeLines(statement.range, withLeadingComments: false), comments.isEmpty ? "" : replacement + "\n")
        }
        return TextPatch(statement.range, replacement)
    }

    /// The statement in its own shape, when every link changed alike.
    private func keptShape(_ statement: LinkStatement, _ links: [WorkingLink]) -> [String]? {
        guard let first = links.first, !links.contains(where: \.removed) else { return nil }
        guard links.allSatisfy({ $0.protocolName == first.protocolName && $0.port == first.port && $0.properties == first.properties })
        else { return nil }
        var names: [Slot: String] = [:]
        var hops: [Int: String?] = [:]
        for link in links {
            guard let fromSlot = link.fromSlot, let toSlot = link.toSlot else { return nil }
            for (slot, name) in [(fromSlot, link.from), (toSlot, link.to)] {
                if let known = names[slot], known != name { return nil }
                names[slot] = name
            }
            if let known = hops[fromSlot.stage], known != link.hop { return nil }
            hops[fromSlot.stage] = link.hop
        }
        var stages: [[String]] = []
        for (stageIndex, stage) in statement.stages.enumerated() {
            var seen = Set<String>()
            let written = stage.indices.map { names[Slot(stage: stageIndex, position: $0)] ?? stage[$0].name }
            stages.append(written.filter { seen.insert($0).inserted })
            if let hop = hops[stageIndex] ?? nil { stages.append([hop]) }
        }
        return [Self.linkText(stages: stages, first)]
    }

    private static func linkText(stages: [[String]], _ link: WorkingLink) -> String {
        var text = stages.map { $0.joined(separator: ", ") }.joined(separator: " -> ")
        if let protocolName = link.protocolName {
            text += " : \(protocolName)"
            if let port = link.port { text += " \(port)" }
        }
        if !link.properties.isEmpty { text += " { " + link.properties.map(\.text).joined(separator: ", ") + " }" }
        return text
    }

    /// Links as statements: consecutive links from one source with one protocol and
    /// block become one fan-out; a link routed through a hop is a chain of its own
    /// (`geo -> fw-01 -> eu-edge : https`).
    private static func grouped(_ links: [WorkingLink]) -> [String] {
        var groups: [(link: WorkingLink, targets: [String])] = []
        for link in links {
            if link.hop == nil, let last = groups.last, last.link.hop == nil, last.link.from == link.from,
               last.link.protocolName == link.protocolName, last.link.port == link.port, last.link.properties == link.properties {
                if !last.targets.contains(link.to) { groups[groups.count - 1].targets.append(link.to) }
            } else {
                groups.append((link, [link.to]))
            }
        }
        return groups.map { group in
            let stages = group.link.hop.map { [[group.link.from], [$0], group.targets] } ?? [[group.link.from], group.targets]
            return linkText(stages: stages, group.link)
        }
    }
}
