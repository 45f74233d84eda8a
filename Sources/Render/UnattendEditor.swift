import Fleet
import XML

extension UnattendDocument {
    /// Finds or creates passes, components and elements in one unattend document.
    struct Editor {
        let root: XMLElement
        let arch: String
        var ns: String { UnattendDocument.namespace }

        /// `<settings pass=…>`, created in Windows' pass order when missing.
        func settings(_ pass: String) -> XMLElement {
            let all = root.children.filter { $0.name == "settings" && $0.namespaceURI == ns }
            if let found = all.first(where: { $0.attribute("pass") == pass }) { return found }
            let rank = UnattendDocument.passes.firstIndex(of: pass)!
            let later = all.first { (UnattendDocument.passes.firstIndex(of: $0.attribute("pass") ?? "") ?? Int.max) > rank }
            let created = later.map { root.insert("settings", namespace: ns, before: $0) } ?? root.append("settings", namespace: ns)
            created.setAttribute("pass", pass)
            return created
        }

        /// The component `name` for this architecture in `pass`, created with the attributes Windows requires.
        func component(_ pass: String, _ name: String) -> XMLElement {
            let settings = settings(pass)
            if let found = settings.children.first(where: {
                $0.name == "component" && $0.attribute("name") == name && $0.attribute("processorArchitecture") == arch
            }) { return found }
            let component = settings.append("component", namespace: ns)
            for (key, value) in [("name", name), ("processorArchitecture", arch), ("publicKeyToken", "31bf3856ad364e35"),
                                 ("language", "neutral"), ("versionScope", "nonSxS")] {
                component.setAttribute(key, value)
            }
            return component
        }

        /// The element at `path` under `parent`, each step found or appended.
        func child(_ parent: XMLElement, _ path: [String]) -> XMLElement {
            path.reduce(parent) { element, name in element.child(name, namespace: ns) ?? element.append(name, namespace: ns) }
        }

        func set(_ parent: XMLElement, _ path: [String], _ value: String) {
            child(parent, path).setText(value)
        }

        /// Sets the setting at `path` of `name` in `pass`, and in every later pass whose component
        /// for this architecture already sets it: Windows keeps the value of the last pass that
        /// sets a setting, and the host's value must be the one the machine ends with.
        func setLatest(_ pass: String, _ name: String, _ path: [String], _ value: String) {
            set(component(pass, name), path, value)
            let rank = UnattendDocument.passes.firstIndex(of: pass)!
            for later in UnattendDocument.passes[(rank + 1)...] {
                for settings in root.children where settings.name == "settings" && settings.namespaceURI == ns && settings.attribute("pass") == later {
                    for found in settings.children where found.name == "component" && found.attribute("name") == name
                        && found.attribute("processorArchitecture") == arch {
                        if let element = existing(found, path) { element.setText(value) }
                    }
                }
            }
        }

        /// The element at `path` under `parent` when every step exists.
        func existing(_ parent: XMLElement, _ path: [String]) -> XMLElement? {
            var element = parent
            for name in path {
                guard let next = element.child(name, namespace: ns) else { return nil }
                element = next
            }
            return element
        }

        /// Appends `commands` to a base's command list after the entries it has, numbered on from
        /// its highest `Order`, so the base's commands run first and in their order.
        func appendCommands(_ commands: [String], to list: XMLElement, item: String, text: String,
                            description: ((Int) -> String)? = nil) {
            let taken = list.children.filter { $0.name == item }.compactMap { $0.child("Order", namespace: ns).flatMap { Int(String($0.text.filter { !$0.isWhitespace })) } }
            let first = (taken.max() ?? 0) + 1
            for (index, command) in commands.enumerated() {
                let entry = listItem(list, item)
                entry.append("Order", namespace: ns).setText(String(first + index))
                entry.append(text, namespace: ns).setText(command)
                if let description { entry.append("Description", namespace: ns).setText(description(index + 1)) }
            }
        }

        /// UnattendedJoin's Identification joins `domain`: the base's other Identification settings
        /// stay; a workgroup it names goes, since Windows takes one or the other.
        func joinDomain(_ domain: DomainJoin, password: String) {
            let identification = child(component("specialize", "Microsoft-Windows-UnattendedJoin"), ["Identification"])
            identification.child("JoinWorkgroup", namespace: ns)?.remove()
            let credentials = replace(identification, "Credentials")
            credentials.append("Domain", namespace: ns).setText(domain.credentialDomain)
            // UnattendedJoin takes its password in plain text (no PlainText/Value pair).
            credentials.append("Password", namespace: ns).setText(password)
            credentials.append("Username", namespace: ns).setText(domain.credentialUser)
            set(identification, ["JoinDomain"], domain.name)
            if let ou = domain.organizationalUnit { set(identification, ["MachineObjectOU"], ou) }
        }

        /// Identification joins `workgroup`; the base's domain-join settings go.
        func joinWorkgroup(_ workgroup: String) {
            let identification = child(component("specialize", "Microsoft-Windows-UnattendedJoin"), ["Identification"])
            for key in Self.domainJoinKeys { identification.child(key, namespace: ns)?.remove() }
            set(identification, ["JoinWorkgroup"], workgroup)
        }

        static let domainJoinKeys = ["Credentials", "JoinDomain", "MachineObjectOU", "MachinePassword", "UnsecureJoin"]

        /// A fresh, empty `name` under `parent`, in the place of the old one when there was one.
        func replace(_ parent: XMLElement, _ name: String) -> XMLElement {
            guard let old = parent.child(name, namespace: ns) else { return parent.append(name, namespace: ns) }
            let fresh = parent.insert(name, namespace: ns, before: old)
            old.remove()
            return fresh
        }

        /// A `wcm:action="add"` list entry.
        func listItem(_ list: XMLElement, _ name: String, key: String? = nil) -> XMLElement {
            let item = list.append(name, namespace: ns)
            item.setAttribute("action", "add", namespace: (UnattendDocument.wcm, "wcm"))
            if let key { item.setAttribute("keyValue", key, namespace: (UnattendDocument.wcm, "wcm")) }
            return item
        }

        /// The NIC's TCPIP and DNS-Client interfaces, replacing any entry for the same MAC and leaving
        /// other NICs' entries alone. DNS-Client children: Identifier, DNSServerSearchOrder, DNSDomain. TCPIP Interface children go in the order Windows requires:
        /// Ipv4Settings, Identifier, UnicastIpAddresses, Routes.
        func staticAddress(_ network: HostNetwork, mac: MACAddress, dnsSuffix: String?) {
            let tcpip = interfaceEntry(component("specialize", "Microsoft-Windows-TCPIP"), mac: mac)
            child(tcpip, ["Ipv4Settings", "DhcpEnabled"]).setText("false")
            tcpip.append("Identifier", namespace: ns).setText(mac.windowsSpelling)
            listItem(tcpip.append("UnicastIpAddresses", namespace: ns), "IpAddress", key: "1").setText(network.interface.description)
            if let gateway = network.gateway {
                let route = listItem(tcpip.append("Routes", namespace: ns), "Route")
                route.append("Identifier", namespace: ns).setText("0")
                route.append("Metric", namespace: ns).setText("10")
                route.append("NextHopAddress", namespace: ns).setText(gateway.description)
                route.append("Prefix", namespace: ns).setText("0.0.0.0/0")
            }
            guard !network.dns.isEmpty || dnsSuffix != nil else { return }
            let dns = interfaceEntry(component("specialize", "Microsoft-Windows-DNS-Client"), mac: mac)
            dns.append("Identifier", namespace: ns).setText(mac.windowsSpelling)
            if !network.dns.isEmpty {
                let servers = dns.append("DNSServerSearchOrder", namespace: ns)
                for (index, server) in network.dns.enumerated() {
                    listItem(servers, "IpAddress", key: String(index + 1)).setText(server.description)
                }
            }
            if let dnsSuffix { dns.append("DNSDomain", namespace: ns).setText(dnsSuffix) }
        }

        /// A new `Interfaces/Interface` entry for `mac`, after removing the base's entry for it.
        func interfaceEntry(_ component: XMLElement, mac: MACAddress) -> XMLElement {
            let interfaces = child(component, ["Interfaces"])
            for entry in interfaces.children where entry.name == "Interface" {
                if let identifier = entry.child("Identifier", namespace: ns)?.text, (try? MACAddress(identifier)) == mac { entry.remove() }
            }
            return listItem(interfaces, "Interface")
        }
    }
}
