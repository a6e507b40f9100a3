/// Parses a design file into a syntax tree, recovering after each error so that
/// one run reports every mistake in the file.
///
/// Recursion only follows nested declarations, and stops at `maxDepth`; deeper
/// braces are skipped iteratively, so no input can overflow the stack.
public struct Parser {
    /// How deep declarations may nest (a cluster of servers holding components
    /// needs three).
    public static let maxDepth = 16

    let file: SourceFile
    let tokens: [Token]
    /// String tokens' decoded values, by the token's start.
    let strings: [Int: String]
    var position = 0
    var errors: [Finding] = []
    var brokenNames: Set<String> = []
    /// The items of the blocks being read, the innermost block's last; each block's
    /// move into an array of their exact number when it closes.
    let openItems = GatheringStack<BlockItem>()
    /// Reading a file with a block left open: a block ends where a line starts no
    /// more indented than the line that opened it (see `parse`).
    let closeByIndentation: Bool

    private init(file: SourceFile, lexed: Lexer.Output, closeByIndentation: Bool) {
        self.file = file
        self.tokens = lexed.tokens
        self.strings = lexed.strings
        self.closeByIndentation = closeByIndentation
    }

    /// Parses a whole file: the tree (with whatever could be read) and every error.
    ///
    /// When a block is still open at the end of the file, the `}` that closes it was
    /// forgotten somewhere: the file is read again with blocks closed by indentation,
    /// which puts the one error where the `}` is missing instead of reading the rest
    /// of the file inside the block; that reading is kept when it finds fewer errors.
    /// A file without that error is never read the second way, so indentation never
    /// changes what a valid file means.
    public static func parse(_ file: SourceFile) -> (tree: SyntaxTree, errors: [Finding]) {
        let lexed = Lexer.tokenize(file)
        var parser = Parser(file: file, lexed: lexed, closeByIndentation: false)
        var statements = parser.parseFile()
        if parser.leftBlockOpen {
            var second = Parser(file: file, lexed: lexed, closeByIndentation: true)
            let recovered = second.parseFile()
            if second.errors.count < parser.errors.count {
                parser = second
                statements = recovered
            }
        }
        let errors = (lexed.errors + parser.errors).inReportOrder()
        var tree = SyntaxTree(file: file, statements: statements, comments: lexed.comments)
        tree.brokenNames = parser.brokenNames
        tree.declarationCount = parser.declarationCount
        tree.clusterCount = parser.clusterCount
        return (tree, errors)
    }

    /// Whether a block was still open at the end of the file.
    var leftBlockOpen = false
    /// The declarations read, and the clusters among them (`SyntaxTree.declarationCount`).
    var declarationCount = 0
    var clusterCount = 0

    // MARK: Statements

    mutating func parseFile() -> [Statement] {
        let statements = GatheringStack<Statement>(capacity: 1024)
        while current.kind != .endOfFile {
            switch current.kind {
            case .newline, .semicolon:
                advance()
            case .word:
                if let statement = parseStatement() {
                    statements.push(consume statement)
                    expectStatementEnd(insideBlock: false)
                } else {
                    skipStatement()
                }
            case .rightBrace:
                error("unmatched '}': no block is open here", current.range)
                advance()
            case .invalid:
                skipStatement()
            default:
                error("expected a declaration (KIND ID) or a link (A -> B), found \(describe(current))",
                      current.range)
                skipStatement()
            }
        }
        return statements.pop(from: 0)
    }

    mutating func parseStatement() -> Statement? {
        switch Keywords.match(file.bytes, current.range) {
        case .design?:
            return parseDesign().map(Statement.design)
        case .network?:
            return parseDeclaration(.network, depth: 0, inside: nil).map(Statement.declaration)
        case .cluster?:
            return parseDeclaration(.cluster, depth: 0, inside: nil).map(Statement.declaration)
        case .in?:
            error("'in' names a network after a declaration: KIND ID in NETWORK", current.range)
            return nil
        case .kind(let kind)?:
            return parseDeclaration(.element(kind), depth: 0, inside: nil).map(Statement.declaration)
        case nil:
            let word = text(current)
            if peek(1).kind == .arrow || peek(1).kind == .comma {
                return parseLink().map(Statement.link)
            }
            // A misspelled kind: said once, and the declaration read as the kind it is
            // close to, so that its name and block are checked in the same run.
            if let keyword = misspelledKind(word, inBlock: false) {
                return parseDeclaration(keyword, depth: 0, inside: nil).map(Statement.declaration)
            }
            reportUnknownStatement(word)
            return nil
        }
    }

    /// The keyword a misspelled kind is close to, after reporting it; nil when it is not one.
    mutating func misspelledKind(_ word: String, inBlock: Bool) -> DeclarationKeyword? {
        let next = peek(1)
        guard next.kind == .word else { return nil }
        let kinds = ElementKind.allCases.map(\.rawValue) + (inBlock ? ["cluster"] : ["cluster", "network"])
        guard let suggestion = Suggestions.closest(to: word, in: kinds) else { return nil }
        error("unknown kind '\(word)'; did you mean '\(suggestion)'?", current.range,
              fix: "declare it as \(suggestion) \(text(next))")
        if let kind = ElementKind(rawValue: suggestion) { return .element(kind) }
        return suggestion == "cluster" ? .cluster : .network
    }

    mutating func reportUnknownStatement(_ word: String) {
        let range = current.range
        let next = peek(1)
        if next.kind == .word { brokenNames.insert(text(next)) }
        if next.kind == .invalid {
            // The lexer has reported it.
            return
        } else if next.kind == .word {
            error("unknown kind '\(word)'; expected one of \(Self.kindList)", range)
        } else if next.kind == .colon {
            error("'\(word): …' is a property; properties go inside a block { … }", range)
        } else {
            error("expected a declaration (KIND ID) or a link (\(word) -> …), found \(describe(next)) after '\(word)'",
                  next.range)
        }
    }

    static let kindList = ElementKind.allCases.map(\.rawValue).joined(separator: ", ")

    mutating func parseDesign() -> DesignHeader? {
        let keyword = current.range
        advance()
        guard current.kind == .string, let name = stringValue(current) else {
            if current.kind == .word {
                error("the design's name is a string: design \"\(text(current))\"", current.range,
                      fix: "quote the name: design \"\(text(current))\"")
            } else {
                error("expected the design's name as a string after 'design', found \(describe(current))",
                      current.range)
            }
            return nil
        }
        let nameRange = current.range
        advance()
        var block: Block?
        if current.kind == .leftBrace {
            block = parseBlock(depth: 1, inside: .design)
        }
        let end = block?.range.end ?? nameRange.end
        return DesignHeader(keywordRange: keyword, name: name, nameRange: nameRange, block: block,
                            range: SourceRange(keyword.start, end))
    }

    /// What a block belongs to, for the errors about what may stand in it.
    enum BlockOwner: Equatable {
        case design
        case network
        case cluster
        case element(ElementKind)
        case link
    }

    mutating func parseDeclaration(_ keyword: DeclarationKeyword, depth: Int, inside: BlockOwner?) -> Declaration? {
        let keywordRange = current.range
        advance()
        // `firewall` alone inside a host: the host's own firewall, written as the property.
        if keyword == .element(.firewall), case .element? = inside,
           [.newline, .semicolon, .comma, .rightBrace, .endOfFile].contains(current.kind) {
            error("expected an identifier after 'firewall', found \(describe(current))", current.range,
                  fix: "write firewall: true for the host's own firewall, or name it: firewall fw-01")
            return nil
        }
        guard let identifier = parseIdentifier(after: "'\(keyword.spelling)'") else { return nil }
        var network: Identifier?
        var label: String?
        var labelRange: SourceRange?
        // `in NETWORK` and the label, in either order.
        for _ in 0..<2 {
            if current.kind == .word, Keywords.match(file.bytes, current.range) == .in, network == nil {
                let inRange = current.range
                advance()
                if keyword == .network {
                    error("a network cannot be inside another network", inRange)
                }
                guard let name = parseIdentifier(after: "'in'") else {
                    brokenNames.insert(identifier.name)
                    return nil
                }
                network = name
            } else if current.kind == .string, label == nil {
                label = stringValue(current)
                labelRange = current.range
                advance()
            }
        }
        var block: Block?
        if current.kind == .leftBrace {
            let owner: BlockOwner
            switch keyword {
            case .element(let kind): owner = .element(kind)
            case .cluster: owner = .cluster
            case .network: owner = .network
            }
            block = parseBlock(depth: depth + 1, inside: owner, opener: "the block of \(keyword.spelling) \(identifier.name)")
        } else if keyword == .cluster {
            error("a cluster needs a block holding its members: cluster \(identifier.name) { … }",
                  identifier.range)
        }
        let end = block?.range.end ?? labelRange?.end ?? network?.range.end ?? identifier.range.end
        declarationCount += 1
        if keyword == .cluster { clusterCount += 1 }
        return Declaration(keyword: keyword, keywordRange: keywordRange, identifier: identifier,
                           network: network, label: label, labelRange: labelRange, block: block,
                           range: SourceRange(keywordRange.start, end))
    }

    /// An identifier; `usingName` when it names something declared elsewhere (a
    /// link's end), where a keyword already reported at its declaration is not
    /// reported again.
    mutating func parseIdentifier(after what: @autoclosure () -> String, usingName: Bool = false) -> Identifier? {
        guard current.kind == .word else {
            error("expected an identifier after \(what()), found \(describe(current))", current.range)
            return nil
        }
        let name = text(current)
        if Keywords.match(file.bytes, current.range) != nil {
            // Said once, where the name is declared; its uses are the same mistake.
            if !usingName || !brokenNames.contains(name) {
                error("'\(name)' is a keyword and cannot be an identifier", current.range,
                      fix: "pick another name, such as \(name)-01")
            }
            brokenNames.insert(name)
            advance()
            return nil
        }
        let identifier = Identifier(name: name, range: current.range)
        advance()
        return identifier
    }

    mutating func parseLink() -> LinkStatement? {
        var stages: [[Identifier]] = []
        let start = current.range.start
        var end = start
        while true {
            var stage: [Identifier] = []
            repeat {
                if current.kind == .comma { advance() }
                while current.kind == .newline, stage.isEmpty == false, tokens[position - 1].kind == .comma {
                    advance()
                }
                guard let identifier = parseIdentifier(after: stages.isEmpty && stage.isEmpty ? "the start of a link" : (stage.isEmpty ? "'->'" : "','"),
                                                       usingName: true) else {
                    return nil
                }
                stage.append(identifier)
                end = identifier.range.end
            } while current.kind == .comma
            stages.append(stage)
            guard current.kind == .arrow else { break }
            advance()
        }
        if stages.count < 2 {
            let names = stages.flatMap { $0.map(\.name) }.joined(separator: ", ")
            error("expected '->' and a target after \(names), found \(describe(current))",
                  current.range)
            return nil
        }
        var protocolName: Identifier?
        var port: ValueNode?
        if current.kind == .word, Protocols.known.contains(text(current).lowercased()) {
            // `a -> b https`: the colon is missing; read the protocol all the same.
            error("expected ':' before the protocol '\(text(current))'", current.range,
                  fix: "write \(stages.map { $0.map(\.name).joined(separator: ", ") }.joined(separator: " -> ")) : \(text(current))")
            protocolName = Identifier(name: text(current), range: current.range)
            advance()
            if current.kind == .number {
                port = ValueNode(value: number(current), range: current.range)
                advance()
            }
        } else if current.kind == .colon {
            advance()
            guard current.kind == .word else {
                error("expected a protocol after ':' (such as http, https or mysql), found \(describe(current))",
                      current.range)
                return nil
            }
            protocolName = Identifier(name: text(current), range: current.range)
            advance()
            // `http port 80`: the port is the number alone.
            if current.kind == .word, text(current).lowercased() == "port", tokens.indices.contains(position + 1),
               tokens[position + 1].kind == .number {
                error("expected the port as a number right after the protocol, found 'port'", current.range,
                      fix: "write \(protocolName.map(\.name) ?? "") \(text(tokens[position + 1]))")
                advance()
            }
            if current.kind == .number {
                port = ValueNode(value: number(current), range: current.range)
                advance()
            }
        }
        var block: Block?
        if current.kind == .leftBrace {
            block = parseBlock(depth: 1, inside: .link)
        }
        end = block?.range.end ?? port?.range.end ?? protocolName?.range.end ?? end
        return LinkStatement(stages: stages, protocolName: protocolName, port: port, block: block,
                             range: SourceRange(start, end))
    }
}
