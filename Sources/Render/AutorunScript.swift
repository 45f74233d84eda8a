public import Fleet

/// `SHARE/<mac>/autorun.bat`, which startnet.cmd runs in WinPE from the host's folder (seed 004's
/// flow, FORMATS.md §5). Every step logs to `logs\autorun.log`, checks its exit code, and stops at
/// the first failure with a `status\failed` marker, so no step runs on a disk that was not
/// partitioned. Phases are marked by the share's `zerotouch\mark.cmd`.
public enum AutorunScript {
    /// - Parameter mode: `.install` deploys the profile's image; `.capture` captures the host's
    ///   Windows partition to `SHARE/images/<name>.wim`.
    /// - Parameter drivers: the host's driver sets (`drivers:`), added to the applied image.
    public static func render(host: Host, profile: Profile, mode: HostMode, drivers: DriverChoice? = nil) throws(BatchText.Unsafe) -> String {
        var lines = [
            "@echo off",
            "rem ZeroTouch: \(host.name) (\(host.primaryMAC)), profile \(profile.name): \(mode == .capture ? "capture" : "install").",
            "rem Written by 'zerotouch apply'; changes made here are overwritten. startnet.cmd runs it from this folder.",
            "setlocal",
            "set \"HERE=%~dp0\"",
            "set \"MARK=%~dp0..\\zerotouch\\mark.cmd\"",
            "set \"LOG=%~dp0logs\\autorun.log\"",
            "set \"CODE=\"",
            "if not exist \"%HERE%logs\" mkdir \"%HERE%logs\"",
            "if exist \"%HERE%status\" del /q \"%HERE%status\\*\"",
            "call \"%MARK%\" \"%HERE%\" started \(try BatchText.quoted(host.name, what: "the host name"))",
        ]
        lines += mode == .capture ? try capture(host: host, profile: profile) : try install(profile: profile, drivers: drivers)
        lines += [
            "call \"%MARK%\" \"%HERE%\" done",
            "wpeutil reboot",
            "exit /b 0",
            "",
            ":failed",
            "if not defined CODE set \"CODE=%ERRORLEVEL%\"",
            "call \"%MARK%\" \"%HERE%\" failed \"%STEP% (exit code %CODE%)\"",
            "echo ZeroTouch: step %STEP% failed (exit code %CODE%). The log is %LOG%.",
            "exit /b 1",
        ]
        if mode != .capture, profile.os == .windowsLegacy, let drivers, !drivers.candidates.isEmpty { lines += legacyDriverCopy() }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// One logged step: run `command`, append its output to the log, stop on failure.
    static func step(_ name: String, _ command: String) -> [String] {
        ["set \"STEP=\(name)\"", "echo [%DATE% %TIME%] %STEP% >> \"%LOG%\"", "\(command) >> \"%LOG%\" 2>&1"] + BatchText.stopOnFailure("failed")
    }

    static func mark(_ phase: String) -> String { "call \"%MARK%\" \"%HERE%\" \(phase)" }

    /// The image on the share, from the host's folder.
    static func imagePath(_ wim: BootPath) -> String {
        "%HERE%..\\" + wim.value.replacingSlashes()
    }

    static func install(profile: Profile, drivers: DriverChoice?) throws(BatchText.Unsafe) -> [String] {
        guard let image = profile.image else {
            throw BatchText.Unsafe(description: "profile \(profile.name) has no image to apply (image: {wim: PATH, index: N})")
        }
        let wim = "\"\(imagePath(image.wim))\""
        let apply = profile.deployment.tool == .dism
            ? "dism /Apply-Image /ImageFile:\(wim) /Index:\(image.index) /ApplyDir:W:\\"
            : "imagex /apply \(wim) \(image.index) W:\\"
        var lines = step("diskpart", "diskpart /s \"%HERE%diskpart.txt\"") + [mark("partitioned")]
        lines += step("apply-image", apply) + [mark("applied")]
        if let drivers, !drivers.candidates.isEmpty {
            lines += try driverSteps(drivers, legacy: profile.os == .windowsLegacy)
        }
        if profile.os == .windowsLegacy {
            lines += ["if not exist W:\\Sysprep mkdir W:\\Sysprep"] + step("answer-file", "copy /y \"%HERE%sysprep.inf\" W:\\Sysprep\\sysprep.inf")
            lines += readyScript()
            // Windows 2000/XP/2003 images carry their own boot.ini and boot sector; bcdboot is for Vista and later.
        } else {
            lines += ["if not exist W:\\Windows\\Panther mkdir W:\\Windows\\Panther"]
                + step("answer-file", "copy /y \"%HERE%unattend.xml\" W:\\Windows\\Panther\\unattend.xml")
            lines += readyScript()
            lines += step("bcdboot", "bcdboot W:\\Windows /s S: /f \(profile.firmware == .uefi ? "UEFI" : "BIOS")")
        }
        return lines
    }

    /// Adds the chosen driver sets to the applied image with DISM. The model comes from the firmware
    /// (SMBIOS product name, which WinPE's registry holds); each candidate set has a flag, set for
    /// `always` and by the model, and one unrolled block (no `call :label`, whose `goto failed` would
    /// return to the caller instead of stopping the run). A set that fails stops the install only when
    /// it is required; otherwise the failure is logged and marked, and the install goes on.
    /// `legacy` (Windows 2000/XP/2003): no DISM offline servicing; each folder of the set that holds an
    /// `.inf` is copied to `W:\Drivers\N` for Sysprep.inf's `OemPnPDriversPath`, and mini-setup installs
    /// from there. The set fails when it has no such folder or a copy fails.
    static func driverSteps(_ drivers: DriverChoice, legacy: Bool = false) throws(BatchText.Unsafe) -> [String] {
        let sets = drivers.candidates
        var lines = [
            "set \"STEP=drivers\"",
            "set \"MODEL=\"",
            // `    SystemProductName    REG_SZ    OptiPlex 7090`: the value is the third token and the rest.
            "for /f \"tokens=1,2,*\" %%a in ('reg query \"HKLM\\HARDWARE\\DESCRIPTION\\System\\BIOS\" /v SystemProductName 2^>nul') do if /i \"%%a\"==\"SystemProductName\" set \"MODEL=%%c\"",
            "echo [%DATE% %TIME%] drivers: model \"%MODEL%\" >> \"%LOG%\"",
            "set \"ZT_MATCHED=\"",
            "set \"ZT_ADDED=\"",
            "set \"ZT_FAILED=\"",
        ] + (legacy ? ["set \"ZT_PNP=0\""] : [])
        for index in sets.indices { lines.append("set \"ZT_D\(index)=\(drivers.always.contains(sets[index]) ? "1" : "")\"") }
        for model in drivers.byModel {
            let flags = model.sets.compactMap { sets.firstIndex(of: $0) }.map { " & set \"ZT_D\($0)=1\"" }.joined()
            lines.append("if /i \"%MODEL%\"==\(try BatchText.quoted(model.name, what: "the model name")) (set \"ZT_MATCHED=1\"\(flags))")
        }
        if !drivers.byModel.isEmpty {
            lines.append("if not defined ZT_MATCHED call \"%MARK%\" \"%HERE%\" drivers-unknown-model \"no driver sets for model '%MODEL%'; only the always sets\"")
        }
        for (index, name) in sets.enumerated() {
            let folder = "\"%HERE%..\\drivers\\\(name)\""
            lines += [
                "if not defined ZT_D\(index) goto zt_drivers_\(index)",
                "set \"STEP=drivers \(name)\"",
                "echo [%DATE% %TIME%] %STEP% >> \"%LOG%\"",
                "set \"ZT_OK=\"",
            ]
            if legacy {
                // A subroutine per folder, so that %ZT_PNP% is read as each folder is copied (a for
                // body is expanded once); it never jumps to :failed, so `call :label` is safe here.
                lines += [
                    "set \"ZT_BEFORE=%ZT_PNP%\"",
                    "set \"ZT_COPIED=1\"",
                    "for /r \(folder) %%d in (.) do if exist \"%%~fd\\*.inf\" call :zt_pnp \"%%~fd\"",
                    "if \"%ZT_PNP%\"==\"%ZT_BEFORE%\" set \"ZT_COPIED=\"",
                    "if %ZT_PNP% GTR \(DriverChoice.legacyFolders) set \"ZT_COPIED=\"",
                    // An errorlevel the checks below read: 0 when every folder was copied.
                    "if defined ZT_COPIED (cmd /c exit 0) else (cmd /c exit 1)",
                ]
            } else {
                lines.append("dism /Image:W:\\ /Add-Driver /Driver:\(folder) /Recurse >> \"%LOG%\" 2>&1")
            }
            if drivers.required.contains(name) {
                lines += BatchText.stopOnFailure("failed") + ["set \"ZT_ADDED=%ZT_ADDED% \(name)\""]
            } else {
                // Exit code 0 only (DISM's failures may be negative); read before any other command runs.
                lines += [
                    "if not errorlevel 1 if errorlevel 0 set \"ZT_OK=1\"",
                    "if defined ZT_OK (set \"ZT_ADDED=%ZT_ADDED% \(name)\") else (set \"ZT_FAILED=%ZT_FAILED% \(name)\")",
                ]
            }
            lines.append(":zt_drivers_\(index)")
        }
        lines += [
            "if defined ZT_FAILED call \"%MARK%\" \"%HERE%\" drivers-failed \"not added:%ZT_FAILED%\"",
            mark("drivers \"added:%ZT_ADDED%\""),
        ]
        return lines
    }

    /// Copies one driver folder (`%1`, with its subfolders, for the files its .inf names there) to the
    /// next `W:\Drivers\N`; a failed copy clears ZT_COPIED.
    static func legacyDriverCopy() -> [String] {
        [
            "",
            ":zt_pnp",
            "set /a ZT_PNP+=1 >nul",
            "echo [%DATE% %TIME%] drivers: %~1 to W:\\Drivers\\%ZT_PNP% >> \"%LOG%\"",
            "xcopy \"%~1\\*\" \"W:\\Drivers\\%ZT_PNP%\\\" /e /i /y /q >> \"%LOG%\" 2>&1",
            "if errorlevel 1 set \"ZT_COPIED=\"",
            "goto :eof",
        ]
    }

    /// ready.js, which the installed system's last first-logon command runs (`ReadyScript`).
    static func readyScript() -> [String] {
        ["if not exist W:\\ZeroTouch mkdir W:\\ZeroTouch"] + step("ready-script", "copy /y \"%HERE%ready.js\" W:\\ZeroTouch\\ready.js")
    }

    static func capture(host: Host, profile: Profile) throws(BatchText.Unsafe) -> [String] {
        let name = host.name.lowercased()
        let wim = "\"%HERE%..\\images\\\(name).wim\""
        let label = try BatchText.quoted(host.name, what: "the host name")
        let command = profile.deployment.tool == .dism
            ? "dism /Capture-Image /ImageFile:\(wim) /CaptureDir:%SOURCE%\\ /Name:\(label)"
            : "imagex /capture %SOURCE%\\ \(wim) \(label)"
        return [
            "set \"STEP=find-windows\"",
            "set \"SOURCE=\"",
            "for %%d in (C D E F G H I J K L M N O P Q R S T U V W Y) do if not defined SOURCE if exist %%d:\\Windows\\System32\\config\\SYSTEM set \"SOURCE=%%d:\"",
            "if not defined SOURCE (set \"CODE=no Windows partition found\" & goto failed)",
            "if not exist \"%HERE%..\\images\" mkdir \"%HERE%..\\images\"",
        ] + step("capture", command) + [mark("captured")]
    }
}

extension String {
    func replacingSlashes() -> String {
        String(map { $0 == "/" ? "\\" : $0 })
    }
}
