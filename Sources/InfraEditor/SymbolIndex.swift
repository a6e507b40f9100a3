import InfraCore

/// Every place a name is written in a file: where it is declared, and where a
/// link, an `in NETWORK` or a property that takes identifiers (`replicates`,
/// `reports-to`, `watches`, `entry`) refers to it. Built from the syntax tree, so
/// it works on a file that does not parse yet as far as the parser recovered.
struct SymbolIndex {
    struct Occurrence {
        var name: String
        var range: SourceRange
        var isDeclaration: Bool
    }

    /// In source order.
    private(set) var occurrences: [Occurrence] = []
    /// Each declaration, by name (the first, when a name is declared twice).
    private(set) var declarations: [String: Declaration] = [:]

    /// The properties whose values name declared things, whatever block holds them.
    static let referenceProperties: Set<String> = {
        Set(PropertyCatalog.allOwners.flatMap { owner in
            PropertyCatalog.specs(for: owner).filter { spec in
                if case .reference = spec.type { return true }
                if case .referenceList = spec.type { return true }
                return false
            }.map(\.name)
        })
    }()

    init(tree: SyntaxTree) {
        for statement in tree.statements {
            switch statement {
            case .design(let header):
                add(header.block)
            case .declaration(let declaration):
                add(declaration)
            case .link(let link):
                for identifier in link.stages.joined() {
                    occurrences.append(Occurrence(name: identifier.name, range: identifier.range, isDeclaration: false))
                }
                add(link.block)
            }
        }
        occurrences.sort { $0.range.start < $1.range.start }
    }

    private mutating func add(_ declaration: Declaration) {
        occurrences.append(Occurrence(name: declaration.identifier.name, range: declaration.identifier.range, isDeclaration: true))
        if declarations[declaration.identifier.name] == nil { declarations[declaration.identifier.name] = declaration }
        if let network = declaration.network {
            occurrences.append(Occurrence(name: network.name, range: network.range, isDeclaration: false))
        }
        add(declaration.block)
    }

    private mutating func add(_ block: Block?) {
        for item in block?.items ?? [] {
            switch item {
            case .declaration(let nested):
                add(nested)
            case .property(let property):
                guard Self.referenceProperties.contains(property.name.name) else { continue }
                let values: [ValueNode]
                if case .list(let items) = property.value.value { values = items } else { values = [property.value] }
                for value in values {
                    if case .word(let word) = value.value {
                        occurrences.append(Occurrence(name: word, range: value.range, isDeclaration: false))
                    }
                }
            }
        }
    }

    /// The name written at a byte offset (the cursor may be just after its last character).
    func occurrence(at offset: Int) -> Occurrence? {
        occurrences.first { $0.range.start <= offset && offset <= $0.range.end }
    }

    /// Every place a name is written, declarations included.
    func occurrences(of name: String) -> [Occurrence] {
        occurrences.filter { $0.name == name }
    }

    /// The names declared in the file, in source order, each once.
    var declaredNames: [String] {
        var seen = Set<String>()
        return occurrences.filter { $0.isDeclaration && seen.insert($0.name).inserted }.map(\.name)
    }
}
