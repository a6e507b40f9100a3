/// Turns a syntax tree into the model: resolves names, checks where things may be
/// declared, types every property, expands links and applies the defaults.
///
/// Errors (code `PARSE`) are what makes the file's meaning unclear: duplicate
/// identifiers, undeclared names, misplaced declarations, invalid values. What
/// still has a clear meaning becomes a rule's business instead: unknown
/// properties (DES003) and protocols (DES004) are recorded in the model.
public struct Builder {
    var design: Design
    var errors: [Finding] = []
    var pendingBlocks: [(owner: Owner, block: Block)] = []
    var pendingNetworks: [(owner: Owner, network: Identifier)] = []
    /// The link statements' indexes among the top-level statements.
    var linkStatements: [Int] = []
    /// Clusters with a member that could not be declared: not reported as empty.
    var clustersWithRejectedMembers: Set<Int> = []

    /// What a block's properties apply to.
    enum Owner {
        case design
        case network(Int)
        case cluster(Int)
        case element(Int)
        case links([Int])
    }

    init(file: SourceFile, comments: [Comment]) {
        design = Design(file: file)
        design.comments = comments
    }

    /// Builds the model of a parsed file.
    public static func build(_ tree: SyntaxTree) -> (design: Design, errors: [Finding]) {
        var builder = Builder(file: tree.file, comments: tree.comments)
        builder.design.symbols.reserveCapacity(tree.declarationCount)
        builder.design.elements.reserveCapacity(max(0, tree.declarationCount - tree.clusterCount))
        builder.design.clusters.reserveCapacity(tree.clusterCount)
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

    mutating func declareAll(_ statements: [Statement]) {
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

    mutating func rejectDeclarations(in block: Block, owner: String) {
        for declaration in block.declarations {
            error("\(owner) holds properties only; declare '\(declaration.identifier.name)' at the top level",
                  declaration.headRange)
        }
    }

    mutating func register(_ identifier: Identifier, as symbol: Symbol) -> Bool {
        // One lookup for the usual new name; a name declared twice keeps its first symbol.
        guard let first = design.symbols.updateValue(symbol, forKey: identifier.name) else { return true }
        design.symbols[identifier.name] = first
        error("'\(identifier.name)' is declared twice; identifiers are unique across the file",
              identifier.range, related: [("first declared here", identifierRange(of: first))])
        return false
    }

    /// Where a symbol's identifier is written (its declaration's head ends with it).
    func identifierRange(of symbol: Symbol) -> SourceRange {
        let head: SourceRange
        let name: String
        switch symbol {
        case .element(let index): (head, name) = (design.elements[index].range, design.elements[index].id)
        case .cluster(let index): (head, name) = (design.clusters[index].range, design.clusters[index].id)
        case .network(let index): (head, name) = (design.networks[index].range, design.networks[index].id)
        }
        return SourceRange(head.end - name.utf8.count, head.end)
    }

    mutating func declare(_ declaration: Declaration, container: Int?, cluster: Int?) {
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
            // Room for every member at once: grown one by one, the arrays cost an allocation a member.
            design.clusters[index].members.reserveCapacity(block.items.count { $0.isDeclaration })
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
            let nested = block.items.count { $0.isDeclaration }
            if nested > 0 { element.children.reserveCapacity(nested) }
            for item in block.items {
                if case .declaration(let nested) = item { declareNested(nested, inside: index) }
            }
        }
    }

    mutating func declareNested(_ nested: Declaration, inside container: Int) {
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

    mutating func resolveNetworks() {
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

    mutating func resolveNetwork(_ identifier: Identifier) -> Int? {
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
}
