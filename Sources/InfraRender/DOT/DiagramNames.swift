/// The SVG ids a drawing gives what it draws, made from the design's names so
/// that a page can find an element by name: `element-web-01`, `host-web-01`,
/// `cluster-lbs`, `network-dmz`, `link-users-to-lb-01`. Identifiers hold only
/// letters, digits, `-` and `_`, so an id needs no escaping.
public enum DiagramNames {
    public static func element(_ name: String) -> String { "element-\(name)" }

    /// A box: `host`, `cluster` or `network`.
    public static func box(_ kind: String, _ name: String) -> String { "\(kind)-\(name)" }

    /// A link, by its name as findings give it (`users->lb-01`; the second of the
    /// same pair and protocol, `a->b:http#2`, is `link-a-to-b:http-2`).
    public static func link(_ name: String) -> String {
        "link-" + name.replacingOccurrences(of: "->", with: "-to-").replacingOccurrences(of: "#", with: "-")
    }

    /// Ids made unique by a count: the second link between the same ends is `…-2`.
    public struct Unique {
        private var used: [String: Int] = [:]

        public init() {}

        public mutating func next(_ id: String) -> String {
            let count = (used[id] ?? 0) + 1
            used[id] = count
            return count == 1 ? id : "\(id)-\(count)"
        }
    }
}
