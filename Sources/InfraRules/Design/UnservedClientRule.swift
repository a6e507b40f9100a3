import InfraAnalysis
import InfraCore

/// DES006: a client that completes no request even with nothing failed.
public enum UnservedClientRule: Rule {
    public static let description = RuleDescription(
        code: "DES006",
        name: "unserved-client",
        category: .design,
        defaultSeverity: .warning,
        summary: "A client that can neither read nor write even with nothing failed.",
        whatItDoes: """
            Reports a declared `client` with links that completes no request, read or write, even when nothing \
            has failed, and says where its way breaks. The usual cause is a cycle of links: a webhook drawn back \
            into the site (`app -> stripe` and `stripe -> app`) makes the app need stripe and stripe need the app, \
            and LANGUAGE.md's serving rules serve no request by going round a cycle. A dead end (a firewall with \
            nothing behind it) is the other.
            """,
        whyIsThisBad: """
            Every availability finding starts from what each client completes with nothing failed. A client that \
            completes nothing is left out of all of it: no single point of failure, no availability figure, no \
            capacity is reported for it, and nothing else says so.
            """,
        fixSafety: """
            Manual: the link that closes the cycle is usually a call the other way round (a payment provider's \
            webhook). Draw it from a client of its own (`client stripe-webhooks`, linked to the app) and remove \
            the link back; `infralint what-if FILE --fail NAME` shows every way a request takes.
            """,
        triggering: [
            RuleExample("""
                ↓client users
                web-server web { instances: 2 }
                service payments { instances: 2 }
                users -> web : https
                web -> payments : https
                payments -> web : https
                """),
        ],
        nonTriggering: [
            RuleExample("""
                client users
                client payment-webhooks
                web-server web { instances: 2 }
                service payments { instances: 2 }
                users -> web : https
                web -> payments : https
                payment-webhooks -> web : https
                """),
        ],
        mark: "never served")

    public static func check(_ context: LintContext) -> [Finding] {
        let graph = context.graph
        let model = context.failures
        // Solved once, and only when some client is unserved.
        var baseline: [Bool]?
        return graph.clients.compactMap { node -> Finding? in
            guard let client = graph.element(of: node), client.kind == .client, !graph.edges(from: node).isEmpty,
                  !model.failures(of: node, .read).isServed, !model.failures(of: node, .write).isServed
            else { return nil }
            let values = baseline ?? model.servedWithNothingFailed
            baseline = values
            let blocked = WhatIf.neverServed(node, .read, graph: graph, values: values).first
            let why = blocked.map { ": \(chained($0.path.map { graph.name(of: $0) })): \($0.reason)" } ?? ""
            // A way that comes back to a node it passed is a cycle; else it ends at something that serves nothing.
            let cycle = blocked.map { Set($0.path).count < $0.path.count } ?? false
            let advice = cycle
                ? "find the link that closes the cycle (a callback, a webhook): draw it from a client of its own, not back into the site"
                : "link what the way ends at to what serves the requests, or link the client elsewhere"
            return context.finding(
                description,
                "\(client.id) can neither read nor write even with nothing failed\(why); nothing is analysed for it",
                on: client,
                fix: .manual(advice))
        }
    }
}
