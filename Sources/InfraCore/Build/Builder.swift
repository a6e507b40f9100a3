/// Turns a syntax tree into the model: resolves names, checks where things may be
/// declared, types every property, expands links and applies the defaults.
///
/// Errors (code `PARSE`) are what makes the file's meaning unclear: duplicate
/// identifiers, undeclared names, misplaced declarations, invalid values. What
/// still has a clear meaning becomes a rule's business instead: unknown
/// properties (DES003) and protocols (DES004) are recorded in the model.
public struct Builder {
    private var design: Design
    private var errors: [Finding] = []
    private var pendingBlocks: [(owner: Owner, block: Block)] = []
    private var pendingNetworks: [(owner: Owner, network: Identifier)] = []
    /// The link statements' indexes among the top-level statements.
    private var linkStatements: [Int] = []
    /// Clusters with a member that could not be declared: not reported as empty.
    private var clustersWithRejectedMembers: Set<Int> = []

    /// What a block's properties apply to.
    private enum Owner {
        case design
        case network(Int)
        case cluster(Int)
        case element(Int)
        case links([Int])
    }

    private init(file: SourceFile, comments: [Comment]) {
        design = Design(file: file)
        design.comments = comments
    }

    /// Builds the model of a parsed file.
    public static func build(_ tree: SyntaxTree) -> (design: Design, errors: [Finding]) {
        var builder = Builder(file: tree.file, comments: tree.comments)
        let declarations = Self.countDeclarations(tree.statements)
        builder.design.symbols.reserveCapacity(declarations.all)
        builder.design.elements.reserveCapacity(declarations.all - declarations.clusters)
        builder.design.clusters.reserveCapacity(declarations.clusters)
        builder.declareAll(tree.statements)
        builder.resolveNetworks()
        for (owner, block) in builder.pendingBlocks {
            builder.applyProperties(block, to: owner)
        }
        builder.buildLinks(tree.statements)
        builder.checkAndDefault()
        return (builder.design, builder.errors.inReportOrder())
    }

    // MARK: Declarations

    private mutating func declareAll(_ statements: [Statement]) {
        for (statementIndex, statement) in statements.enumerated() {
            switch statement {
            case .design(let header):
                if let previous = design.headerRange {
                    error("the design is named twice", header.keywordRange.union(header.nameRange),
                          related: [("first named here", previous)])
                    continue
                }
                design.name = header.name
                design.headerRange = header.keywordRange.union(header.nameRange)
                if let block = header.block {
                    rejectDeclarations(in: block, owner: "the design's block")
                    pendingBlocks.append((.design, block))
                }
            case .declaration(let declaration):
                declare(declaration, container: nil, cluster: nil)
            case .link(let link):
                if let block = link.block { rejectDeclarations(in: block, owner: "a link's block") }
                linkStatements.append(statementIndex)
            }
        }
    }

    private mutating func rejectDeclarations(in block: Block, owner: String) {
        for declaration in block.declarations {
            error("\(owner) holds properties only; declare '\(declaration.identifier.name)' at the top level",
                  declaration.headRange)
        }
    }

    /// How many declarations the file has, and how many of them are clusters.
    private static func countDeclarations(_ statements: [Statement]) -> (all: Int, clusters: Int) {
        var count = 0
        var clusters = 0
        var blocks: [Block] = []
        for statement in statements {
            guard case .declaration(let declaration) = statement else { continue }
            count += 1
            if declaration.keyword == .cluster { clusters += 1 }
            if let block = declaration.block { blocks.append(block) }
        }
        while let block = blocks.popLast() {
            for item in block.items {
                guard case .declaration(let declaration) = item else { continue }
                count += 1
                if declaration.keyword == .cluster { clusters += 1 }
                if let nested = declaration.block { blocks.append(nested) }
            }
        }
        return (count, clusters)
    }

    private mutating func register(_ identifier: Identifier, as symbol: Symbol) -> Bool {
        // One lookup for the usual new name; a name declared twice keeps its first symbol.
        guard let first = design.symbols.updateValue(symbol, forKey: identifier.name) else { return true }
        design.symbols[identifier.name] = first
        error("'\(identifier.name)' is declared twice; identifiers are unique across the file",
              identifier.range, related: [("first declared here", identifierRange(of: first))])
        return false
    }

    /// Where a symbol's identifier is written (its declaration's head ends with it).
    private func identifierRange(of symbol: Symbol) -> SourceRange {
        let head: SourceRange
        let name: String
        switch symbol {
        case .element(let index): (head, name) = (design.elements[index].range, design.elements[index].id)
        case .cluster(let index): (head, name) = (design.clusters[index].range, design.clusters[index].id)
        case .network(let index): (head, name) = (design.networks[index].range, design.networks[index].id)
        }
        return SourceRange(head.end - name.utf8.count, head.end)
    }

    private mutating func declare(_ declaration: Declaration, container: Int?, cluster: Int?) {
        switch declaration.keyword {
        case .network:
            let index = design.networks.count
            guard register(declaration.identifier, as: .network(index)) else { return }
            design.networks.append(Network(index: index, id: declaration.identifier.name,
                                           label: declaration.label, range: declaration.headRange))
            if let block = declaration.block {
                for nested in block.declarations {
                    error("elements are not declared inside a network's block; write \(nested.keyword.spelling) \(nested.identifier.name) in \(declaration.identifier.name)",
                          nested.headRange)
                }
                pendingBlocks.append((.network(index), block))
            }

        case .cluster:
            let index = design.clusters.count
            guard register(declaration.identifier, as: .cluster(index)) else { return }
            design.clusters.append(Cluster(index: index, id: declaration.identifier.name,
                                           label: declaration.label, range: declaration.headRange,
                                           declarationRange: declaration.range))
            if let network = declaration.network { pendingNetworks.append((.cluster(index), network)) }
            guard let block = declaration.block else { return }
            pendingBlocks.append((.cluster(index), block))
            for item in block.items {
                guard case .declaration(let member) = item else { continue }
                guard case .element(let kind) = member.keyword else {
                    error("\(withArticle(member.keyword.spelling)) cannot be a member of a cluster; clusters hold elements",
                          member.headRange)
                    clustersWithRejectedMembers.insert(index)
                    continue
                }
                if kind == .client || kind == .agent {
                    clustersWithRejectedMembers.insert(index)
                    error("\(kind.keywordWithArticle) cannot be a member of a cluster",
                          member.headRange,
                          fix: kind == .agent ? "declare the agent inside the host it runs on" : nil)
                    continue
                }
                declare(member, container: nil, cluster: index)
            }

        case .element(let kind):
            let index = design.elements.count
            guard register(declaration.identifier, as: .element(index)) else { return }
            let host = if let container { design.elements[container].host } else { index }
            let element = Element(index: index, id: declaration.identifier.name, kind: kind,
                                  label: declaration.label, range: declaration.headRange,
                                  declarationRange: declaration.range, container: container,
                                  host: host, cluster: cluster)
            if let container {
                if let network = declaration.network {
                    let host = design.elements[container].id
                    error("\(element.id) runs on \(host) and sits in its network; write 'in \(network.name)' on \(host)",
                          network.range)
                }
                design.elements[container].children.append(index)
            } else if let network = declaration.network {
                pendingNetworks.append((.element(index), network))
            }
            if kind == .dns, declaration.block?.properties.contains(where: { $0.name.name == "instances" }) != true {
                element.instances = 2
            }
            design.elements.append(element)
            if let cluster { design.clusters[cluster].members.append(index) }
            guard let block = declaration.block else { return }
            pendingBlocks.append((.element(index), block))
            for item in block.items {
                if case .declaration(let nested) = item { declareNested(nested, inside: index) }
            }
        }
    }

    private mutating func declareNested(_ nested: Declaration, inside container: Int) {
        let holder = design.elements[container]
        guard case .element(let kind) = nested.keyword else {
            if nested.keyword == .cluster, holder.kind == .server {
                error("a cluster cannot be inside a server; declare the cluster at the top level with the servers inside it",
                      nested.headRange)
            } else {
                error("\(withArticle(nested.keyword.spelling)) cannot be declared inside \(holder.kind.keywordWithArticle)", nested.headRange)
            }
            return
        }
        if holder.container != nil {
            error("\(holder.id) runs on \(design.elements[holder.host].id) and cannot hold other elements; declare \(nested.identifier.name) inside \(design.elements[holder.host].id)",
                  nested.headRange)
            return
        }
        if holder.kind == .server {
            if kind == .client || kind == .server || kind == .cdn {
                error("\(kind.keywordWithArticle) cannot run on a server", nested.headRange,
                      fix: kind == .server ? "declare the servers side by side, or inside a cluster" : nil)
                return
            }
        } else if kind != .agent && kind != .firewall {
            error("only a server holds components; \(holder.kind.keywordWithArticle) may hold its agents and its own firewall, not \(kind.keywordWithArticle)",
                  nested.headRange,
                  fix: "declare \(holder.id) as a server, or \(nested.identifier.name) beside it")
            return
        }
        if holder.kind == .client {
            error("a client is not a host of the design; it cannot hold \(kind.keywordWithArticle)", nested.headRange)
            return
        }
        declare(nested, container: container, cluster: nil)
    }

    // MARK: Networks

    private mutating func resolveNetworks() {
        for (owner, identifier) in pendingNetworks {
            guard let network = resolveNetwork(identifier) else { continue }
            switch owner {
            case .cluster(let index): design.clusters[index].network = network
            case .element(let index): design.elements[index].network = network
            default: break
            }
        }
        // Inheritance: a cluster member takes its cluster's network unless it names
        // its own; a host's components take the host's.
        for index in design.elements.indices {
            if let container = design.elements[index].container {
                design.elements[index].network = design.elements[container].network
            } else if design.elements[index].network == nil, let cluster = design.elements[index].cluster {
                design.elements[index].network = design.clusters[cluster].network
            }
        }
    }

    private mutating func resolveNetwork(_ identifier: Identifier) -> Int? {
        switch design.symbols[identifier.name] {
        case .network(let index)?:
            return index
        case .element(let index)?:
            error("'\(identifier.name)' is \(design.elements[index].kind.keywordWithArticle), not a network",
                  identifier.range, related: [("declared here", design.elements[index].range)])
        case .cluster(let index)?:
            error("'\(identifier.name)' is a cluster, not a network", identifier.range,
                  related: [("declared here", design.clusters[index].range)])
        case nil:
            let networks = design.networks.map(\.id)
            error("unknown network '\(identifier.name)'\(Suggestions.didYouMean(identifier.name, in: networks))",
                  identifier.range,
                  fix: networks.isEmpty ? "declare it: network \(identifier.name)" : nil)
        }
        return nil
    }

    // MARK: Properties

    private func propertyOwner(_ owner: Owner) -> PropertyOwner {
        switch owner {
        case .design: return .design
        case .network: return .network
        case .cluster: return .cluster
        case .element(let index): return .element(design.elements[index].kind)
        case .links: return .link
        }
    }

    private func linkIndexes(_ owner: Owner) -> [Int] {
        if case .links(let indexes) = owner { return indexes }
        return []
    }

    private func ownerName(_ owner: Owner) -> String? {
        switch owner {
        case .design: return nil
        case .network(let index): return design.networks[index].id
        case .cluster(let index): return design.clusters[index].id
        case .element(let index): return design.elements[index].id
        case .links(let indexes): return indexes.first.map { design.links[$0].name }
        }
    }

    private mutating func applyProperties(_ block: Block, to owner: Owner) {
        let kind = propertyOwner(owner)
        for (position, item) in block.items.enumerated() {
            guard case .property(let property) = item else { continue }
            let name = property.name.name
            guard let spec = PropertyCatalog.spec(name, for: kind) else {
                let candidates = PropertyCatalog.specs(for: kind).map(\.name)
                let suggestion = Suggestions.closest(to: name, in: candidates)
                // A property of other kinds, or close to one: say which kinds take it.
                let elsewhere = PropertyCatalog.allNames.contains(name)
                    ? name : Suggestions.closest(to: name, in: PropertyCatalog.allNames)
                design.unknownProperties.append(UnknownProperty(
                    name: name, owner: kind, ownerName: ownerName(owner), range: property.name.range,
                    suggestion: suggestion,
                    takenBy: suggestion == nil ? elsewhere.map(PropertyCatalog.owners(of:)) ?? [] : [],
                    otherName: suggestion == nil && elsewhere != name ? elsewhere : nil,
                    value: property.value.value, links: linkIndexes(owner),
                    siblings: block.properties.map(\.name.name).filter { $0 != name }))
                continue
            }
            // A block sets a few properties: the earlier ones are searched, not indexed.
            if let first = Self.firstProperty(named: name, in: block.items[..<position]) {
                error("'\(name)' is set twice", property.name.range, related: [("first set here", first.name.range)])
                continue
            }
            guard let value = typedValue(property, spec: spec) else { continue }
            assign(value, to: spec.name, of: owner, range: property.range)
        }
    }

    private static func firstProperty(named name: String, in items: ArraySlice<BlockItem>) -> Property? {
        for item in items {
            if case .property(let property) = item, property.name.name == name { return property }
        }
        return nil
    }

    /// A property's value, checked against its type.
    private enum Typed {
        case text(String)
        case boolean(Bool)
        case integer(Int)
        case number(Double)
        case reference(Reference)
        case strings([String])
        case references([Reference])
    }

    private mutating func typedValue(_ property: Property, spec: PropertySpec) -> Typed? {
        let value = property.value
        let name = property.name.name
        func wrong(_ fix: String? = nil) -> Typed? {
            error("'\(name)' takes \(spec.type.expectation), found \(value.value.spelling)", value.range, fix: fix)
            return nil
        }
        switch spec.type {
        case .text:
            switch value.value {
            case .word(let text), .string(let text): return .text(text)
            case .number(_, let text), .percentage(_, let text), .duration(_, let text): return .text(text)
            case .list: return wrong()
            }
        case .boolean:
            if case .word(let word) = value.value, word == "true" || word == "false" { return .boolean(word == "true") }
            if let text = value.value.text, let suggestion = Suggestions.closest(to: text, in: ["true", "false"]) {
                error("'\(name)' takes true or false, found '\(text)'; did you mean '\(suggestion)'?", value.range)
                return nil
            }
            return wrong()
        case .integer(let minimum):
            if case .number(let number, _) = value.value, number == number.rounded(), number >= Double(minimum), number < 1e9 {
                return .integer(Int(number))
            }
            return wrong()
        case .number:
            if case .number(let number, _) = value.value, number > 0, number < 1e12 { return .number(number) }
            return wrong()
        case .percentage:
            if case .percentage(let number, _) = value.value, number > 0, number <= 100 { return .number(number) }
            if case .number(_, let text) = value.value { return wrong("write it as a percentage: \(text)%") }
            return wrong()
        case .share:
            if case .percentage(let number, _) = value.value, number >= 0, number <= 100 { return .number(number) }
            if case .number(_, let text) = value.value { return wrong("write it as a percentage: \(text)%") }
            return wrong()
        case .duration:
            if case .duration(let seconds, _) = value.value, seconds > 0, seconds < 1e12 { return .number(seconds) }
            if case .number(_, let text) = value.value { return wrong("give it a unit: \(text)s, \(text)m, \(text)h or \(text)d") }
            return wrong()
        case .choice(let choices):
            if let text = value.value.text, choices.contains(text) { return .text(text) }
            if let text = value.value.text {
                error("'\(name)' takes \(spec.type.expectation), found '\(text)'\(Suggestions.didYouMean(text, in: choices))",
                      value.range)
                return nil
            }
            return wrong()
        case .reference:
            guard case .word(let word) = value.value else { return wrong() }
            return resolveReference(word, range: value.range).map(Typed.reference)
        case .stringList:
            guard case .list(let items) = value.value else { return wrong("write a list: [\"…\"]") }
            var strings: [String] = []
            for item in items {
                guard let text = item.value.text else {
                    error("'\(name)' takes a list of strings, found \(item.value.spelling)", item.range)
                    return nil
                }
                strings.append(text)
            }
            return .strings(strings)
        case .referenceList:
            let items: [ValueNode]
            if case .list(let list) = value.value { items = list } else { items = [value] }
            var references: [Reference] = []
            for item in items {
                guard case .word(let word) = item.value else {
                    error("'\(name)' takes identifiers, found \(item.value.spelling)", item.range)
                    return nil
                }
                guard let reference = resolveReference(word, range: item.range) else { return nil }
                references.append(reference)
            }
            return .references(references)
        }
    }

    private mutating func resolveReference(_ name: String, range: SourceRange) -> Reference? {
        guard let symbol = design.symbols[name] else {
            error("'\(name)' is not declared\(Suggestions.didYouMean(name, in: design.symbols.keys))", range)
            return nil
        }
        return Reference(name: name, range: range, symbol: symbol)
    }

    private mutating func assign(_ value: Typed, to name: String, of owner: Owner, range: SourceRange) {
        switch owner {
        case .design:
            if case .text(let text) = value, name == "description" { design.description = text }
            if case .number(let number) = value, name == "target" { design.target = number }
        case .network(let index):
            switch (name, value) {
            case ("trust", .text(let text)): design.networks[index].trust = Trust(rawValue: text) ?? .trusted
            case ("description", .text(let text)): design.networks[index].description = text
            default: break
            }
        case .cluster(let index):
            switch (name, value) {
            case ("mode", .text(let text)): design.clusters[index].mode = ClusterMode(rawValue: text) ?? .activeActive
            case ("failover", .text(let text)):
                design.clusters[index].failover = Failover(rawValue: text) ?? .automatic
                design.clusters[index].failoverDeclared = true
            case ("vip", .text(let text)): design.clusters[index].vip = text
            case ("failover-time", .number(let seconds)): design.clusters[index].failoverTime = seconds
            case ("description", .text(let text)): design.clusters[index].description = text
            default: break
            }
        case .links(let indexes):
            for index in indexes {
                switch (name, value) {
                case ("tls", .boolean(let flag)): design.links[index].tls = flag
                case ("access", .text(let text)): design.links[index].access = Access(rawValue: text)
                case ("weight", .integer(let weight)): design.links[index].weight = weight
                case ("description", .text(let text)): design.links[index].description = text
                default: break
                }
            }
        case .element(let index):
            // Mutated in place: copying an element out and back costs more than the rest of the build.
            design.elements[index].propertyRanges[name] = range
            switch (name, value) {
            case ("software", .text(let text)): design.elements[index].software = text
            case ("description", .text(let text)): design.elements[index].description = text
            case ("instances", .integer(let count)):
                design.elements[index].instances = count
                design.elements[index].instancesDeclared = true
            case ("availability", .number(let number)): design.elements[index].availability = number
            case ("capacity", .number(let number)): design.elements[index].capacity = number
            case ("mttr", .number(let seconds)): design.elements[index].mttr = seconds
            case ("load", .number(let number)): design.elements[index].load = number
            case ("writes", .number(let number)): design.elements[index].writes = number
            case ("firewall", .boolean(let flag)): design.elements[index].firewall = flag
            case ("algorithm", .text(let text)): design.elements[index].algorithm = Algorithm(rawValue: text) ?? .roundRobin
            case ("tls", .text(let text)): design.elements[index].tls = TLSMode(rawValue: text) ?? .none
            case ("tls", .boolean(let flag)): design.elements[index].replicationTLS = flag
            case ("health-check", .boolean(let flag)): design.elements[index].healthCheck = flag
            case ("role", .text(let text)): design.elements[index].role = DatabaseRole(rawValue: text) ?? .standalone
            case ("replicates", .reference(let reference)): design.elements[index].replicates = reference
            case ("replication", .text(let text)): design.elements[index].replication = ReplicationMode(rawValue: text) ?? .async
            case ("records", .strings(let strings)): design.elements[index].records = strings
            case ("reports-to", .reference(let reference)): design.elements[index].reportsTo = reference
            case ("watches", .references(let references)): design.elements[index].watches = references
            case ("entry", .reference(let reference)): design.elements[index].entry = reference
            default: break
            }
        }
    }

    // MARK: Links

    private mutating func resolveEndpoint(_ identifier: Identifier) -> Endpoint? {
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

    private mutating func buildLinks(_ statements: [Statement]) {
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

    private mutating func checkAndDefault() {
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
                error("'replicates' is for replicas, but \(element.id) is \(element.role == .standalone ? "standalone" : "a \(element.role.rawValue)")",
                      replicates.range, fix: "add role: replica to \(element.id)")
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

    private mutating func error(_ message: String, _ range: SourceRange, fix: String? = nil,
                                related: [(String, SourceRange)] = []) {
        errors.append(.parseError(
            message, at: design.location(range), fix: fix,
            related: related.map { RelatedLocation(message: $0.0, location: design.location($0.1)) }))
    }
}
