import InfraCore

/// How a diagram looks, in every format that draws it: shapes and fills by kind,
/// lines by style, and the colours of findings.
///
/// The colours that carry meaning come from the Okabe-Ito palette, which stays
/// apart under deuteranopia and protanopia, and nothing is said by colour alone:
/// a finding is a numbered badge with words; an error outlines solid and thick, a
/// warning dashed; encrypted links are solid, plaintext dashed, lookups dotted.
public enum DiagramLook {
    /// Findings: vermillion, orange, sky blue.
    public static func color(_ severity: Severity) -> String {
        switch severity {
        case .error: return "#D55E00"
        case .warning: return "#E69F00"
        case .note: return "#56B4E9"
        }
    }

    /// The badge's number colour on its severity's colour: white on vermillion, black on the light ones.
    public static func badgeText(_ severity: Severity) -> String {
        severity == .error ? "#FFFFFF" : "#000000"
    }

    /// The worst severity among badges.
    public static func worst(_ badges: [Diagram.Badge]) -> Severity? {
        badges.map(\.severity).max()
    }

    /// Graphviz shape, fill, other attributes, and the shape's name in the legend.
    public static func kind(_ kind: ElementKind) -> (shape: String, fill: String, extra: String, legend: String) {
        switch kind {
        case .client: return ("ellipse", "#FFF3B0", "", "ellipse")
        case .dns: return ("hexagon", "#E8D5F2", "", "hexagon")
        case .cdn: return ("octagon", "#D4F0F7", "", "octagon")
        case .firewall: return ("box", "#FFE0B2", "peripheries=2", "double box")
        case .loadBalancer: return ("invhouse", "#CFE8F7", "", "inverted house")
        case .server: return ("box3d", "#EEEEEE", "", "3-D box")
        case .webServer: return ("box", "#D5F0E3", "style=\"rounded,filled\"", "rounded box")
        case .appServer: return ("box", "#DCE4F7", "", "box")
        case .database: return ("cylinder", "#FBE3C9", "", "cylinder")
        case .cache: return ("cylinder", "#F7D6E6", "", "pink cylinder")
        case .queue: return ("cds", "#E6E6E6", "", "arrow box")
        case .storage: return ("folder", "#D5EFEA", "", "folder")
        case .monitor: return ("tab", "#DADADA", "", "tab")
        case .agent: return ("note", "#FFFFFF", "margin=\"0.06,0.02\", height=0.3", "note")
        case .service: return ("component", "#F5F0C0", "", "component")
        }
    }

    /// Colour, Graphviz style, pen width, and whether the edge shapes the layout.
    /// Replication and monitoring traffic do not: they would pull replicas and
    /// monitors out of their tier.
    public static func edge(_ style: Diagram.EdgeStyle) -> (color: String, style: String, width: Double, constrains: Bool, legend: String) {
        switch style {
        case .encrypted: return ("#0072B2", "solid", 1.6, true, "encrypted")
        case .plaintext: return ("#333333", "dashed", 1.4, true, "plaintext")
        case .local: return ("#999999", "solid", 1.0, true, "inside one host")
        case .lookup: return ("#888888", "dotted", 1.2, true, "name lookup")
        case .replication: return ("#009E73", "bold", 2.0, false, "replication")
        case .telemetry: return ("#AAAAAA", "dotted", 1.0, false, "monitoring")
        }
    }
}
