import InfraCore
import InfraRules

/// The findings of a design as a drawing shows them: each numbered in the order
/// the report lists them, as a badge on what it is about (an element, a cluster,
/// a link, a replication, or the design as a whole), with its sentence as a note.
struct DiagramFindings {
    /// What a finding is about, as the drawing has it.
    enum Subject: Hashable {
        case element(Int)
        case cluster(Int)
        case link(Int)
        /// The replication into a replica (SEC005).
        case replication(Int)
        case design
    }

    private(set) var badges: [Subject: [Diagram.Badge]] = [:]
    private(set) var notes: [Diagram.Note] = []

    /// Each finding's subject as the design has it, before any collapse.
    static func subjects(of findings: [Finding], in design: Design) -> [Subject] {
        // Links by the lines they span, to find a link finding's link by its place.
        var linksByLine: [Int: [Int]] = [:]
        if findings.contains(where: { $0.element.map { design.symbols[$0] == nil } ?? false }) {
            for link in design.links {
                let place = design.location(link.range)
                for line in place.start.line...max(place.start.line, place.end.line) { linksByLine[line, default: []].append(link.index) }
            }
        }
        return findings.map { subject(of: $0, in: design, linksByLine: linksByLine) }
    }

    /// Numbers the findings and puts each on its subject, mapped to what is drawn in
    /// its place; findings of one rule on one drawn subject (alike elements collapsed
    /// into one) share a number, and their note says how many more there are.
    init(findings: [Finding], subjects: [Subject], drawnAs: (Subject) -> Subject) {
        var numberOf: [String: Int] = [:]
        for (finding, raw) in zip(findings, subjects) {
            let subject = drawnAs(raw)
            let key = "\(subject)|\(finding.code)"
            if let number = numberOf[key], subject != .design {
                notes[number - 1].alike += 1
                continue
            }
            let number = notes.count + 1
            numberOf[key] = number
            // The finding's own mark where its rule gave one ("… for writes").
            let mark = finding.mark ?? RuleRegistry.description(code: finding.code)?.mark ?? finding.code
            badges[subject, default: []].append(Diagram.Badge(number: number, code: finding.code, severity: finding.severity, mark: mark))
            notes.append(Diagram.Note(number: number, code: finding.code, severity: finding.severity, message: finding.message))
        }
    }

    /// The element, cluster or link a finding names; a link by the finding's place
    /// in the file (a connection through a dns is reported at the link out of it).
    static func subject(of finding: Finding, in design: Design, linksByLine: [Int: [Int]]) -> Subject {
        guard let name = finding.element else { return .design }
        switch design.symbols[name] {
        case .element(let index)?:
            let element = design.elements[index]
            if finding.code == "SEC005", element.kind == .database, element.role == .replica { return .replication(index) }
            return .element(index)
        case .cluster(let index)?:
            return .cluster(index)
        case .network?:
            return .design
        case nil:
            break
        }
        for index in linksByLine[finding.location.start.line] ?? [] {
            let place = design.location(design.links[index].range)
            if place.start <= finding.location.start, finding.location.start <= place.end { return .link(index) }
        }
        let bare = name.split(separator: ":").first.map(String.init) ?? name
        return design.links.first { $0.name == bare }.map { .link($0.index) } ?? .design
    }
}
