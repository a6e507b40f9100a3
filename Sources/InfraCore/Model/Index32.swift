/// An index kept in 32 bits and read as an `Int`: what the model, the graph and
/// the findings store by the hundred thousand (an element's host, a link's
/// statement, an edge's nodes) takes half the room. Indexes are below 2^31: a
/// design file is at most `SourceLoader.maxFileBytes`.
@propertyWrapper
public struct Index32: Hashable, Sendable {
    private var stored: Int32

    public init(wrappedValue: Int) {
        stored = Int32(truncatingIfNeeded: wrappedValue)
    }

    public var wrappedValue: Int {
        get { Int(stored) }
        set { stored = Int32(truncatingIfNeeded: newValue) }
    }
}

/// `Index32` for an index that may be absent (kept as -1).
@propertyWrapper
public struct OptionalIndex32: Hashable, Sendable {
    private var stored: Int32

    public init(wrappedValue: Int?) {
        stored = wrappedValue.map { Int32(truncatingIfNeeded: $0) } ?? -1
    }

    public var wrappedValue: Int? {
        get { stored < 0 ? nil : Int(stored) }
        set { stored = newValue.map { Int32(truncatingIfNeeded: $0) } ?? -1 }
    }
}
