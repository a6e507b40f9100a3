import InfraCore
import InfraTestSupport
import Testing

/// A design with mistakes people make, and the errors a person needs: one per
/// mistake, where they would fix it, every independent one in the first run.
struct Mistake: CustomTestStringConvertible, Sendable {
    let name: String
    let text: String
    /// `line:column message-start`, in order.
    let expected: [String]

    var testDescription: String { name }

    static let corpus: [Mistake] = [
        Mistake(name: "a missing '}' in the middle of the file", text: """
            client users
            load-balancer lb-01
            server web-01 {
              web-server nginx-01
              app-server app-01
            }

            server web-02 {
              web-server nginx-02
              app-server app-02

            server web-03 {
              web-server nginx-03
            }

            users -> lb-01 : https
            lb-01 -> nginx-01, nginx-02, nginx-03 : http
            """, expected: ["11:1 the block of server web-02 opened on line 8 is not closed"]),
        Mistake(name: "a missing '}' in a nested block", text: """
            client users
            cluster web-tier {
              server web-01 {
                web-server nginx-01
              server web-02 {
                web-server nginx-02
              }
            }
            users -> web-tier : https
            """, expected: ["4:24 the block of server web-01 opened on line 3 is not closed"]),
        Mistake(name: "a missing '}' before the end of the file", text: """
            client users
            web-server web {
              software: nginx
            users -> web : https
            """, expected: ["3:18 the block of web-server web opened on line 2 is not closed"]),
        Mistake(name: "'=>' for an arrow", text: """
            client users
            load-balancer lb-01
            users => lb-01 : https
            """, expected: ["3:7 '=>' is not an arrow"]),
        Mistake(name: "four independent mistakes, a misspelled kind hiding none", text: """
            client users
            load-balacer lb-01 { algorithm: round-robbin }
            server web-01 {
              web-server nginx-01 { software nginx }
            }
            users -> lb-01 : https
            lb-01 -> nginx-1 : http
            database db { role: primry }
            """, expected: [
                "2:1 unknown kind 'load-balacer'; did you mean 'load-balancer'?",
                "2:33 'algorithm' takes",
                "4:34 expected ':' after the property 'software'",
                "7:10 'nginx-1' is not declared; did you mean 'nginx-01'?",
                "8:21 'role' takes",
            ]),
        Mistake(name: "an extra '}'", text: """
            client users
            web-server web { software: nginx } }
            users -> web : https
            """, expected: ["2:36 unmatched '}'"]),
        Mistake(name: "a link with no target", text: """
            client users
            web-server web
            users -> : https
            users -> web : https
            """, expected: ["3:10 expected an identifier after '->'"]),
        Mistake(name: "a property outside a block", text: """
            client users
            web-server web
            software: nginx
            users -> web : https
            """, expected: ["3:1 'software: …' is a property"]),
        Mistake(name: "an unterminated string", text: """
            client users "Visitors
            web-server web
            users -> web : https
            """, expected: ["1:14 unterminated string"]),
        Mistake(name: "an unclosed list", text: """
            dns ns { records: ["a A 1.2.3.4", "b A 1.2.3.5" }
            client users
            users -> ns : dns
            """, expected: ["1:49 expected ',' or ']' in the list"]),
        Mistake(name: "a keyword as a name, then used", text: """
            client users
            server server
            users -> server : https
            """, expected: ["2:8 'server' is a keyword"]),
        Mistake(name: "a protocol without its colon", text: """
            client users
            web-server web
            users -> web https
            """, expected: ["3:14 expected ':' before the protocol 'https'"]),
        Mistake(name: "a name declared twice", text: """
            client users
            web-server web
            web-server web
            users -> web : https
            """, expected: ["3:12 'web' is declared twice"]),
        Mistake(name: "a link inside a block", text: """
            client users
            server s {
              web-server w
              users -> w : https
            }
            """, expected: ["4:3 links are written at the top level"]),
        Mistake(name: "'=' for a colon", text: """
            client users
            web-server web { software = nginx, tls: terminat }
            users -> web : https
            """, expected: ["2:27 properties are written 'name: value'", "2:41 'tls' takes"]),
        Mistake(name: "a boolean written as other formats write it", text: """
            client users
            load-balancer lb { health-check: no }
            web-server web { firewall: yes }
            app-server app { firewall: 1 }
            users -> lb -> web : https
            web -> app : http
            """, expected: [
                "2:34 'health-check' takes true or false, found 'no'; did you mean 'false'?",
                "3:28 'firewall' takes true or false, found 'yes'; did you mean 'true'?",
                "4:28 'firewall' takes true or false, found '1'; did you mean 'true'?",
            ]),
    ]
}

@Suite("Parse errors on real mistakes: one error a mistake, where it is fixed, all in one run")
struct MistakesTests {
    @Test(arguments: Mistake.corpus)
    func mistake(_ mistake: Mistake) {
        let errors = Fixtures.read(mistake.text).errors
        let got = errors.map { "\($0.location.start.line):\($0.location.start.column) \($0.message)" }
        #expect(got.count == mistake.expected.count, "\(got.joined(separator: "\n"))")
        for (line, expected) in zip(got, mistake.expected) {
            #expect(line.hasPrefix(expected), "\(line)")
        }
    }

    @Test("a valid file is never read by indentation: a '}' less indented than its block is fine")
    func indentationNeverChangesValidFiles() throws {
        let design = try Fixtures.design("""
            client users
              server s {
                web-server w
            }
            web-server v {
            software: nginx
            }
            users -> w, v : https
            """)
        #expect(design.elements.map(\.id) == ["users", "s", "w", "v"])
    }
}
