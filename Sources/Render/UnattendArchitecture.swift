public import Fleet
public import XML

/// Which processor architecture an unattend file's settings are for. Windows reads only the
/// components whose `processorArchitecture` is the installed image's (wow64 ones beside them on
/// 64-bit), so an x86 base personalized with amd64 components loses every value ZeroTouch sets.
///
/// The windowsPE pass is left out: it runs in WinPE, which may be 32-bit while the image is 64-bit
/// (real bases mix them), and ZeroTouch's flow does not run it.
public enum UnattendArchitecture {
    /// The image's architecture: `declared` (the profile's `arch`) when given, else the one most of
    /// the base's components outside windowsPE are for (amd64 on a tie or an empty base).
    /// - Throws: when `declared` contradicts the base: none of the components outside windowsPE
    ///   are for it, so Windows would ignore them all. The error has the first one's line.
    public static func of(_ base: XMLDocument, declared: Architecture?) throws(XMLError) -> Architecture {
        let components = imageComponents(base)
        var counts: [Architecture: Int] = [:]
        for (_, arch) in components { if let arch { counts[arch, default: 0] += 1 } }
        if let declared {
            guard counts.isEmpty || counts[declared] != nil else {
                let found = counts.keys.map(\.rawValue).sorted().joined(separator: ", ")
                throw XMLError(document: base.name, line: components.first { $0.arch != nil }?.element.line,
                               message: "its components are for \(found), but the profile says arch: \(declared.rawValue); Windows would ignore every one of them. Give the profile the base's architecture, or a base for \(declared.rawValue)")
            }
            return declared
        }
        // max(by:) keeps the first of equals: amd64 wins a tie.
        let found = [Architecture.amd64, .x86, .arm64].filter { counts[$0] != nil }.max { counts[$0]! < counts[$1]! }
        return found ?? windowsPEArchitecture(base) ?? .amd64
    }

    /// Makes every component of `document` one for `arch` (for ZeroTouch's shipped bases, which
    /// follow the profile).
    public static func retarget(_ document: XMLDocument, to arch: Architecture) {
        for settings in document.root?.children ?? [] where settings.name == "settings" {
            for component in settings.children where component.name == "component" {
                component.setAttribute("processorArchitecture", arch.rawValue)
            }
        }
    }

    /// Components outside windowsPE that an image of `arch` ignores (wow64 ones are read on 64-bit).
    public static func ignored(in document: XMLDocument, arch: Architecture) -> [XMLElement] {
        imageComponents(document).compactMap { element, found in
            let raw = element.attribute("processorArchitecture")
            if raw == "wow64" { return arch == .x86 ? element : nil }
            return found == arch || found == nil ? nil : element
        }
    }

    /// Every component outside windowsPE with its architecture (`nil` for wow64 or an unknown one).
    static func imageComponents(_ document: XMLDocument) -> [(element: XMLElement, arch: Architecture?)] {
        guard let root = document.root else { return [] }
        var result: [(XMLElement, Architecture?)] = []
        for settings in root.children where settings.name == "settings" && settings.attribute("pass") != "windowsPE" {
            for component in settings.children where component.name == "component" {
                result.append((component, component.attribute("processorArchitecture").flatMap(Architecture.init(rawValue:))))
            }
        }
        return result
    }

    static func windowsPEArchitecture(_ document: XMLDocument) -> Architecture? {
        let settings = document.root?.children.first { $0.name == "settings" && $0.attribute("pass") == "windowsPE" }
        return settings?.children.lazy.compactMap { $0.attribute("processorArchitecture").flatMap(Architecture.init(rawValue:)) }.first
    }
}
