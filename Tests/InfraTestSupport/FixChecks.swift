import InfraAnalysis
import InfraCore
import InfraLintKit
import InfraRules

/// The properties every fix must have, checked on one design: applied alone, each
/// fix's edits give a file that parses, with no new unknown property, without the
/// finding it fixes, and with no more error-level findings of any rule (one fewer
/// of the fixed one, when it is an error); its printed text is the rendering of its
/// edits. Applying every safe fix, then fixing again, changes nothing; so does
/// fixing again after every unsafe fix.
public enum FixChecks {
    /// What went wrong, one line each; empty when every fix behaves.
    public static func problems(in text: String, name: String) -> [String] {
        let source = SourceFile(path: name, text: text)
        let parsed = Frontend.read(source)
        guard parsed.errors.isEmpty else { return [] }
        let findings = LintRun.findings(for: parsed.design, options: LintOptions()).shown
        let unknownBefore = findings.filter { $0.code == "DES003" }.count
        let compiler = EditCompiler(tree: parsed.tree, design: parsed.design)
        var problems: [String] = []
        for finding in findings {
            guard let fix = finding.fix else { continue }
            let subject = "\(name): \(finding.code) \(finding.element ?? "")"
            if fix.text != Fix.render(title: fix.title, edits: fix.edits) {
                problems.append("\(subject): the printed fix is not the rendering of its edits")
            }
            guard fix.applicability != .manual else {
                if !fix.edits.isEmpty { problems.append("\(subject): a manual fix with edits") }
                continue
            }
            guard let patches = compiler.patches(for: fix.edits) else {
                problems.append("\(subject): the fix cannot be applied: \(fix.text)")
                continue
            }
            let fixed = SourceFile(path: name, text: String(decoding: TextPatch.apply(patches, to: source.bytes), as: UTF8.self))
            let after = Frontend.read(fixed)
            if let error = after.errors.first {
                problems.append("\(subject): the fixed file does not parse (\(error.location.start.line):\(error.location.start.column) \(error.message)) after: \(fix.text)")
                continue
            }
            let remaining = LintRun.findings(for: after.design, options: LintOptions()).shown
            // Compared without the rank a second alike link gets (`a->b:http#2`): when
            // the first is fixed, the second takes its name.
            func unranked(_ fingerprint: String) -> Substring {
                guard let hash = fingerprint.lastIndex(of: "#"), fingerprint[fingerprint.index(after: hash)...].allSatisfy(\.isNumber) else {
                    return Substring(fingerprint)
                }
                return fingerprint[..<hash]
            }
            let sameBefore = findings.filter { unranked($0.fingerprint) == unranked(finding.fingerprint) }.count
            if remaining.filter({ unranked($0.fingerprint) == unranked(finding.fingerprint) }).count >= sameBefore {
                problems.append("\(subject): still reported after: \(fix.text)")
            }
            if remaining.filter({ $0.code == "DES003" }).count > unknownBefore {
                problems.append("\(subject): the fix writes an unknown property: \(fix.text)")
            }
            // Errors are compared by fingerprint, with the names the fix touches made
            // alike: a copy of an element that has an error has it too, and an error
            // moves to the cluster an element goes into; any other error is new.
            let touched = touchedNames(fix, design: parsed.design)
            let analysisGrew = !served(after.design).isSubset(of: served(parsed.design))
            var allowed = errorCounts(findings, touched: touched)
            if finding.severity == .error { allowed[normalized(finding.fingerprint, touched), default: 0] -= 1 }
            // A copy of an element has the errors of its original.
            let copies = fix.edits.reduce(0) { $0 + $1.copies }
            for (key, count) in errorCounts(remaining, touched: touched) where count > allowed[key, default: 0] * (key.contains("*") ? 1 + copies : 1) {
                // A fix that lets some client complete what it could not before gives the
                // failure analysis something to analyse: what it then finds was there.
                if analysisGrew, key.hasPrefix("AV") { continue }
                // Correcting a misspelt property makes it mean what was meant: what that
                // reveals (a write sent to a replica once `accets` reads `access`) was
                // hidden by the typo, not made by the fix.
                if finding.code == "DES003" { continue }
                // AV008 weighs the whole design against a target: a fix that puts an
                // element in series (a firewall pair in front of a host) lowers the
                // estimate a little, and a design just at its target falls below it.
                if key.hasPrefix("AV008:") { continue }
                // A fix that lets requests through what served nothing before (health
                // checks on a load balancer whose backend is down) lets the load reach
                // elements it never reached: the overload AV009 then finds was hidden.
                if key.hasPrefix("AV009:") {
                    let name = String(key.dropFirst(6))
                    let names = name == "*" ? Array(touched) : [name]
                    if names.contains(where: { loadGrew(on: $0, before: parsed.design, after: after.design) }) { continue }
                }
                // The members of an active-passive cluster with manual failover are not
                // reported as single points of failure (AV003 is): automatic failover
                // shows those that are single points of failure for other reasons.
                if finding.code == "AV003", key.hasPrefix("AV001:"), let cluster = finding.element,
                   case .cluster(let index)? = parsed.design.symbols[cluster],
                   parsed.design.clusters[index].members.contains(where: { key == "AV001:\(parsed.design.elements[$0].id)" }) {
                    continue
                }
                let added = remaining.filter { $0.severity == .error && normalized($0.fingerprint, touched) == key }.map(\.message)
                problems.append("\(subject): the fix adds an error \(key) (\(added.joined(separator: "; "))) after: \(fix.text)")
            }
        }
        for unsafe in [false, true] {
            var options = FixRun.Options()
            options.unsafe = unsafe
            let first = FixRun.fix(source, options: options)
            if !first.failed.isEmpty {
                problems.append("\(name): fix\(unsafe ? " --unsafe" : "") could not apply \(first.failed.map { "\($0.code) \($0.element ?? "")" })")
            }
            let second = FixRun.fix(SourceFile(path: name, text: first.text), options: options)
            if second.changed {
                problems.append("\(name): fix\(unsafe ? " --unsafe" : "") is not a fixed point: a second run fixes \(second.fixed.map { "\($0.code) \($0.element ?? "")" })")
            }
        }
        return problems
    }

    /// The clients and kinds of request served with nothing failed.
    static func served(_ design: Design) -> Set<String> {
        let model = FailureModel(design: design)
        var served = Set<String>()
        for client in model.graph.clients {
            for kind in RequestKind.allCases where model.failures(of: client, kind).isServed {
                served.insert("\(model.graph.name(of: client)) \(kind)")
            }
        }
        return served
    }

    static func errorCounts(_ findings: [Finding], touched: Set<String>) -> [String: Int] {
        var counts: [String: Int] = [:]
        for finding in findings where finding.severity == .error { counts[normalized(finding.fingerprint, touched), default: 0] += 1 }
        return counts
    }

    /// A fingerprint with the touched names replaced by `*`.
    static func normalized(_ fingerprint: String, _ touched: Set<String>) -> String {
        guard let colon = fingerprint.firstIndex(of: ":") else { return fingerprint }
        let code = fingerprint[..<colon]
        let rest = fingerprint[fingerprint.index(after: colon)...]
        let ends = rest.components(separatedBy: "->").map { end -> String in
            let name = end.split(separator: ":").first.map(String.init) ?? end
            return touched.contains(name) ? "*" : end
        }
        return "\(code):" + ends.joined(separator: "->")
    }

    /// Every name the fix's edits mention.
    static func touchedNames(_ fix: Fix, design: Design) -> Set<String> {
        var names = fix.declaredNames
        for edit in fix.edits {
            switch edit {
            case .setProperty(.named(let name), _, _), .removeProperty(.named(let name), _, _), .renameProperty(.named(let name), _, _):
                names.insert(name)
            case .setProtocol(let link, _, _), .setLinkProperty(let link, _, _), .removeLink(let link):
                names.formUnion([link.from, link.to])
            case .retarget(let link, _, let name):
                names.formUnion([link.from, link.to, name])
            case .insertHop(let link, let via):
                names.formUnion([link.from, link.to, via])
            case .addLink(let link, _):
                names.insert(link.from)
                names.formUnion(link.to)
                // A link out of a dns is a connection from each client that looks it up.
                if let dns = design.element(named: link.from), dns.kind == .dns {
                    for lookup in design.linksTo[.element(dns.index)] ?? [] { names.insert(design.links[lookup].fromName) }
                }
            case .declareInside(let host, _):
                names.insert(host)
            case .addMember(let cluster, _):
                names.insert(cluster)
                if case .cluster(let index)? = design.symbols[cluster] {
                    for member in design.clusters[index].members {
                        names.insert(design.elements[member].id)
                        names.formUnion(design.elements[member].children.map { design.elements[$0].id })
                    }
                }
            case .cluster(let cluster):
                for case .existing(let name, let server) in cluster.members {
                    names.insert(name)
                    if let server { names.insert(server) }
                    if let element = design.element(named: name) { names.formUnion(element.children.map { design.elements[$0].id }) }
                }
            default:
                break
            }
        }
        return names
    }

    /// Whether more load reaches the named element after a fix than before.
    static func loadGrew(on name: String, before: Design, after: Design) -> Bool {
        func load(_ design: Design) -> Double {
            guard let element = design.element(named: name),
                  let report = CapacityReport(model: FailureModel(design: design)) else { return 0 }
            return report.rows.first { $0.element == element.index }?.load ?? 0
        }
        return load(after) > load(before) + 1e-9
    }
}
