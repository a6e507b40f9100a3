/// A name as written, with where it is.
public struct Identifier: Hashable, Sendable {
    public var name: String
    public var range: SourceRange

    public init(name: String, range: SourceRange) {
        self.name = name
        self.range = range
    }
}

/// A property's value as written.
public enum Value: Sendable, Hashable {
    /// A bare word: `haproxy`, `round-robin`, `true`, `db-01`.
    case word(String)
    /// A quoted string, escapes decoded.
    case string(String)
    /// A number with the text it was written as.
    case number(Double, text: String)
    /// A percentage (`99.95%`) with the text it was written as.
    case percentage(Double, text: String)
    /// A duration in seconds, as written: `30s`, `4h`.
    case duration(Double, text: String)
    /// `[a, b, "c"]`.
    case list([ValueNode])

    /// How error messages name this kind of value.
    public var spelling: String {
        switch self {
        case .word(let word): return "'\(word)'"
        case .string: return "a string"
        case .number(_, let text): return "the number \(text)"
        case .percentage(_, let text): return "the percentage \(text)"
        case .duration(_, let text): return "the duration \(text)"
        case .list: return "a list"
        }
    }

    /// The text of a word or string.
    public var text: String? {
        switch self {
        case .word(let text), .string(let text): return text
        default: return nil
        }
    }
}

/// A value with where it is.
public struct ValueNode: Sendable, Hashable {
    public var value: Value
    public var range: SourceRange
}

/// `name: value`.
public struct Property: Sendable {
    public var name: Identifier
    public var value: ValueNode
    public var range: SourceRange
}

/// `{ … }`: properties and nested declarations.
public struct Block: Sendable {
    public var items: [BlockItem]
    /// From `{` to `}` inclusive.
    public var range: SourceRange

    /// The properties, in order.
    public var properties: [Property] {
        items.compactMap { if case .property(let property) = $0 { return property } else { return nil } }
    }

    /// The nested declarations, in order.
    public var declarations: [Declaration] {
        items.compactMap { if case .declaration(let declaration) = $0 { return declaration } else { return nil } }
    }
}

/// One item of a block.
public enum BlockItem: Sendable {
    case property(Property)
    case declaration(Declaration)

    public var range: SourceRange {
        switch self {
        case .property(let property): return property.range
        case .declaration(let declaration): return declaration.range
        }
    }

    public var isDeclaration: Bool {
        if case .declaration = self { return true }
        return false
    }
}

/// What a declaration declares.
public enum DeclarationKeyword: Hashable, Sendable {
    case element(ElementKind)
    case cluster
    case network

    public var spelling: String {
        switch self {
        case .element(let kind): return kind.keyword
        case .cluster: return "cluster"
        case .network: return "network"
        }
    }
}

/// `KIND ID [in NETWORK] ["LABEL"] [{ … }]`, `cluster …` or `network …`.
public struct Declaration: Sendable {
    public var keyword: DeclarationKeyword
    public var keywordRange: SourceRange
    public var identifier: Identifier
    public var network: Identifier? {
        get { rare.fields.network }
        set { rare.fields.network = newValue }
    }
    public var label: String? {
        get { rare.fields.label }
        set { rare.fields.label = newValue }
    }
    public var labelRange: SourceRange? {
        get { rare.fields.labelRange }
        set { rare.fields.labelRange = newValue }
    }
    public var block: Block?
    /// The whole declaration, block included.
    public var range: SourceRange
    /// `in NETWORK` and the label, which few declarations write: kept inline they
    /// made every declaration, and so every item of every block, 120 bytes where 72
    /// do, and the syntax of a large design is most of the memory it is built with.
    private var rare = OutOfLine<Rare>()

    private struct Rare: OutOfLineFields {
        var network: Identifier?
        var label: String?
        var labelRange: SourceRange?
    }

    init(keyword: DeclarationKeyword, keywordRange: SourceRange, identifier: Identifier, network: Identifier?,
         label: String?, labelRange: SourceRange?, block: Block?, range: SourceRange) {
        self.keyword = keyword
        self.keywordRange = keywordRange
        self.identifier = identifier
        self.block = block
        self.range = range
        rare = OutOfLine(Rare(network: network, label: label, labelRange: labelRange))
    }

    /// The keyword and the identifier: where findings about it point.
    public var headRange: SourceRange { keywordRange.union(identifier.range) }
}

/// `design "NAME" [{ … }]`.
public struct DesignHeader: Sendable {
    public var keywordRange: SourceRange
    public var name: String
    public var nameRange: SourceRange
    public var block: Block?
    public var range: SourceRange
}

/// `A -> B, C -> D [: PROTOCOL [PORT]] [{ … }]`.
public struct LinkStatement: Sendable {
    /// Each stage is the list of names between two arrows.
    public var stages: [[Identifier]]
    public var protocolName: Identifier?
    public var port: ValueNode? {
        get { rare.fields.port }
        set { rare.fields.port = newValue }
    }
    public var block: Block?
    public var range: SourceRange
    /// The port, which few links write, out of line: inline it made every
    /// statement 40 bytes larger.
    private var rare = OutOfLine<Rare>()

    private struct Rare: OutOfLineFields {
        var port: ValueNode?
    }

    init(stages: [[Identifier]], protocolName: Identifier?, port: ValueNode?, block: Block?, range: SourceRange) {
        self.stages = stages
        self.protocolName = protocolName
        self.block = block
        self.range = range
        rare = OutOfLine(Rare(port: port))
    }
}

/// A top-level statement.
public enum Statement: Sendable {
    case design(DesignHeader)
    case declaration(Declaration)
    case link(LinkStatement)

    public var range: SourceRange {
        switch self {
        case .design(let design): return design.range
        case .declaration(let declaration): return declaration.range
        case .link(let link): return link.range
        }
    }
}

/// A parsed file: its statements, its comments, and the file itself.
public struct SyntaxTree: Sendable {
    public var file: SourceFile
    public var statements: [Statement]
    public var comments: [Comment]
    /// Names of declarations the parser could not read (a misspelled kind, say),
    /// so that later stages do not report them again as undeclared.
    public var brokenNames: Set<String> = []
    /// How many declarations the parser read, nested ones included, and how many
    /// of them are clusters: the builder reserves its arrays with them (counting
    /// them again walked the whole tree, 1% of a large lint). A tree changed since
    /// keeps the parser's counts, which only size the arrays.
    var declarationCount = 0
    var clusterCount = 0
}
