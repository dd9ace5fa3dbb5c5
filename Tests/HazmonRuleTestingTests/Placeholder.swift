import Testing

@Test func HazmonRuleTestingPlaceholder() {}
