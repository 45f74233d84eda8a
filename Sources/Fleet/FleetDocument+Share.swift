import Yams

extension FleetDocument {
    /// `site.share`: where the share's files go, how WinPE maps it, and the accounts.
    static func parseShare(_ node: Node, reader: YAMLReader, directory: String) -> ShareSettings? {
        guard let entries = reader.mapping(node, field: "site.share", allowed: shareKeys) else { return nil }
        var target: ShareTarget?
        if let text = reader.required(entries, "target", field: "site.share", at: node, hint: "a local folder or smb://host[:port]/share[/folder]"),
           let at = text.firstIndex(of: "@"), text.lowercased().hasPrefix("smb://") {
            // Never echoed: what is before '@' may be a password.
            reader.fail("site.share.target", entries["target"], value: "smb://…" + text[at...],
                        "carries credentials; put the account in site.share.user and the password in site.share.password_env or password_file")
        } else if let text = reader.scalar(entries["target"], field: "site.share.target") {
            target = reader.parse(text, node: entries["target"]!, field: "site.share.target") { (text) throws(RuleViolation) in
                text.lowercased().hasPrefix("smb:") ? .smb(try SMBLocation.parse(text)) : .folder(try SitePath.resolve(text, relativeTo: directory))
            }
        }
        let unc = reader.scalar(entries["unc"], field: "site.share.unc")
        if let unc, let uncNode = entries["unc"] {
            _ = reader.parse(unc, node: uncNode, field: "site.share.unc", UNCPath.check)
        }
        let account = parseAccount(entries, field: "site.share", reader: reader, directory: directory)
        var publisher: ShareAccount?
        if let publishNode = entries["publish"],
           let publishEntries = reader.mapping(publishNode, field: "site.share.publish", allowed: shareAccountKeys) {
            publisher = parseAccount(publishEntries, field: "site.share.publish", reader: reader, directory: directory)
            if publisher == nil, publishEntries["user"] == nil {
                reader.fail("site.share.publish.user", publishNode, "is missing; name the account ZeroTouch writes to the share with")
            }
        }
        if case .smb = target, let writer = publisher ?? account, writer.password == nil {
            let user = writer.user
            reader.fail(publisher == nil ? "site.share.user" : "site.share.publish.user", entries["publish"] ?? entries["user"], value: user,
                        "has no password; give password_env or password_file (libsmbclient cannot log on with an empty password)")
        }
        guard let target else { return nil }
        return ShareSettings(target: target, unc: unc, user: account?.user, password: account?.password, domain: account?.domain,
                             publisher: publisher)
    }

    /// `user`, `password_env` / `password_file` and `domain` of one account; `nil` without a user.
    static func parseAccount(_ entries: [String: Node], field: String, reader: YAMLReader, directory: String) -> ShareAccount? {
        func line(_ key: String) -> String? {
            reader.scalar(entries[key], field: "\(field).\(key)").flatMap { text in
                reader.parse(text, node: entries[key]!, field: "\(field).\(key)") { (text) throws(RuleViolation) in try singleLine(text, limit: 256) }
            }
        }
        let user = line("user")
        let domain = line("domain")
        let password = secret("password", in: entries, field: field, reader: reader, directory: directory)
        if user == nil, password != nil || domain != nil {
            reader.fail("\(field).user", nil, "is missing; a password or domain needs the account's user name")
        }
        return user.map { ShareAccount(user: $0, password: password, domain: domain) }
    }
}
