import InfraCore
import InfraTestSupport
import Testing

@Suite("Parser: every construct of the language")
struct ParserTests {
    @Test("comments, strings with escapes, numbers, percentages and lists")
    func lexicalForms() throws {
        let design = try Fixtures.design("""
            # a comment
            web-server web "Web \\"front\\" \\\\ end\\n\\ttab" {  # trailing comment
              software: "nginx 1.24"
              capacity: 2.5
              availability: 99.95%
              instances: 3
              description: "é 🎉"
            }
            dns d { records: ["a", "b", c] }
            """)
        let web = try #require(design.element(named: "web"))
        #expect(web.label == "Web \"front\" \\ end\n\ttab")
        #expect(web.software == "nginx 1.24")
        #expect(web.capacity == 2.5)
        #expect(web.availability == 99.95)
        #expect(web.instances == 3)
        #expect(web.description == "é 🎉")
        #expect(design.element(named: "d")?.records == ["a", "b", "c"])
    }

    @Test("properties separated by newlines, commas or semicolons")
    func separators() throws {
        let design = try Fixtures.design("""
            load-balancer a { software: haproxy, algorithm: ip-hash; health-check: false
              tls: terminate }
            load-balancer b { software: nginx; algorithm: random }
            """)
        let a = try #require(design.element(named: "a"))
        #expect(a.software == "haproxy")
        #expect(a.algorithm == .ipHash)
        #expect(a.healthCheck == false)
        #expect(a.tls == .terminate)
        #expect(design.element(named: "b")?.algorithm == .random)
    }

    @Test("statements end at ';' as well as at the end of a line")
    func semicolonStatements() throws {
        let design = try Fixtures.design("client u; web-server w; u -> w : https")
        #expect(design.elements.map(\.id) == ["u", "w"])
        #expect(design.links.map(\.name) == ["u->w"])
    }

    @Test("chains and fan-out make one link per pair, with the statement's protocol")
    func chainsAndFanOut() throws {
        let design = try Fixtures.design("""
            client a
            load-balancer b
            web-server c
            web-server d
            app-server e
            a -> b -> c, d -> e : http 8080
            """)
        #expect(design.links.map(\.name) == ["a->b", "b->c", "b->d", "c->e", "d->e"])
        #expect(design.links.allSatisfy { $0.protocolName == "http" && $0.port == 8080 })
    }

    @Test("a fan-out may continue after a comma on the next line")
    func fanOutAcrossLines() throws {
        let design = try Fixtures.design("""
            load-balancer lb
            web-server a
            web-server b
            lb -> a,
                  b : http
            """)
        #expect(design.links.map(\.name) == ["lb->a", "lb->b"])
    }

    @Test("elements may be named before they are declared")
    func forwardReferences() throws {
        let design = try Fixtures.design("""
            users -> lb : https
            client users
            load-balancer lb
            """)
        #expect(design.links.first?.from == .element(0))
        #expect(design.links.first?.to == .element(1))
        #expect(design.links.first?.name == "users->lb")
    }

    @Test("elements nested in servers, standalone hosts and clusters")
    func nesting() throws {
        let design = try Fixtures.design("""
            network dmz
            load-balancer lb in dmz {
              firewall fw
              agent a { reports-to: m }
            }
            monitor m
            cluster pair in dmz {
              server s1 { web-server w1; agent a1 { reports-to: m } }
              server s2 in dmz { web-server w2 }
            }
            """)
        let lb = try #require(design.element(named: "lb"))
        let fw = try #require(design.element(named: "fw"))
        let w1 = try #require(design.element(named: "w1"))
        #expect(fw.host == lb.index && fw.container == lb.index)
        #expect(design.element(named: "a")?.host == lb.index)
        #expect(w1.host == design.element(named: "s1")?.index)
        #expect(w1.network == 0, "components take their host's network, which takes the cluster's")
        #expect(design.clusters[0].members.map { design.elements[$0].id } == ["s1", "s2"])
        #expect(design.hasOwnFirewall(host: lb.index))
        #expect(design.element(named: "s1")?.cluster == 0)
    }

    @Test("keywords are lowercase and reserved; DNS or Server are identifiers")
    func keywordsAreCaseSensitive() throws {
        let design = try Fixtures.design("dns DNS\nserver Server")
        #expect(design.elements.map(\.id) == ["DNS", "Server"])
        let parsed = Fixtures.read("server server")
        #expect(parsed.errors.map(\.message) == ["'server' is a keyword and cannot be an identifier"])
    }

    @Test("every reserved word is refused as a name, and every word one letter off it is a name")
    func everyKeywordIsReserved() throws {
        for keyword in Keyword.all.sorted() {
            let parsed = Fixtures.read("server \(keyword)")
            #expect(parsed.errors.map(\.message) == ["'\(keyword)' is a keyword and cannot be an identifier"], "\(keyword)")
            for near in [keyword + "s", String(keyword.dropLast()), "x" + keyword.dropFirst(), keyword.uppercased()]
            where !Keyword.all.contains(near) && near.count > 1 {
                let design = try Fixtures.design("server \(near)")
                #expect(design.elements.map(\.id) == [near], "\(near)")
            }
        }
    }

    @Test("a protocol is encrypted exactly when Protocols.encrypted lists it")
    func encryptedProtocols() {
        for name in Protocols.known.union(["HTTPS", "http2", "", "tls1"]).sorted() {
            #expect(Protocols.isEncrypted(name) == Protocols.encrypted.contains(name), "\(name)")
        }
        #expect(!Protocols.isEncrypted(nil))
    }

    @Test("identifiers may hold Unicode letters")
    func unicodeIdentifiers() throws {
        let design = try Fixtures.design("client usuários\nweb-server café-01\nusuários -> café-01 : https")
        #expect(design.links.map(\.name) == ["usuários->café-01"])
    }

    @Test("an empty file is a valid, empty design")
    func emptyFile() {
        let parsed = Fixtures.read("")
        #expect(parsed.errors.isEmpty)
        #expect(parsed.design.elements.isEmpty)
        #expect(Fixtures.read("\n  # only a comment\n\n").errors.isEmpty)
    }

    @Test("a link without a protocol is plaintext TCP; tls: true overrides the protocol")
    func linkEncryption() throws {
        let design = try Fixtures.design("""
            app-server a
            database b
            cache c
            a -> b
            a -> c : redis { tls: true }
            """)
        #expect(design.links[0].protocolLabel == "tcp")
        #expect(design.links[0].isPlaintext)
        #expect(design.links[1].isEncrypted)
    }

    @Test("a pair linked more than once is named with its protocol")
    func duplicatePairNames() throws {
        let design = try Fixtures.design("""
            app-server a
            service b
            a -> b : http
            a -> b : grpc
            """)
        #expect(design.links.map(\.name) == ["a->b:http", "a->b:grpc"])
    }
}
