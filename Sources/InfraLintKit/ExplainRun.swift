import Foundation
import InfraCore
import InfraRender
import InfraRules

/// `explain`: a design, its findings and the templates, to a markdown document.
public enum ExplainRun {
    /// The document of a design; `diagramLink` is the image link to put in it.
    public static func explanation(_ design: Design, options: LintOptions = LintOptions(), templates directory: String? = nil,
                                   diagramLink: String? = nil,
                                   detail: ExplainModel.Detail = .concise) throws(ExplainRenderer.TemplateError) -> String {
        let library = try ExplainRenderer.library(ExplainRenderer.templates(overrides: directory))
        return try ExplainRenderer.render(model(design, options: options, diagramLink: diagramLink, detail: detail), library: library)
    }

    /// What the templates can read, for `--print-model`.
    public static func model(_ design: Design, options: LintOptions = LintOptions(), diagramLink: String? = nil,
                             detail: ExplainModel.Detail = .concise) -> ExplainModel {
        let context = LintContext(design: design)
        let findings = LintRun.findings(in: context, options: options)
        return ExplainModel(design: design, findings: findings.shown, suppressed: findings.suppressed, diagramPath: diagramLink,
                            detail: detail, failures: context.failures)
    }

    /// The model as JSON.
    public static func modelJSON(_ model: ExplainModel) -> String {
        JSONRenderer.encode(model)
    }

    /// A path as seen from the folder of the document that links to it.
    public static func link(to target: String, from document: String?) -> String {
        guard let document else { return target }
        let base = URL(fileURLWithPath: document).standardizedFileURL.deletingLastPathComponent().pathComponents
        let path = URL(fileURLWithPath: target).standardizedFileURL.pathComponents
        var common = 0
        while common < min(base.count, path.count), base[common] == path[common] { common += 1 }
        let up = Array(repeating: "..", count: base.count - common)
        return (up + path[common...]).joined(separator: "/")
    }
}
