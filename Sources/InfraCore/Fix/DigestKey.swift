/// A dictionary key that hashes a short digest of a large value instead of all of
/// it, and compares the whole value only when digests match.
///
/// A fix that clusters a tier of n members is one array of edits shared by the n
/// findings it answers; hashing it whole at each lookup made caching it cost
/// O(n²). Equal arrays that share storage, as these do, compare in constant time.
public struct DigestKey<Value: Equatable>: Hashable {
    public let value: Value
    private let digest: Int

    public init(_ value: Value, digest: Int) {
        self.value = value
        self.digest = digest
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(digest) }

    public static func == (a: DigestKey, b: DigestKey) -> Bool { a.digest == b.digest && a.value == b.value }
}

extension DigestKey where Value == [Edit] {
    /// Edits by their count and their last edit; a cluster by its name alone,
    /// since hashing its members is what this key avoids.
    public init(edits: [Edit]) {
        var hasher = Hasher()
        hasher.combine(edits.count)
        switch edits.last {
        case .cluster(let cluster)?: hasher.combine(cluster.id)
        case let last?: hasher.combine(last)
        case nil: break
        }
        self.init(edits, digest: hasher.finalize())
    }
}
