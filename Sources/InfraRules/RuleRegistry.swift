/// Every rule, in catalogue order. A new rule is one file and one line here; a test
/// fails when a rule file is missing from this list.
public enum RuleRegistry {
    public static let all: [any Rule.Type] = [
        SinglePointOfFailureRule.self,
        SingleWriterDatabaseRule.self,
        PassiveWithoutFailoverRule.self,
        NoHealthCheckRule.self,
        UnbalancedBackendsRule.self,
        ColocatedTiersRule.self,
        DanglingReplicaRule.self,
        BelowAvailabilityTargetRule.self,
        OverCapacityRule.self,
        OverloadAfterFailureRule.self,
        MissingFirewallRule.self,
        PlaintextFromUntrustedRule.self,
        PlaintextAfterTLSTerminationRule.self,
        ExposedDatastoreRule.self,
        PlaintextReplicationRule.self,
        NoMonitoringRule.self,
        UnmonitoredRule.self,
        AgentWithoutMonitorRule.self,
        PlaintextTelemetryRule.self,
        UnreachableElementRule.self,
        NoClientRule.self,
        UnknownPropertyRule.self,
        UnknownProtocolRule.self,
        WriteToReplicaRule.self,
        UnservedClientRule.self,
    ]

    /// Every description: the rules', then the suppression diagnostics'.
    public static var descriptions: [RuleDescription] {
        all.map { $0.description } + SuppressionDiagnostics.all
    }

    /// The description with this code.
    public static func description(code: String) -> RuleDescription? {
        descriptions.first { $0.code == code.uppercased() }
    }

    /// Every code a finding can have, `PARSE` aside.
    public static var codes: [String] { descriptions.map(\.code) }
}
