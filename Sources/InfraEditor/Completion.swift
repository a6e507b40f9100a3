import Foundation
import InfraCore

/// Completion from where the cursor stands: kinds and keywords at the start of a
/// statement, the property names of the block in hand, a property's values, declared
/// names after `->`, `,` or `in`, and protocols after a link's `:`. Candidates that
/// begin with what is typed come first, then the rest by how close they are to it
/// (did-you-mean), so a typo still finds its word.
enum Completion {
    /// CompletionItemKind: Keyword 14, Property 10, Value 12 (here EnumMember 20), Reference 18.
    private enum Kind: Int { case property = 10, keyword = 14, reference = 18, value = 20 }

    static func items(_ analysis: Analysis, offset: Int) -> JSON {
        let source = analysis.source
        let lineStart = source.lineRange(source.line(at: offset)).lowerBound
        let before = String(decoding: source.bytes[lineStart..<max(lineStart, min(offset, source.bytes.count))], as: UTF8.self)
        let prefix = typedWord(before)
        let head = String(before.dropLast(prefix.count))
        let trimmed = head.trimmingTrailingBlanks
        let prefixRange = SourceRange(offset - prefix.utf8.count, offset)
        let names = analysis.symbols.declaredNames.filter { $0 != prefix }
        let holder = innermost(at: offset, in: analysis.parsed.tree)
        let owner = holder?.owner

        var candidates: [(String, Kind, String?)] = []
        if trimmed.hasSuffix("->") || (trimmed.hasSuffix(",") && isLinkHead(trimmed)) {
            // Not the link's own source: a link joins two different elements.
            let source = linkSource(trimmed)
            candidates = names.filter { $0 != source }.map { ($0, .reference, kindName($0, analysis)) }
        } else if trimmed.hasSuffix(":"), isLinkHead(trimmed) {
            candidates = Protocols.known.sorted().map { ($0, .value, Protocols.isEncrypted($0) ? "encrypted" : nil) }
        } else if trimmed.hasSuffix(" in") || trimmed == "in" {
            candidates = analysis.parsed.design.networks.map { ($0.id, .reference, "network") }
        } else if let (property, _) = propertyBeingValued(trimmed), let owner {
            candidates = values(of: property, owner: owner, declaring: holder?.name, analysis: analysis)
        } else if let owner, startsBlockItem(trimmed) {
            // After the block's `{`, a `;` or a `,`: a property, or what the block may hold.
            let set = holder?.set ?? []
            candidates = PropertyCatalog.specs(for: owner).filter { !set.contains($0.name) }.map { ($0.name, .property, $0.summary) }
            if case .element(let kind) = owner {
                candidates += ElementKind.allCases.filter(kind.mayHold).map { ($0.keyword, .keyword, "declare \(withArticle($0.noun)) inside") }
            } else if owner == .cluster {
                candidates += ElementKind.allCases.map { ($0.keyword, .keyword, "declare \(withArticle($0.noun)) as a member") }
            }
        } else if owner == nil, trimmed.allSatisfy({ $0 == " " || $0 == "\t" || $0 == ";" }) {
            candidates = ElementKind.allCases.map { ($0.keyword, .keyword, "declare \(withArticle($0.noun))") }
                + ["cluster", "network", "design"].map { ($0, .keyword, nil) }
                + names.map { ($0, .reference, "a link from \($0)") }
        }
        return .array(ranked(candidates, prefix: prefix).enumerated().map { rank, candidate in
            var item: [String: JSON] = [
                "label": JSON(candidate.0),
                "kind": JSON(candidate.1.rawValue),
                "sortText": JSON(String(format: "%05d", rank)),
                "textEdit": ["range": source.lspRange(prefixRange), "newText": JSON(candidate.0)],
            ]
            if let detail = candidate.2 { item["detail"] = JSON(detail) }
            return .object(item)
        })
    }

    /// Candidates beginning with the typed word first, in their own order; then the
    /// others by edit distance to it (ties in their own order). All when nothing is typed.
    static func ranked<T>(_ candidates: [(String, T, String?)], prefix: String) -> [(String, T, String?)] {
        guard !prefix.isEmpty else { return candidates }
        let starting = candidates.filter { $0.0.hasPrefix(prefix) }
        let others = candidates.enumerated().filter { !$0.element.0.hasPrefix(prefix) }
            .map { (distance: Suggestions.editDistance(prefix, String($0.element.0.prefix(prefix.count + 2))), order: $0.offset, candidate: $0.element) }
            .sorted { ($0.distance, $0.order) < ($1.distance, $1.order) }
        return starting + others.map(\.candidate)
    }

    /// The identifier characters just before the cursor (a `-` of `->` is not one).
    static func typedWord(_ before: String) -> String {
        var word: [Character] = []
        var rest = Array(before)
        while let last = rest.last {
            let isWord = last.isLetter || last.isNumber || last == "_" || last == "-"
            guard isWord else { break }
            word.insert(last, at: 0)
            rest.removeLast()
        }
        return String(word)
    }

    /// `  replicates: `, `records: ["a", ` or, in a one-line block,
    /// `database d { role: replica, replicates: ` → the property's name.
    private static func propertyBeingValued(_ head: String) -> (String, Bool)? {
        // The last property: after the last `{`, `,` or `;` outside brackets.
        var depth = 0
        var start = head.startIndex
        for index in head.indices {
            switch head[index] {
            case "[": depth += 1
            case "]": depth = max(0, depth - 1)
            case "{" where depth == 0, "," where depth == 0, ";" where depth == 0: start = head.index(after: index)
            default: break
            }
        }
        let text = head[start...].drop { $0 == " " || $0 == "\t" }
        guard let colon = text.firstIndex(of: ":") else { return nil }
        let name = String(text[..<colon]).trimmingTrailingBlanks
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0 == "-" }) else { return nil }
        let after = text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        let inList = after.hasPrefix("[")
        guard after.isEmpty || inList else { return nil }
        return (name, inList)
    }

    private static func isLinkHead(_ text: String) -> Bool { text.contains("->") }

    /// `a -> b -> ` or `a -> b, ` → `b` and `a`: the element the link being typed leaves.
    private static func linkSource(_ head: String) -> String? {
        guard let arrow = head.range(of: "->", options: .backwards) else { return nil }
        let word = typedWord(String(head[..<arrow.lowerBound]).trimmingTrailingBlanks)
        return word.isEmpty ? nil : word
    }

    /// Whether the text before the cursor ends where a block item starts: after the
    /// block's `{`, a `;` or a `,` outside brackets, with only blanks since (or
    /// nothing at all on a new line inside the block).
    private static func startsBlockItem(_ head: String) -> Bool {
        var depth = 0
        var tail = Substring(head)
        for index in head.indices {
            switch head[index] {
            case "[": depth += 1
            case "]": depth = max(0, depth - 1)
            case "{" where depth == 0, ";" where depth == 0, "," where depth == 0: tail = head[head.index(after: index)...]
            default: break
            }
        }
        return depth == 0 && tail.allSatisfy { $0 == " " || $0 == "\t" }
    }

    private static func values(of property: String, owner: PropertyOwner, declaring name: String?,
                               analysis: Analysis) -> [(String, Kind, String?)] {
        guard let spec = PropertyCatalog.specs(for: owner).first(where: { $0.name == property }) else { return [] }
        let design = analysis.parsed.design
        switch spec.type {
        case .choice(let choices): return choices.map { ($0, .value, nil) }
        case .boolean: return [("true", .value, nil), ("false", .value, nil)]
        case .reference, .referenceList:
            let wanted: ElementKind? = property == "replicates" ? .database : property == "reports-to" ? .monitor : nil
            // Not the element being declared: a database does not replicate itself.
            return design.elements.filter { (wanted == nil || $0.kind == wanted) && $0.id != name }.map { ($0.id, .reference, $0.kind.noun) }
        default: return []
        }
    }

    private static func kindName(_ name: String, _ analysis: Analysis) -> String? {
        let design = analysis.parsed.design
        switch design.symbols[name] {
        case .element(let index): return design.elements[index].kind.noun
        case .cluster: return "cluster"
        case .network: return "network"
        case nil: return nil
        }
    }

    /// Whose block the offset is inside: the innermost declaration (with its name),
    /// link or design header.
    static func innermost(at offset: Int, in tree: SyntaxTree) -> (owner: PropertyOwner, name: String?, set: Set<String>)? {
        // A block still open at the end of the file (being typed) holds the end too.
        let bytes = tree.file.bytes
        func inside(_ block: Block?) -> Bool {
            guard let block, block.range.start < offset else { return false }
            return offset < block.range.end || (block.range.end >= bytes.count && bytes.last != UInt8(ascii: "}"))
        }
        // The properties the block already sets: not offered again.
        func set(_ block: Block?) -> Set<String> { Set((block?.properties ?? []).map(\.name.name)) }
        func owner(_ declaration: Declaration) -> (owner: PropertyOwner, name: String?, set: Set<String>)? {
            guard inside(declaration.block) else { return nil }
            for nested in declaration.block?.declarations ?? [] {
                if let found = owner(nested) { return found }
            }
            return (declaration.keyword.owner, declaration.identifier.name, set(declaration.block))
        }
        for statement in tree.statements {
            switch statement {
            case .design(let header): if inside(header.block) { return (.design, nil, set(header.block)) }
            case .link(let link): if inside(link.block) { return (.link, nil, set(link.block)) }
            case .declaration(let declaration): if let found = owner(declaration) { return found }
            }
        }
        return nil
    }
}

extension String {
    var trimmingTrailingBlanks: String {
        var text = self
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return text
    }
}
