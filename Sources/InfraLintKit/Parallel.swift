import Foundation

extension Array where Element: Sendable {
    /// `map` on all cores, results in the same order: for work items that share
    /// nothing (the files of one `lint`).
    func concurrentMap<T: Sendable>(_ transform: @escaping @Sendable (Element) -> T) -> [T] {
        guard count > 1 else { return map(transform) }
        let slots = Slots<T>(count: count)
        let items = self
        DispatchQueue.concurrentPerform(iterations: count) { index in
            slots.set(index, transform(items[index]))
        }
        return slots.values
    }
}

/// One result slot per work item, written once each.
private final class Slots<T>: @unchecked Sendable {
    private var storage: [T?]
    private let lock = NSLock()

    init(count: Int) { storage = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: T) {
        lock.withLock { storage[index] = value }
    }

    var values: [T] { lock.withLock { storage.compactMap { $0 } } }
}
