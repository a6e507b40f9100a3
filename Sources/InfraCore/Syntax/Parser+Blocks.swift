/// Parser, continued: blocks, properties and values.
extension Parser {
    mutating func parseBlock(depth: Int, inside owner: BlockOwner,
                             opener: @autoclosure () -> String = "the block") -> Block {
        let open = current.range
        // Only a second reading, closing blocks by indentation, needs where the block opened.
        let openerIndent = closeByIndentation ? indentation(ofLineAt: open.start) : 0
        let openLine = closeByIndentation ? file.line(at: open.start) : 0
        advance()
        if depth > Self.maxDepth {
            error("blocks are nested more than \(Self.maxDepth) deep", open,
                  fix: "a design needs three levels at most: cluster, server, component")
            let end = skipBalanced(from: open)
            return Block(items: [], range: SourceRange(open.start, end))
        }
        let first = openItems.count
        while true {
            if closeByIndentation, startsLine(current), file.line(at: current.range.start) > openLine,
               current.kind != .endOfFile, indentation(ofLineAt: current.range.start) <= openerIndent,
               current.kind != .rightBrace || indentation(ofLineAt: current.range.start) < openerIndent {
                // The `}` was forgotten: say so where it belongs, after the block's last line.
                let end = openItems.count > first ? openItems.last?.range.end ?? open.end : open.end
                let missing = missingBraceLocation(after: end)
                errors.append(.parseError(
                    "\(opener()) opened on line \(openLine) is not closed: expected '}' here", at: missing,
                    fix: "close it with '}' before line \(file.line(at: current.range.start))"))
                return Block(items: openItems.pop(from: first), range: SourceRange(open.start, end))
            }
            switch current.kind {
            case .rightBrace:
                let close = current.range
                advance()
                return Block(items: openItems.pop(from: first), range: SourceRange(open.start, close.end))
            case .endOfFile:
                leftBlockOpen = true
                error("unclosed '{': expected '}' before the end of the file", open,
                      fix: "close the block with '}'")
                return Block(items: openItems.pop(from: first), range: SourceRange(open.start, current.range.start))
            case .newline, .comma, .semicolon:
                advance()
            case .word:
                if let item = parseBlockItem(depth: depth, inside: owner) {
                    // Moved, not copied and destroyed: an item holds a handful of references.
                    openItems.push(consume item)
                    expectStatementEnd(insideBlock: true)
                } else {
                    skipStatement(insideBlock: true)
                }
            case .invalid:
                skipStatement(insideBlock: true)
            case .leftBrace:
                error("unexpected '{': a block belongs to a declaration", current.range)
                _ = skipBalanced(from: current.range, consumeOpen: true)
            default:
                error("expected a property (name: value) or a declaration, found \(describe(current))",
                      current.range)
                skipStatement(insideBlock: true)
            }
        }
    }

    mutating func parseBlockItem(depth: Int, inside owner: BlockOwner) -> BlockItem? {
        let next = peek(1)
        if next.kind == .colon {
            return parseProperty().map(BlockItem.property)
        }
        switch Keywords.match(file.bytes, current.range) {
        case .kind(let kind)?: return parseDeclaration(.element(kind), depth: depth, inside: owner).map(BlockItem.declaration)
        case .cluster?: return parseDeclaration(.cluster, depth: depth, inside: owner).map(BlockItem.declaration)
        case .network?: return parseDeclaration(.network, depth: depth, inside: owner).map(BlockItem.declaration)
        default: break
        }
        let word = text(current)
        if next.kind == .arrow || (next.kind == .comma && peek(2).kind == .word && peek(3).kind == .arrow) {
            error("links are written at the top level, not inside a block", current.range,
                  fix: "move '\(word) -> …' after the closing '}'")
            return nil
        }
        if next.kind == .invalid {
            // The lexer has reported the character.
            return nil
        }
        if PropertyCatalog.allNames.contains(word) {
            error("expected ':' after the property '\(word)', found \(describe(next))", next.range,
                  fix: next.kind == .word ? "write \(word): \(text(next))" : "write a colon after \(word), then its value")
            return nil
        }
        if next.kind == .word {
            if let keyword = misspelledKind(word, inBlock: true) {
                return parseDeclaration(keyword, depth: depth, inside: owner).map(BlockItem.declaration)
            }
            brokenNames.insert(text(next))
            if let suggestion = Suggestions.closest(to: word, in: PropertyCatalog.allNames) {
                error("expected ':' after '\(word)'; did you mean the property '\(suggestion)'?", next.range)
                return nil
            }
            error("unknown kind '\(word)'; expected a property (name: value) or one of \(Self.kindList)",
                  current.range)
            return nil
        }
        error("expected ':' and a value after '\(word)', found \(describe(next))", next.range)
        return nil
    }

    mutating func parseProperty() -> Property? {
        let name = Identifier(name: text(current), range: current.range)
        advance()  // name
        advance()  // ':'
        guard let value = parseValue(allowList: true) else { return nil }
        return Property(name: name, value: value, range: name.range.union(value.range))
    }

    mutating func parseValue(allowList: Bool) -> ValueNode? {
        let token = current
        switch token.kind {
        case .word:
            advance()
            return ValueNode(value: .word(text(token)), range: token.range)
        case .string:
            advance()
            return ValueNode(value: .string(stringValue(token) ?? ""), range: token.range)
        case .number:
            advance()
            return ValueNode(value: number(token), range: token.range)
        case .percentage:
            advance()
            let raw = text(token)
            return ValueNode(value: .percentage(Double(raw.dropLast()) ?? 0, text: raw), range: token.range)
        case .duration:
            advance()
            let raw = text(token)
            let unit: Double = switch raw.last {
            case "m": 60
            case "h": 3_600
            case "d": 86_400
            default: 1
            }
            return ValueNode(value: .duration((Double(raw.dropLast()) ?? 0) * unit, text: raw), range: token.range)
        case .leftBracket:
            guard allowList else {
                error("lists cannot be nested", token.range)
                let end = skipBalancedBrackets()
                return ValueNode(value: .list([]), range: SourceRange(token.range.start, end))
            }
            return parseList()
        case .invalid:
            advance()
            return nil
        default:
            error("expected a value after ':', found \(describe(token))", token.range)
            return nil
        }
    }

    mutating func parseList() -> ValueNode? {
        let open = current.range
        advance()
        var elements: [ValueNode] = []
        while true {
            while current.kind == .newline { advance() }
            if current.kind == .rightBracket {
                let close = current.range
                advance()
                return ValueNode(value: .list(elements), range: SourceRange(open.start, close.end))
            }
            if current.kind == .endOfFile || current.kind == .rightBrace || current.kind == .semicolon {
                error("unclosed '[': expected ']'", open, fix: "close the list with ']'")
                return nil
            }
            guard let element = parseValue(allowList: false) else {
                return nil
            }
            elements.append(element)
            while current.kind == .newline { advance() }
            if current.kind == .comma {
                advance()
            } else if current.kind != .rightBracket {
                error("expected ',' or ']' in the list, found \(describe(current))", current.range)
                return nil
            }
        }
    }
}
