/// The one loop behind every escaping function: each character found in the table
/// is replaced by its entry, every other is kept.
enum TextEscaping {
    static func replacing(_ text: String, _ table: [Character: String]) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            if let replacement = table[character] { out += replacement } else { out.append(character) }
        }
        return out
    }
}
