import InfraRender
import InfraRules
import InfraTestSupport
import Testing

@Suite("docs/rules: printed from each rule's description, never stale")
struct RuleDocsTests {
    @Test("each rule's page", arguments: RuleRegistry.descriptions.map(\.code))
    func page(code: String) throws {
        let description = try #require(RuleRegistry.description(code: code))
        let page = RuleDocs.markdown(description)
        #expect(page.contains("## What it does"))
        #expect(page.contains("## Why is this bad?"))
        #expect(page.contains("## Example"))
        #expect(page.contains("## Use instead"))
        if let problem = Golden.check(page, against: "docs/rules/\(code).md") { Issue.record(Comment(rawValue: problem)) }
    }

    @Test("the index")
    func index() {
        if let problem = Golden.check(RuleDocs.index(RuleRegistry.descriptions), against: "docs/rules/README.md") {
            Issue.record(Comment(rawValue: problem))
        }
    }
}
