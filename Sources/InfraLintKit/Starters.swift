import Foundation
import InfraCore
import InfraTemplates

/// `init`'s starter designs: templates/starters/, built into the binary, or a
/// user's copy (`--templates DIR`, whose `starters/` folder wins name by name).
public enum Starters {
    /// Every starter, by name; a user's starter that is not UTF-8 text is an error.
    public static func all(overrides directory: String? = nil) throws(TemplateFolder.ReadError) -> [String: String] {
        var starters = BuiltInTemplates.starters
        guard let directory else { return starters }
        try TemplateFolder.requireFolder(directory)
        let folder = (directory as NSString).appendingPathComponent("starters")
        for (name, copy) in try TemplateFolder.files(in: folder, ending: "infra") { starters[name] = copy.text }
        return starters
    }

    /// A starter's one-line summary: its first comment, without "Starter:".
    public static func summary(_ text: String) -> String {
        let first = text.split(separator: "\n").first { $0.hasPrefix("#") } ?? ""
        var summary = first.drop { $0 == "#" || $0 == " " }
        if summary.hasPrefix("Starter:") { summary = summary.dropFirst("Starter:".count).drop { $0 == " " } }
        return summary.prefix(1).uppercased() + summary.dropFirst()
    }
}
