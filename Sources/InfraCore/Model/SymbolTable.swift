/// The design's declared names and what each names, in declaration order.
///
/// A dictionary did this at twice the memory: `[String: Symbol]` keeps a slot of
/// 32 bytes for every place of a table at most three quarters full, 8 MB at 100,000
/// elements, alive for the whole lint. Here the names and symbols sit in arrays in
/// the order they were declared, and the table only holds their positions (4 bytes
/// a place, at most half full). Iterating gives declaration order, so a "did you
/// mean" among names that differ only in case is the same from run to run.
public struct SymbolTable: Sendable {
    public private(set) var keys: [String] = []
    private var values: [Symbol] = []
    private var hashes: [Int] = []
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
        get { position(of: name, hash: Self.hash(name)).map { values[$0] } }
        set {
            if let newValue { updateValue(newValue, forKey: name) } else { remove(name) }
        }
    }

    /// Sets what a name stands for; returns what it stood for before, nil when it is new.
    @discardableResult
    public mutating func updateValue(_ symbol: Symbol, forKey name: String) -> Symbol? {
        let hash = Self.hash(name)
        if let position = position(of: name, hash: hash) {
            let old = values[position]
            values[position] = symbol
            return old
        }
        if places.count < 2 * (keys.count + 1) { rebuild(size: Self.size(for: keys.count + 1)) }
        keys.append(name)
        values.append(symbol)
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

    private func position(of name: String, hash: Int) -> Int? {
        guard !places.isEmpty else { return nil }
        let mask = places.count - 1
        var slot = hash & mask
        while places[slot] != 0 {
            let position = Int(places[slot]) - 1
            if hashes[position] == hash, keys[position] == name { return position }
            slot = (slot + 1) & mask
        }
        return nil
    }

    private mutating func place(_ position: Int) {
        let mask = places.count - 1
        var slot = hashes[position] & mask
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

    private static func hash(_ name: String) -> Int {
        var hasher = Hasher()
        hasher.combine(name)
        return hasher.finalize()
    }
}
