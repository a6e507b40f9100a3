/// JSON written straight into bytes, for the outputs that carry thousands of
/// findings: `--format json` and the language server's messages. Strings are
/// escaped exactly as Foundation's JSONEncoder escapes them (`\b \t \n \f \r`,
/// `\u00XX` for the other control characters, slashes as they are), so the bytes
/// match what JSONEncoder wrote before (a test compares the two on every byte).
public struct JSONBytes: Sendable {
    public private(set) var bytes: [UInt8] = []

    public init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    /// Appends text as it is: punctuation, indentation, keys already quoted.
    public mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    public mutating func byte(_ byte: UInt8) { bytes.append(byte) }

    /// Hands the bytes written so far to `chunk`, and starts again empty (keeping the room).
    public mutating func flush(to chunk: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard !bytes.isEmpty else { return }
        try bytes.withUnsafeBytes { try chunk($0) }
        bytes.removeAll(keepingCapacity: true)
    }

    /// Appends bytes already written as JSON.
    public mutating func append(_ written: [UInt8]) { bytes.append(contentsOf: written) }

    /// Appends `count` spaces.
    public mutating func indent(_ count: Int) {
        bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: count))
    }

    public mutating func int(_ value: Int) {
        if value >= 0, value < 10 {
            bytes.append(UInt8(ascii: "0") + UInt8(value))
        } else {
            bytes.append(contentsOf: String(value).utf8)
        }
    }

    /// A number that is not whole, as Swift prints it.
    public mutating func decimal(_ value: Double) { bytes.append(contentsOf: String(value).utf8) }

    public mutating func null() { raw("null") }

    /// A string, quoted and escaped; nil is `null`.
    public mutating func string(_ value: String?) {
        guard var value else { return null() }
        bytes.append(UInt8(ascii: "\""))
        value.withUTF8 { utf8 in
            // Runs of bytes that need no escape are copied whole.
            var run = 0
            var index = 0
            while index < utf8.count {
                let byte = utf8[index]
                if byte >= 0x20, byte != UInt8(ascii: "\""), byte != UInt8(ascii: "\\") {
                    index += 1
                    continue
                }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[run..<index]))
                appendEscape(byte)
                index += 1
                run = index
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[run...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func appendEscape(_ byte: UInt8) {
        let backslash = UInt8(ascii: "\\")
        switch byte {
        case UInt8(ascii: "\""), backslash: bytes += [backslash, byte]
        case 0x08: bytes += [backslash, UInt8(ascii: "b")]
        case 0x09: bytes += [backslash, UInt8(ascii: "t")]
        case 0x0A: bytes += [backslash, UInt8(ascii: "n")]
        case 0x0C: bytes += [backslash, UInt8(ascii: "f")]
        case 0x0D: bytes += [backslash, UInt8(ascii: "r")]
        default:
            let hex: StaticString = "0123456789abcdef"
            hex.withUTF8Buffer { digits in
                bytes += [backslash, UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                          digits[Int(byte >> 4)], digits[Int(byte & 0xF)]]
            }
        }
    }

    /// The bytes as text.
    public var text: String { String(decoding: bytes, as: UTF8.self) }
}
