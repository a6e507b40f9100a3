/// Turns a fix's edits into text patches against the file they were computed
/// from, touching only the text the edits are about: the rest of the file, its
/// comments and its layout stay as the author wrote them.
///
/// The edits of one fix are compiled together, in phases, innermost text first:
/// link statements; then blocks, deepest first (a block written on one line is
/// rewritten whole, taking in the patches inside it); then declarations moved into
/// a new cluster (their text, with the patches inside it, goes into the cluster);
/// then new declarations, links and comment edits. The result is nil when an edit
/// names something the file does not have, or when two patches would overlap.
public struct EditCompiler {
    let index: SyntaxIndex
    let design: Design
    /// Link indexes by their statement.
    let linksByStatement: [Int: [Int]]

    public init(tree: SyntaxTree, design: Design) {
        index = SyntaxIndex(tree: tree)
        self.design = design
        var byStatement: [Int: [Int]] = [:]
        for link in design.links { byStatement[link.statement, default: []].append(link.index) }
        linksByStatement = byStatement
    }

    var text: SourceText { index.text }

    /// The patches that carry out these edits, or nil when they cannot be.
    public func patches(for edits: [Edit]) -> [TextPatch]? {
        var work = Work()
        // Gather.
        for edit in edits {
            switch edit {
            case .setProperty(.link(let link), let name, let value):
                guard let statement = statement(of: link) else { return nil }
                work.linkOps[statement, default: []].append((link.index, .setProperty(name, value)))
            case .removeProperty(.link(let link), let name, _):
                guard let statement = statement(of: link) else { return nil }
                for other in linksByStatement[statement] ?? [] { work.linkOps[statement, default: []].append((other, .removeProperty(name))) }
            case .renameProperty(.link(let link), let from, let to):
                guard let statement = statement(of: link) else { return nil }
                for other in linksByStatement[statement] ?? [] { work.linkOps[statement, default: []].append((other, .renameProperty(from, to))) }
            case .setProperty(let owner, let name, let value):
                work.blockOps[key(owner), default: []].append(.set(name, value))
            case .removeProperty(let owner, let name, _):
                work.blockOps[key(owner), default: []].append(.remove(name))
            case .renameProperty(let owner, let from, let to):
                work.blockOps[key(owner), default: []].append(.rename(from, to))
            case .setProtocol(let link, let name, let port):
                guard let statement = statement(of: link) else { return nil }
                work.linkOps[statement, default: []].append((link.index, .setProtocol(name, port)))
            case .setLinkProperty(let link, let name, let value):
                guard let statement = statement(of: link) else { return nil }
                work.linkOps[statement, default: []].append((link.index, .setProperty(name, value)))
            case .retarget(let link, let end, let name):
                guard let statement = statement(of: link) else { return nil }
                work.linkOps[statement, default: []].append((link.index, .retarget(end, name)))
            case .removeLink(let link):
                guard let statement = statement(of: link) else { return nil }
                work.linkOps[statement, default: []].append((link.index, .remove))
            case .insertHop(let link, let via):
                guard let statement = statement(of: link) else { return nil }
                work.linkOps[statement, default: []].append((link.index, .hop(via)))
            case .declareInside(let host, let declaration), .addMember(let host, let declaration):
                work.blockOps[.declaration(host), default: []].append(.add(declaration))
            case .cluster(let cluster):
                work.clusters.append(cluster)
                for case .existing(let name, let server?) in cluster.members {
                    work.blockOps[.declaration(server), default: []].append(.removeItem(name))
                }
            case .declare, .addLink, .editComment:
                work.late.append(edit)
            }
        }
        // Phase A: link statements.
        // A link the fix writes twice (php -> main and php -> r1 both pointed at one
        // cluster) is written once: two identical links mean what one does.
        var written = Set<String>()
        for (statement, operations) in work.linkOps.sorted(by: { $0.key < $1.key }) {
            guard let patch = rewriteLinkStatement(statement, operations, written: &written) else { return nil }
            work.patches.append(patch)
        }
        // Phase B: blocks, deepest first.
        let owners = work.blockOps.keys.sorted { depth($0) != depth($1) ? depth($0) > depth($1) : ordering($0) < ordering($1) }
        for owner in owners {
            guard editBlock(owner, work.blockOps[owner] ?? [], work: &work) else { return nil }
        }
        // Phase C: clusters, taking in the declarations they hold.
        for cluster in work.clusters {
            guard buildCluster(cluster, work: &work) else { return nil }
        }
        // Phase D: what stands on its own.
        for edit in work.late {
            guard let patch = latePatch(edit) else { return nil }
            work.patches.append(patch)
        }
        let patches = work.patches
        for i in patches.indices {
            for j in patches.indices where j > i && patches[i].conflicts(with: patches[j]) { return nil }
        }
        return patches
    }

    // MARK: Working state

    enum BlockKey: Hashable {
        case design
        case declaration(String)
    }

    enum BlockOp {
        case set(String, String)
        case remove(String)
        case rename(String, String)
        case add(NewDeclaration)
        /// A component moved out (into a new cluster).
        case removeItem(String)
    }

    enum LinkOp {
        case setProtocol(String, Int?)
        case setProperty(String, String)
        case removeProperty(String)
        case renameProperty(String, String)
        case retarget(LinkEnd, String)
        case remove
        case hop(String)
    }

    struct Work {
        var blockOps: [BlockKey: [BlockOp]] = [:]
        var linkOps: [Int: [(link: Int, op: LinkOp)]] = [:]
        var clusters: [NewCluster] = []
        var late: [Edit] = []
        var patches: [TextPatch] = []
        /// Text of components taken out of a block by its rewrite, for the cluster they go into.
        var movedTexts: [String: String] = [:]
        /// Whole-line ranges of components left for the cluster phase to take out.
        var movedLines: [String: SourceRange] = [:]

        /// The text of a range with the patches inside it applied; those patches are taken out.
        mutating func consume(_ range: SourceRange, bytes: [UInt8]) -> String {
            var inside: [TextPatch] = []
            // A range that ends the file without a newline ends inside its last line:
            // an insertion there (`{ role: primary }` after `database db`) is part of it.
            let endsUnterminatedFile = range.end >= bytes.count && range.end > range.start && bytes.last != UInt8(ascii: "\n")
            func within(_ patch: TextPatch) -> Bool {
                let atEnd = patch.range.start == range.end && !endsUnterminatedFile
                return patch.range.start >= range.start && patch.range.end <= range.end
                    && !(patch.range.start == patch.range.end && (patch.range.start == range.start || atEnd))
            }
            // Usually nothing is inside: the list is left as it is, not copied (a
            // cluster of n members consumes n ranges against up to n patches).
            if patches.contains(where: within) {
                var outside: [TextPatch] = []
                for patch in patches {
                    if within(patch) { inside.append(patch) } else { outside.append(patch) }
                }
                patches = outside
            }
            let shifted = inside.map { TextPatch(SourceRange($0.range.start - range.start, $0.range.end - range.start), $0.replacement) }
            let slice = Array(bytes[min(range.start, bytes.count)..<min(range.end, bytes.count)])
            return String(decoding: TextPatch.apply(shifted, to: slice), as: UTF8.self)
        }
    }

    private func key(_ owner: PropertyOwnerRef) -> BlockKey {
        switch owner {
        case .design, .link: return .design
        case .named(let name): return .declaration(name)
        }
    }

    private func depth(_ key: BlockKey) -> Int {
        guard case .declaration(let name) = key else { return 0 }
        return index[name]?.chain.count ?? 0
    }

    private func ordering(_ key: BlockKey) -> Int {
        guard case .declaration(let name) = key else { return -1 }
        return index[name]?.declaration.range.start ?? Int.max
    }

    func statement(of link: LinkRef) -> Int? {
        guard design.links.indices.contains(link.index) else { return nil }
        let declared = design.links[link.index]
        guard declared.fromName == link.from, declared.toName == link.to else { return nil }
        return declared.statement
    }

    // MARK: Phase C: clusters

    private func buildCluster(_ cluster: NewCluster, work: inout Work) -> Bool {
        var memberTexts: [String] = []
        var anchor: SourceRange?
        /// For an anchor inside a line: what goes before the cluster, and whether the
        /// line's end follows it (then the cluster text gives up its last line break).
        var anchorPrefix = ""
        var anchorKeepsLine = false
        var insertAfter: Int?
        for member in cluster.members {
            switch member {
            case .new(let declaration):
                memberTexts.append(declaration.lines(indent: "  ").joined(separator: "\n") + "\n")
            case .existing(let name, let server):
                guard let entry = index[name] else { return false }
                let declaration = entry.declaration
                let indentation = text.indentation(ofLineAt: declaration.range.start)
                var moved: String
                if entry.isTopLevel, let shared = sharedLine(declaration.range) {
                    // Other statements on its line (`database d; web-server w`): only the
                    // declaration moves, and the others stay where they are.
                    guard server == nil else { return false }
                    // Consumed past the declaration's end, so that what other edits add
                    // right after it (a `{ role: primary }` block) moves with it.
                    let lineEnd = text.nextLineStart(declaration.range.end)
                    let consumedEnd = shared.endsLine ? lineEnd : max(shared.removal.end, declaration.range.end + 1)
                    moved = work.consume(SourceRange(declaration.range.start, consumedEnd), bytes: text.bytes)
                    while let last = moved.last, [" ", "\t", ";", "\n", "\r"].contains(last) { moved.removeLast() }
                    // The line's own break stays.
                    var removalEnd = consumedEnd
                    if shared.endsLine, removalEnd > 0, removalEnd <= text.bytes.count, text.bytes[removalEnd - 1] == UInt8(ascii: "\n") {
                        removalEnd -= 1
                    }
                    let removal = SourceRange(shared.removal.start, max(removalEnd, shared.removal.end))
                    if anchor == nil {
                        anchor = removal
                        anchorPrefix = shared.before ? "\n" : ""
                        anchorKeepsLine = shared.endsLine
                    } else {
                        work.patches.append(TextPatch(removal, ""))
                    }
                } else if entry.isTopLevel {
                    guard server == nil else { return false }
                    // The first member's comments stay above the cluster, unless they
                    // hold an infralint directive, which belongs to the member.
                    let withComments = text.wholeLines(declaration.range, withLeadingComments: true)
                    let directive = index.tree.comments.contains {
                        $0.range.start >= withComments.start && $0.range.end <= declaration.range.start && $0.text.hasPrefix("infralint:")
                    }
                    let first = anchor == nil
                    let range = text.wholeLines(declaration.range, withLeadingComments: !first || directive)
                    moved = work.consume(range, bytes: text.bytes)
                    if first {
                        anchor = range
                    } else {
                        work.patches.append(TextPatch(range, ""))
                    }
                } else if entry.chain.count == 2, let server, entry.parent?.identifier.name == server {
                    if let range = work.movedLines[name] {
                        moved = work.consume(range, bytes: text.bytes)
                        work.patches.append(TextPatch(range, ""))
                    } else if let taken = work.movedTexts[name] {
                        moved = taken
                    } else {
                        return false
                    }
                    if insertAfter == nil {
                        insertAfter = text.nextLineStart(index.tree.statements[entry.statement].range.end)
                    }
                } else {
                    return false
                }
                if !moved.hasSuffix("\n") { moved += "\n" }
                memberTexts.append(Self.reindent(moved, removing: indentation, adding: "  "))
            }
        }
        var clusterText = "cluster \(cluster.id)"
        if let network = cluster.network { clusterText += " in \(network)" }
        clusterText += " {\n"
        for property in cluster.properties { clusterText += "  \(property.text)\n" }
        clusterText += memberTexts.joined() + "}\n"
        if let anchor {
            let body = anchorKeepsLine ? String(clusterText.dropLast()) : clusterText
            work.patches.append(TextPatch(anchor, anchorPrefix + body))
        } else if let insertAfter {
            let prefix = insertAfter == text.bytes.count && text.bytes.last != UInt8(ascii: "\n") ? "\n\n" : "\n"
            work.patches.append(TextPatch(SourceRange(insertAfter, insertAfter), prefix + clusterText))
        } else {
            return false
        }
        return true
    }

    /// When a top-level declaration shares its line with other statements: the text
    /// to remove (the declaration with the `;` that separates it from the next
    /// statement, or from the previous one when it comes last), and whether
    /// statements stand before it. Nil when it has its lines to itself.
    /// `endsLine`: nothing but the line's end (or a comment) follows the removal.
    func sharedLine(_ range: SourceRange) -> (removal: SourceRange, before: Bool, endsLine: Bool)? {
        let bytes = text.bytes
        func isBlank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        let lineStart = text.lineStart(range.start)
        let before = bytes[lineStart..<range.start].contains { !isBlank($0) }
        var after = range.end
        while after < bytes.count, isBlank(bytes[after]) { after += 1 }
        let statementAfter = after < bytes.count && bytes[after] == UInt8(ascii: ";")
        guard before || statementAfter else { return nil }
        if statementAfter {
            var end = after + 1
            while end < bytes.count, isBlank(bytes[end]) { end += 1 }
            // `d; # comment` or `d;` at the end of the line: nothing follows it.
            if end >= bytes.count || bytes[end] == UInt8(ascii: "\n") || bytes[end] == UInt8(ascii: "#") {
                guard before else { return nil }
            } else {
                return (SourceRange(range.start, end), before, false)
            }
        }
        // Last on its line: take the `;` and blanks before it.
        var start = range.start
        while start > lineStart, isBlank(bytes[start - 1]) { start -= 1 }
        if start > lineStart, bytes[start - 1] == UInt8(ascii: ";") { start -= 1 }
        while start > lineStart, isBlank(bytes[start - 1]) { start -= 1 }
        return (SourceRange(start, statementAfter ? after + 1 : range.end), true, true)
    }

    /// Moves text from one indentation to another, line by line (blank lines stay empty).
    static func reindent(_ text: String, removing old: String, adding new: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines.map { line -> String in
            guard !line.allSatisfy({ $0 == " " || $0 == "\t" }) else { return "" }
            let stripped = line.hasPrefix(old) ? String(line.dropFirst(old.count)) : String(line.drop { $0 == " " || $0 == "\t" })
            return new + stripped
        }.joined(separator: "\n") + "\n"
    }

    // MARK: Phase D: new statements and comments

    private func latePatch(_ edit: Edit) -> TextPatch? {
        let bytes = text.bytes
        func insertion(at offset: Int, _ lines: [String]) -> TextPatch {
            let needsBreak = offset == bytes.count && offset > 0 && bytes[offset - 1] != UInt8(ascii: "\n")
            return TextPatch(SourceRange(offset, offset), (needsBreak ? "\n" : "") + lines.joined(separator: "\n") + "\n")
        }
        switch edit {
        case .declare(let declaration, let placement):
            guard let offset = offset(of: placement) else { return nil }
            if placement == .afterDeclarations, offset > 0, !text.isBlank(text.lineStart(offset - 1)..<(offset - 1)) {
                return insertion(at: offset, [""] + declaration.lines(indent: ""))
            }
            return insertion(at: offset, declaration.lines(indent: ""))
        case .addLink(let link, let after):
            var offset = bytes.count
            if let after {
                guard let statement = statement(of: after) else { return nil }
                offset = text.nextLineStart(index.tree.statements[statement].range.end)
            } else if let last = index.tree.statements.last, text.holdsSuppression(from: text.nextLineStart(last.range.end)) {
                // A suppression among the closing comments silences nothing yet; appended
                // after it, the link would be what it silences.
                offset = text.nextLineStart(last.range.end)
            }
            return insertion(at: offset, [link.text])
        case .editComment(let comment, let newText):
            guard index.tree.comments.contains(where: { $0.range == comment.range }) else { return nil }
            if let newText { return TextPatch(comment.range, newText) }
            if text.isBlank(text.lineStart(comment.range.start)..<comment.range.start) {
                return TextPatch(text.wholeLines(comment.range, withLeadingComments: false), "")
            }
            var start = comment.range.start
            while start > 0, bytes[start - 1] == UInt8(ascii: " ") || bytes[start - 1] == UInt8(ascii: "\t") { start -= 1 }
            return TextPatch(SourceRange(start, comment.range.end), "")
        default:
            return nil
        }
    }

    private func offset(of placement: Placement) -> Int? {
        let statements = index.tree.statements
        switch placement {
        case .before(let name):
            guard let entry = index[name] else { return nil }
            return text.startWithLeadingComments(statements[entry.statement].range.start)
        case .afterDeclarations:
            guard let last = statements.lastIndex(where: { if case .declaration = $0 { return true } else { return false } }) else {
                if let header = index.header { return text.nextLineStart(header.range.end) }
                return 0
            }
            return text.nextLineStart(statements[last].range.end)
        case .beforeElements:
            let first = statements.first { statement in
                if case .declaration(let declaration) = statement { return declaration.keyword != .network }
                return false
            }
            if let first { return text.startWithLeadingComments(first.range.start) }
            return offset(of: .afterDeclarations)
        }
    }
}
