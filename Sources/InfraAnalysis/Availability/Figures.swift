import Foundation

/// How availability and capacity figures are written, the same in every output
/// (the `availability` command, AV008 to AV010, `explain`, `what-if`, the diagram).
/// Never NaN or infinity: a value that is not finite is written as 0.
public enum Figures {
    /// `99.8000%`: four decimals, as AVAILABILITY.md asks.
    public static func percent(_ availability: Double) -> String { fixed(availability * 100, 4) + "%" }

    /// `17.5 h`, `52 min`, `31 s`.
    public static func duration(hours: Double) -> String {
        if hours >= 1 { return fixed(hours, 1) + " h" }
        if hours * 60 >= 1 { return fixed(hours * 60, 0) + " min" }
        return fixed(hours * 3_600, 0) + " s"
    }

    /// `2.7`: nines with one decimal.
    public static func nines(_ value: Double) -> String { fixed(value, 1) }

    /// A utilisation (a fraction) as a whole percentage: `75%`, `150%`.
    public static func utilisation(_ fraction: Double) -> String { fixed(fraction * 100, 0) + "%" }

    /// Requests a second: `1,200`, `37.5`.
    public static func rate(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let rounded = (value * 10).rounded() / 10
        let whole = Int(rounded.rounded(.towardZero))
        var digits = String(abs(whole))
        var grouped = ""
        while digits.count > 3 {
            grouped = "," + digits.suffix(3) + grouped
            digits.removeLast(3)
        }
        grouped = (rounded < 0 ? "-" : "") + digits + grouped
        let tenths = Int((abs(rounded) * 10).rounded()) % 10
        return tenths == 0 ? grouped : grouped + ".\(tenths)"
    }

    /// A target as written: `99.95`, `99`.
    public static func target(_ percent: Double) -> String {
        percent == percent.rounded() ? String(Int(percent)) : number(percent, 4)
    }

    /// Fixed decimals.
    public static func fixed(_ value: Double, _ decimals: Int) -> String {
        guard value.isFinite else { return "0" }
        // -0 (as -log10(1) gives) prints as "-0.0": the same value, written as 0.
        return String(format: "%.\(decimals)f", value == 0 ? 0 : value)
    }

    /// At most these decimals, trailing zeros dropped (one kept): for JSON.
    public static func number(_ value: Double, _ decimals: Int) -> String {
        guard value.isFinite else { return "0" }
        var text = String(format: "%.\(decimals)f", value)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text += "0" }
        }
        return text
    }

    /// `exact`, or the Monte Carlo interval.
    public static func method(_ figure: AvailabilityReport.Figure) -> String {
        guard let interval = figure.interval else { return "exact" }
        return "Monte Carlo, 95% interval \(percent(interval.low)) to \(percent(interval.high))"
    }
}
