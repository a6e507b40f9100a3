import Foundation

/// Why a file could not be read as a design. Each case renders as a sentence a
/// user can act on; the command exits with status 2.
public enum InputError: Error, Equatable, Sendable, CustomStringConvertible {
    case notFound(String)
    case isDirectory(String)
    case unreadable(String, reason: String)
    case tooLarge(String, bytes: Int, limit: Int)
    case binary(String, offset: Int)
    case invalidUTF8(String, line: Int, column: Int)
    case lineTooLong(String, line: Int, bytes: Int, limit: Int)
    case noDesignFiles(String)

    /// The file the error is about.
    public var path: String {
        switch self {
        case .notFound(let path), .isDirectory(let path), .unreadable(let path, _),
             .tooLarge(let path, _, _), .binary(let path, _), .invalidUTF8(let path, _, _),
             .lineTooLong(let path, _, _, _), .noDesignFiles(let path):
            return path
        }
    }

    /// The 1-based column the problem is at, where there is one.
    public var column: Int? {
        if case .invalidUTF8(_, _, let column) = self { return column }
        return nil
    }

    /// The 1-based line the problem is on, where there is one.
    public var line: Int? {
        switch self {
        case .invalidUTF8(_, let line, _), .lineTooLong(_, let line, _, _): return line
        default: return nil
        }
    }

    public var description: String {
        switch self {
        case .notFound(let path):
            return "\(path): no such file or folder"
        case .isDirectory(let path):
            return "\(path): is a folder; name a .infra file"
        case .unreadable(let path, let reason):
            return "\(path): cannot be read: \(reason)"
        case .tooLarge(let path, let bytes, let limit):
            return "\(path): the file is \(Self.megabytes(bytes)); design files are limited to \(Self.megabytes(limit))"
        case .binary(let path, let offset):
            return "\(path): looks like a binary file (a NUL byte at byte \(offset)); expected a UTF-8 text design"
        case .invalidUTF8(let path, let line, let column):
            return "\(path):\(line):\(column): the file is not valid UTF-8 text; save it as UTF-8"
        case .lineTooLong(let path, let line, let bytes, let limit):
            return "\(path):\(line): the line is \(bytes) bytes long; lines are limited to \(limit) bytes"
        case .noDesignFiles(let path):
            return "\(path): no .infra files in this folder"
        }
    }

    private static func megabytes(_ bytes: Int) -> String {
        String(format: "%.1f MB", Double(bytes) / 1_048_576)
    }
}

/// Reads design files, refusing what the parser should never see.
public enum SourceLoader {
    /// The largest design file read: far above any hand-written design, and
    /// enough for generated designs of 100,000 elements.
    public static let maxFileBytes = 32 * 1_048_576
    /// The longest line read.
    public static let maxLineBytes = 65_536

    /// Reads a file from disk.
    public static func load(path: String) throws(InputError) -> SourceFile {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .notFound(path)
        }
        if isDirectory.boolValue { throw .isDirectory(path) }
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int,
           size > maxFileBytes {
            throw .tooLarge(path, bytes: size, limit: maxFileBytes)
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .unreadable(path, reason: (error as NSError).localizedDescription)
        }
        return try decode(path: path, bytes: [UInt8](data))
    }

    /// Checks raw bytes (a file's, or standard input's) and makes a source file.
    public static func decode(path: String, bytes rawBytes: [UInt8]) throws(InputError) -> SourceFile {
        if rawBytes.count > maxFileBytes {
            throw .tooLarge(path, bytes: rawBytes.count, limit: maxFileBytes)
        }
        var bytes = rawBytes
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        if let nul = bytes.firstIndex(of: 0) { throw .binary(path, offset: nul) }
        if let bad = firstInvalidUTF8(bytes) {
            let line = bytes[..<bad].reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
            let lineStart = bytes[..<bad].lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0
            let column = String(decoding: bytes[lineStart..<bad], as: UTF8.self).count + 1
            throw .invalidUTF8(path, line: line, column: column)
        }
        var line = 1
        var lineStart = 0
        for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
            if offset - lineStart > maxLineBytes {
                throw .lineTooLong(path, line: line, bytes: offset - lineStart, limit: maxLineBytes)
            }
            line += 1
            lineStart = offset + 1
        }
        if bytes.count - lineStart > maxLineBytes {
            throw .lineTooLong(path, line: line, bytes: bytes.count - lineStart, limit: maxLineBytes)
        }
        return SourceFile(path: path, validUTF8: bytes)
    }

    /// The offset of the first byte that does not belong to a valid UTF-8 sequence.
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            if byte < 0x80 { index += 1; continue }
            let length: Int
            let minimum: UInt32
            var scalar: UInt32
            switch byte {
            case 0xC2...0xDF: length = 2; minimum = 0x80; scalar = UInt32(byte & 0x1F)
            case 0xE0...0xEF: length = 3; minimum = 0x800; scalar = UInt32(byte & 0x0F)
            case 0xF0...0xF4: length = 4; minimum = 0x10000; scalar = UInt32(byte & 0x07)
            default: return index
            }
            guard index + length <= count else { return index }
            for next in bytes[(index + 1)..<(index + length)] {
                guard next & 0xC0 == 0x80 else { return index }
                scalar = scalar << 6 | UInt32(next & 0x3F)
            }
            if scalar < minimum || scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar) {
                return index
            }
            index += length
        }
        return nil
    }
}
