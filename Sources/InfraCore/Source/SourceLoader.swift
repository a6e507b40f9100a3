import Foundation

/// Why a file could not be read as a design. Each case renders as a sentence a
/// user can act on; the command exits with status 2.
public enum InputError: Error, Equatable, Sendable, CustomStringConvertible {
    case notFound(String)
    case isDirectory(String)
    case unreadable(String, reason: String)
    case tooLarge(String, bytes: Int, limit: Int)
    /// A stream (standard input, a pipe, a device) that went on past the limit.
    case streamTooLarge(String, limit: Int)
    case binary(String, offset: Int)
    case invalidUTF8(String, line: Int, column: Int)
    /// A control character (or a noncharacter such as U+FFFE) that would break the
    /// outputs that show the text: DOT, terminals.
    case controlCharacter(String, line: Int, column: Int, scalar: UInt32)
    case lineTooLong(String, line: Int, bytes: Int, limit: Int)
    case noDesignFiles(String)

    /// The file the error is about.
    public var path: String {
        switch self {
        case .notFound(let path), .isDirectory(let path), .unreadable(let path, _),
             .tooLarge(let path, _, _), .streamTooLarge(let path, _), .binary(let path, _), .invalidUTF8(let path, _, _), .controlCharacter(let path, _, _, _),
             .lineTooLong(let path, _, _, _), .noDesignFiles(let path):
            return path
        }
    }

    /// The 1-based column the problem is at, where there is one.
    public var column: Int? {
        switch self {
        case .invalidUTF8(_, _, let column), .controlCharacter(_, _, let column, _): return column
        default: return nil
        }
    }

    /// The 1-based line the problem is on, where there is one.
    public var line: Int? {
        switch self {
        case .invalidUTF8(_, let line, _), .lineTooLong(_, let line, _, _), .controlCharacter(_, let line, _, _): return line
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
        case .streamTooLarge(let path, let limit):
            return "\(path): more than \(Self.megabytes(limit)) arrived; design files are limited to \(Self.megabytes(limit)), so reading stopped there"
        case .binary(let path, let offset):
            return "\(path): looks like a binary file (a NUL byte at byte \(offset)); expected a UTF-8 text design"
        case .invalidUTF8(let path, let line, let column):
            return "\(path):\(line):\(column): the file is not valid UTF-8 text; save it as UTF-8"
        case .controlCharacter(let path, let line, let column, let scalar):
            let what = scalar >= 0xFFFE ? "the noncharacter" : "the control character"
            return "\(path):\(line):\(column): the file holds \(what) U+\(String(format: "%04X", scalar)); "
                + "design files are text: remove it (in a string, write a line break as \\n and a tab as \\t)"
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

    /// Reads a file from disk: a regular file checked by its size first, anything
    /// else (a device, a FIFO, `/dev/zero`) read as a stream, in bounded chunks.
    public static func load(path: String) throws(InputError) -> SourceFile {
        var status = stat()
        guard stat(path, &status) == 0 else {
            if errno == ENOENT || errno == ENOTDIR { throw .notFound(path) }
            throw .unreadable(path, reason: String(cString: strerror(errno)))
        }
        if (status.st_mode & S_IFMT) == S_IFDIR { throw .isDirectory(path) }
        let regular = (status.st_mode & S_IFMT) == S_IFREG
        if regular, Int(status.st_size) > maxFileBytes {
            throw .tooLarge(path, bytes: Int(status.st_size), limit: maxFileBytes)
        }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .unreadable(path, reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        let size = regular ? Int(status.st_size) : 0
        return try decode(path: path, bytes: read(descriptor: descriptor, path: path, expectedSize: size))
    }

    /// Reads a descriptor to its end in chunks, stopping at the size limit or at a
    /// NUL byte (a binary file, `/dev/zero`): an endless or huge input costs at most
    /// the limit, never the machine's memory. `expectedSize` (a regular file's
    /// size) reserves the buffer once instead of growing it by doubling.
    ///
    /// A regular file (`expectedSize` above 0) is read straight into a buffer of
    /// its size, and what it holds is checked by `decode`, which looks for NUL
    /// bytes only when the text is not plain: one pass over the bytes, not three.
    public static func read(descriptor: Int32, path: String, expectedSize: Int = 0) throws(InputError) -> [UInt8] {
        var bytes: [UInt8] = []
        if expectedSize > 0 {
            let size = min(expectedSize, maxFileBytes)
            var failure: Int32 = 0
            bytes = [UInt8](unsafeUninitializedCapacity: size + 1) { buffer, initialized in
                guard let base = buffer.baseAddress else { return }
                while initialized < size {
                    let count = Foundation.read(descriptor, base + initialized, size - initialized)
                    if count < 0, errno == EINTR { continue }
                    if count < 0 { failure = errno }
                    if count <= 0 { return }
                    initialized += count
                }
            }
            if failure != 0 { throw .unreadable(path, reason: String(cString: strerror(failure))) }
            // A file that grew since it was measured: the rest is read as a stream.
            if bytes.count < size { return bytes }
        }
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { buffer in
                Foundation.read(descriptor, buffer.baseAddress, buffer.count)
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw .unreadable(path, reason: String(cString: strerror(errno)))
            }
            if count == 0 { return bytes }
            if let nul = chunk[0..<count].firstIndex(of: 0) {
                // A byte order mark is skipped later; offsets count from the file's start.
                throw .binary(path, offset: bytes.count + nul)
            }
            if bytes.isEmpty { bytes.reserveCapacity(count) }
            bytes.append(contentsOf: chunk[0..<count])
            if bytes.count > maxFileBytes { throw .streamTooLarge(path, limit: maxFileBytes) }
        }
    }

    /// Checks raw bytes (a file's, or standard input's) and makes a source file.
    public static func decode(path: String, bytes rawBytes: [UInt8]) throws(InputError) -> SourceFile {
        if rawBytes.count > maxFileBytes {
            throw .tooLarge(path, bytes: rawBytes.count, limit: maxFileBytes)
        }
        var bytes = rawBytes
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        // Printable ASCII with short lines, nearly every design: nothing more to check.
        if let lineStarts = plainTextLineStarts(bytes) {
            return SourceFile(path: path, validUTF8: bytes, lineStarts: lineStarts)
        }
        // Offsets count from the file's start, a byte order mark included.
        if let nul = rawBytes.firstIndex(of: 0) { throw .binary(path, offset: nul) }
        if let bad = firstInvalidUTF8(bytes) {
            let line = bytes[..<bad].reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
            let lineStart = bytes[..<bad].lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0
            let column = String(decoding: bytes[lineStart..<bad], as: UTF8.self).count + 1
            throw .invalidUTF8(path, line: line, column: column)
        }
        if let (offset, scalar) = firstControlCharacter(bytes) {
            let line = bytes[..<offset].reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
            let lineStart = bytes[..<offset].lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0
            let column = String(decoding: bytes[lineStart..<offset], as: UTF8.self).count + 1
            throw .controlCharacter(path, line: line, column: column, scalar: scalar)
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

    /// The line starts of printable ASCII, tabs and line breaks in lines within
    /// `maxLineBytes`: text every check below would pass, found in one pass that
    /// also indexes its lines; nil for any other text. Eight bytes are looked at
    /// together, and one by one only where a word holds a line break or a byte
    /// outside printable ASCII.
    static func plainTextLineStarts(_ bytes: [UInt8]) -> [Int]? {
        bytes.withUnsafeBytes { buffer -> [Int]? in
            var starts = [0]
            starts.reserveCapacity(bytes.count / 24 + 1)
            var lineStart = 0
            var offset = 0
            let ones: UInt64 = 0x0101_0101_0101_0101
            let highs: UInt64 = 0x8080_8080_8080_8080
            while offset < buffer.count {
                if offset + 8 <= buffer.count {
                    let word = buffer.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                    let deleted = word ^ (ones &* 0x7F)
                    let below = (word &- ones &* 0x20) & ~word & highs
                    let isDelete = (deleted &- ones) & ~deleted & highs
                    if (word & highs) | below | isDelete == 0 {
                        offset += 8
                        continue
                    }
                }
                let end = min(offset + 8, buffer.count)
                while offset < end {
                    let byte = buffer[offset]
                    if byte == 0x0A {
                        if offset - lineStart > maxLineBytes { return nil }
                        lineStart = offset + 1
                        starts.append(lineStart)
                    } else if byte >= 0x7F || (byte < 0x20 && byte != 0x09 && byte != 0x0D) {
                        return nil
                    }
                    offset += 1
                }
            }
            return buffer.count - lineStart <= maxLineBytes ? starts : nil
        }
    }

    /// The first control character of valid UTF-8 text, but tab, line feed and
    /// carriage return: C0 controls, DEL, C1 controls (U+0080 to U+009F), and the
    /// noncharacters U+FFFE and U+FFFF, which XML and DOT reject.
    static func firstControlCharacter(_ bytes: [UInt8]) -> (offset: Int, scalar: UInt32)? {
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte < 0x20, byte != 0x09, byte != 0x0A, byte != 0x0D { return (index, UInt32(byte)) }
            if byte == 0x7F { return (index, 0x7F) }
            if byte == 0xC2, index + 1 < bytes.count, (0x80...0x9F).contains(bytes[index + 1]) {
                return (index, UInt32(bytes[index + 1]))
            }
            if byte == 0xEF, index + 2 < bytes.count, bytes[index + 1] == 0xBF, bytes[index + 2] == 0xBE || bytes[index + 2] == 0xBF {
                return (index, bytes[index + 2] == 0xBE ? 0xFFFE : 0xFFFF)
            }
            index += 1
        }
        return nil
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
