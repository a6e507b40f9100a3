import InfraCore

/// DES004: a protocol name the linter does not know.
public enum UnknownProtocolRule: Rule {
    public static let description = RuleDescription(
        code: "DES004",
        name: "unknown-protocol",
        category: .design,
        defaultSeverity: .warning,
        summary: "A link names a protocol infralint does not know; it is treated as plaintext unless the link says tls: true.",
        whatItDoes: """
            Reports a link whose protocol is none of https, tls, ssh, wss, grpcs (encrypted), http, ws, grpc, \
            tcp, mysql, postgres, redis, memcached, amqp, smtp, ftp (plaintext) or dns (lookups).
            """,
        whyIsThisBad: """
            infralint cannot tell whether an unknown protocol is encrypted, so it assumes it is not: a typo such \
            as `htps` turns an encrypted link into a reported plaintext one, and a real protocol it does not know \
            hides whether the traffic can be read. Say `tls: true` on the link when it is encrypted: the message \
            then says the link is taken as encrypted.
            """,
        fixSafety: """
            Unsafe: renames the protocol to the one it is close to. Manual when none is close.
            """,
        triggering: [
            RuleExample("""
                client users
                load-balancer lb-01
                users -> lb-01 : ↓htps 443
                """),
        ],
        nonTriggering: [
            RuleExample("""
                client users
                load-balancer lb-01
                users -> lb-01 : https 443
                """),
        ])

    public static func check(_ context: LintContext) -> [Finding] {
        context.design.unknownProtocols.map { unknown in
            let design = context.design
            // A link's own `tls` decides whether it is encrypted (LANGUAGE.md, link
            // properties): said so, the protocol's name no longer matters to that.
            let tls = Set(unknown.links.map { design.links[$0].tls })
            let treated = tls == [true] ? "the link is taken as encrypted, as its tls: true says"
                : tls == [false] ? "the link is plaintext, as its tls: false says" : "it is treated as plaintext"
            var message = "'\(unknown.name)' is not a protocol infralint knows"
            if let suggestion = unknown.suggestion {
                message += "; did you mean '\(suggestion)'? Until then \(treated)"
            } else {
                message += "; \(treated)"
            }
            let known = listed(Protocols.known.sorted(), conjunction: "or")
            let fix = unknown.suggestion.map { suggestion in
                Fix(.unsafe, "", unknown.links.map { .setProtocol(LinkRef(design.links[$0]), protocolName: suggestion, port: design.links[$0].port) })
            } ?? .manual(tls.contains(nil)
                ? "name a protocol infralint knows for \(unknown.linkName) (\(known)), and add { tls: true } if the traffic is encrypted"
                : "name a protocol infralint knows for \(unknown.linkName) (\(known)) if one fits; its tls already says whether the traffic is encrypted, so a suppression with that reason is fine")
            return context.finding(description, message, at: unknown.range, element: unknown.linkName, fix: fix)
        }
    }
}
