import InfraCore

/// Go to definition, find references, rename and the document's outline: each
/// reads the names the file writes (SymbolIndex), so they work while it is broken.
enum Navigation {
    static func definition(_ analysis: Analysis, uri: String, offset: Int) -> JSON {
        guard let occurrence = analysis.symbols.occurrence(at: offset),
              let declaration = analysis.symbols.declarations[occurrence.name] else { return .null }
        return ["uri": JSON(uri), "range": analysis.source.lspRange(declaration.identifier.range)]
    }

    static func references(_ analysis: Analysis, uri: String, offset: Int, includeDeclaration: Bool) -> JSON {
        guard let occurrence = analysis.symbols.occurrence(at: offset) else { return .null }
        return .array(analysis.symbols.occurrences(of: occurrence.name)
            .filter { includeDeclaration || !$0.isDeclaration }
            .map { ["uri": JSON(uri), "range": analysis.source.lspRange($0.range)] })
    }

    /// A declared name can be renamed; anything else (a keyword, a value, a name
    /// nothing declares) cannot.
    static func prepareRename(_ analysis: Analysis, offset: Int) -> JSON {
        guard let occurrence = analysis.symbols.occurrence(at: offset),
              analysis.symbols.declarations[occurrence.name] != nil else { return .null }
        return ["range": analysis.source.lspRange(occurrence.range), "placeholder": JSON(occurrence.name)]
    }

    /// Every place the name is written, renamed, once the new name is checked: a
    /// valid identifier that nothing else in the file declares (names are unique).
    static func rename(_ analysis: Analysis, uri: String, offset: Int, to newName: String) throws -> JSON {
        guard let occurrence = analysis.symbols.occurrence(at: offset),
              analysis.symbols.declarations[occurrence.name] != nil else {
            throw RequestError.failed("only a declared name can be renamed")
        }
        guard newName != occurrence.name else { return ["changes": [uri: []]] }
        guard isIdentifier(newName) else {
            throw RequestError.failed("'\(newName)' is not a valid identifier: use letters, digits, '-' and '_', starting with a letter")
        }
        guard analysis.symbols.declarations[newName] == nil else {
            throw RequestError.failed("'\(newName)' is already declared in this file: names are unique")
        }
        let edits = analysis.symbols.occurrences(of: occurrence.name).map { place -> JSON in
            ["range": analysis.source.lspRange(place.range), "newText": JSON(newName)]
        }
        return ["changes": .object([uri: .array(edits)])]
    }

    /// Whether the language reads the text as one identifier: declared in a one-line
    /// file, it parses without an error and under that name.
    static func isIdentifier(_ name: String) -> Bool {
        guard !name.isEmpty, !name.contains(where: { $0.isWhitespace || $0 == "#" }) else { return false }
        let (tree, errors) = Parser.parse(SourceFile(path: "rename", text: "client \(name)\n"))
        guard errors.isEmpty, tree.statements.count == 1, case .declaration(let declaration) = tree.statements[0] else { return false }
        return declaration.identifier.name == name && declaration.network == nil && declaration.label == nil
    }

    /// The outline: networks, clusters, servers and what they hold, nested as written.
    static func symbols(_ analysis: Analysis) -> JSON {
        .array(analysis.parsed.tree.statements.compactMap { statement in
            guard case .declaration(let declaration) = statement else { return nil }
            return symbol(declaration, source: analysis.source)
        })
    }

    private static func symbol(_ declaration: Declaration, source: SourceFile) -> JSON {
        var detail = declaration.keyword.spelling
        if let label = declaration.label { detail += " “\(label)”" }
        var symbol: [String: JSON] = [
            "name": JSON(declaration.identifier.name),
            "detail": JSON(detail),
            "kind": JSON(kind(declaration.keyword)),
            "range": source.lspRange(declaration.range),
            "selectionRange": source.lspRange(declaration.identifier.range),
        ]
        let children = declaration.block?.declarations ?? []
        if !children.isEmpty { symbol["children"] = .array(children.map { self.symbol($0, source: source) }) }
        return .object(symbol)
    }

    /// The protocol's SymbolKind: a network is a Namespace, a cluster a Package, a
    /// host that holds others a Module, anything else an Object.
    private static func kind(_ keyword: DeclarationKeyword) -> Int {
        switch keyword {
        case .network: return 3
        case .cluster: return 4
        case .element(.server): return 2
        case .element: return 19
        }
    }
}
