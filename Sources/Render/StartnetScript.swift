/// `startnet.cmd` for the WinPE image (FORMATS.md §5): start the network, map the deployment share
/// as Z: with retries, find the folder named after any of this machine's MACs as `ipconfig /all`
/// prints them, and run its `autorun.bat`; say clearly on screen when no folder matches.
public enum StartnetScript {
    /// - Parameters:
    ///   - unc: `\\server\share[\dir]`, already checked by `UNCPath`.
    ///   - user, password: the account that maps the share; both `nil` for guest access.
    ///   - drivers: whether the image carries WinPE drivers under `X:\zerotouch\drivers` (`winpe build
    ///     --drivers`): each `.inf` there is loaded with `drvload` before the share is mapped.
    public static func render(unc: String, user: String?, password: String?, drivers: Bool = false) throws(BatchText.Unsafe) -> String {
        let share = try BatchText.quoted(unc, what: "the share's UNC path")
        var credentials = ""
        if let user {
            credentials = " /user:\(try BatchText.quoted(user, what: "the share user")) \(try BatchText.quoted(password ?? "", what: "the share password"))"
        }
        let lines = [
            "@echo off",
            "rem ZeroTouch startnet.cmd: goes to Windows\\System32\\startnet.cmd in WinPE's boot.wim ('zerotouch winpe build' does it).",
            "wpeinit",
        ] + (drivers ? [
            "rem The NIC and storage drivers WinPE lacks, put into the image by 'zerotouch winpe build --drivers'.",
            "for /r X:\\zerotouch\\drivers %%i in (*.inf) do drvload \"%%i\"",
            "wpeutil InitializeNetwork >nul 2>&1",
        ] : []) + [
            "set /a TRIES=0",
            ":mount",
            "net use Z: /delete /y >nul 2>&1",
            "net use Z: \(share)\(credentials) >nul 2>&1",
        ] + BatchText.stopOnFailure("retry") + [
            "goto mounted",
            ":retry",
            "set /a TRIES+=1",
            "if %TRIES% geq 30 goto nomount",
            "echo ZeroTouch: waiting for the share %TRIES%/30 ...",
            "ping -n 6 127.0.0.1 >nul",
            "goto mount",
            ":nomount",
            "echo ZeroTouch: cannot map the deployment share \(share) as Z: after 30 tries.",
            "echo Check the network cable, the server, and the share's account; then run startnet again.",
            "goto :eof",
            ":mounted",
            "rem ipconfig /all prints each NIC as 'Physical Address. . . : 08-00-27-B2-40-3E'; folders use the same",
            "rem spelling in lower case, and the share compares names without case. The first NIC with a folder wins,",
            "rem and only its autorun.bat runs, once.",
            "set \"FOUND=\"",
            "for /f \"tokens=2 delims=:\" %%a in ('ipconfig /all ^| find \"Physical Address\"') do if not defined FOUND call :try %%a",
            "if defined FOUND goto run",
            "echo ZeroTouch: no folder on the share matches this machine's network cards:",
            "ipconfig /all | find \"Physical Address\"",
            "echo Register one of these MACs with 'zerotouch host add' (or in zerotouch.yaml) and run 'zerotouch apply'.",
            "goto :eof",
            ":try",
            "set \"MAC=%~1\"",
            "set \"MAC=%MAC: =%\"",
            "if exist \"Z:\\%MAC%\\autorun.bat\" set \"FOUND=%MAC%\"",
            "exit /b 0",
            ":run",
            "echo ZeroTouch: running Z:\\%FOUND%\\autorun.bat",
            "Z:",
            "cd \"\\%FOUND%\"",
            "call \"Z:\\%FOUND%\\autorun.bat\"",
            "rem autorun.bat reboots when it succeeds; reaching this line means it stopped with a failure.",
            "cmd /k echo ZeroTouch: the install stopped; see Z:\\%FOUND%\\logs\\autorun.log",
            "goto :eof",
        ]
        return lines.joined(separator: "\r\n") + "\r\n"
    }
}
