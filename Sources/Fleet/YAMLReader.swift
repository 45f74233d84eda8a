import Yams

/// Walks a composed YAML tree, collecting every problem with its field path and `file:line:column`.
final class YAMLReader {
    let file: String
    private(set) var issues: [ValidationIssue] = []
    /// Where each value outside `hosts` was read, by field path (`FleetConfig.locations`).
    private(set) var locations: [String: String] = [:]

    init(file: String) {
        self.file = file
    }

    func location(_ node: Node) -> String? {
        node.mark.map { "\(file):\($0.line):\($0.column)" }
    }

    func fail(_ field: String, _ node: Node?, value: String? = nil, _ rule: String) {
        issues.append(ValidationIssue(field: field, value: value ?? node.flatMap(Self.text), rule: rule, location: node.flatMap(location)))
    }

    func fail(_ field: String, _ node: Node, _ violation: RuleViolation) {
        fail(field, node, violation.rule)
    }

    func record(_ issue: ValidationIssue) {
        issues.append(issue)
    }

    /// A mapping's entries by key, refusing keys outside `allowed` (and saying which keys are allowed).
    func mapping(_ node: Node, field: String, allowed: [String]) -> [String: Node]? {
        guard case .mapping(let mapping) = node else {
            fail(field, node, value: nil, "must be a mapping with keys \(allowed.joined(separator: ", "))")
            return nil
        }
        var entries: [String: Node] = [:]
        for (key, value) in mapping {
            guard let name = key.string else { continue }
            if allowed.contains(name + "_env") {
                fail(Self.join(field, name), key, value: nil, "is a secret: give \(name)_env (an environment variable) or \(name)_file (a file), never the value itself")
            } else if !allowed.contains(name) {
                fail(Self.join(field, name), key, value: nil, "is not a known key here (known: \(allowed.joined(separator: ", ")))")
            } else {
                entries[name] = value
            }
        }
        return entries
    }

    /// The text of a scalar, or `nil` (and an issue) for a list or mapping. YAML nulls read as absent.
    func scalar(_ node: Node?, field: String) -> String? {
        guard let node else { return nil }
        guard case .scalar(let scalar) = node else {
            fail(field, node, value: nil, "must be a single value, not a list or mapping")
            return nil
        }
        if scalar.style == .plain && ["", "~", "null", "Null", "NULL"].contains(scalar.string) { return nil }
        if !field.hasPrefix("hosts"), let location = location(node) { locations[field] = location }
        return scalar.string
    }

    func required(_ entries: [String: Node], _ key: String, field: String, at parent: Node, hint: String) -> String? {
        let path = Self.join(field, key)
        guard let node = entries[key] else {
            fail(path, parent, value: nil, "is required: \(hint)")
            return nil
        }
        guard let value = scalar(node, field: path) else {
            if case .scalar = node { fail(path, node, value: nil, "is required: \(hint)") }
            return nil
        }
        return value
    }

    /// A list of scalars; a single scalar counts as a list of one.
    func list(_ node: Node?, field: String) -> [(String, Node)] {
        guard let node else { return [] }
        switch node {
        case .sequence(let sequence):
            return sequence.enumerated().compactMap { index, item in
                scalar(item, field: "\(field)[\(index)]").map { ($0, item) }
            }
        case .scalar:
            return scalar(node, field: field).map { [($0, node)] } ?? []
        default:
            fail(field, node, value: nil, "must be a list of values")
            return []
        }
    }

    /// The items of a list whose items are not single values (mappings, such as `site.dhcp.subnets`).
    func items(_ node: Node?, field: String) -> [Node] {
        guard let node else { return [] }
        guard case .sequence(let sequence) = node else {
            fail(field, node, value: nil, "must be a list")
            return []
        }
        return Array(sequence)
    }

    /// Parses a scalar with a domain parser, recording its rule violation against the field.
    func parse<T>(_ text: String, node: Node, field: String, _ parser: (String) throws(RuleViolation) -> T) -> T? {
        do {
            return try parser(text)
        } catch {
            fail(field, node, value: text, error.rule)
            return nil
        }
    }

    func choice<T: RawRepresentable & CaseIterable>(_ text: String?, node: Node?, field: String, default fallback: T) -> T?
    where T.RawValue == String {
        guard let text else { return fallback }
        if let value = T(rawValue: text) { return value }
        let options = T.allCases.map(\.rawValue).joined(separator: ", ")
        fail(field, node, value: text, "is not one of: \(options)")
        return nil
    }

    /// `true`/`yes`/`on` or `false`/`no`/`off`; `nil` when absent or refused.
    func boolean(_ node: Node?, field: String) -> Bool? {
        guard let text = scalar(node, field: field) else { return nil }
        switch text {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default:
            fail(field, node, value: text, "is not true or false")
            return nil
        }
    }

    static func join(_ field: String, _ key: String) -> String {
        field.isEmpty ? key : "\(field).\(key)"
    }

    static func text(_ node: Node) -> String? {
        if case .scalar(let scalar) = node { return scalar.string }
        return nil
    }
}
