import Foundation
import InfraRender

/// A JSON value, as the Language Server Protocol's messages carry them: decoded
/// strictly (a number is never read as a boolean) and encoded with sorted keys, so
/// the server's answers are byte-for-byte the same for the same requests.
public enum JSON: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSON])
    case object([String: JSON])

    /// Parses one message's body; nil when it is not JSON (RFC 8259), or nests deeper than 256.
    public static func parse(_ data: [UInt8]) -> JSON? {
        var reader = JSONReader(bytes: data)
        guard let value = reader.value(depth: 0) else { return nil }
        reader.skipBlanks()
        return reader.index == data.count ? value : nil
    }

    /// The compact encoding, keys sorted, written directly (JSONEncoder took a
    /// second for the diagnostics of a 10,000-element design).
    public var encoded: [UInt8] {
        var out = JSONBytes()
        write(to: &out)
        return out.bytes
    }

    private func write(to out: inout JSONBytes) {
        switch self {
        case .null: out.null()
        case .bool(let value): value ? out.raw("true") : out.raw("false")
        case .number(let value):
            if !value.isFinite {
                out.int(0)
            } else if value == value.rounded(), abs(value) < 1e15 {
                out.int(Int(value))
            } else {
                out.decimal(value)
            }
        case .string(let value): out.string(value)
        case .array(let items):
            out.byte(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { out.byte(UInt8(ascii: ",")) }
                item.write(to: &out)
            }
            out.byte(UInt8(ascii: "]"))
        case .object(let fields):
            out.byte(UInt8(ascii: "{"))
            for (index, key) in fields.keys.sorted().enumerated() {
                if index > 0 { out.byte(UInt8(ascii: ",")) }
                out.string(key)
                out.byte(UInt8(ascii: ":"))
                fields[key]?.write(to: &out)
            }
            out.byte(UInt8(ascii: "}"))
        }
    }

    public subscript(key: String) -> JSON? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    public var string: String? { if case .string(let value) = self { return value } else { return nil } }
    public var int: Int? {
        if case .number(let value) = self, value == value.rounded(), abs(value) < 1e15 { return Int(value) }
        return nil
    }
    public var bool: Bool? { if case .bool(let value) = self { return value } else { return nil } }
    public var array: [JSON]? { if case .array(let value) = self { return value } else { return nil } }
}

extension JSON: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: JSON...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSON)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
    public init(_ value: Int) { self = .number(Double(value)) }
    public init(_ value: String) { self = .string(value) }
    public init(_ value: Bool) { self = .bool(value) }
}

/// A strict JSON reader over bytes: no exceptions thrown while parsing, so a
/// malformed message costs no more than a valid one.
private struct JSONReader {
    let bytes: [UInt8]
    var index = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    mutating func skipBlanks() {
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    }

    mutating func value(depth: Int) -> JSON? {
        guard depth < 256 else { return nil }
        skipBlanks()
        guard index < bytes.count else { return nil }
        switch bytes[index] {
        case UInt8(ascii: "{"):
            index += 1
            var object: [String: JSON] = [:]
            skipBlanks()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return .object(object) }
            while true {
                skipBlanks()
                guard let key = string(), expect(":"), let item = value(depth: depth + 1) else { return nil }
                object[key] = item
                skipBlanks()
                if expect(",") { continue }
                return expect("}") ? .object(object) : nil
            }
        case UInt8(ascii: "["):
            index += 1
            var array: [JSON] = []
            skipBlanks()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return .array(array) }
            while true {
                guard let item = value(depth: depth + 1) else { return nil }
                array.append(item)
                skipBlanks()
                if expect(",") { continue }
                return expect("]") ? .array(array) : nil
            }
        case UInt8(ascii: "\""):
            return string().map(JSON.string)
        case UInt8(ascii: "t"): return word("true") ? .bool(true) : nil
        case UInt8(ascii: "f"): return word("false") ? .bool(false) : nil
        case UInt8(ascii: "n"): return word("null") ? .null : nil
        default: return number()
        }
    }

    private mutating func expect(_ character: Unicode.Scalar) -> Bool {
        skipBlanks()
        guard index < bytes.count, bytes[index] == UInt8(ascii: character) else { return false }
        index += 1
        return true
    }

    private mutating func word(_ text: String) -> Bool {
        let expected = Array(text.utf8)
        guard index + expected.count <= bytes.count, Array(bytes[index..<index + expected.count]) == expected else { return false }
        index += expected.count
        return true
    }

    private mutating func number() -> JSON? {
        let start = index
        while index < bytes.count, "+-0123456789.eE".utf8.contains(bytes[index]) { index += 1 }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        // Double's parser accepts forms JSON does not ("+1", ".5", "1."): checked first.
        guard let first = text.utf8.first, first == UInt8(ascii: "-") || (first >= 0x30 && first <= 0x39),
              !text.hasSuffix("."), !text.contains(".e"), !text.contains(".E"), !text.hasPrefix("-."),
              let number = Double(text), number.isFinite else { return nil }
        return .number(number)
    }

    private mutating func string() -> String? {
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return nil }
        index += 1
        // Bytes gathered, then decoded once: a design's text is one long string.
        var out: [UInt8] = []
        var run = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                out += bytes[run..<index]
                index += 1
                return String(decoding: out, as: UTF8.self)
            }
            if byte < 0x20 { return nil }
            guard byte == UInt8(ascii: "\\") else { index += 1; continue }
            out += bytes[run..<index]
            index += 1
            guard index < bytes.count else { return nil }
            let escape = bytes[index]
            index += 1
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escape)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                guard var unit = hex4() else { return nil }
                if (0xD800..<0xDC00).contains(unit) {
                    // A surrogate pair; a lone surrogate becomes U+FFFD, as decoders do.
                    if index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") {
                        index += 2
                        guard let low = hex4() else { return nil }
                        unit = (0xDC00..<0xE000).contains(low) ? 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00) : 0xFFFD
                    } else {
                        unit = 0xFFFD
                    }
                }
                out += Array(String(Unicode.Scalar(unit) ?? "\u{FFFD}").utf8)
            default:
                return nil
            }
            run = index
        }
        return nil
    }

    private mutating func hex4() -> UInt32? {
        guard index + 4 <= bytes.count, let value = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16) else { return nil }
        index += 4
        return value
    }
}
