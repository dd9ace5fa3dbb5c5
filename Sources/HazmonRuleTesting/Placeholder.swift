/// Placeholder until the module lands: SwiftPM needs one source file per target.
enum HazmonRuleTestingModule {}
