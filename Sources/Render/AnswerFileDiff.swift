public import XML

/// What personalizing changed in a base answer file, grouped by pass and component (unattend.xml)
/// or by section (Sysprep.inf): each setting ZeroTouch set, added or removed, one line each.
/// Passwords and product keys are masked; a changed secret shows as changed, never its value.
public enum AnswerFileDiff {
    /// One setting: where it is, for a reader (`settings`), and its value.
    struct Setting: Equatable {
        let group: String
        let path: String
        let value: String
    }

    public static func unattend(base: XMLDocument, rendered: XMLDocument) -> String {
        report(flatten(base), flatten(rendered))
    }

    public static func sysprep(base: IniDocument, rendered: IniDocument) -> String {
        report(flatten(base), flatten(rendered))
    }

    static func report(_ before: [Setting], _ after: [Setting]) -> String {
        let old = Dictionary(before.map { ("\($0.group)\u{0}\($0.path)", $0) }, uniquingKeysWith: { first, _ in first })
        let new = Dictionary(after.map { ("\($0.group)\u{0}\($0.path)", $0) }, uniquingKeysWith: { first, _ in first })
        var lines: [(group: String, text: String)] = []
        for setting in after {
            let key = "\(setting.group)\u{0}\(setting.path)"
            let shown = masked(setting)
            if let previous = old[key] {
                guard previous.value != setting.value else { continue }
                lines.append((setting.group, "  ~ \(setting.path): \(masked(previous)) -> \(shown)"))
            } else {
                lines.append((setting.group, "  + \(setting.path): \(shown)"))
            }
        }
        for setting in before where new["\(setting.group)\u{0}\(setting.path)"] == nil {
            lines.append((setting.group, "  - \(setting.path): \(masked(setting))"))
        }
        guard !lines.isEmpty else { return "no change from the base\n" }
        var out = ""
        var groups: [String] = []
        for line in lines where !groups.contains(line.group) { groups.append(line.group) }
        for group in groups {
            out += group + "\n"
            for line in lines where line.group == group { out += line.text + "\n" }
        }
        return out
    }

    static func isSecret(_ path: String) -> Bool {
        let lower = path.lowercased()
        return lower.contains("password") || lower.contains("productkey")
    }

    static func masked(_ setting: Setting) -> String {
        if isSecret(setting.path) { return setting.value.isEmpty ? "(empty)" : "********" }
        return "'\(setting.value)'"
    }

    // MARK: flattening

    static func flatten(_ document: XMLDocument) -> [Setting] {
        var result: [Setting] = []
        for settings in document.root?.children ?? [] where settings.name == "settings" {
            let pass = settings.attribute("pass") ?? "?"
            for component in settings.children where component.name == "component" {
                let group = "\(pass) / \(component.attribute("name") ?? "?") (\(component.attribute("processorArchitecture") ?? "?"))"
                walk(component, path: "", group: group, into: &result)
            }
        }
        return result
    }

    static func walk(_ element: XMLElement, path: String, group: String, into result: inout [Setting]) {
        var seen: [String: Int] = [:]
        for child in element.children {
            let segment = child.name + discriminator(child, seen: &seen)
            let here = path.isEmpty ? segment : "\(path)/\(segment)"
            if child.children.isEmpty {
                result.append(Setting(group: group, path: here, value: child.text))
            } else {
                walk(child, path: here, group: group, into: &result)
            }
        }
    }

    /// Which entry of a list an element is: its `Order`, `Identifier`, `wcm:keyValue` or `Name`, else
    /// its place among same-named siblings; nothing for an element that is not a list entry.
    static func discriminator(_ element: XMLElement, seen: inout [String: Int]) -> String {
        let index = seen[element.name, default: 0]
        seen[element.name] = index + 1
        let ns = UnattendDocument.namespace
        if let key = element.attribute("keyValue", namespace: UnattendDocument.wcm) { return "[\(key)]" }
        guard element.attribute("action", namespace: UnattendDocument.wcm) != nil else { return index == 0 ? "" : "[\(index + 1)]" }
        for name in ["Order", "Identifier", "Name"] {
            if let value = element.child(name, namespace: ns)?.text { return "[\(name)=\(value)]" }
        }
        return "[\(index + 1)]"
    }

    static func flatten(_ document: IniDocument) -> [Setting] {
        document.entries.map { Setting(group: "[\($0.section)]", path: $0.key, value: $0.value) }
    }
}
