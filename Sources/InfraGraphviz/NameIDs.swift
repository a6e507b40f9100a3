import CGraphviz

/// cgraph's object ID discipline, made deterministic.
///
/// cgraph identifies every node, edge and subgraph by an ID that the discipline
/// maps its name to, and keeps subgraphs ordered by that ID. The default
/// discipline uses the address of the interned name as the ID, so clusters were
/// laid out and drawn in heap order: the same DOT text could give different SVG
/// bytes from one build of infralint to the next. This discipline numbers names
/// in the order Graphviz first sees them (even IDs, as cgraph expects of named
/// objects) and anonymous objects with odd IDs, so the order is the DOT text's.
///
/// One `NameIDs` lives per graph, from `open` to `close`; names are kept until
/// `close`, because a node and a subgraph may share a name and its ID.
final class NameIDs {
    /// Keyed by bytes, not `String`: Swift compares strings by Unicode
    /// equivalence, Graphviz by bytes, and two names must never share an ID.
    private var ids: [[UInt8]: IDTYPE] = [:]
    private var names: [UnsafeMutablePointer<CChar>] = []
    private var nextAnonymous: IDTYPE = 1

    /// The discipline to hand to `infralint_read_graph`; it must outlive every
    /// graph read with it, so it is allocated once and never freed.
    nonisolated(unsafe) static let discipline: UnsafeMutablePointer<Agiddisc_t> = {
        let pointer = UnsafeMutablePointer<Agiddisc_t>.allocate(capacity: 1)
        pointer.initialize(to: Agiddisc_t(
            open: { _, _ in Unmanaged.passRetained(NameIDs()).toOpaque() },
            map: { state, _, name, id, create in
                guard let state, let id else { return 0 }
                return NameIDs.from(state).map(name, to: id, create: create != 0) ? 1 : 0
            },
            alloc: { _, _, _ in 0 },  // IDs cannot be requested, as with the default
            free: { _, _, _ in },     // names stay until close
            print: { state, _, id in
                guard let state else { return nil }
                return NameIDs.from(state).name(of: id)
            },
            close: { state in
                guard let state else { return }
                Unmanaged<NameIDs>.fromOpaque(state).release()
            },
            idregister: { _, _, _ in }
        ))
        return pointer
    }()

    private static func from(_ state: UnsafeMutableRawPointer) -> NameIDs {
        Unmanaged<NameIDs>.fromOpaque(state).takeUnretainedValue()
    }

    deinit {
        for name in names { free(name) }
    }

    /// Finds (or, when `create`, assigns) the ID of a name; a nil name asks for
    /// a fresh anonymous ID.
    private func map(_ name: UnsafeMutablePointer<CChar>?, to id: UnsafeMutablePointer<IDTYPE>, create: Bool) -> Bool {
        guard let name else {
            guard create else { return false }
            id.pointee = nextAnonymous
            nextAnonymous += 2
            return true
        }
        let key = Array(UnsafeRawBufferPointer(start: name, count: strlen(name)))
        if let known = ids[key] {
            id.pointee = known
            return true
        }
        guard create, let copy = strdup(name) else { return false }
        names.append(copy)
        let assigned = IDTYPE(names.count) * 2
        ids[key] = assigned
        id.pointee = assigned
        return true
    }

    /// The name behind an even ID; nil for anonymous objects, which cgraph
    /// then names itself.
    private func name(of id: IDTYPE) -> UnsafeMutablePointer<CChar>? {
        guard id % 2 == 0, id >= 2 else { return nil }
        let index = Int(id / 2) - 1
        return index < names.count ? names[index] : nil
    }
}
