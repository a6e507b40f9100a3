/// One change to a design, said in terms of the language (a property, a link, a
/// declaration), not of text: `EditCompiler` turns it into text patches against
/// the file's syntax, and `description` says it in the design language.
public enum Edit: Hashable, Sendable {
    /// Sets `name: value` on a declaration or the design, replacing the value when set.
    case setProperty(PropertyOwnerRef, name: String, value: String)
    /// Removes a property; `value` is what it was, for the description.
    case removeProperty(PropertyOwnerRef, name: String, value: String)
    /// Renames a property, keeping its value.
    case renameProperty(PropertyOwnerRef, from: String, to: String)
    /// Changes a link's protocol and port (nil: no port).
    case setProtocol(LinkRef, protocolName: String, port: Int?)
    /// Sets a property in a link's block (`tls: true`, `access: read`).
    case setLinkProperty(LinkRef, name: String, value: String)
    /// Makes one end of a link name something else.
    case retarget(LinkRef, end: LinkEnd, to: String)
    /// Removes a link.
    case removeLink(LinkRef)
    /// `A -> B` becomes `A -> VIA -> B`.
    case insertHop(LinkRef, via: String)
    /// Adds a link statement after the statement of `after`, else at the end of the file.
    case addLink(NewLink, after: LinkRef?)
    /// Declares something new at the top level.
    case declare(NewDeclaration, placement: Placement)
    /// Declares something inside a host (an agent, a firewall).
    case declareInside(host: String, NewDeclaration)
    /// Declares a new member inside an existing cluster.
    case addMember(cluster: String, NewDeclaration)
    /// Declares a cluster holding existing declarations (moved into it, out of a
    /// server where they are components) and new ones.
    case cluster(NewCluster)
    /// Replaces a comment's text, or deletes the comment (nil).
    case editComment(CommentRef, newText: String?)

    /// The declarations and links it adds that copy existing ones (twins, a link
    /// split in two).
    public var copies: Int {
        switch self {
        case .addLink:
            return 1
        case .declare(let declaration, _), .declareInside(_, let declaration), .addMember(_, let declaration):
            return declaration.copyOf == nil ? 0 : 1
        case .cluster(let cluster):
            return cluster.members.filter { if case .new(let declaration) = $0 { return declaration.copyOf != nil } else { return false } }.count
        default:
            return 0
        }
    }

    /// The names it declares.
    /// Whether it only rewrites a link in place (its protocol or a property): such
    /// edits of different fixes commute, and `fix` compiles them together.
    public var changesLinkOnly: Bool {
        switch self {
        case .setProtocol, .setLinkProperty: return true
        default: return false
        }
    }

    public var declaredNames: [String] {
        switch self {
        case .declare(let declaration, _), .declareInside(_, let declaration), .addMember(_, let declaration):
            return declaration.allNames
        case .cluster(let cluster):
            return [cluster.id] + cluster.members.flatMap { member -> [String] in
                if case .new(let declaration) = member { return declaration.allNames }
                return []
            }
        default:
            return []
        }
    }
}

/// What a property is set on.
public enum PropertyOwnerRef: Hashable, Sendable {
    /// The `design "…"` statement's block.
    case design
    /// The element, cluster or network with this identifier.
    case named(String)
    /// A link's statement (its block is shared by the statement's links).
    case link(LinkRef)

    var phrase: String {
        switch self {
        case .design: return "the design"
        case .named(let name): return name
        case .link(let link): return link.arrow
        }
    }
}

/// Which end of a link.
public enum LinkEnd: Hashable, Sendable {
    case from, to
}

/// A declared link: its index in `Design.links`, with the names it is written with.
public struct LinkRef: Hashable, Sendable {
    public var index: Int
    public var from: String
    public var to: String

    public init(index: Int, from: String, to: String) {
        self.index = index
        self.from = from
        self.to = to
    }

    public init(_ link: Link) {
        self.init(index: link.index, from: link.fromName, to: link.toName)
    }

    /// `users -> lb-01`.
    public var arrow: String { "\(from) -> \(to)" }
}

/// A comment, by where it is.
public struct CommentRef: Hashable, Sendable {
    public var range: SourceRange
    /// The comment as written, `#` included.
    public var text: String

    public init(range: SourceRange, text: String) {
        self.range = range
        self.text = text
    }
}

/// `name: value`, with the value as it is written in the file.
public struct PropertyText: Hashable, Sendable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }

    public var text: String { "\(name): \(value)" }
}

/// A link statement to add.
public struct NewLink: Hashable, Sendable {
    public var from: String
    public var to: [String]
    public var protocolName: String?
    public var port: Int?
    public var properties: [PropertyText]

    public init(from: String, to: [String], protocolName: String?, port: Int?, properties: [PropertyText] = []) {
        self.from = from
        self.to = to
        self.protocolName = protocolName
        self.port = port
        self.properties = properties
    }

    /// The statement in the canonical layout.
    public var text: String {
        var text = "\(from) -> \(to.joined(separator: ", "))"
        if let protocolName {
            text += " : \(protocolName)"
            if let port { text += " \(port)" }
        }
        if !properties.isEmpty { text += " { " + properties.map(\.text).joined(separator: ", ") + " }" }
        return text
    }
}

/// A declaration to write: `KIND ID [in NETWORK] ["LABEL"] { properties; children }`.
public struct NewDeclaration: Hashable, Sendable {
    /// `load-balancer`, `agent`, `cluster`.
    public var keyword: String
    public var id: String
    public var network: String?
    public var label: String?
    public var properties: [PropertyText]
    public var children: [NewDeclaration]
    /// The declaration it copies, for a twin.
    public var copyOf: String?

    public init(keyword: String, id: String, network: String? = nil, label: String? = nil,
                properties: [PropertyText] = [], children: [NewDeclaration] = [], copyOf: String? = nil) {
        self.keyword = keyword
        self.id = id
        self.network = network
        self.label = label
        self.properties = properties
        self.children = children
        self.copyOf = copyOf
    }

    /// Its identifier and its children's.
    public var allNames: [String] { [id] + children.flatMap(\.allNames) }

    var head: String {
        var text = ""
        writeHead(into: &text)
        return text
    }

    private func writeHead(into text: inout String) {
        text += keyword
        text += " "
        text += id
        if let network {
            text += " in "
            text += network
        }
        if let label {
            text += " "
            text += Formatter.quote(label)
        }
    }

    /// On one line, as fixes print it: `agent a { reports-to: m }`.
    public var inlineText: String {
        var text = ""
        text.reserveCapacity(64)
        writeInline(into: &text)
        return text
    }

    /// `inlineText` appended to `text`: a fix is written for every finding (13,000 of
    /// MON001's at 100,000 elements), and each piece made a string of its own and
    /// grew the next one (arrays of the items joined were a third of writing one).
    func writeInline(into text: inout String) {
        writeHead(into: &text)
        guard !properties.isEmpty || !children.isEmpty else { return }
        text += " { "
        for (index, property) in properties.enumerated() {
            if index > 0 { text += ", " }
            text += property.name
            text += ": "
            text += property.value
        }
        for (index, child) in children.enumerated() {
            if index > 0 || !properties.isEmpty { text += ", " }
            child.writeInline(into: &text)
        }
        text += " }"
    }

    /// In the canonical layout, as the file gets it: one line when it holds
    /// properties only, else a line an item.
    public func lines(indent: String) -> [String] {
        if children.isEmpty {
            return [indent + inlineText]
        }
        var lines = [indent + head + " {"]
        for property in properties { lines.append(indent + "  " + property.text) }
        for child in children { lines.append(contentsOf: child.lines(indent: indent + "  ")) }
        lines.append(indent + "}")
        return lines
    }
}

/// Where a new top-level declaration goes.
public enum Placement: Hashable, Sendable {
    /// Just before the top-level statement that declares this name (its comments included).
    case before(String)
    /// After the last top-level declaration.
    case afterDeclarations
    /// Before the first element or cluster declaration.
    case beforeElements
}

/// A cluster to declare.
public struct NewCluster: Hashable, Sendable {
    public var id: String
    public var network: String?
    public var properties: [PropertyText]
    public var members: [Member]

    public enum Member: Hashable, Sendable {
        /// An existing declaration moved into the cluster; `from` names the server
        /// it is moved out of, for a component.
        case existing(String, from: String?)
        case new(NewDeclaration)
    }

    public init(id: String, network: String?, properties: [PropertyText], members: [Member]) {
        self.id = id
        self.network = network
        self.properties = properties
        self.members = members
    }

    var head: String {
        var text = "cluster \(id)"
        if let network { text += " in \(network)" }
        return text + " { " + properties.map(\.text).joined(separator: ", ") + " }"
    }
}

// MARK: How an edit reads

extension Edit: CustomStringConvertible {
    /// `declare agent a { reports-to: m } inside web-01`, written into one string.
    private static func declaring(_ declaration: NewDeclaration, then joining: String, _ place: String) -> String {
        var text = "declare "
        text.reserveCapacity(96)
        declaration.writeInline(into: &text)
        text += joining
        text += place
        return text
    }

    public var description: String {
        switch self {
        case .setProperty(let owner, let name, let value):
            return "set \(name): \(value) on \(owner.phrase)"
        case .removeProperty(let owner, let name, let value):
            return "remove \(name): \(value) from \(owner.phrase)"
        case .renameProperty(let owner, let from, let to):
            return "rename \(from) to \(to) on \(owner.phrase)"
        case .setProtocol(let link, let name, let port):
            return "write \(link.arrow) : \(name)\(port.map { " \($0)" } ?? "")"
        case .setLinkProperty(let link, let name, let value):
            return "set { \(name): \(value) } on \(link.arrow)"
        case .retarget(let link, .to, let name):
            return "point \(link.arrow) at \(name)"
        case .retarget(let link, .from, let name):
            return "send \(link.arrow) from \(name)"
        case .removeLink(let link):
            return "remove \(link.arrow)"
        case .insertHop(let link, let via):
            return "route \(link.arrow) through \(via)"
        case .addLink(let link, _):
            return "add \(link.text)"
        case .declare(let declaration, _):
            return Self.declaring(declaration, then: "", "")
        case .declareInside(let host, let declaration):
            return Self.declaring(declaration, then: " inside ", host)
        case .addMember(let cluster, let declaration):
            return Self.declaring(declaration, then: " inside cluster ", cluster)
        case .cluster(let cluster):
            let members = cluster.members.map { member -> String in
                switch member {
                case .existing(let name, let server?): return "\(name) (moved out of \(server))"
                case .existing(let name, nil): return name
                case .new(let declaration): return "a new \(declaration.inlineText)"
                }
            }
            return "declare \(cluster.head) holding \(listed(members))"
        case .editComment(let comment, let text?):
            return "write \(text) instead of \(comment.text)"
        case .editComment(let comment, nil):
            return "delete the comment \(comment.text)"
        }
    }
}

extension Edit {
    /// Whether two edits are said together: links pointed at one name, sent from
    /// one name, or routed through one firewall.
    static func sameGroup(_ a: Edit, _ b: Edit) -> Bool {
        switch (a, b) {
        case (.retarget(_, let endA, let nameA), .retarget(_, let endB, let nameB)): return endA == endB && nameA == nameB
        case (.insertHop(_, let viaA), .insertHop(_, let viaB)): return viaA == viaB
        default: return false
        }
    }

    /// Edits of one group, said once: "point users -> lb-01 and ns -> lb-01 at lb-pair".
    static func describe(_ group: [Edit]) -> String {
        var arrows: [String] = []
        var said = Set<String>()
        for edit in group {
            switch edit {
            // A pair linked twice alike (`u -> w : http` written twice) is said once
            // (a set: a fix can point tens of thousands of links at one name).
            case .retarget(let link, _, _), .insertHop(let link, _): if said.insert(link.arrow).inserted { arrows.append(link.arrow) }
            default: break
            }
        }
        switch group.first {
        case .retarget(_, .to, let name)?: return "point \(listed(arrows)) at \(name)"
        case .retarget(_, .from, let name)?: return "send \(listed(arrows)) from \(name)"
        case .insertHop(_, let via)?: return "route \(listed(arrows)) through \(via)"
        default: return group.map(\.description).joined(separator: "; ")
        }
    }
}
