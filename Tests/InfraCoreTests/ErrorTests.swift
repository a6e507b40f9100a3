import InfraCore
import InfraTestSupport
import Testing

/// "line:column: message" for each error, for exact comparisons.
private func errors(_ text: String) -> [String] {
    Fixtures.read(text).errors.map { "\($0.location.start.line):\($0.location.start.column): \($0.message)" }
}

@Suite("Errors a person can act on: exact positions and messages")
struct ErrorTests {
    @Test("three separate mistakes are all reported, each with its position")
    func threeMistakes() {
        let found = errors("""
            client users
            load-balacer lb-01 { algorithm: round-robin }
            server web-01 {
              web-server nginx-01 { software nginx }
            }
            users -> web-1 : http
            """)
        #expect(found == [
            "2:1: unknown kind 'load-balacer'; did you mean 'load-balancer'?",
            "4:34: expected ':' after the property 'software', found 'nginx'",
            "6:10: 'web-1' is not declared; did you mean 'web-01'?",
        ])
    }

    @Test("a misspelled value gets a did-you-mean")
    func misspelledValue() {
        #expect(errors("load-balancer lb { algorithm: round-robbin }") == [
            "1:31: 'algorithm' takes round-robin, weighted-round-robin, least-connections, ip-hash or random, found 'round-robbin'; did you mean 'round-robin'?",
        ])
        #expect(errors("database db { role: primry }") == [
            "1:21: 'role' takes primary, replica or standalone, found 'primry'; did you mean 'primary'?",
        ])
        #expect(errors("server s { firewall: ture }") == [
            "1:22: 'firewall' takes true or false, found 'ture'; did you mean 'true'?",
        ])
    }

    @Test("'firewall' alone inside a host is read as the host's own firewall left unnamed, and the error says how to write it")
    func bareFirewallInsideAHost() {
        let read = Fixtures.read("server s {\n  firewall\n  web-server w\n}\nfirewall\n")
        let found = read.errors.map { "\($0.location.start.line):\($0.location.start.column): \($0.message) | \($0.fix?.text ?? "")" }
        #expect(found == [
            "2:11: expected an identifier after 'firewall', found the end of the line | write firewall: true for the host's own firewall, or name it: firewall fw-01",
            // At the top level there is no host to protect: only the name is missing.
            "5:9: expected an identifier after 'firewall', found the end of the line | ",
        ])
    }

    @Test("'http port 80': the port is the number alone; one error, and the link keeps its port")
    func wordPortBeforeTheNumber() {
        let read = Fixtures.read("client u\nweb-server w\nu -> w : http port 80\n")
        #expect(read.errors.map { "\($0.location.start.line):\($0.location.start.column): \($0.message) | \($0.fix?.text ?? "")" } == [
            "3:15: expected the port as a number right after the protocol, found 'port' | write http 80",
        ])
        #expect(read.design.links.first?.port == 80)
    }

    @Test("a duplicate identifier names both positions")
    func duplicateIdentifier() throws {
        let parsed = Fixtures.read("server web-01\nweb-server web-01")
        let error = try #require(parsed.errors.first)
        #expect(error.message == "'web-01' is declared twice; identifiers are unique across the file")
        #expect(error.location.start == Position(line: 2, column: 12))
        #expect(error.related.map(\.message) == ["first declared here"])
        #expect(error.related.first?.location.start == Position(line: 1, column: 8))
    }

    @Test("elements nested where they cannot be")
    func misplacedDeclarations() {
        #expect(errors("server a { server b }") == [
            "1:12: a server cannot run on a server",
        ])
        #expect(errors("server a { cluster c { web-server w } }") == [
            "1:12: a cluster cannot be inside a server; declare the cluster at the top level with the servers inside it",
        ])
        #expect(errors("network n { web-server w }") == [
            "1:13: elements are not declared inside a network's block; write web-server w in n",
        ])
        #expect(errors("load-balancer lb { web-server w }") == [
            "1:20: only a server holds components; a load-balancer may hold its agents and its own firewall, not a web-server",
        ])
        #expect(errors("server s { web-server w { agent a } }") == [
            "1:27: w runs on s and cannot hold other elements; declare a inside s",
        ])
        #expect(errors("cluster c { client u }") == ["1:13: a client cannot be a member of a cluster"])
    }

    @Test("an unknown network, and a name that is not a network")
    func networks() {
        #expect(errors("network dmz\nserver s in dzm") == ["2:13: unknown network 'dzm'; did you mean 'dmz'?"])
        let parsed = Fixtures.read("server t\nserver s in t")
        #expect(parsed.errors.map(\.message) == ["'t' is a server, not a network"])
        #expect(parsed.errors.first?.related.first?.location.start == Position(line: 1, column: 1))
    }

    @Test("replicates on a database that is not a replica")
    func replicatesNeedsReplica() {
        #expect(errors("database a\ndatabase b { replicates: a }") == [
            "2:26: 'replicates' is for replicas, but b is standalone",
        ])
        // No role written: add one. A role written otherwise: a choice to undo, or the replicates to drop.
        let advice = { (text: String) in Fixtures.read(text).errors.compactMap(\.fix?.text) }
        #expect(advice("database a\ndatabase b { replicates: a }") == ["add role: replica to b"])
        #expect(advice("database a\ndatabase b { role: primary, replicates: a }") == [
            "write role: replica on b if it copies a, else remove replicates",
        ])
    }

    @Test("an undeclared reference in a property, and an entry outside its server")
    func references() {
        #expect(errors("agent a { reports-to: sumo }\nmonitor sumu") == ["1:23: 'sumo' is not declared; did you mean 'sumu'?"])
        #expect(errors("web-server x\nserver s { entry: x; web-server y }") == [
            "2:19: the entry of s must be an element declared inside it; 'x' is not",
        ])
    }

    @Test("strings, escapes and numbers")
    func lexicalErrors() {
        #expect(errors("client u \"unterminated\nclient v") == [
            "1:10: unterminated string: a string ends with '\"' on the line it starts",
        ])
        #expect(errors("client u \"bad \\q escape\"") == [
            "1:15: unknown escape '\\q' in a string; expected \\\", \\\\, \\n or \\t",
        ])
        #expect(errors("cluster c { vip: 8.8.8.8; web-server a }") == [
            "1:18: '8.8.8.8' is not a number; expected a number such as 443 or 2.5",
        ])
        #expect(errors("client u\nweb-server w\nu -> w : http 99999") == [
            "3:15: '99999' is not a port; expected a whole number from 1 to 65535",
        ])
        #expect(errors("web-server w { capacity = 3 }") == [
            "1:25: properties are written 'name: value', not 'name = value'",
        ])
    }

    @Test("links: an undeclared end, a network, a link to itself, a link inside a block")
    func linkErrors() {
        #expect(errors("client u\nu -> nowhere") == ["2:6: 'nowhere' is not declared"])
        #expect(errors("network n\nclient u\nu -> n") == ["3:6: 'n' is a network; links join elements and clusters"])
        #expect(errors("web-server w\nw -> w") == ["2:1: a link from 'w' to itself; a link joins two different elements"])
        #expect(errors("server s { a -> b }") == ["1:12: links are written at the top level, not inside a block"])
        #expect(errors("client u\nu ->") == ["2:5: expected an identifier after '->', found the end of the file"])
    }

    @Test("a name the parser could not declare is not reported again as undeclared")
    func noCascade() {
        #expect(errors("client u\nlod-balancer lb\nu -> lb") == [
            "2:1: unknown kind 'lod-balancer'; did you mean 'load-balancer'?",
        ])
    }

    @Test("a property set twice names both places")
    func propertyTwice() throws {
        let parsed = Fixtures.read("web-server w { software: nginx, software: apache }")
        #expect(parsed.errors.map(\.message) == ["'software' is set twice"])
        #expect(parsed.errors.first?.related.first?.location.start == Position(line: 1, column: 16))
    }

    @Test("unknown properties and protocols are recorded, not errors")
    func unknownsAreWarnings() {
        let parsed = Fixtures.read("client u\nweb-server w { algoritm: x }\nu -> w : quic")
        #expect(parsed.errors.isEmpty)
        #expect(parsed.design.unknownProperties.map(\.name) == ["algoritm"])
        #expect(parsed.design.unknownProperties.first?.suggestion == nil, "web servers take no algorithm")
        #expect(parsed.design.unknownProperties.first?.takenBy == ["load-balancer"])
        #expect(parsed.design.unknownProtocols.map(\.name) == ["quic"])
    }

    /// The editor offers in a block what `mayHold` allows: it must be what builds.
    @Test("what a declaration may hold is exactly what the builder accepts")
    func mayHoldAgreesWithTheBuilder() {
        for holder in ElementKind.allCases {
            for kind in ElementKind.allCases {
                let refused = !Fixtures.read("\(holder.keyword) h { \(kind.keyword) x }").errors.isEmpty
                #expect(refused == !holder.mayHold(kind), "\(holder.keyword) holding \(kind.keyword)")
            }
        }
    }
}
