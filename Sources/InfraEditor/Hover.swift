import InfraAnalysis
import InfraCore
import InfraRender
import InfraRules

/// What hovering a name shows: what the element is and where it runs, how it is set
/// up, its load, what its failure costs each client, and its findings.
enum Hover {
    static func hover(_ analysis: Analysis, offset: Int) -> JSON {
        if let occurrence = analysis.symbols.occurrence(at: offset), let text = describe(occurrence.name, in: analysis) {
            return ["contents": ["kind": "markdown", "value": JSON(text)], "range": analysis.source.lspRange(occurrence.range)]
        }
        if let (name, range, summary) = property(at: offset, in: analysis) {
            return ["contents": ["kind": "markdown", "value": JSON("`\(name)`: \(summary)")], "range": analysis.source.lspRange(range)]
        }
        return .null
    }

    static func describe(_ name: String, in analysis: Analysis) -> String? {
        let design = analysis.parsed.design
        switch design.symbols[name] {
        case .element(let index):
            return describe(design.elements[index], in: analysis)
        case .cluster(let index):
            let cluster = design.clusters[index]
            let members = cluster.members.map { design.elements[$0].id }
            return "**\(cluster.id)**: cluster, \(cluster.mode.rawValue), \(cluster.failover.rawValue) failover\n\n"
                + "Members: \(members.isEmpty ? "none" : members.joined(separator: ", "))" + findings(name, in: analysis)
        case .network(let index):
            let network = design.networks[index]
            let inside = design.elements.filter { $0.network == index && $0.container == nil }.map(\.id)
            return "**\(network.id)**: network, \(network.trust.rawValue)\n\n"
                + "Holds: \(inside.isEmpty ? "nothing yet" : inside.joined(separator: ", "))"
        case nil:
            return nil
        }
    }

    private static func describe(_ element: Element, in analysis: Analysis) -> String {
        let design = analysis.parsed.design
        var head = "**\(element.id)**: \(element.kind.noun)"
        if let label = element.label { head += " “\(label)”" }
        if element.host != element.index { head += " on \(design.elements[element.host].id)" }
        if let cluster = element.cluster { head += ", in cluster \(design.clusters[cluster].id)" }
        var setup: [String] = []
        if element.kind == .database {
            if case .element(let index)? = element.replicates?.symbol, element.role == .replica {
                setup.append("replica of \(design.elements[index].id), \(element.replication.rawValue) replication")
            } else if element.role != .standalone {
                setup.append(element.role.rawValue)
            }
        }
        if let software = element.software { setup.append(software) }
        if element.instances > 1 { setup.append("\(element.instances) instances") }
        if element.kind != .client {
            let availability = element.availability.map { "\(Figures.target($0))% an instance" }
                ?? "\(Figures.target(AvailabilityReport.defaultAvailability))% an instance (the default)"
            setup.append("availability \(availability)")
        }
        if let capacity = element.capacity { setup.append("capacity \(Figures.rate(capacity)) req/s an instance") }
        if let load = element.load { setup.append("load \(Figures.rate(load)) req/s at peak") }
        var lines = [head]
        if !setup.isEmpty { lines.append(setup.joined(separator: " · ")) }
        if let context = analysis.context {
            if let row = context.capacity?.rows.first(where: { $0.element == element.index }) {
                if let why = row.notEstimated(in: design) {
                    lines.append("Load: not estimated: \(why)")
                } else {
                    lines.append("Load: \(Figures.rate(row.load)) of \(Figures.rate(row.capacity)) req/s (\(Figures.utilisation(row.utilisation)))")
                }
            }
            if element.kind != .client { lines.append(failure(of: element, context: context)) }
        }
        return lines.joined(separator: "\n\n") + findings(element.id, in: analysis)
    }

    /// `If web-01 fails: users cannot write.`, from the same what-if as the command.
    private static func failure(of element: Element, context: LintContext) -> String {
        let whatIf = WhatIf(graph: context.graph, failing: [element.index])
        let subject = element.instances > 1 ? "If one instance of \(element.id) fails" : "If \(element.id) fails"
        let losses = WhatIfRenderer.losses(whatIf)
        guard !losses.isEmpty else {
            guard !whatIf.clients.isEmpty else { return "\(subject): no client sends requests yet." }
            var text = "\(subject): \(WhatIfRenderer.everyoneServed(waitingFor: WhatIfRenderer.waiting(whatIf)))"
            // Served, but the load it moves may not fit (what what-if and AV010 say): an
            // element already over capacity with nothing failed is AV009's, not this failure's.
            let before = Dictionary((context.capacity?.rows ?? []).map { ($0.element, $0.load) }, uniquingKeysWith: { first, _ in first })
            if let overload = CapacityReport.overloads(model: context.failures, failing: [element.index], failed: element.id)
                .first(where: { $0.load > (before[$0.element] ?? 0) + 1e-9 }) {
                text += ", but at peak \(overload.consequence(in: context.design))"
            }
            return text + "."
        }
        return "\(subject): \(losses.joined(separator: "; "))."
    }

    private static func findings(_ name: String, in analysis: Analysis) -> String {
        let own = analysis.findings.filter { $0.element == name }
        guard !own.isEmpty else { return "" }
        return "\n\nFindings:\n" + own.map { "- \($0.severity.rawValue) \($0.code): \($0.message)" }.joined(separator: "\n")
    }

    /// A property name under the cursor, with what it means.
    private static func property(at offset: Int, in analysis: Analysis) -> (String, SourceRange, String)? {
        var found: (String, SourceRange, String)?
        func visit(_ block: Block?, owner: PropertyOwner) {
            for item in block?.items ?? [] {
                switch item {
                case .property(let property):
                    let range = property.name.range
                    guard range.start <= offset, offset <= range.end,
                          let spec = PropertyCatalog.specs(for: owner).first(where: { $0.name == property.name.name }) else { continue }
                    found = (spec.name, range, spec.summary + " (\(spec.type.expectation))")
                case .declaration(let declaration):
                    visit(declaration.block, owner: declaration.keyword.owner)
                }
            }
        }
        for statement in analysis.parsed.tree.statements {
            switch statement {
            case .design(let header): visit(header.block, owner: .design)
            case .declaration(let declaration): visit(declaration.block, owner: declaration.keyword.owner)
            case .link(let link): visit(link.block, owner: .link)
            }
        }
        return found
    }
}

extension DeclarationKeyword {
    /// Whose properties its block holds.
    var owner: PropertyOwner {
        switch self {
        case .element(let kind): return .element(kind)
        case .cluster: return .cluster
        case .network: return .network
        }
    }
}
