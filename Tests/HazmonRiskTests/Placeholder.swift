import Testing

@Test func HazmonRiskPlaceholder() {}
