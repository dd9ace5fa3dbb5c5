import HazmonStore

/// The store's inspection filter under a name that does not clash with the console's (files that
/// import both modules cannot spell `HazmonStore.InspectionFilter`: the module has a type of its name).
typealias StoreInspectionFilter = InspectionFilter
