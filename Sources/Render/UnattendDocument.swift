public import Fleet
public import XML

/// Personalizes a base `unattend.xml` for one host (FORMATS.md §6). Everything the base holds that
/// ZeroTouch does not manage stays as it was; managed settings are set in their pass and component,
/// which is created when the base lacks it, and the same setting in a later pass (which Windows would
/// let win) gets the host's value too. Lists the base has (first-logon and specialize commands) keep
/// their entries; ZeroTouch's follow them. Values only ever become text nodes.
public enum UnattendDocument {
    public static let namespace = "urn:schemas-microsoft-com:unattend"
    public static let wcm = "http://schemas.microsoft.com/WMIConfig/2002/State"
    /// Windows' pass order. ZeroTouch's flow (DISM apply, then the answer file in `Panther`) runs
    /// specialize, the audit passes when the base asks for audit mode, and oobeSystem; windowsPE
    /// and offlineServicing belong to Windows Setup, which it does not start.
    public static let passes = ["windowsPE", "offlineServicing", "generalize", "specialize", "auditSystem", "auditUser", "oobeSystem"]

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
        let arch = try UnattendArchitecture.of(base, declared: profile.declaredArch)
        let document = try base.copy()
        let editor = Editor(root: document.root!, arch: arch.rawValue)

        let shell = "Microsoft-Windows-Shell-Setup"
        editor.setLatest("specialize", shell, ["ComputerName"], host.name)
        if let zone = settings.timeZone { editor.setLatest("specialize", shell, ["TimeZone"], zone) }
        if let owner = settings.owner { editor.setLatest("specialize", shell, ["RegisteredOwner"], owner) }
        if let organization = settings.organization { editor.setLatest("specialize", shell, ["RegisteredOrganization"], organization) }
        if let key = secrets.productKey { editor.setLatest("specialize", shell, ["ProductKey"], key) }

        for (mac, network) in networks ?? host.network.map({ [(host.primaryMAC, $0)] }) ?? [] {
            editor.staticAddress(network, mac: mac, dnsSuffix: settings.dnsSuffix)
        }
        if let domain = settings.domain {
            editor.joinDomain(domain, password: secrets.joinPassword ?? "")
        } else if let workgroup = settings.workgroup {
            editor.joinWorkgroup(workgroup)
        }
        if let commands = settings.specialize {
            let list = editor.child(editor.component("specialize", "Microsoft-Windows-Deployment"), ["RunSynchronous"])
            editor.appendCommands(commands, to: list, item: "RunSynchronousCommand", text: "Path")
        }

        let oobeShell = editor.component("oobeSystem", shell)
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
            editor.appendCommands(commands, to: editor.child(oobeShell, ["FirstLogonCommands"]), item: "SynchronousCommand", text: "CommandLine",
                                  description: { "ZeroTouch first-logon command \($0)" })
        }
        if let locale = settings.locale {
            for key in localeKeys { editor.setLatest("oobeSystem", "Microsoft-Windows-International-Core", [key], locale) }
        }
        return document.serialized()
    }

    /// The International-Core settings one `locale` sets.
    public static let localeKeys = ["InputLocale", "SystemLocale", "UILanguage", "UserLocale"]

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
