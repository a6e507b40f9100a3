/// Phase B: properties and declarations inside a block.
///
/// A block written over several lines gets a patch per change: a value replaced,
/// a line added before the closing brace, a line removed. A block written on one
/// line (or none at all) is written again whole, on one line while it holds
/// properties only, else a line an item.
extension EditCompiler {
    struct BlockSite {
        var block: Block?
        /// Where a new block would start: after the identifier, network and label.
        var headEnd: Int
        /// The indentation of the declaration's line.
        var indentation: String
    }

    func site(_ key: BlockKey) -> BlockSite? {
        switch key {
        case .design:
            guard let header = index.header else { return nil }
            return BlockSite(block: header.block, headEnd: header.nameRange.end,
                             indentation: text.indentation(ofLineAt: header.range.start))
        case .declaration(let name):
            guard let entry = index[name] else { return nil }
            let declaration = entry.declaration
            return BlockSite(block: declaration.block, headEnd: SyntaxIndex.headEnd(of: declaration),
                             indentation: text.indentation(ofLineAt: declaration.range.start))
        }
    }

    func editBlock(_ key: BlockKey, _ operations: [BlockOp], work: inout Work) -> Bool {
        guard let site = site(key) else { return false }
        if let block = site.block, !text.sameLine(block.range.start, block.range.end - 1) {
            return editMultiLine(block, site: site, operations, work: &work)
        }
        return rewriteOneLine(site, operations, work: &work)
    }

    private func property(_ name: String, in block: Block?) -> Property? {
        block?.properties.first { $0.name.name == name }
    }

    // MARK: Blocks over several lines

    private func editMultiLine(_ block: Block, site: BlockSite, _ operations: [BlockOp], work: inout Work) -> Bool {
        let itemIndent = block.items.first { text.isBlank(text.lineStart($0.range.start)..<$0.range.start) }
            .map { text.indentation(ofLineAt: $0.range.start) } ?? site.indentation + "  "
        var newProperties: [String] = []
        var newDeclarations: [String] = []
        for operation in operations {
            switch operation {
            case .set(let name, let value):
                if let existing = property(name, in: block) {
                    work.patches.append(TextPatch(existing.value.range, value))
                } else {
                    newProperties.append("\(name): \(value)")
                }
            case .rename(let from, let to):
                guard let existing = property(from, in: block) else { return false }
                work.patches.append(TextPatch(existing.name.range, to))
            case .remove(let name):
                guard let existing = property(name, in: block) else { return false }
                let commented = index.tree.comments.contains { $0.range.start > block.range.start && $0.range.end < block.range.end }
                if block.items.count == 1, !commented {
                    work.patches.append(TextPatch(SourceRange(site.headEnd, block.range.end), ""))
                } else if text.standsAlone(existing.range) {
                    work.patches.append(TextPatch(text.wholeLines(existing.range, withLeadingComments: false), ""))
                } else {
                    work.patches.append(TextPatch(removalRange(of: .property(existing), in: block), ""))
                }
            case .add(let declaration):
                newDeclarations.append(contentsOf: declaration.lines(indent: itemIndent))
            case .removeItem(let name):
                guard let item = block.declarations.first(where: { $0.identifier.name == name }) else { return false }
                if text.standsAlone(item.range) {
                    work.movedLines[name] = text.wholeLines(item.range, withLeadingComments: true)
                } else {
                    work.movedTexts[name] = work.consume(item.range, bytes: text.bytes)
                    work.patches.append(TextPatch(removalRange(of: .declaration(item), in: block), ""))
                }
            }
        }
        if !newProperties.isEmpty {
            let anchor = block.properties.last.map(\.range.end) ?? block.range.start
            let close = block.range.end - 1
            let lines = newProperties.map { "\n" + itemIndent + $0 }.joined()
            if text.sameLine(anchor, close) {
                // The last property shares its line with the closing brace (`x: 1 }`):
                // the new lines go before the brace, which moves to a line of its own.
                var start = close
                while start > anchor, text.bytes[start - 1] == UInt8(ascii: " ") || text.bytes[start - 1] == UInt8(ascii: "\t") { start -= 1 }
                work.patches.append(TextPatch(SourceRange(start, close), lines + "\n" + site.indentation))
            } else {
                let offset = text.lineEnd(anchor)
                work.patches.append(TextPatch(SourceRange(offset, offset), lines))
            }
        }
        if !newDeclarations.isEmpty {
            let close = block.range.end - 1
            if text.isBlank(text.lineStart(close)..<close) {
                let start = text.lineStart(close)
                work.patches.append(TextPatch(SourceRange(start, start), newDeclarations.joined(separator: "\n") + "\n"))
            } else {
                work.patches.append(TextPatch(SourceRange(close, close),
                                              "\n" + newDeclarations.joined(separator: "\n") + "\n" + site.indentation))
            }
        }
        return true
    }

    /// An item that shares its line with others, with the separator on one side.
    private func removalRange(of item: BlockItem, in block: Block) -> SourceRange {
        let items = block.items.sorted { $0.range.start < $1.range.start }
        guard let position = items.firstIndex(where: { $0.range == item.range }) else { return item.range }
        if position + 1 < items.count, text.sameLine(item.range.end, items[position + 1].range.start) {
            return SourceRange(item.range.start, items[position + 1].range.start)
        }
        if position > 0, text.sameLine(items[position - 1].range.end, item.range.start) {
            return SourceRange(items[position - 1].range.end, item.range.end)
        }
        var end = item.range.end
        let bytes = text.bytes
        while end < bytes.count, [UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: ","), UInt8(ascii: ";")].contains(bytes[end]) {
            end += 1
        }
        return SourceRange(item.range.start, end)
    }

    // MARK: Blocks on one line

    private enum Rewritten {
        case property(String)
        case declaration(String)
        case new(NewDeclaration)
    }

    private func rewriteOneLine(_ site: BlockSite, _ operations: [BlockOp], work: inout Work) -> Bool {
        var items: [(name: String?, item: Rewritten)] = []
        if let block = site.block {
            for item in block.items {
                let rendered = work.consume(item.range, bytes: text.bytes)
                switch item {
                case .property(let property): items.append((property.name.name, .property(rendered)))
                case .declaration(let declaration): items.append((declaration.identifier.name, .declaration(rendered)))
                }
            }
        }
        func propertyPosition(_ name: String) -> Int? {
            items.firstIndex { entry in
                if case .property = entry.item { return entry.name == name }
                return false
            }
        }
        for operation in operations {
            switch operation {
            case .set(let name, let value):
                if let position = propertyPosition(name) {
                    items[position].item = .property("\(name): \(value)")
                } else {
                    let lastProperty = items.lastIndex { if case .property = $0.item { return true } else { return false } }
                    items.insert((name, .property("\(name): \(value)")), at: lastProperty.map { $0 + 1 } ?? 0)
                }
            case .rename(let from, let to):
                guard let position = propertyPosition(from), case .property(let written) = items[position].item,
                      written.hasPrefix(from) else { return false }
                items[position] = (to, .property(to + written.dropFirst(from.count)))
            case .remove(let name):
                guard let position = propertyPosition(name) else { return false }
                items.remove(at: position)
            case .add(let declaration):
                items.append((declaration.id, .new(declaration)))
            case .removeItem(let name):
                guard let position = items.firstIndex(where: { $0.name == name }),
                      case .declaration(let written) = items[position].item else { return false }
                work.movedTexts[name] = written
                items.remove(at: position)
            }
        }
        let replaced = site.block.map { SourceRange(site.headEnd, $0.range.end) } ?? SourceRange(site.headEnd, site.headEnd)
        if site.block != nil { _ = work.consume(replaced, bytes: text.bytes) }
        guard !items.isEmpty else {
            work.patches.append(TextPatch(replaced, ""))
            return true
        }
        let multiLine = items.contains { if case .property = $0.item { return false } else { return true } }
        var rendered: String
        if multiLine {
            let inner = site.indentation + "  "
            rendered = " {\n"
            for (_, item) in items {
                switch item {
                case .property(let written), .declaration(let written): rendered += inner + written + "\n"
                case .new(let declaration): rendered += declaration.lines(indent: inner).joined(separator: "\n") + "\n"
                }
            }
            rendered += site.indentation + "}"
        } else {
            rendered = " { " + items.map { entry -> String in
                if case .property(let written) = entry.item { return written }
                return ""
            }.joined(separator: ", ") + " }"
        }
        work.patches.append(TextPatch(replaced, rendered, exclusive: site.block == nil))
        return true
    }
}
