import Fleet

/// The command a freshly installed Windows system runs at first logon to tell the boot server it is
/// ready. PowerShell 2 (Windows 7 / 2008 R2) has no Invoke-RestMethod, so it uses .NET's WebClient;
/// the script goes in as `-EncodedCommand` (UTF-16LE, base64), so no quoting layer can break it.
public enum CallbackCommand {
    public static func windowsReady(url: String, token: String) -> String {
        let script = [
            "$c = New-Object System.Net.WebClient",
            "$c.Headers.Add('Authorization', 'Bearer \(token)')",
            "$c.Headers.Add('Content-Type', 'application/json')",
            "[void]$c.UploadString('\(url)', '{\"event\": \"ready\", \"message\": \"first logon\"}')",
        ].joined(separator: "; ")
        var utf16: [UInt8] = []
        utf16.reserveCapacity(script.utf8.count * 2)
        for unit in script.utf16 {
            utf16.append(UInt8(unit & 0xFF))
            utf16.append(UInt8(unit >> 8))
        }
        return "powershell -NoProfile -ExecutionPolicy Bypass -EncodedCommand \(Base64.encode(utf16))"
    }
}
