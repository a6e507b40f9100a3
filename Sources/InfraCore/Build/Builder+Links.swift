/// Builder, continued: links, the checks and defaults once everything is read, and errors.
extension Builder {
    mutating func resolveEndpoint(_ identifier: Identifier) -> Endpoint? {
        guard let symbol = design.symbols[identifier.name] else {
            let suggestion = Suggestions.closest(to: identifier.name, in: design.symbols.keys)
            error("'\(identifier.name)' is not declared\(suggestion.map { "; did you mean '\($0)'?" } ?? "")",
                  identifier.range,
                  fix: suggestion.map { "write \($0), or declare \(identifier.name) with its kind (web-server \(identifier.name), say)" }
                      ?? "declare \(identifier.name) with its kind, before or after the link (web-server \(identifier.name), say)")
            return nil
        }
        guard let endpoint = symbol.endpoint else {
            error("'\(identifier.name)' is a network; links join elements and clusters", identifier.range)
            return nil
        }
        return endpoint
    }

    mutating func buildLinks(_ statements: [Statement]) {
        for statementIndex in linkStatements {
            guard case .link(let statement) = statements[statementIndex] else { continue }
            var protocolName: String?
            if let name = statement.protocolName {
                protocolName = name.name.lowercased()
            }
            var port: Int?
            if let node = statement.port {
                if case .number(let number, _) = node.value, number == number.rounded(), number >= 1, number <= 65_535 {
                    port = Int(number)
                } else if case .number(_, let text) = node.value {
                    error("'\(text)' is not a port; expected a whole number from 1 to 65535", node.range)
                }
            }
            let stages = statement.stages.map { stage in stage.map { ($0, resolveEndpoint($0)) } }
            var indexes: [Int] = []
            for (sources, targets) in zip(stages, stages.dropFirst()) {
                for (sourceName, source) in sources {
                    for (targetName, target) in targets {
                        guard let source, let target else { continue }
                        if source == target {
                            error("a link from '\(sourceName.name)' to itself; a link joins two different elements",
                                  sourceName.range.union(targetName.range))
                            continue
                        }
                        let index = design.links.count
                        design.links.append(Link(
                            index: index, from: source, to: target, fromName: sourceName.name,
                            toName: targetName.name, protocolName: protocolName,
                            protocolRange: statement.protocolName?.range, port: port,
                            range: sourceName.range.union(targetName.range),
                            fromRange: sourceName.range, toRange: targetName.range, statement: statementIndex))
                        indexes.append(index)
                    }
                }
            }
            if let block = statement.block, !indexes.isEmpty {
                applyProperties(block, to: .links(indexes))
            }
            if let protocolName, let range = statement.protocolName?.range, !Protocols.known.contains(protocolName),
               let first = indexes.first {
                design.unknownProtocols.append(UnknownProtocol(
                    name: protocolName, linkName: design.links[first].name, links: indexes, range: range,
                    suggestion: Suggestions.closest(to: protocolName, in: Protocols.known)))
            }
        }
        design.linksFrom = LinksByEndpoint(design.links, elements: design.elements.count, clusters: design.clusters.count) { $0.from }
        design.linksTo = LinksByEndpoint(design.links, elements: design.elements.count, clusters: design.clusters.count) { $0.to }
        // A pair linked more than once is told apart by its protocol (`tcp` where
        // none is written); the same pair and protocol again, by its rank: `a->b:http#2`.
        var pairs: [EndpointPair: Int] = [:]
        pairs.reserveCapacity(design.links.count)
        for link in design.links { pairs[EndpointPair(link.from, link.to), default: 0] += 1 }
        var seen: [String: Int] = [:]
        for link in design.links where pairs[EndpointPair(link.from, link.to), default: 0] > 1 {
            var suffix = ":\(link.protocolName ?? "tcp")"
            let named = link.name + suffix
            seen[named, default: 0] += 1
            if let rank = seen[named], rank > 1 { suffix += "#\(rank)" }
            link.nameSuffix = suffix
        }
        // What was named before the renaming takes the final name.
        for index in design.unknownProtocols.indices {
            if let first = design.unknownProtocols[index].links.first {
                design.unknownProtocols[index].linkName = design.links[first].name
            }
        }
        for index in design.unknownProperties.indices {
            if let first = design.unknownProperties[index].links.first {
                design.unknownProperties[index].ownerName = design.links[first].name
            }
        }
    }

    // MARK: Checks and defaults

    mutating func checkAndDefault() {
        for index in design.elements.indices {
            let element = design.elements[index]
            if let entry = element.entry {
                let inside: Bool
                if case .element(let target) = entry.symbol { inside = design.elements[target].container == index } else { inside = false }
                if !inside {
                    error("the entry of \(element.id) must be an element declared inside it; '\(entry.name)' is not",
                          entry.range,
                          fix: element.children.isEmpty ? nil : "name one of \(element.children.map { design.elements[$0].id }.joined(separator: ", "))")
                }
            }
            if element.kind == .database, element.role == .replica, case .element(let source)? = element.replicates?.symbol {
                design.replicasByDatabase[source, default: []].append(index)
            }
            if let replicates = element.replicates, element.role != .replica {
                // A role written otherwise is a choice to undo, not a property to add.
                let written = element.propertyRanges["role"] != nil
                error("'replicates' is for replicas, but \(element.id) is \(element.role == .standalone ? "standalone" : "a \(element.role.rawValue)")",
                      replicates.range, fix: written
                          ? "write role: replica on \(element.id) if it copies \(replicates.name), else remove replicates"
                          : "add role: replica to \(element.id)")
            }
        }
        for index in design.clusters.indices {
            let cluster = design.clusters[index]
            if cluster.members.isEmpty, !clustersWithRejectedMembers.contains(index) {
                error("cluster '\(cluster.id)' has no members; declare its elements inside its block", cluster.range)
            }
            if !cluster.failoverDeclared {
                design.clusters[index].failover = cluster.mode == .activeActive ? .automatic : .manual
            }
        }
    }

    // MARK: Errors

    mutating func error(_ message: String, _ range: SourceRange, fix: String? = nil,
                        related: [(String, SourceRange)] = []) {
        errors.append(.parseError(
            message, at: design.location(range), fix: fix,
            related: related.map { RelatedLocation(message: $0.0, location: design.location($0.1)) }))
    }
}
