import Fleet
import Foundation
import OperatingSystem
import Render

/// Tells the running DHCP server that its ZeroTouch files changed, the way each daemon can hear it:
/// dnsmasq re-reads its hosts file on SIGHUP, Kea reloads over its control socket, and ISC dhcpd
/// only reads its configuration at start, so it is restarted, and only when asked and after
/// `dhcpd -t` accepted the result.
struct DHCPNotifier {
    let settings: DHCPSettings

    /// - Parameters:
    ///   - changed: artifact paths on the DHCP root that this run wrote or removed.
    ///   - restart: the operator asked for a restart (`--reload`), which ISC dhcpd needs.
    /// - Returns: what was done, one line each, for the operator.
    func notify(changed: Set<String>, restart: Bool) throws(OrchestrationError) -> [String] {
        guard !changed.isEmpty else { return [] }
        switch settings.server {
        case .dnsmasq: return try signalDnsmasq(settingsChanged: changed.contains(DHCPArtifacts.path(of: settings.output)))
        case .kea: return try reloadKea()
        case .proxy: return ["\(settings.output) changed: dnsmasq reads it only when it starts, so restart the proxyDHCP's dnsmasq to use it"]
        case .isc: return try restart ? restartDhcpd() : [
            "dhcpd reads \(settings.output) only when it starts: run 'zerotouch apply --reload' next time, or restart dhcpd yourself",
        ]
        }
    }

    func signalDnsmasq(settingsChanged: Bool) throws(OrchestrationError) -> [String] {
        var notes: [String] = []
        if settingsChanged {
            notes.append("\(settings.output) changed: dnsmasq reads it only when it starts, so restart dnsmasq once to use it")
        }
        guard let pidFile = settings.pidFile else {
            return notes + ["dnsmasq was not told (site.dhcp.pid_file is not set); send it SIGHUP to re-read \(settings.hostsFile)"]
        }
        let text = (try? String(contentsOfFile: pidFile, encoding: .utf8)) ?? ""
        guard let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)), pid > 1 else {
            throw OrchestrationError("the DHCP files were written, but dnsmasq was not told: its PID file '\(pidFile)' (site.dhcp.pid_file) is missing or holds no process ID. Is dnsmasq running? Send it SIGHUP once it is.")
        }
        do {
            try ProcessSignal.hangUp(pid)
        } catch {
            throw OrchestrationError("the DHCP files were written, but dnsmasq (pid \(pid) from \(pidFile)) could not be signalled: \(error). Send it SIGHUP yourself.")
        }
        return notes + ["sent SIGHUP to dnsmasq (pid \(pid)): it re-reads \(settings.hostsFile)"]
    }

    func reloadKea() throws(OrchestrationError) -> [String] {
        guard let socket = settings.controlSocket else {
            return ["Kea was not told (site.dhcp.control_socket is not set); send it config-reload or restart kea-dhcp4"]
        }
        let answer: [UInt8]
        do {
            // Kea answers with one JSON object; stop once it is whole rather than wait for the close.
            answer = try UnixSocketClient.exchange(path: socket, request: Array(#"{ "command": "config-reload" }"#.utf8), isComplete: JSONCompleteness.isComplete)
        } catch {
            throw OrchestrationError("the DHCP files were written, but Kea was not told: \(error). Is kea-dhcp4 running with this control socket?")
        }
        let reply = KeaReply(answer)
        guard reply.result == 0 else {
            throw OrchestrationError("Kea refused config-reload of \(settings.output) and keeps its previous configuration: \(reply.text ?? "no reason given"). Check the file with 'kea-dhcp4 -t \(settings.output)'.")
        }
        return ["Kea reloaded its configuration over \(socket)"]
    }

    func restartDhcpd() throws(OrchestrationError) -> [String] {
        let checked = settings.checkConfig ?? settings.output
        let check = try CommandRunner.run(["dhcpd", "-t", "-cf", checked])
        guard check.status == 0 else {
            let reason = check.output.split(separator: "\n").filter { !$0.isEmpty }.suffix(8).joined(separator: "\n  ")
            throw OrchestrationError("dhcpd -t refused \(checked), so dhcpd was not restarted (it still runs its previous configuration):\n  \(reason)")
        }
        guard !settings.restart.isEmpty else {
            throw OrchestrationError("--reload needs site.dhcp.restart, the command that restarts dhcpd (such as [systemctl, restart, isc-dhcp-server]); \(checked) passed dhcpd -t and was not restarted")
        }
        let result = try CommandRunner.run(settings.restart)
        guard result.status == 0 else {
            throw OrchestrationError("the restart command '\(settings.restart.joined(separator: " "))' (site.dhcp.restart) exited with status \(result.status): \(result.output.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        return ["dhcpd -t accepted \(checked); restarted dhcpd with '\(settings.restart.joined(separator: " "))'"]
    }
}
