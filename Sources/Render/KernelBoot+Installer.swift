import Fleet

extension KernelBoot {
    /// What the installer needs first on its command line: where its kickstart is, and on EL 5 and 6
    /// that the NIC it booted from is the one to configure (`BOOTIF` names it).
    func installerArguments(kickstart url: String) -> [String] {
        var words = ["\(release.kickstartArgument)=\(url)"]
        if release == .el5 || release == .el6 { words.append("ksdevice=bootif") }
        return words
    }
}
