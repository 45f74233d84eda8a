public import Fleet

/// Personalizes a base Sysprep.inf (Windows 2000/XP/2003; FORMATS.md §7) for one host. Values that
/// Windows wants quoted are quoted; a value that cannot be quoted (it holds `"`) is refused.
public enum SysprepDocument {
    /// What rendering refused, in words for the operator; no secret value is ever in it.
    public struct Refusal: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// - Returns: the file's bytes, and notes about settings Sysprep.inf cannot express.
    public static func render(base: IniDocument, host: Host, settings: WindowsSettings, secrets: AnswerSecrets,
                              staticNICs: Int? = nil) throws(Refusal) -> (content: [UInt8], notes: [String]) {
        var document = base
        var notes: [String] = []
        document.set("UserData", "ComputerName", host.name)
        if let owner = settings.owner { document.set("UserData", "FullName", try quoted(owner, "owner")) }
        if let organization = settings.organization { document.set("UserData", "OrgName", try quoted(organization, "organization")) }
        if let key = secrets.productKey {
            guard isProductKey(key) else { throw Refusal(description: "the product key is not five groups of five letters and digits joined by '-' (XXXXX-XXXXX-XXXXX-XXXXX-XXXXX)") }
            document.set("UserData", "ProductKey", "\"\(key.uppercased())\"")
        }
        if let zone = settings.timeZone {
            guard let index = WindowsTimeZone.legacyIndex(of: zone) else {
                throw Refusal(description: "the time zone '\(zone)' has no Sysprep.inf index (Windows XP/2003 did not know it); choose a zone these releases have, such as 'W. Europe Standard Time'")
            }
            document.set("GuiUnattended", "TimeZone", index < 100 ? String(repeating: "0", count: 3 - String(index).count) + String(index) : String(index))
        }
        if let password = secrets.adminPassword {
            guard password.count <= 127 else { throw Refusal(description: "the admin password is longer than the 127 characters Sysprep.inf allows") }
            document.set("GuiUnattended", "AdminPassword", try quoted(password, "admin password", secret: true))
            document.set("GuiUnattended", "EncryptedAdminPassword", "No")
            if let count = settings.autoLogonCount {
                document.set("GuiUnattended", "AutoLogon", "Yes")
                document.set("GuiUnattended", "AutoLogonCount", String(count))
            }
        }
        if let domain = settings.domain {
            document.remove("Identification", "JoinWorkgroup")
            document.set("Identification", "JoinDomain", domain.name)
            document.set("Identification", "DomainAdmin", try quoted(domain.user, "domain.user"))
            document.set("Identification", "DomainAdminPassword", try quoted(secrets.joinPassword ?? "", "domain password", secret: true))
            if let ou = domain.organizationalUnit { document.set("Identification", "MachineObjectOU", try quoted(ou, "domain.ou")) }
        } else if let workgroup = settings.workgroup {
            for key in ["JoinDomain", "DomainAdmin", "DomainAdminPassword", "MachineObjectOU"] { document.remove("Identification", key) }
            document.set("Identification", "JoinWorkgroup", workgroup)
        }
        if let commands = settings.firstLogon {
            // The base's own commands run first: ZeroTouch's are numbered on after its highest.
            let taken = document.keys(in: "GuiRunOnce").compactMap { key in
                key.lowercased().hasPrefix("command") ? Int(key.dropFirst("command".count)) : nil
            }
            let first = (taken.max() ?? -1) + 1
            for (index, command) in commands.enumerated() {
                document.set("GuiRunOnce", "Command\(first + index)", try quoted(command, "first_logon[\(index)]"))
            }
        }
        if let drivers = settings.drivers, !drivers.candidates.isEmpty {
            // The base's own folders (drivers already in the image) stay first.
            let own = document.value("Unattended", "OemPnPDriversPath").map { $0.filter { $0 != "\"" } }.flatMap { $0.isEmpty ? nil : $0 }
            document.set("Unattended", "OemPnPDriversPath", "\"" + (own.map { $0 + ";" } ?? "") + DriverChoice.legacyDriversPath + "\"")
        }
        if (staticNICs ?? (host.network == nil ? 0 : 1)) > 0 {
            notes.append("\(host.name): Sysprep.inf cannot give a NIC a static address, so its ip/gateway/dns are not in the answer file; reserve the address in DHCP (site.dhcp) or add a netsh command to first_logon")
        }
        if settings.specialize != nil { notes.append("\(host.name): Sysprep.inf has no specialize pass; its specialize commands are not in the answer file (use first_logon)") }
        if settings.locale != nil { notes.append("\(host.name): locale is not written to Sysprep.inf (it takes [RegionalSettings] language IDs); set them in the base file") }
        return (document.bytes, notes)
    }

    /// `"value"`: Sysprep.inf has no escape for a quote inside quotes, so such a value is refused.
    static func quoted(_ value: String, _ field: String, secret: Bool = false) throws(Refusal) -> String {
        guard !value.contains("\"") else {
            throw Refusal(description: "the \(field)\(secret ? "" : " '\(value)'") contains '\"', which Sysprep.inf cannot quote")
        }
        return "\"\(value)\""
    }

    static func isProductKey(_ key: String) -> Bool {
        let groups = key.split(separator: "-", omittingEmptySubsequences: false)
        return groups.count == 5 && groups.allSatisfy { $0.count == 5 && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } }
    }
}
