import InfraCore
import InfraTestSupport
import Testing

/// Issue 18 keeps what few declarations, clusters, links and findings write in
/// boxes, and indexes in 32 bits: each box must behave as the value it replaced
/// (a copy changed leaves the original alone; equal contents compare equal), and
/// each index must come back as written.
@Suite("Compact storage: boxed rare fields keep value semantics, 32-bit indexes round-trip")
struct CompactStorageTests {
    static let text = """
        network dmz { trust: untrusted }
        cluster web "Web tier" in dmz { vip: "10.0.0.1", description: "two nginx"
          server web-01 { web-server nginx }
          server web-02 { web-server nginx2 }
        }
        client users "Shoppers" in dmz
        load-balancer lb-01 { software: haproxy, description: "front door" }
        users -> lb-01 : https 443 { description: "the way in", weight: 3 }
        lb-01 -> web : http
        """

    @Test("a declaration's network, label and a link statement's port read back, and a copy changed keeps its own")
    func declarations() throws {
        let parsed = Fixtures.read(Self.text)
        #expect(parsed.errors.isEmpty)
        var declarations: [Declaration] = []
        var links: [LinkStatement] = []
        for statement in parsed.tree.statements {
            switch statement {
            case .declaration(let declaration): declarations.append(declaration)
            case .link(let link): links.append(link)
            case .design: break
            }
        }
        let cluster = try #require(declarations.first { $0.identifier.name == "web" })
        #expect(cluster.network?.name == "dmz")
        #expect(cluster.label == "Web tier")
        #expect(cluster.labelRange.map { parsed.file.text($0) } == "\"Web tier\"")
        let balancer = try #require(declarations.first { $0.identifier.name == "lb-01" })
        #expect(balancer.network == nil && balancer.label == nil && balancer.labelRange == nil)

        var copy = cluster
        copy.label = "Renamed"
        copy.network = nil
        #expect(copy.label == "Renamed" && copy.network == nil && copy.labelRange == cluster.labelRange)
        #expect(cluster.label == "Web tier" && cluster.network?.name == "dmz")
        copy.label = nil
        copy.labelRange = nil
        #expect(copy.label == nil && copy.labelRange == nil && copy.network == nil)

        #expect(links.first?.port?.value.spelling == "the number 443")
        #expect(links.last?.port == nil)
        var link = try #require(links.first)
        let original = link
        link.port = nil
        #expect(link.port == nil && original.port != nil)
    }

    @Test("a cluster's texts and a link's rare properties read back, and a cluster copied and changed keeps its own")
    func clustersAndLinks() throws {
        let design = try Fixtures.design(Self.text)
        let web = try #require(design.clusters.first)
        #expect(web.label == "Web tier" && web.vip == "10.0.0.1" && web.description == "two nginx")
        #expect(web.network == 0 && web.index == 0)
        var copy = web
        copy.vip = nil
        copy.network = nil
        #expect(copy.vip == nil && copy.network == nil && copy.label == "Web tier")
        #expect(web.vip == "10.0.0.1" && web.network == 0)

        let lb = try #require(design.element(named: "lb-01"))
        #expect(lb.software == "haproxy" && lb.description == "front door" && lb.label == nil)
        #expect(design.element(named: "users")?.label == "Shoppers")
        #expect(design.element(named: "users")?.network == 0)
        #expect(lb.network == nil && lb.container == nil && lb.cluster == nil && lb.host == lb.index)
        let nginx = try #require(design.element(named: "nginx"))
        #expect(nginx.container == design.element(named: "web-01")?.index)
        #expect(nginx.host == nginx.container && design.element(named: "web-01")?.cluster == 0)

        let first = try #require(design.links.first)
        #expect(first.port == 443 && first.weight == 3 && first.description == "the way in")
        #expect(first.from == design.element(named: "users").map { .element($0.index) } && first.to == .element(lb.index))
        let second = try #require(design.links.last)
        #expect(second.port == nil && second.weight == nil && second.description == nil)
        #expect(second.to == .cluster(0) && second.statement == first.statement + 1)
    }

    @Test("a finding's suppression and mark: a copy changed keeps its own; equal contents are equal and hash alike")
    func findings() {
        let location = Location(file: "a.infra", start: Position(line: 1, column: 1), end: Position(line: 1, column: 4))
        let plain = Finding(code: "MON001", name: "unmonitored", severity: .warning, category: .monitoring,
                            message: "m", location: location, element: "a")
        var marked = plain
        marked.mark = "watch this"
        #expect(plain.mark == nil && marked.mark == "watch this" && marked != plain)
        var markedAgain = plain
        markedAgain.mark = "watch" + " this"
        #expect(markedAgain == marked && markedAgain.hashValue == marked.hashValue)
        var silenced = marked
        silenced.suppression = Suppression(kind: .comment, justification: "known")
        #expect(silenced.mark == "watch this" && silenced.suppression?.justification == "known")
        #expect(marked.suppression == nil)
        silenced.mark = nil
        silenced.suppression = nil
        #expect(silenced == plain && silenced.hashValue == plain.hashValue)
    }

    @Test("endpoints, symbols and flat lists keep indexes far beyond a design's size")
    func indexes() {
        for index in [0, 1, 2, 1_000, 123_457, 1 << 24, (1 << 29) + 3] {
            for endpoint in [Endpoint.element(index), .cluster(index)] {
                #expect(Endpoint(compactKey: endpoint.compactKey) == endpoint)
            }
            var table = SymbolTable()
            table["e"] = .element(index)
            table["c"] = .cluster(index)
            table["n"] = .network(index)
            #expect(table["e"] == .element(index) && table["c"] == .cluster(index) && table["n"] == .network(index))
        }
        var lists = FlatLists()
        for list in [[], [7], [1 << 24, 3, 0]] {
            for item in list { lists.append(item) }
            lists.endList()
        }
        #expect(lists.count == 3)
        #expect(Array(lists[0]).isEmpty && Array(lists[1]) == [7] && Array(lists[2]) == [1 << 24, 3, 0])
        #expect(Array(FlatList(single: 42)) == [42] && FlatList(single: 42).count == 1)
        #expect(Array(FlatList([5])) == [5] && Array(FlatList([])).isEmpty && Array(FlatList([4, 9])) == [4, 9])
        #expect(FlatList([1, 2]) + FlatList(single: 3) == [1, 2, 3])
    }
}
