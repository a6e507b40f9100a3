import InfraAnalysis
import InfraCore
import InfraTestSupport
import Testing

/// An edge keeps one declared link inline and the others of merged links in an
/// array (`TrafficGraph.EdgeLinks`): the links read back in declaration order
/// however many there are.
@Suite("A traffic graph edge's links")
struct EdgeLinksTests {
    @Test("links to two members of a cluster merge into one edge carrying both, in order; a plain link carries one")
    func merged() throws {
        let design = try Fixtures.design("""
            client users
            load-balancer lb
            cluster web { web-server w1; web-server w2 }
            users -> lb : https
            lb -> w1 : http
            lb -> w2 : http
            """)
        let graph = TrafficGraph(design: design)
        let lb = try #require(design.element(named: "lb")).index
        let fromLB = Array(graph.edges(from: lb))
        #expect(fromLB.count == 1)
        #expect(Array(fromLB.first?.links ?? []) == [1, 2])
        #expect(fromLB.first?.lookupLink == nil)
        let users = try #require(design.element(named: "users")).index
        #expect(Array(graph.edges(from: users).first?.links ?? []) == [0])
        #expect(graph.edges(from: users).first?.to == lb)
    }

    @Test("an implicit client's edge carries no link")
    func implicit() throws {
        let design = try Fixtures.design("""
            load-balancer lb
            web-server w
            lb -> w : http
            """)
        let graph = TrafficGraph(design: design)
        let client = try #require(graph.clients.first)
        let edge = try #require(graph.edges(from: client).first)
        #expect(edge.links.isEmpty && edge.links.count == 0)
        #expect(Array(TrafficGraph.EdgeLinks([4, 8, 15])) == [4, 8, 15])
    }
}
