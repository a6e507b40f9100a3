import InfraCore

/// The protocol's positions: a 0-based line and a character offset counted in
/// UTF-16 code units (the protocol's default encoding, which every client speaks),
/// converted to and from the byte offsets and grapheme columns infralint keeps.
extension SourceFile {
    /// The byte offset of a protocol position; past a line's end is its end, past the
    /// last line is the end of the file.
    func offset(line: Int, character: Int) -> Int {
        guard line >= 0 else { return 0 }
        guard line < lineCount else { return bytes.count }
        let range = lineRange(line + 1)
        var units = 0
        var offset = range.lowerBound
        for scalar in String(decoding: bytes[range], as: UTF8.self).unicodeScalars {
            if units >= character { break }
            units += scalar.utf16.count
            offset += scalar.utf8.count
        }
        return offset
    }

    /// The byte offset of a position JSON (`{line, character}`), nil when it is not one.
    func offset(_ position: JSON?) -> Int? {
        guard let line = position?["line"]?.int, let character = position?["character"]?.int else { return nil }
        return offset(line: line, character: character)
    }

    /// The protocol position of a byte offset.
    func lspPosition(at offset: Int) -> JSON {
        let clamped = min(max(offset, 0), bytes.count)
        let line = self.line(at: clamped)
        let start = lineRange(line).lowerBound
        let prefix = bytes[start..<max(start, clamped)]
        let character = prefix.allSatisfy { $0 < 0x80 } ? prefix.count : String(decoding: prefix, as: UTF8.self).utf16.count
        return ["line": JSON(line - 1), "character": JSON(character)]
    }

    func lspRange(_ range: SourceRange) -> JSON {
        ["start": lspPosition(at: range.start), "end": lspPosition(at: range.end)]
    }

    /// A finding's location (lines and grapheme columns) as a protocol range.
    func lspRange(_ location: Location) -> JSON {
        let start = byteOffset(location.start)
        return lspRange(SourceRange(start, max(start, byteOffset(location.end))))
    }

    private func byteOffset(_ position: Position) -> Int {
        if let offset = offset(line: position.line, column: position.column) { return offset }
        return position.line > lineCount ? bytes.count : lineRange(position.line).upperBound
    }

    /// The whole text, for edits that replace it.
    var wholeRange: SourceRange { SourceRange(0, bytes.count) }
}
