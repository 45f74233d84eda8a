public import Fleet
public import XML

/// Personalizes a base `unattend.xml` for one host (FORMATS.md §6). Everything the base holds that
/// ZeroTouch does not manage stays as it was; managed settings are set or replaced in their pass and
/// component, which is created when the base lacks it. Values only ever become text nodes.
public enum UnattendDocument {
    public static let namespace = "urn:schemas-microsoft-com:unattend"
    public static let wcm = "http://schemas.microsoft.com/WMIConfig/2002/State"
    static let passes = ["windowsPE", "offlineServicing", "generalize", "specialize", "auditSystem", "auditUser", "oobeSystem"]

    /// Checks that `document` is an unattend file: root `unattend` in the unattend namespace.
    public static func check(_ document: XMLDocument) throws(XMLError) {
        guard let root = document.root, root.name == "unattend", root.namespaceURI == namespace else {
            throw XMLError(document: document.name, line: document.root?.line, message: "is not an unattend file (its root must be <unattend xmlns=\"\(namespace)\">)")
        }
    }

    /// - Parameter networks: each statically addressed NIC (`FleetConfig.networks(of:)`); the host's
    ///   primary network when not given.
    public static func render(base: XMLDocument, host: Host, profile: Profile, settings: WindowsSettings, secrets: AnswerSecrets,
                              networks: [(mac: MACAddress, network: HostNetwork)]? = nil) throws(XMLError) -> [UInt8] {
        try check(base)
        let document = try base.copy()
        let editor = Editor(root: document.root!, arch: profile.arch.rawValue)

        let specializeShell = editor.component("specialize", "Microsoft-Windows-Shell-Setup")
        editor.set(specializeShell, ["ComputerName"], host.name)
        if let zone = settings.timeZone { editor.set(specializeShell, ["TimeZone"], zone) }
        if let owner = settings.owner { editor.set(specializeShell, ["RegisteredOwner"], owner) }
        if let organization = settings.organization { editor.set(specializeShell, ["RegisteredOrganization"], organization) }
        if let key = secrets.productKey { editor.set(specializeShell, ["ProductKey"], key) }

        for (mac, network) in networks ?? host.network.map({ [(host.primaryMAC, $0)] }) ?? [] {
            editor.staticAddress(network, mac: mac, dnsSuffix: settings.dnsSuffix)
        }
        if let domain = settings.domain {
            let identification = editor.replace(editor.component("specialize", "Microsoft-Windows-UnattendedJoin"), "Identification")
            let credentials = identification.append("Credentials", namespace: namespace)
            credentials.append("Domain", namespace: namespace).setText(domain.credentialDomain)
            // UnattendedJoin takes its password in plain text (no PlainText/Value pair).
            credentials.append("Password", namespace: namespace).setText(secrets.joinPassword ?? "")
            credentials.append("Username", namespace: namespace).setText(domain.credentialUser)
            identification.append("JoinDomain", namespace: namespace).setText(domain.name)
            if let ou = domain.organizationalUnit { identification.append("MachineObjectOU", namespace: namespace).setText(ou) }
        } else if let workgroup = settings.workgroup {
            let identification = editor.replace(editor.component("specialize", "Microsoft-Windows-UnattendedJoin"), "Identification")
            identification.append("JoinWorkgroup", namespace: namespace).setText(workgroup)
        }
        if let commands = settings.specialize {
            let list = editor.replace(editor.component("specialize", "Microsoft-Windows-Deployment"), "RunSynchronous")
            for (index, command) in commands.enumerated() {
                let item = editor.listItem(list, "RunSynchronousCommand")
                item.append("Order", namespace: namespace).setText(String(index + 1))
                item.append("Path", namespace: namespace).setText(command)
            }
        }

        let oobeShell = editor.component("oobeSystem", "Microsoft-Windows-Shell-Setup")
        if let password = secrets.adminPassword {
            let account = editor.replace(editor.child(oobeShell, ["UserAccounts"]), "AdministratorPassword")
            account.append("Value", namespace: namespace).setText(encodedPassword(password, suffix: "AdministratorPassword"))
            account.append("PlainText", namespace: namespace).setText("false")
            if let count = settings.autoLogonCount {
                let logon = editor.replace(oobeShell, "AutoLogon")
                let secret = logon.append("Password", namespace: namespace)
                secret.append("Value", namespace: namespace).setText(encodedPassword(password, suffix: "Password"))
                secret.append("PlainText", namespace: namespace).setText("false")
                logon.append("Enabled", namespace: namespace).setText("true")
                logon.append("LogonCount", namespace: namespace).setText(String(count))
                logon.append("Username", namespace: namespace).setText("Administrator")
            }
        }
        if let commands = settings.firstLogon {
            let list = editor.replace(oobeShell, "FirstLogonCommands")
            for (index, command) in commands.enumerated() {
                let item = editor.listItem(list, "SynchronousCommand")
                item.append("Order", namespace: namespace).setText(String(index + 1))
                item.append("CommandLine", namespace: namespace).setText(command)
                item.append("Description", namespace: namespace).setText("ZeroTouch first-logon command \(index + 1)")
            }
        }
        if let locale = settings.locale {
            let international = editor.component("oobeSystem", "Microsoft-Windows-International-Core")
            for key in ["InputLocale", "SystemLocale", "UILanguage", "UserLocale"] { editor.set(international, [key], locale) }
        }
        return document.serialized()
    }

    /// Windows' encoding for `PlainText=false` passwords: Base64 of the UTF-16LE bytes of the password
    /// followed by `suffix` (`AdministratorPassword`, or `Password` for accounts and autologon).
    /// An encoding, not encryption: the share folder must be readable only by the deploy account.
    public static func encodedPassword(_ password: String, suffix: String) -> String {
        var bytes: [UInt8] = []
        for unit in (password + suffix).utf16 {
            bytes.append(UInt8(unit & 0xFF))
            bytes.append(UInt8(unit >> 8))
        }
        return Base64.encode(bytes)
    }
}
