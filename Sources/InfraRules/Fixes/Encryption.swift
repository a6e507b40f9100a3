import InfraCore

/// The edit that encrypts a link: the protocol's TLS form (`http` to `https`,
/// port 80 to 443; `ws` to `wss`; `grpc` to `grpcs`), else `{ tls: true }` on the
/// link, as for a database or cache connection over TLS.
enum Encryption {
    static let secureForms = ["http": "https", "ws": "wss", "grpc": "grpcs"]

    static func encrypt(_ link: Link) -> Edit {
        if link.tls != false, let name = link.protocolName, let secure = secureForms[name] {
            let port = link.port == 80 ? 443 : link.port
            return .setProtocol(LinkRef(link), protocolName: secure, port: port)
        }
        return .setLinkProperty(LinkRef(link), name: "tls", value: "true")
    }

    /// Whether an element takes `tls: terminate` (load balancers, web servers, cdns).
    static func takesTermination(_ element: Element) -> Bool {
        if case .choice? = PropertyCatalog.spec("tls", for: .element(element.kind))?.type { return true }
        return false
    }

    /// Encrypts a link and, where it reaches a firewall (which forwards traffic as it
    /// is), the plaintext links the firewall forwards it on; with the elements the
    /// encrypted traffic reaches past the firewalls.
    static func encryptForwarded(_ link: Link, design: Design) -> (edits: [Edit], receivers: [Element]) {
        var edits = [encrypt(link)]
        var receivers: [Element] = []
        var received = Set<Int>()
        var seen: Set<Int> = [link.index]
        var frontier = [link]
        while let current = frontier.popLast() {
            for member in design.members(of: current.to) {
                let element = design.elements[design.entry(of: member) ?? member]
                guard element.kind == .firewall else {
                    if received.insert(element.index).inserted { receivers.append(element) }
                    continue
                }
                var onward = Array(design.linksFrom[.element(element.index)] ?? [])
                if let cluster = element.cluster { onward += design.linksFrom[.cluster(cluster)] ?? [] }
                for index in onward where seen.insert(index).inserted {
                    let next = design.links[index]
                    let monitoring = (design.members(of: next.to)).contains { design.elements[$0].kind.isMonitoring }
                    guard next.isPlaintext, !monitoring else { continue }
                    edits.append(encrypt(next))
                    frontier.append(next)
                }
            }
        }
        return (edits, receivers)
    }
}
