/// The files of templates/, embedded in the binary at build time: the written
/// explanation's Mustache templates and `init`'s starter designs. A template file
/// is one line here; a test fails when a file of templates/ is missing from the list.
public enum BuiltInTemplates {
    /// Each file's text, by its path under templates/.
    public static let files: [String: String] = raw.mapValues { String(decoding: $0, as: UTF8.self) }

    private static let raw: [String: [UInt8]] = [
        "explain/algorithm-ip-hash.mustache": PackageResources.algorithm_ip_hash_mustache,
        "explain/algorithm-least-connections.mustache": PackageResources.algorithm_least_connections_mustache,
        "explain/algorithm-random.mustache": PackageResources.algorithm_random_mustache,
        "explain/algorithm-round-robin.mustache": PackageResources.algorithm_round_robin_mustache,
        "explain/algorithm-weighted-round-robin.mustache": PackageResources.algorithm_weighted_round_robin_mustache,
        "explain/concept-firewall.mustache": PackageResources.concept_firewall_mustache,
        "explain/concept-https.mustache": PackageResources.concept_https_mustache,
        "explain/concept-monitoring.mustache": PackageResources.concept_monitoring_mustache,
        "explain/concept-spof.mustache": PackageResources.concept_spof_mustache,
        "explain/document.mustache": PackageResources.document_mustache,
        "explain/mode-difference.mustache": PackageResources.mode_difference_mustache,
        "explain/primary-replica.mustache": PackageResources.primary_replica_mustache,
        "explain/replication-async.mustache": PackageResources.replication_async_mustache,
        "explain/replication-semi-sync.mustache": PackageResources.replication_semi_sync_mustache,
        "explain/replication-sync.mustache": PackageResources.replication_sync_mustache,
        "explain/section-availability.mustache": PackageResources.section_availability_mustache,
        "explain/section-database.mustache": PackageResources.section_database_mustache,
        "explain/section-diagram.mustache": PackageResources.section_diagram_mustache,
        "explain/section-elements.mustache": PackageResources.section_elements_mustache,
        "explain/section-issues.mustache": PackageResources.section_issues_mustache,
        "explain/section-load-balancing.mustache": PackageResources.section_load_balancing_mustache,
        "explain/section-modes.mustache": PackageResources.section_modes_mustache,
        "explain/section-overview.mustache": PackageResources.section_overview_mustache,
        "explain/section-summary.mustache": PackageResources.section_summary_mustache,
        "starters/distributed.infra": PackageResources.distributed_infra,
        "starters/one-server.infra": PackageResources.one_server_infra,
        "starters/scaled-up.infra": PackageResources.scaled_up_infra,
        "starters/secured-monitored.infra": PackageResources.secured_monitored_infra,    ]

    /// The explanation's templates, by name (the file name without `.mustache`).
    public static var explain: [String: String] { files(in: "explain", ending: "mustache") }

    /// The starter designs, by name (the file name without `.infra`).
    public static var starters: [String: String] { files(in: "starters", ending: "infra") }

    /// The files of one folder of templates/ with one extension, by name without it.
    static func files(in folder: String, ending ext: String) -> [String: String] {
        var found: [String: String] = [:]
        for (path, text) in files where path.hasPrefix("\(folder)/") && path.hasSuffix(".\(ext)") {
            found[String(path.dropFirst(folder.count + 1).dropLast(ext.count + 1))] = text
        }
        return found
    }
}
