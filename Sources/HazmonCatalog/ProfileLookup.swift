/// Finds the profile a `profile:` names and reports names that match none.
struct ProfileLookup: Sendable {
    let profiles: [String: Profile]
    let profilesFile: String?
    /// False when the profiles file itself had problems: a missing name may then just be a profile
    /// that failed to parse, so "unknown profile" would only repeat the real error.
    let reportUnknown: Bool

    enum Choice {
        /// No `profile:` here: ask the next level up.
        case inherit
        /// `profile: none`: no profile, whatever the levels above say.
        case none
        case profile(Profile)
    }

    func choice(_ name: Located<String>?, diagnostics: Diagnostics) -> Choice {
        guard let name else { return .inherit }
        if name.value == ProfileParser.noProfile { return .none }
        if let profile = profiles[name.value] { return .profile(profile) }
        if reportUnknown { diagnostics.report(unknownMessage(name.value), at: name.position) }
        return .none
    }

    /// The nearest of tag, hazard source and enterprise profiles (SPEC Appendix A); only one applies.
    func nearest(tag: Choice, hazardSource: Choice, enterprise: Choice) -> Profile? {
        for choice in [tag, hazardSource, enterprise] {
            switch choice {
            case .inherit: continue
            case .none: return nil
            case .profile(let profile): return profile
            }
        }
        return nil
    }

    private func unknownMessage(_ name: String) -> String {
        guard let profilesFile, !profiles.isEmpty else {
            return "unknown profile '\(name)': no profiles are loaded; the runtime config (Config/hazmon.yaml) "
                + "names the profiles file with 'profiles: profiles.yaml'"
        }
        let names = profiles.keys.sorted()
        var message = "unknown profile '\(name)'"
        if let guess = NodeReader.closest(to: name, in: names) { message += " (did you mean '\(guess)'?)" }
        return message + "; profiles in \(profilesFile): " + names.joined(separator: ", ") + ", or none"
    }
}
