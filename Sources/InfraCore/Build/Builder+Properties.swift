/// Builder, continued: properties, read, typed and assigned to what their block belongs to.
extension Builder {
    func propertyOwner(_ owner: Owner) -> PropertyOwner {
        switch owner {
        case .design: return .design
        case .network: return .network
        case .cluster: return .cluster
        case .element(let index): return .element(design.elements[index].kind)
        case .links: return .link
        }
    }

    func linkIndexes(_ owner: Owner) -> [Int] {
        if case .links(let indexes) = owner { return indexes }
        return []
    }

    func ownerName(_ owner: Owner) -> String? {
        switch owner {
        case .design: return nil
        case .network(let index): return design.networks[index].id
        case .cluster(let index): return design.clusters[index].id
        case .element(let index): return design.elements[index].id
        case .links(let indexes): return indexes.first.map { design.links[$0].name }
        }
    }

    mutating func applyProperties(_ block: Block, to owner: Owner) {
        let kind = propertyOwner(owner)
        // By position: matched in place, a declaration among the items is not copied out.
        for position in block.items.indices {
            guard case .property(let property) = block.items[position] else { continue }
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
            assign(value, to: spec.name, place: spec.place, of: owner, range: property.range)
        }
    }

    static func firstProperty(named name: String, in items: ArraySlice<BlockItem>) -> Property? {
        for item in items {
            if case .property(let property) = item, property.name.name == name { return property }
        }
        return nil
    }

    /// A property's value, checked against its type.
    enum Typed {
        case text(String)
        case boolean(Bool)
        case integer(Int)
        case number(Double)
        case reference(Reference)
        case strings([String])
        case references([Reference])
    }

    mutating func typedValue(_ property: Property, spec: PropertySpec) -> Typed? {
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
            // yes/no, on/off, enabled/disabled, 1/0: what other formats write for a boolean.
            let synonyms = ["yes": "true", "on": "true", "enabled": "true", "enable": "true",
                            "no": "false", "off": "false", "disabled": "false", "disable": "false"]
            let spelled: String? = switch value.value {
            case .number(let number, let text) where number == 0 || number == 1: text
            default: value.value.text
            }
            if let text = spelled, let suggestion = synonyms[text.lowercased()]
                ?? (text == "1" ? "true" : text == "0" ? "false" : nil)
                ?? Suggestions.closest(to: text, in: ["true", "false"]) {
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

    mutating func resolveReference(_ name: String, range: SourceRange) -> Reference? {
        guard let symbol = design.symbols[name] else {
            error("'\(name)' is not declared\(Suggestions.didYouMean(name, in: design.symbols.keys))", range)
            return nil
        }
        return Reference(name: name, range: range, symbol: symbol)
    }

    mutating func assign(_ value: Typed, to name: String, place: UInt8 = 0, of owner: Owner, range: SourceRange) {
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
            design.elements[index].propertyRanges.set(name, place: place, range: range)
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
}
