import Testing

@Test func HazmonConsolePlaceholder() {}
