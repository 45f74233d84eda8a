import SMB
import Testing

/// What needs no server: URLs, error words, credentials kept out of text.
struct SMBClientTests {
    @Test func pathsArePercentEncodedUnderTheBase() {
        let client = SMBClient(base: "smb://nas:4450/deploy/pxe/", credentials: .guest)
        #expect(client.base == "smb://nas:4450/deploy/pxe")
        #expect(client.url("images/w10 pro.wim") == "smb://nas:4450/deploy/pxe/images/w10%20pro.wim")
        #expect(client.url("a%b/c#d") == "smb://nas:4450/deploy/pxe/a%25b/c%23d")
        #expect(client.url("") == client.base)
    }

    @Test func errorsNameTheOperationTheURLAndTheErrnoWithAdvice() {
        let denied = SMBError(operation: "create", url: "smb://nas/deploy/x", code: 13)
        #expect(denied.description.hasPrefix("cannot create smb://nas/deploy/x: Permission denied (EACCES); check the account"))
        #expect(denied.kind == .accessDenied && !denied.isTransient)
        let reset = SMBError(operation: "write", url: "smb://nas/deploy/x", code: 104)
        #expect(reset.kind == .connectionLost && reset.isTransient && reset.description.contains("(ECONNRESET)"))
        let missing = SMBError(operation: "load libsmbclient.so.0", url: "", code: 79, detail: "not found; install Debian's libsmbclient package")
        #expect(missing.description == "cannot load libsmbclient.so.0: not found; install Debian's libsmbclient package")
    }

    /// libsmbclient is opened at the first context (not linked), with Samba's thread hooks registered.
    @Test func theLibraryLoadsAtTheFirstContext() throws {
        _ = try SMBContext(credentials: .guest)
        #expect(SMBContext.threads)
    }

    @Test func credentialsNeverPrintTheirPassword() {
        let account = SMBCredentials(user: "deploy", password: "S3cret!", domain: "CORP")
        #expect("\(account)" == "CORP\\deploy")
        var dumped = ""
        dump(account, to: &dumped)
        #expect(!String(reflecting: account).contains("S3cret") && !dumped.contains("S3cret") && dumped.contains("deploy"))
        #expect("\(SMBCredentials.guest)" == "guest")
    }
}
