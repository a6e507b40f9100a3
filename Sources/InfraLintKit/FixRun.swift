import InfraCore
import InfraRules

/// `fix`: applies the findings' fixes to a file, in passes, as ruff does: each
/// pass lints the file, compiles the eligible fixes against its syntax, applies
/// those that touch different text and declare different names, and checks that
/// the result still parses. Fixes that could not go with others are recomputed and
/// applied on the next pass; a finding whose fix was applied is never fixed again,
/// so the passes end.
public enum FixRun {
    public struct Options: Sendable {
        /// Apply unsafe fixes too.
        public var unsafe = false
        /// Only these codes (all when nil).
        public var select: Set<String>?
        public var lint = LintOptions()
        public var maxPasses = 10

        public init() {}

        func allows(_ finding: Finding) -> Bool {
            guard let fix = finding.fix, fix.applicability != .manual, !fix.edits.isEmpty else { return false }
            if fix.applicability == .unsafe, !unsafe { return false }
            if let select, !select.contains(finding.code) { return false }
            return true
        }
    }

    public struct Outcome: Sendable {
        public var source: SourceFile
        /// The text after the fixes (the source's text when nothing applied, or on parse errors).
        public var text: String
        /// The findings whose fixes were applied, in the order applied.
        public var fixed: [Finding]
        /// What the fixed file still reports, and what it silences.
        public var remaining: [Finding]
        public var suppressed: [Finding]
        /// Parse errors of the file as given: nothing was changed.
        public var parseErrors: [Finding]
        /// Fixes that could not be compiled, or whose result did not parse: not applied.
        public var failed: [Finding]
        /// True when the passes ran out with fixes still to apply.
        public var unfinished: Bool
        public var passes: Int

        public var changed: Bool { text != source.text }
    }

    public static func fix(_ source: SourceFile, options: Options) -> Outcome {
        var current = source
        var fixed: [Finding] = []
        var failed: [Finding] = []
        /// Fingerprints never to fix again in this run.
        var done = Set<String>()
        var passes = 0
        var unfinished = false
        let first = Frontend.read(source)
        guard first.errors.isEmpty else {
            return Outcome(source: source, text: source.text, fixed: [], remaining: first.errors, suppressed: [],
                           parseErrors: first.errors, failed: [], unfinished: false, passes: 0)
        }
        var parsed = first
        var lastFixed: [String: Finding] = [:]
        var attempts: [String: Int] = [:]
        while true {
            let (shown, _) = LintRun.findings(for: parsed.design, options: options.lint)
            // A finding still there after its fix gets one more try, recomputed on the
            // new text (fixes applied together can undo each other); after that, its fix
            // is reported as failed. One that is back for another reason (another
            // message or fix: another fix added a link it reports) gets four tries in
            // all. One whose finding came back later may be fixed again.
            for finding in shown {
                guard let stuck = lastFixed.removeValue(forKey: finding.fingerprint) else { continue }
                let same = stuck.message == finding.message && stuck.fix?.text == finding.fix?.text
                if attempts[stuck.fingerprint, default: 0] >= (same ? 2 : 4) {
                    done.insert(stuck.fingerprint)
                    failed.append(stuck)
                }
            }
            lastFixed = [:]
            let candidates = shown.filter { options.allows($0) && !done.contains($0.fingerprint) }
            guard !candidates.isEmpty else { break }
            guard passes < options.maxPasses else {
                unfinished = true
                break
            }
            passes += 1
            var compiled = CompiledFixes(EditCompiler(tree: parsed.tree, design: parsed.design))
            // Each entry: the findings its edits answer, compiled together.
            var chosen: [Chosen] = []
            var names = Set<String>()
            // A fix chosen in this pass also answers the other findings it was given
            // for (clustering a tier answers each member's AV001): they are gone at
            // the next pass.
            var chosenFixes = Set<DigestKey<[Edit]>>()
            for finding in candidates {
                if let fix = finding.fix, chosenFixes.contains(DigestKey(edits: fix.edits)) { continue }
                guard let fix = finding.fix, let patches = compiled.patches(for: fix.edits) else {
                    failed.append(finding)
                    done.insert(finding.fingerprint)
                    continue
                }
                guard names.isDisjoint(with: fix.declaredNames) else { continue }
                let clashing = chosen.indices.filter { index in
                    chosen[index].patches.contains { old in patches.contains { $0.conflicts(with: old) } }
                }
                if clashing.isEmpty {
                    chosen.append(Chosen(findings: [finding], edits: fix.edits, patches: patches))
                } else {
                    // Fixes that only change links (each re-encrypting its own links of
                    // `catalog, orders -> sessions`) are compiled together, so that the
                    // statement keeps its shape instead of being split over passes. Any
                    // other clash waits for the next pass, linted again: fixes made for
                    // one design can overlap (two clusters over one replica).
                    let edits = clashing.flatMap { chosen[$0].edits } + fix.edits
                    guard edits.allSatisfy(\.changesLinkOnly) else { continue }
                    guard let merged = compiled.patches(for: edits),
                          Frontend.read(apply(merged, to: current)).errors.isEmpty else { continue }
                    let others = chosen.indices.filter { !clashing.contains($0) }
                    guard !others.contains(where: { index in
                        chosen[index].patches.contains { old in merged.contains { $0.conflicts(with: old) } }
                    }) else { continue }
                    let findings = clashing.flatMap { chosen[$0].findings } + [finding]
                    chosen = others.map { chosen[$0] } + [Chosen(findings: findings, edits: edits, patches: merged)]
                }
                names.formUnion(fix.declaredNames)
                chosenFixes.insert(DigestKey(edits: fix.edits))
            }
            guard !chosen.isEmpty else { break }
            // Apply them together; if the result does not parse, apply them one at a
            // time and leave out those that break it.
            var next = apply(chosen.flatMap(\.patches), to: current)
            var nextParsed = Frontend.read(next)
            var applied = chosen
            if !nextParsed.errors.isEmpty {
                applied = []
                next = current
                nextParsed = parsed
                for candidate in chosen {
                    guard Frontend.read(apply(candidate.patches, to: current)).errors.isEmpty else {
                        failed.append(contentsOf: candidate.findings)
                        for finding in candidate.findings { done.insert(finding.fingerprint) }
                        continue
                    }
                    // Fine alone but not with the others: it waits for the next pass.
                    let merged = apply(applied.flatMap(\.patches) + candidate.patches, to: current)
                    guard Frontend.read(merged).errors.isEmpty else { continue }
                    applied.append(candidate)
                    next = merged
                }
                nextParsed = Frontend.read(next)
            }
            for finding in applied.flatMap(\.findings) {
                fixed.append(finding)
                lastFixed[finding.fingerprint] = finding
                attempts[finding.fingerprint, default: 0] += 1
            }
            guard !applied.isEmpty else { break }
            current = next
            parsed = nextParsed
        }
        let (remaining, suppressed) = LintRun.findings(for: parsed.design, options: options.lint)
        return Outcome(source: source, text: current.text, fixed: fixed, remaining: remaining, suppressed: suppressed,
                       parseErrors: [], failed: failed, unfinished: unfinished, passes: passes)
    }

    /// The file with patches applied, under the same path.
    static func apply(_ patches: [TextPatch], to source: SourceFile) -> SourceFile {
        SourceFile(path: source.path, text: String(decoding: TextPatch.apply(patches, to: source.bytes), as: UTF8.self))
    }

    /// Fixes compiled against their file, for SARIF's `artifactChanges`: each
    /// finding's fix gets its patches, or keeps none when it cannot be compiled.
    public static func compile(_ findings: [Finding], parsed: ParsedDesign) -> [Finding] {
        var compiled = CompiledFixes(EditCompiler(tree: parsed.tree, design: parsed.design))
        return findings.map { finding in
            guard var fix = finding.fix, fix.applicability != .manual else { return finding }
            fix.patches = compiled.patches(for: fix.edits)
            var compiled = finding
            compiled.fix = fix
            return compiled
        }
    }
}

/// Fixes chosen in one pass of `FixRun.fix`, compiled together: the findings
/// they answer, their edits and the patches they make.
private struct Chosen {
    var findings: [Finding]
    var edits: [Edit]
    var patches: [TextPatch]
}

/// Fixes compiled against one text. One fix often answers several findings
/// (clustering a tier answers each member's AV001): it is compiled once and its
/// patches shared.
struct CompiledFixes {
    let compiler: EditCompiler
    private var known: [DigestKey<[Edit]>: [TextPatch]?] = [:]

    init(_ compiler: EditCompiler) { self.compiler = compiler }

    /// The edits as patches of the text; nil when they cannot be compiled.
    mutating func patches(for edits: [Edit]) -> [TextPatch]? {
        let key = DigestKey(edits: edits)
        if let patches = known[key] { return patches }
        let patches = compiler.patches(for: edits)
        known[key] = .some(patches)
        return patches
    }
}
