import Foundation
import InfraCore
import InfraLintKit
import InfraRules
import InfraTestSupport
import Testing

/// One rule example, named for the test report.
struct LabelledExample: CustomTestStringConvertible, Sendable {
    let code: String
    let example: RuleExample
    let triggers: Bool
    let index: Int

    var testDescription: String { "\(code) \(triggers ? "triggering" : "non-triggering") #\(index + 1)" }

    static var all: [LabelledExample] {
        RuleRegistry.descriptions.flatMap { description in
            description.triggering.enumerated().map { LabelledExample(code: description.code, example: $1, triggers: true, index: $0) }
                + description.nonTriggering.enumerated().map { LabelledExample(code: description.code, example: $1, triggers: false, index: $0) }
        }
    }
}

@Suite("Every rule's examples: nothing from the non-triggering ones, exactly the marked positions from the triggering ones")
struct RuleExampleTests {
    @Test(arguments: LabelledExample.all)
    func example(_ labelled: LabelledExample) throws {
        let example = labelled.example
        let where_ = SourceLocation(fileID: "InfraRules/\(example.file.split(separator: "/").last ?? "")", filePath: example.file,
                                    line: example.line, column: 1)
        // The whole lint run, suppressions included, so that the suppression
        // diagnostics' examples are checked the same way as the rules'.
        let outcome = LintRun.lint(SourceFile(path: "example.infra", text: example.source), options: LintOptions())
        #expect(!outcome.failedToParse, "the example does not parse: \(outcome.findings.map(\.message))", sourceLocation: where_)
        let positions = outcome.findings.filter { $0.code == labelled.code }.map(\.location.start)
        if labelled.triggers {
            #expect(!example.markedPositions.isEmpty, "a triggering example needs a ↓ marker", sourceLocation: where_)
            #expect(positions.sorted() == example.markedPositions.sorted(), sourceLocation: where_)
        } else {
            #expect(positions.isEmpty, "findings: \(outcome.findings.filter { $0.code == labelled.code }.map(\.message))",
                    sourceLocation: where_)
        }
    }

    @Test("every rule has a triggering and a non-triggering example, and a unique code and name")
    func descriptionsAreComplete() {
        let descriptions = RuleRegistry.descriptions
        for description in descriptions where !SuppressionDiagnostics.runLevel.contains(description.code) {
            #expect(!description.triggering.isEmpty, "\(description.code) has no triggering example")
            #expect(!description.nonTriggering.isEmpty, "\(description.code) has no non-triggering example")
            #expect(!description.whatItDoes.isEmpty && !description.whyIsThisBad.isEmpty)
            #expect(description.summary.hasSuffix("."), "\(description.code)'s summary is one sentence")
            #expect(description.name == description.name.lowercased() && !description.name.contains(" "))
        }
        #expect(Set(descriptions.map(\.code)).count == descriptions.count)
        #expect(Set(descriptions.map(\.name)).count == descriptions.count)
    }

    @Test("no rule file is missing from RuleRegistry.all")
    func registryIsComplete() throws {
        let folder = Fixtures.path("Sources/InfraRules")
        let files = FileManager.default.enumerator(atPath: folder)?.compactMap { $0 as? String } ?? []
        let ruleFiles = files.filter { $0.hasSuffix("Rule.swift") && $0.contains("/") }
        #expect(!ruleFiles.isEmpty)
        let registered = Set(RuleRegistry.all.map { String(describing: $0) })
        for file in ruleFiles {
            let type = String(file.split(separator: "/").last?.dropLast(".swift".count) ?? "")
            #expect(registered.contains(type), "\(file) is not listed in RuleRegistry.all")
        }
        #expect(ruleFiles.count == RuleRegistry.all.count)
    }
}
