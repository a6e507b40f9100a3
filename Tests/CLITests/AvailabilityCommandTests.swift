import Foundation
import InfraTestSupport
import Testing

@Suite("infralint availability, as users run it")
struct AvailabilityCommandTests {
    @Test("the distributed example: nines, downtime and what to fix first, in text, JSON and markdown")
    func example() throws {
        let text = try CLI.run(["availability", "examples/distributed/distributed.infra"])
        #expect(text.status == 0)
        #expect(text.stdout.contains("users writes: 99.8000% (2.7 nines), down about 17.5 h a year, exact\n  fix first: lb-01 (8.8 h a year), web-01 (8.8 h a year)"), "\(text.stdout)")
        let json = try CLI.run(["availability", "examples/distributed/distributed.infra", "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["version"] as? Int == 1)
        let clients = try #require(object["clients"] as? [[String: Any]])
        let writes = try #require(clients.first?["writes"] as? [String: Any])
        #expect(writes["availability"] as? Double == 0.998)
        #expect(writes["method"] as? String == "exact")
        #expect(json.stdout.firstRange(of: "\"version\"")?.lowerBound ?? json.stdout.endIndex
                < json.stdout.firstRange(of: "\"clients\"")?.lowerBound ?? json.stdout.startIndex, "keys in the spec's order")
        let markdown = try CLI.run(["availability", "examples/distributed/distributed.infra", "--format", "markdown"])
        #expect(markdown.stdout.contains("| users | writes | 99.8000% | 2.7 | 17.5 h | exact | `lb-01` 8.8 h, `web-01` 8.8 h"), "\(markdown.stdout)")
    }

    @Test("a design without a client: its implicit client is named by its entry in parentheses")
    func implicitClient() throws {
        let json = try CLI.run(["availability", "-", "--format", "json"], stdin: "load-balancer lb { instances: 2 }\nweb-server w { instances: 2 }\nlb -> w : http\n")
        #expect(json.stdout.contains("\"client\": \"(lb)\""), "\(json.stdout)")
        #expect(json.stdout.contains("\"availability\": 0.999998"))
    }

    @Test("a target: exit 1 below it, 0 above; the design's target is AV008 in lint")
    func target() throws {
        #expect(try CLI.run(["availability", "examples/distributed/distributed.infra", "--target", "99.95%"]).status == 1)
        #expect(try CLI.run(["availability", "examples/distributed/distributed.infra", "--target", "99%"]).status == 0)
        let bad = try CLI.run(["availability", "examples/distributed/distributed.infra", "--target", "120%"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--target takes a percentage above 0% and at most 100%"))
        let design = "design \"shop\" { target: 99.95% }\nclient users\nweb-server web-01\nusers -> web-01 : https\n"
        let lint = try CLI.run(["lint", "-", "--format", "json"], stdin: design)
        #expect(lint.stdout.contains("the reads of users are estimated at 99.9000% (exact) and the writes at 99.9000% (exact), below the target of 99.9500%: web-01 costs the most"), "\(lint.stdout)")
    }

    @Test("bad values are errors with their position: 0%, 120%, a duration without a unit")
    func badValues() throws {
        let result = try CLI.run(["availability", "-"], stdin: """
            client u
            web-server a { availability: 0% }
            web-server b { availability: 120%, mttr: 4 }
            cluster c { failover-time: 0s
              database d
            }
            """)
        #expect(result.status == 2)
        #expect(result.stderr.contains("<stdin>:2:30: error: 'availability' takes a percentage above 0% and at most 100%"), "\(result.stderr)")
        #expect(result.stderr.contains("<stdin>:3:30: error: 'availability' takes a percentage"))
        #expect(result.stderr.contains("'mttr' takes a duration above zero with a unit"))
        #expect(result.stderr.contains("<stdin>:4:28: error: 'failover-time' takes a duration above zero"))
    }
}
