import Yams

extension FleetDocument {
    /// Keys a Windows profile or host may set (the host's value wins).
    static let windowsKeys = ["timezone", "owner", "organization", "product_key_env", "product_key_file", "admin_password_env",
                              "admin_password_file", "autologon", "domain", "workgroup", "dns_suffix", "locale", "first_logon", "specialize", "drivers"]
    static let driverKeys = ["always", "by_model", "required"]
    static let domainKeys = ["join", "ou", "user", "password_env", "password_file"]

    /// `drivers: [set, …]` (every machine), or `{always: [set, …], by_model: {MODEL: set | [set, …]}, required: [set, …]}`.
    static func parseDrivers(_ node: Node, field: String, reader: YAMLReader) -> DriverChoice? {
        let before = reader.issues.count
        func sets(_ node: Node?, field: String) -> [String] {
            reader.list(node, field: field).enumerated().compactMap { offset, item in
                reader.parse(item.0, node: item.1, field: node.map { if case .sequence = $0 { "\(field)[\(offset)]" } else { field } } ?? field) { (text) throws(RuleViolation) in
                    try DriverChoice.checkSetName(text)
                    return text
                }
            }
        }
        guard case .mapping = node else {
            let always = sets(node, field: field)
            return reader.issues.count == before ? DriverChoice(always: always) : nil
        }
        guard let entries = reader.mapping(node, field: field, allowed: driverKeys) else { return nil }
        let always = sets(entries["always"], field: "\(field).always")
        var models: [DriverChoice.Model] = []
        if let byModel = entries["by_model"] {
            if case .mapping(let mapping) = byModel {
                for (key, value) in mapping {
                    guard let name = YAMLReader.text(key) else { continue }
                    let modelField = "\(field).by_model.\(name)"
                    guard reader.parse(name, node: key, field: modelField, { (text) throws(RuleViolation) in try DriverChoice.checkModelName(text) }) != nil else { continue }
                    if models.contains(where: { $0.name.lowercased() == name.lowercased() }) {
                        reader.fail(modelField, key, value: name, "is listed twice (models are compared without regard to case)")
                    }
                    models.append(DriverChoice.Model(name: name, sets: sets(value, field: modelField)))
                }
            } else {
                reader.fail("\(field).by_model", byModel, "must map model names to driver sets, such as {\"OptiPlex 7090\": dell-7090}")
            }
        }
        let choice = DriverChoice(always: always, byModel: models, required: Set(sets(entries["required"], field: "\(field).required")))
        if let stray = choice.required.sorted().first(where: { !choice.candidates.contains($0) }) {
            reader.fail("\(field).required", entries["required"], value: stray, "is not one of the sets in always or by_model")
        }
        return reader.issues.count == before ? choice : nil
    }

    /// Reads the Windows settings among `entries`; `nil` settings when none is given.
    static func parseWindows(_ entries: [String: Node], field: String, node: Node, reader: YAMLReader, directory: String)
        -> (valid: Bool, settings: WindowsSettings?) {
        guard windowsKeys.contains(where: { entries[$0] != nil }) else { return (true, nil) }
        let before = reader.issues.count
        var settings = WindowsSettings()
        func line(_ key: String, limit: Int = 256) -> String? {
            guard let text = reader.scalar(entries[key], field: "\(field).\(key)") else { return nil }
            return reader.parse(text, node: entries[key]!, field: "\(field).\(key)") { (text) throws(RuleViolation) in
                try singleLine(text, limit: limit)
            }
        }
        settings.timeZone = line("timezone").flatMap { zone in
            reader.parse(zone, node: entries["timezone"]!, field: "\(field).timezone") { (text) throws(RuleViolation) in
                try WindowsTimeZone.check(text)
                return text
            }
        }
        settings.owner = line("owner")
        settings.organization = line("organization")
        settings.productKey = secret("product_key", in: entries, field: field, reader: reader, directory: directory)
        settings.adminPassword = secret("admin_password", in: entries, field: field, reader: reader, directory: directory)
        if let text = reader.scalar(entries["autologon"], field: "\(field).autologon") {
            if let count = Int(text), (1...999).contains(count) { settings.autoLogonCount = count } else {
                reader.fail("\(field).autologon", entries["autologon"], value: text, "is not a number of logons from 1 to 999")
            }
        }
        if let domainNode = entries["domain"] {
            settings.domain = parseDomain(domainNode, field: "\(field).domain", reader: reader, directory: directory)
        }
        settings.workgroup = line("workgroup", limit: 15)
        if settings.workgroup != nil && entries["domain"] != nil {
            reader.fail("\(field).workgroup", entries["workgroup"], "cannot be given with domain: a computer joins a domain or a workgroup, not both")
        }
        settings.dnsSuffix = reader.scalar(entries["dns_suffix"], field: "\(field).dns_suffix").flatMap { text in
            reader.parse(text, node: entries["dns_suffix"]!, field: "\(field).dns_suffix") { (text) throws(RuleViolation) in
                try HostNameRule.dns.check(text)
                return text
            }
        }
        settings.locale = line("locale", limit: 16).flatMap { locale in
            let valid = locale.split(separator: "-", omittingEmptySubsequences: false).allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } }
            if !valid { reader.fail("\(field).locale", entries["locale"], value: locale, "is not a locale name such as en-US or de-DE") }
            return valid ? locale : nil
        }
        if let node = entries["drivers"] { settings.drivers = parseDrivers(node, field: "\(field).drivers", reader: reader) }
        settings.firstLogon = commands("first_logon", in: entries, field: field, reader: reader)
        settings.specialize = commands("specialize", in: entries, field: field, reader: reader)
        if settings.autoLogonCount != nil && settings.adminPassword == nil {
            reader.fail("\(field).autologon", entries["autologon"], "needs admin_password_env or admin_password_file: autologon signs in as Administrator")
        }
        return (reader.issues.count == before, settings)
    }

    /// `KEY_env` or `KEY_file`, never both; the value stays where it is until a render needs it.
    static func secret(_ key: String, in entries: [String: Node], field: String, reader: YAMLReader, directory: String) -> SecretReference? {
        let env = reader.scalar(entries["\(key)_env"], field: "\(field).\(key)_env")
        let file = reader.scalar(entries["\(key)_file"], field: "\(field).\(key)_file")
        if env != nil && file != nil {
            reader.fail("\(field).\(key)_file", entries["\(key)_file"], "cannot be given with \(key)_env; name one source for the secret")
            return nil
        }
        if let env {
            let valid = env.first.map { $0 == "_" || ($0.isASCII && $0.isLetter) } == true && env.allSatisfy { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
            guard valid else {
                reader.fail("\(field).\(key)_env", entries["\(key)_env"], value: env, "is not an environment variable name (letters, digits and '_', not starting with a digit)")
                return nil
            }
            return .environment(env)
        }
        if let file {
            return reader.parse(file, node: entries["\(key)_file"]!, field: "\(field).\(key)_file") { (text) throws(RuleViolation) in
                .file(try SitePath.resolve(text, relativeTo: directory))
            }
        }
        return nil
    }

    static func parseDomain(_ node: Node, field: String, reader: YAMLReader, directory: String) -> DomainJoin? {
        guard let entries = reader.mapping(node, field: field, allowed: domainKeys) else { return nil }
        let name = reader.required(entries, "join", field: field, at: node, hint: "the DNS name of the domain, such as corp.example.com")
            .flatMap { text in reader.parse(text, node: entries["join"]!, field: "\(field).join") { (text) throws(RuleViolation) in
                try HostNameRule.dns.check(text)
                return text
            } }
        let user = reader.required(entries, "user", field: field, at: node, hint: "the account that joins, such as 'CORP\\joiner'")
            .flatMap { text in reader.parse(text, node: entries["user"]!, field: "\(field).user") { (text) throws(RuleViolation) in try singleLine(text, limit: 256) } }
        let ou = reader.scalar(entries["ou"], field: "\(field).ou")
            .flatMap { text in reader.parse(text, node: entries["ou"]!, field: "\(field).ou") { (text) throws(RuleViolation) in
                let line = try singleLine(text, limit: 1024)
                guard line.contains("=") else { throw RuleViolation("is not a distinguished name such as OU=Labs,DC=corp,DC=example,DC=com") }
                return line
            } }
        let password = secret("password", in: entries, field: field, reader: reader, directory: directory)
        if password == nil && entries["password_env"] == nil && entries["password_file"] == nil {
            reader.fail("\(field).password_env", node, value: nil, "is required: the join account's password, from password_env or password_file")
        }
        guard let name, let user, let password else { return nil }
        return DomainJoin(name: name, organizationalUnit: ou, user: user, password: password)
    }

    static func commands(_ key: String, in entries: [String: Node], field: String, reader: YAMLReader) -> [String]? {
        guard entries[key] != nil else { return nil }
        return reader.list(entries[key], field: "\(field).\(key)").enumerated().compactMap { offset, item in
            reader.parse(item.0, node: item.1, field: "\(field).\(key)[\(offset)]") { (text) throws(RuleViolation) in try singleLine(text, limit: 1024) }
        }
    }

    /// One printable line: a newline or control character could start a line of its own in an INI file.
    static func singleLine(_ text: String, limit: Int) throws(RuleViolation) -> String {
        guard !text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw RuleViolation("contains a newline or control character (one line only)")
        }
        guard !text.isEmpty, text.count <= limit else { throw RuleViolation("is empty or longer than \(limit) characters") }
        return text
    }
}
