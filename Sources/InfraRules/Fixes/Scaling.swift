import InfraAnalysis
import InfraCore

/// The fix of AV009 and AV010: enough instances of an overloaded element to carry
/// its worst load and still lose one copy (N+1).
extension LintContext {
    /// `set instances: N` on the element: the fewest instances, above today's, with
    /// which its capacity covers `worstLoad` (what any failure of something else
    /// sends it) and, after losing one copy of it or of its host, still covers
    /// `baselineLoad`. A datastore gets advice instead: copies of a database are
    /// replicas, a primary and its writes do not multiply by a property.
    func scalingFix(_ element: Element, row: CapacityReport.Row, worstLoad: Double) -> Fix {
        let name = element.id
        if element.kind.isDatastore {
            return .manual("""
                give \(name) more room: a larger machine (a higher capacity), read replicas behind a cluster for \
                the reads, or sharding for the writes
                """)
        }
        let host = design.elements[element.host]
        let hostCopies = host.index == element.index ? 1 : max(1, host.instances)
        let needed = max(worstLoad, row.load)
        var instances = max(1, element.instances) + 1
        while instances < 1_000_000 {
            let copies = instances * hostCopies
            // Losing one instance of the element, or one copy of its host, whichever leaves less.
            var survivors = copies - hostCopies
            if hostCopies >= 2 { survivors = min(survivors, copies - instances) }
            if Double(copies) * row.perInstance >= needed - 1e-9, Double(survivors) * row.perInstance >= row.load - 1e-9 { break }
            instances += 1
        }
        let copies = instances * hostCopies
        let total = "\(Figures.rate(Double(copies) * row.perInstance)) requests a second"
        let size = hostCopies > 1 ? "\(copies) copies on \(host.id)'s \(hostCopies) instances: \(total)" : total
        let reason = needed > row.load + 1e-9
            ? "enough for the \(Figures.rate(needed)) it must serve after a failure, and for its \(Figures.rate(row.load)) with one copy lost"
            : "enough for its \(Figures.rate(row.load)) with one copy lost"
        return Fix(.unsafe, "run \(instances) instances of \(name) (\(size)), \(reason)",
                   [.setProperty(.named(name), name: "instances", value: String(instances))])
    }
}
