import CSMBClient
#if canImport(Glibc)
import Glibc
#endif

/// libsmbclient's entry points, loaded once, when the first SMB context is made (`zt_smbc_load` in
/// the shim): a command that never touches a share never loads Samba.
// @unchecked Sendable: C function pointers, written once while loading and only read afterwards.
struct SMBLibrary: @unchecked Sendable {
    let api: zt_smbc_api

    private static let shared: Result<SMBLibrary, SMBError> = {
        var api = zt_smbc_api()
        if let failure = zt_smbc_load(&api) {
            return .failure(SMBError(operation: "load libsmbclient.so.0", url: "", code: ELIBACC,
                                     detail: "\(String(cString: failure)); install Debian's libsmbclient package"))
        }
        return .success(SMBLibrary(api: api))
    }()

    static func loaded() throws(SMBError) -> zt_smbc_api {
        try shared.get().api
    }

    /// Whether Samba's thread support is on; without it, one connection at a time.
    static var threads: Bool { (try? loaded().threads) == 1 }
}
