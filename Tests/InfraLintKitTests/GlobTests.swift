import InfraLintKit
import Testing

/// `exclude:` patterns with the syntax users bring from .gitignore and shells.
@Suite("Glob: the usual syntax, folders as in .gitignore, errors for what does not close")
struct GlobTests {
    @Test("patterns and what they match", arguments: [
        ("*.draft.infra", "designs/a.draft.infra", true),
        ("*.draft.infra", "designs/a.infra", false),
        ("*.{tmp,bak}.infra", "x.bak.infra", true),
        ("*.{tmp,bak}.infra", "deep/x.tmp.infra", true),
        ("*.{tmp,bak}.infra", "x.old.infra", false),
        ("x[0-9].infra", "x7.infra", true),
        ("x[0-9].infra", "xa.infra", false),
        ("x[!0-9].infra", "xa.infra", true),
        ("x[^0-9].infra", "x1.infra", false),
        ("designs/legacy", "designs/legacy/old.infra", true),
        ("designs/legacy/", "designs/legacy/deep/old.infra", true),
        ("designs/legacy", "designs/legacy-2/old.infra", false),
        ("legacy/**", "legacy/a/b.infra", true),
        ("**/generated/*.infra", "a/b/generated/x.infra", true),
        ("**/generated/*.infra", "a/b/generated/deeper/x.infra", false),
        ("generated", "a/generated/x.infra", true),
        ("./designs/{old,older}/*.infra", "designs/older/x.infra", true),
        ("{a,b{c,d}}.infra", "bd.infra", true),
        ("{a,b{c,d}}.infra", "b.infra", false),
    ])
    func matches(pattern: String, path: String, expected: Bool) {
        #expect(Glob(pattern).matches(path) == expected, "\(pattern) on \(path)")
    }

    @Test("what does not close is named")
    func problems() {
        #expect(Glob.problem(in: "x[0-9.infra") == "a '[' that no ']' closes")
        #expect(Glob.problem(in: "*.{tmp,bak.infra") == "a '{' that no '}' closes")
        #expect(Glob.problem(in: "a}.infra") == "a '}' with no '{' before it")
        #expect(Glob.problem(in: "x[]].infra") == nil)
        #expect(Glob.problem(in: "**/*.{a,b}") == nil)
    }
}
