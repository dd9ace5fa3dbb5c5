import Testing

@Test func HazmonReportPlaceholder() {}
