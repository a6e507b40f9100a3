import InfraCore
import InfraTestSupport
import Testing

private func format(_ text: String) throws -> String {
    let (tree, errors) = Parser.parse(SourceFile(path: "t", text: text))
    #expect(errors.isEmpty)
    return Formatter.format(tree)
}

@Suite("fmt: one canonical layout, comments kept, idempotent")
struct FormatterTests {
    @Test("over every example: idempotent, same model, every comment kept",
          arguments: Fixtures.specDesigns + Fixtures.examples)
    func examples(path: String) throws {
        let text = try Fixtures.text(path)
        let once = try format(text)
        let twice = try format(once)
        #expect(once == twice, "fmt is not idempotent on \(path)")
        let before = try Fixtures.design(text)
        let after = try Fixtures.design(once)
        #expect(ModelSummary.of(before) == ModelSummary.of(after))
        let (tree, _) = Parser.parse(SourceFile(path: "t", text: text))
        for comment in tree.comments {
            #expect(comment.text.isEmpty || once.contains(comment.text), "lost comment: \(comment.text)")
        }
    }

    @Test("the examples are formatted", arguments: Fixtures.examples)
    func examplesAreCanonical(path: String) throws {
        let text = try Fixtures.text(path)
        #expect(try format(text) == text)
    }

    @Test("the canonical layout")
    func layout() throws {
        let messy = """
            # header


            client   users   "U";web-server w{software:nginx,instances:2}   # trailing
            server s {
            app-server a { software : gunicorn ; capacity: 2.5 }
            # inside

              database d {role:primary}
                }
            users->w->a:http   8080 {tls:true}
            dns d2 { records: [ "a" ,
              "b" ] }
            """
        #expect(try format(messy) == """
            # header

            client users "U"
            web-server w { software: nginx, instances: 2 } # trailing
            server s {
              app-server a { software: gunicorn, capacity: 2.5 }
              # inside

              database d { role: primary }
            }
            users -> w -> a : http 8080 { tls: true }
            dns d2 {
              records: ["a", "b"]
            }

            """)
    }

    @Test("blocks written over several lines stay expanded; long ones expand")
    func expansion() throws {
        #expect(try format("load-balancer lb {\n  software: haproxy\n}\n") == "load-balancer lb {\n  software: haproxy\n}\n")
        let long = "web-server w { description: \"\(String(repeating: "x", count: 90))\" }\n"
        #expect(try format(long) == "web-server w {\n  description: \"\(String(repeating: "x", count: 90))\"\n}\n")
    }

    @Test("strings are re-escaped so they read back the same")
    func escapes() throws {
        let formatted = try format("client u \"a\\\"b\\\\c\\nd\\te\"")
        #expect(formatted == "client u \"a\\\"b\\\\c\\nd\\te\"\n")
        #expect(try Fixtures.design(formatted).elements[0].label == "a\"b\\c\nd\te")
    }

    @Test("comments at the end of the file, at the end of a block and on a block's first line")
    func commentPlacement() throws {
        let text = "server s { # the box\n  web-server w\n  # last inside\n}\n# the end\n"
        #expect(try format(text) == text)
    }

    @Test("a comment inside a list stays after the item it follows, and the list reads back the same")
    func commentsInsideLists() throws {
        let text = "dns d {\n  records: [\"a\", # the apex\n      \"b\"]\n}\ndns e {\n  records: [\n    # first\n    \"c\", \"d\"]\n}\n"
        let formatted = try format(text)
        #expect(formatted == "dns d {\n  records: [\"a\", # the apex\n    \"b\"]\n}\ndns e {\n  records: [\n    # first\n    \"c\", \"d\"]\n}\n")
        #expect(try format(formatted) == formatted)
        #expect(try Fixtures.design(formatted).elements.map(\.records) == [["a", "b"], ["c", "d"]])
    }
}
