/// The design's declared names and what each names, in declaration order.
///
/// A dictionary did this at twice the memory: `[String: Symbol]` keeps a slot of
/// 32 bytes for every place of a table at most three quarters full, 8 MB at 100,000
/// elements, alive for the whole lint. Here the names and symbols sit in arrays in
/// the order they were declared, and the table only holds their positions (4 bytes
/// a place, at most half full). Iterating gives declaration order, so a "did you
/// mean" among names that differ only in case is the same from run to run.
/// Symbols and hashes are kept in 32 bits (a symbol as its index times three plus
/// its kind; the hash's low half, which picks the place and rejects most other
/// names): 32 bytes a name where 48 were.
public struct SymbolTable: Sendable {
    public private(set) var keys: [String] = []
    private var values: [Int32] = []
    private var hashes: [Int32] = []
    /// Positions in `keys` plus one; 0 is an empty place. Its size is a power of two.
    private var places: [Int32] = []

    public init() {}

    public var count: Int { keys.count }

    public mutating func reserveCapacity(_ count: Int) {
        keys.reserveCapacity(count)
        values.reserveCapacity(count)
        hashes.reserveCapacity(count)
        if places.count < 2 * count { rebuild(size: Self.size(for: count)) }
    }

    public subscript(name: String) -> Symbol? {
        get { position(of: name, hash: Self.hash(name)).map { Self.symbol(values[$0]) } }
        set {
            if let newValue { updateValue(newValue, forKey: name) } else { remove(name) }
        }
    }

    /// Sets what a name stands for; returns what it stood for before, nil when it is new.
    @discardableResult
    public mutating func updateValue(_ symbol: Symbol, forKey name: String) -> Symbol? {
        let hash = Self.hash(name)
        if let position = position(of: name, hash: hash) {
            let old = Self.symbol(values[position])
            values[position] = Self.code(symbol)
            return old
        }
        if places.count < 2 * (keys.count + 1) { rebuild(size: Self.size(for: keys.count + 1)) }
        keys.append(name)
        values.append(Self.code(symbol))
        hashes.append(hash)
        place(keys.count - 1)
        return nil
    }

    private mutating func remove(_ name: String) {
        guard let position = position(of: name, hash: Self.hash(name)) else { return }
        keys.remove(at: position)
        values.remove(at: position)
        hashes.remove(at: position)
        rebuild(size: places.count)
    }

    private func position(of name: String, hash: Int32) -> Int? {
        guard !places.isEmpty else { return nil }
        let mask = places.count - 1
        var slot = Int(UInt32(bitPattern: hash)) & mask
        while places[slot] != 0 {
            let position = Int(places[slot]) - 1
            if hashes[position] == hash, keys[position] == name { return position }
            slot = (slot + 1) & mask
        }
        return nil
    }

    private mutating func place(_ position: Int) {
        let mask = places.count - 1
        var slot = Int(UInt32(bitPattern: hashes[position])) & mask
        while places[slot] != 0 { slot = (slot + 1) & mask }
        places[slot] = Int32(position + 1)
    }

    private mutating func rebuild(size: Int) {
        places = Array(repeating: 0, count: size)
        for position in keys.indices { place(position) }
    }

    /// The smallest power of two at least twice `count` (and at least 8).
    private static func size(for count: Int) -> Int {
        var size = 8
        while size < 2 * count { size *= 2 }
        return size
    }

    private static func hash(_ name: String) -> Int32 {
        var hasher = Hasher()
        hasher.combine(name)
        return Int32(truncatingIfNeeded: hasher.finalize())
    }

    private static func code(_ symbol: Symbol) -> Int32 {
        switch symbol {
        case .element(let index): return Int32(truncatingIfNeeded: index &* 3)
        case .cluster(let index): return Int32(truncatingIfNeeded: index &* 3 &+ 1)
        case .network(let index): return Int32(truncatingIfNeeded: index &* 3 &+ 2)
        }
    }

    private static func symbol(_ code: Int32) -> Symbol {
        let index = Int(code) / 3
        switch code % 3 {
        case 0: return .element(index)
        case 1: return .cluster(index)
        default: return .network(index)
        }
    }
}
