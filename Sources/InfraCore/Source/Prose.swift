/// Names in running prose: "a", "a and b", "a, b and c".
public func listed(_ names: [String], conjunction: String = "and") -> String {
    switch names.count {
    case 0: return ""
    case 1: return names[0]
    default: return names.dropLast().joined(separator: ", ") + " \(conjunction) " + (names.last ?? "")
    }
}
