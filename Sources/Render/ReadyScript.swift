/// `SHARE/<mac>/ready.js`: the JScript a freshly installed Windows runs at first logon to tell the
/// boot server it is ready. autorun.bat copies it to `%SystemDrive%\ZeroTouch\ready.js` in the image.
///
/// Windows Script Host's `cscript` with MSXML's HTTP request is in the stock install of every
/// generation ZeroTouch installs (Windows 2000 through Server 2025), where PowerShell is not (none
/// before Windows 7 / Server 2008 R2). The script posts `ready` with the host's bearer token,
/// retries while the network or the server is not there yet, stops on a refusal, and deletes
/// itself once the server took the event (or had it already), so the token leaves the disk.
public enum ReadyScript {
    /// Where autorun.bat puts the script in the image, as the installed system sees it.
    public static let installedPath = "%SystemDrive%\\ZeroTouch\\ready.js"

    /// The first-logon command (unattend.xml) or `[GuiRunOnce]` command (Sysprep.inf) that runs it.
    /// `cmd /c` expands `%SystemDrive%` on every generation; `//B` keeps errors off the screen; the
    /// `.js` extension picks JScript.
    public static let command = "cmd /c cscript //nologo //B \(installedPath)"

    /// - Parameters:
    ///   - attempts, pause: how often and how far apart (milliseconds) it tries while the server
    ///     cannot be reached or answers 5xx.
    public static func render(url: String, token: String, attempts: Int = 60, pauseMilliseconds: Int = 10_000) -> String {
        let lines = [
            "// ZeroTouch: tells the boot server this host is ready. Written by 'zerotouch apply'.",
            "var url = \(JScriptText.literal(url));",
            "var token = \(JScriptText.literal(token));",
            "var body = '{\"event\": \"ready\", \"message\": \"first logon\"}';",
            "var kinds = [\"MSXML2.ServerXMLHTTP.6.0\", \"MSXML2.ServerXMLHTTP\", \"Microsoft.XMLHTTP\"];",
            "function post() {",
            "  for (var i = 0; i < kinds.length; i++) {",
            "    var request;",
            "    try { request = new ActiveXObject(kinds[i]); } catch (e) { continue; }",
            "    try {",
            "      request.open(\"POST\", url, false);",
            "      request.setRequestHeader(\"Authorization\", \"Bearer \" + token);",
            "      request.setRequestHeader(\"Content-Type\", \"application/json\");",
            "      request.send(body);",
            "      return request.status;",
            "    } catch (e) { return 0; }",
            "  }",
            "  return -1;",
            "}",
            "for (var attempt = 1; attempt <= \(attempts); attempt++) {",
            "  var status = post();",
            "  // 409: the server has this event already (an earlier run's answer was lost).",
            "  if ((status >= 200 && status < 300) || status == 409) {",
            "    try { new ActiveXObject(\"Scripting.FileSystemObject\").DeleteFile(WScript.ScriptFullName, true); } catch (e) {}",
            "    WScript.Quit(0);",
            "  }",
            "  if (status == -1) { WScript.Echo(\"ZeroTouch: no XML HTTP request object on this system\"); WScript.Quit(3); }",
            "  if (status >= 400 && status < 500) { WScript.Echo(\"ZeroTouch: the boot server refused the ready event (\" + status + \")\"); WScript.Quit(2); }",
            "  if (attempt < \(attempts)) WScript.Sleep(\(pauseMilliseconds));",
            "}",
            "WScript.Echo(\"ZeroTouch: the boot server did not answer; run \" + WScript.ScriptFullName + \" again\");",
            "WScript.Quit(1);",
        ]
        return lines.joined(separator: "\r\n") + "\r\n"
    }
}
