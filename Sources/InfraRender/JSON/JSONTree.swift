/// A JSON document as a tree of values, written in the layout of Foundation's
/// JSONEncoder with `.prettyPrinted`, `.sortedKeys` and `.withoutEscapingSlashes`
/// (two-space indentation, `"key" : value`, keys in order), without going
/// through Encodable: SARIF logs that repeat one fix on hundreds of results are
/// written at the speed of copying bytes.
public indirect enum JSONTree: Sendable {
    case string(String)
    case int(Int)
    case bool(Bool)
    case array([JSONTree])
    /// Members in any order, written sorted by key; a nil value leaves its member
    /// out, as Encodable leaves out a nil optional.
    case object([(String, JSONTree?)])
    /// A value that occurs many times in one document, identified by the number:
    /// written once at each depth it occurs at, then copied.
    case shared(Int, JSONTree)

    /// The document's text, with the final newline the renderers end with.
    public var document: String {
        var writer = Writer()
        writer.write(self, depth: 0)
        writer.out.byte(UInt8(ascii: "\n"))
        return writer.out.text
    }

    struct Writer {
        var out = JSONBytes()
        var copies: [SharedKey: [UInt8]] = [:]

        struct SharedKey: Hashable {
            var id: Int
            var depth: Int
        }

        /// An array or object: one item a line, one level in; empty, a blank line.
        mutating func container<Item>(_ open: UInt8, _ close: UInt8, _ items: [Item], depth: Int,
                                      item: (inout Writer, Item) -> Void) {
            out.byte(open)
            out.byte(UInt8(ascii: "\n"))
            for (index, element) in items.enumerated() {
                out.indent(2 * (depth + 1))
                item(&self, element)
                if index < items.count - 1 { out.byte(UInt8(ascii: ",")) }
                out.byte(UInt8(ascii: "\n"))
            }
            if items.isEmpty { out.byte(UInt8(ascii: "\n")) }
            out.indent(2 * depth)
            out.byte(close)
        }

        mutating func write(_ value: JSONTree, depth: Int) {
            switch value {
            case .string(let text): out.string(text)
            case .int(let number): out.int(number)
            case .bool(let flag): out.raw(flag ? "true" : "false")
            case .array(let elements):
                container(UInt8(ascii: "["), UInt8(ascii: "]"), elements, depth: depth) { writer, element in writer.write(element, depth: depth + 1) }
            case .object(let members):
                let present = members.compactMap { key, value in value.map { (key, $0) } }.sorted { $0.0 < $1.0 }
                container(UInt8(ascii: "{"), UInt8(ascii: "}"), present, depth: depth) { writer, member in
                    writer.out.string(member.0)
                    writer.out.raw(" : ")
                    writer.write(member.1, depth: depth + 1)
                }
            case .shared(let id, let inner):
                let key = SharedKey(id: id, depth: depth)
                if let copy = copies[key] {
                    out.append(copy)
                } else {
                    let start = out.bytes.count
                    write(inner, depth: depth)
                    copies[key] = Array(out.bytes[start...])
                }
            }
        }
    }
}
