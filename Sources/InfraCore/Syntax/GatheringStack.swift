/// A stack whose top elements move out into an array of exactly their number: how
/// the parser gathers a block's items and the file's statements. Appended to an
/// array of their own, they doubled its capacity as it grew, and those spare slots
/// were a fifth of a large tree's memory; copying them out of an ordinary array
/// instead retained and released every item, a tenth of the parse.
final class GatheringStack<Element> {
    private var storage: UnsafeMutablePointer<Element>
    private var capacity: Int
    /// How many elements it holds.
    private(set) var count = 0

    init(capacity: Int = 64) {
        self.capacity = Swift.max(capacity, 1)
        storage = .allocate(capacity: self.capacity)
    }

    deinit {
        storage.deinitialize(count: count)
        storage.deallocate()
    }

    /// The top element.
    var last: Element? { count > 0 ? storage[count - 1] : nil }

    func push(_ element: consuming Element) {
        if count == capacity {
            let grown = UnsafeMutablePointer<Element>.allocate(capacity: capacity * 2)
            grown.moveInitialize(from: storage, count: count)
            storage.deallocate()
            storage = grown
            capacity *= 2
        }
        (storage + count).initialize(to: element)
        count += 1
    }

    /// Moves the elements from `start` on (the top `count - start`) into an array
    /// with no spare capacity, in the order they were pushed.
    func pop(from start: Int) -> [Element] {
        guard start >= 0, start < count else { return [] }
        let taken = count - start
        let moved = [Element](unsafeUninitializedCapacity: taken) { buffer, initialized in
            guard let base = buffer.baseAddress else { return }
            base.moveInitialize(from: storage + start, count: taken)
            initialized = taken
        }
        count -= moved.count
        return moved
    }
}
