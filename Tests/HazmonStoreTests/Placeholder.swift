import Testing

@Test func HazmonStorePlaceholder() {}
