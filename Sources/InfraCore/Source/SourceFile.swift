/// A half-open range of UTF-8 byte offsets into one source file.
///
/// Positions are stored as byte offsets, which are cheap to carry through the
/// pipeline; lines and columns are computed from the file's line index only when
/// a finding is created.
public struct SourceRange: Hashable, Sendable, Comparable {
    // Stored as 32-bit offsets: a design file is at most
    // `SourceLoader.maxFileBytes`, and every token, syntax node, element and
    // link holds ranges, so this halves what they cost at 100,000 elements.
    private var storedStart: Int32
    private var storedEnd: Int32

    public var start: Int {
        get { Int(storedStart) }
        set { storedStart = Int32(clamping: newValue) }
    }

    public var end: Int {
        get { Int(storedEnd) }
        set { storedEnd = Int32(clamping: newValue) }
    }

    public init(_ start: Int, _ end: Int) {
        storedStart = Int32(clamping: start)
        storedEnd = Int32(clamping: max(start, end))
    }

    /// The smallest range covering both.
    public func union(_ other: SourceRange) -> SourceRange {
        SourceRange(min(start, other.start), max(end, other.end))
    }

    public static func < (a: SourceRange, b: SourceRange) -> Bool {
        (a.start, a.end) < (b.start, b.end)
    }
}

/// A line and a column, both 1-based; the column counts characters a user sees
/// (grapheme clusters), so `é` or an emoji is one column.
public struct Position: Hashable, Sendable, Comparable, Codable {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (a: Position, b: Position) -> Bool {
        (a.line, a.column) < (b.line, b.column)
    }
}

/// Where something is: a file's display path and a start and end position
/// (the end is exclusive: the column just after the last character).
public struct Location: Hashable, Sendable, Comparable {
    public var file: String
    public var start: Position
    public var end: Position

    public init(file: String, start: Position, end: Position) {
        self.file = file
        self.start = start
        self.end = end
    }

    public static func < (a: Location, b: Location) -> Bool {
        (a.file, a.start, a.end) < (b.file, b.start, b.end)
    }
}

/// One design file's text with a line index.
public struct SourceFile: Sendable {
    /// The path as the user named it (`examples/distributed.infra`), or `<stdin>`.
    public let path: String
    /// The path's last component: `distributed.infra`.
    public var fileName: String { path.split(separator: "/").last.map(String.init) ?? path }
    /// The text as UTF-8 bytes; the lexer reads these.
    public let bytes: [UInt8]
    /// The byte offset at which each line starts.
    private let lineStarts: [Int]

    /// Makes a source file from text already known to be valid UTF-8.
    public init(path: String, text: String) {
        self.init(path: path, validUTF8: Array(text.utf8))
    }

    /// A file whose lines are already indexed (`SourceLoader` finds them while it
    /// checks the text).
    init(path: String, validUTF8 bytes: [UInt8], lineStarts: [Int]) {
        self.path = path
        self.bytes = bytes
        self.lineStarts = lineStarts
    }

    init(path: String, validUTF8 bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
        var starts = [0]
        starts.reserveCapacity(bytes.count / 24 + 1)
        for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
            starts.append(offset + 1)
        }
        self.lineStarts = starts
    }

    /// The whole text.
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// How many lines the file has (an empty file has one, empty, line).
    public var lineCount: Int { lineStarts.count }

    /// The 1-based line holding a byte offset.
    public func line(at offset: Int) -> Int {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return low + 1
    }

    /// The byte range of a 1-based line, without its line break.
    public func lineRange(_ line: Int) -> Range<Int> {
        let index = min(max(line - 1, 0), lineStarts.count - 1)
        let start = lineStarts[index]
        var end = index + 1 < lineStarts.count ? lineStarts[index + 1] - 1 : bytes.count
        if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return start..<max(start, end)
    }

    /// The text of a 1-based line, without its line break.
    public func lineText(_ line: Int) -> String {
        String(decoding: bytes[lineRange(line)], as: UTF8.self)
    }

    /// The line and column of a byte offset.
    public func position(at offset: Int) -> Position {
        let clamped = min(max(offset, 0), bytes.count)
        let line = line(at: clamped)
        let start = lineStarts[line - 1]
        let prefix = bytes[start..<clamped]
        if prefix.allSatisfy({ $0 < 0x80 }) {
            return Position(line: line, column: clamped - start + 1)
        }
        return Position(line: line, column: String(decoding: prefix, as: UTF8.self).count + 1)
    }

    /// The text of a byte range.
    public func text(_ range: SourceRange) -> String {
        let start = min(max(range.start, 0), bytes.count)
        return String(decoding: bytes[start..<min(max(range.end, start), bytes.count)], as: UTF8.self)
    }

    /// The location of a byte range in this file.
    public func location(_ range: SourceRange) -> Location {
        Location(file: path, start: position(at: range.start), end: position(at: range.end))
    }

    /// The location of the whole first line, for findings about the file as a whole.
    public var firstLineLocation: Location {
        location(SourceRange(lineRange(1).lowerBound, lineRange(1).upperBound))
    }

    /// A grapheme column (as infralint counts) as a Unicode code point column (as
    /// SARIF's `unicodeCodePoints` counts): they differ after combining marks and emoji sequences.
    public func codePointColumn(line: Int, column: Int) -> Int {
        guard line >= 1, line <= lineStarts.count else { return column }
        let text = String(decoding: bytes[lineRange(line)], as: UTF8.self)
        var codePoints = 1
        for (index, character) in text.enumerated() {
            if index + 1 >= column { break }
            codePoints += character.unicodeScalars.count
        }
        let characters = text.count
        return column > characters + 1 ? codePoints + (column - characters - 1) : codePoints
    }

    /// The byte offset of a 1-based line and column, or nil when outside the file.
    public func offset(line: Int, column: Int) -> Int? {
        guard line >= 1, line <= lineStarts.count else { return nil }
        let range = lineRange(line)
        let text = String(decoding: bytes[range], as: UTF8.self)
        var offset = range.lowerBound
        var current = 1
        for character in text {
            if current == column { return offset }
            offset += character.utf8.count
            current += 1
        }
        return current == column ? offset : nil
    }
}
