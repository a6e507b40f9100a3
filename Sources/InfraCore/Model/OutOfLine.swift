/// What `OutOfLine` keeps: fields whose `init()` is every one of them unset.
public protocol OutOfLineFields: Hashable, Sendable {
    init()
}

/// Fields that few values write, kept out of line: one word where they are all
/// unset (no allocation), a box of their own otherwise. A large design holds its
/// elements, links, clusters, declarations and findings by the hundred thousand,
/// and a label, a port or a diagram mark inline in each cost every one of them
/// the room.
///
/// A value type: the box is never changed once made (writing a field makes a
/// new one), so a copy changed keeps its own fields; equal and hashed by the
/// fields.
public struct OutOfLine<Fields: OutOfLineFields>: Hashable, Sendable {
    private final class Box: Sendable {
        let fields: Fields
        init(_ fields: Fields) { self.fields = fields }
    }

    private var box: Box?

    public init(_ fields: Fields = Fields()) {
        self.fields = fields
    }

    public var fields: Fields {
        get { box?.fields ?? Fields() }
        set { box = newValue == Fields() ? nil : Box(newValue) }
    }

    public static func == (a: OutOfLine, b: OutOfLine) -> Bool { a.fields == b.fields }

    public func hash(into hasher: inout Hasher) { hasher.combine(fields) }
}
