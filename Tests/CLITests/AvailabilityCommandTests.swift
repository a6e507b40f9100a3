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
        #expect(lint.stdout.contains("the reads of users are estimated at 99.9000% and the writes at 99.9000%, below the target of 99.9500%: web-01 costs the most"), "\(lint.stdout)")
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
            web-server e { capacity: 0 }
            client v { load: 2000000000000 }
            """)
        #expect(result.status == 2)
        #expect(result.stderr.contains("<stdin>:2:30: error: 'availability' takes a percentage above 0% and at most 100%"), "\(result.stderr)")
        #expect(result.stderr.contains("<stdin>:3:30: error: 'availability' takes a percentage"))
        #expect(result.stderr.contains("'mttr' takes a duration above zero with a unit"))
        #expect(result.stderr.contains("<stdin>:4:28: error: 'failover-time' takes a duration above zero"))
        #expect(result.stderr.contains("<stdin>:7:26: error: 'capacity' takes a number above 0, such as 800, found the number 0"), "\(result.stderr)")
        #expect(result.stderr.contains("<stdin>:8:18: error: 'load' takes a number above 0"))
    }

    private let pair = """
        client users { load: 1200, writes: 20% }
        load-balancer lb-01 { instances: 2 }
        web-server web-01 { capacity: 800 }
        web-server web-02 { capacity: 800 }
        database db { capacity: 1000, instances: 2 }
        users -> lb-01 : https
        lb-01 -> web-01, web-02 : http
        web-01, web-02 -> db : mysql
        """

    @Test("capacity: each element's load and utilisation, the bottleneck, the headroom, the worst failures, in every format")
    func capacity() throws {
        let text = try CLI.run(["availability", "-"], stdin: pair)
        #expect(text.status == 0)
        #expect(text.stdout.contains("""
            capacity at peak: users 1,200 requests a second, 20% of them writes
              web-01  600 of 800 requests a second  75%
              web-02  600 of 800 requests a second  75%
              db      1,200 of 2,000 requests a second (2 × 1,000)  60%
              bottleneck: web-01 at 75%; headroom: 1,600 requests a second in all (1.3× today's peak) before web-01 reaches 100%
              if web-01 fails, web-02 must serve 1,200 requests a second; it can serve 800 (150%)
              if web-02 fails, web-01 must serve 1,200 requests a second; it can serve 800 (150%)
              if one of db's 2 instances fails, db must serve 1,200 requests a second; it can serve 1,000 (120%)
            """), "\(text.stdout)")
        let json = try CLI.run(["availability", "-", "--format", "json"], stdin: pair)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let capacity = try #require(object["capacity"] as? [String: Any])
        #expect(capacity["bottleneck"] as? String == "web-01")
        #expect(capacity["headroom"] as? Double == 1600)
        let elements = try #require(capacity["elements"] as? [[String: Any]])
        #expect(elements.first?["utilisation"] as? Double == 0.75 && elements.first?["load"] as? Double == 600)
        let failures = try #require(capacity["afterFailure"] as? [[String: Any]])
        #expect(failures.first?["failed"] as? String == "web-01" && failures.first?["element"] as? String == "web-02")
        #expect(failures.first?["utilisation"] as? Double == 1.5)
        let markdown = try CLI.run(["availability", "-", "--format", "markdown"], stdin: pair)
        #expect(markdown.stdout.contains("| `web-02` | 600 | 800 | 75% | if web-01 fails: 150% |"), "\(markdown.stdout)")
        // Without a load, no capacity section and "capacity": null.
        let none = try CLI.run(["availability", "-", "--format", "json"], stdin: "client u\nweb-server w { capacity: 10 }\nu -> w : https\n")
        #expect(none.stdout.contains("\"capacity\": null"))
    }

    @Test("AV009 and AV010 in lint: over capacity at peak, overloaded after a failure; fixes that clear them")
    func rules() throws {
        let lint = try CLI.run(["lint", "-"], stdin: pair)
        #expect(lint.stdout.contains("<stdin>:3:1: warning: if web-02 fails, web-01 must serve 1,200 requests a second; it can serve 800 (150%), against 75% with nothing failed [AV010]"), "\(lint.stdout)")
        #expect(lint.stdout.contains("fix (unsafe): run 2 instances of web-01 (1,600 requests a second), enough for the 1,200 it must serve after a failure, and for its 600 with one copy lost: set instances: 2 on web-01"))
        #expect(lint.stdout.contains("if one of db's 2 instances fails, db must serve 1,200 requests a second; it can serve 1,000 (120%), against 60% with nothing failed [AV010]"))
        let over = try CLI.run(["lint", "-"], stdin: pair.replacingOccurrences(of: "load: 1200", with: "load: 2000"))
        #expect(over.stdout.contains("<stdin>:3:1: error: web-01 receives 1,000 requests a second at peak, from users; it can serve 800 (125%) [AV009]"), "\(over.stdout)")
        #expect(over.status == 1)
        let fixed = try CLI.run(["fix", "-", "--unsafe", "--select", "AV009", "AV010"], stdin: pair.replacingOccurrences(of: "load: 1200", with: "load: 2000"))
        let after = try CLI.run(["lint", "-"], stdin: fixed.stdout)
        // The web servers get instances; the database gets advice (AV010 stays: db at 200% with one copy lost).
        #expect(fixed.stdout.contains("web-server web-01 { capacity: 800, instances: 3 }"), "\(fixed.stdout)")
        #expect(!after.stdout.contains("[AV009]") && after.stdout.components(separatedBy: "[AV010]").count == 2, "\(after.stdout)")
        #expect(after.stdout.contains("advice: give db more room"))
        let unjudged = try CLI.run(["lint", "-"], stdin: "client users { load: 300 }\nweb-server w { instances: 2 }\nusers -> w : https\n")
        #expect(unjudged.stdout.contains("<stdin>:1:16: note: the load of users, 300 requests a second at peak, reaches nothing that states a capacity, so it is not judged [AV009]"), "\(unjudged.stdout)")
    }

    @Test("the README's availability and what-if blocks are what the commands print")
    func readme() throws {
        let readme = try Fixtures.text("README.md")
        for arguments in [["availability", "examples/distributed/distributed.infra"],
                          ["what-if", "examples/distributed/distributed.infra", "--fail", "web-01"]] {
            let prompt = "$ infralint " + arguments.joined(separator: " ") + "\n"
            let start = try #require(readme.range(of: prompt), "no block for \(prompt)")
            let end = try #require(readme.range(of: "```", range: start.upperBound..<readme.endIndex))
            #expect(String(readme[start.upperBound..<end.lowerBound]) == (try CLI.run(arguments)).stdout, "\(prompt)")
        }
    }
}
