import CSMBClient
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// One libsmbclient context (`SMBCCTX`): its own connections to servers, its own logon.
///
/// libsmbclient contexts are not thread-safe and every call blocks until the server answers, so a
/// context is used by one thread at a time (`SMBClient` hands them out) and never from Swift's
/// cooperative pool. Each method names the C function it calls and turns the errno it leaves into
/// an `SMBError` at once.
// @unchecked Sendable: moved between threads only through SMBClient's pool, which gives each
// context to one caller at a time.
public final class SMBContext: @unchecked Sendable {
    private let context: UnsafeMutablePointer<SMBCCTX>
    private let api: zt_smbc_api
    private let account: Unmanaged<Account>

    /// The credentials the authentication callback hands out, reached through the context's user data.
    private final class Account {
        let credentials: SMBCredentials
        init(_ credentials: SMBCredentials) { self.credentials = credentials }
    }

    /// Creating and freeing contexts touches libsmbclient's process-wide configuration (it loads
    /// smb.conf into global state), which is not thread-safe: two threads doing it at once crashed
    /// in loadparm. Calls on distinct contexts may run in parallel once Samba has thread-local
    /// scratch memory (`threads`).
    private static let lifecycle = Mutex<Void>(())

    /// Whether Samba's thread support is on (`zt_smb_enable_threads` in the shim). When it is not,
    /// `SMBClient` keeps to one connection at a time.
    public static var threads: Bool { SMBLibrary.threads }

    /// - Parameter timeout: milliseconds libsmbclient waits for the server on each call.
    public init(credentials: SMBCredentials, timeout: Int32 = 20_000) throws(SMBError) {
        let api = try SMBLibrary.loaded()
        self.api = api
        let made = Self.lifecycle.withLock { _ in Self.make(credentials: credentials, timeout: timeout, api: api) }
        switch made {
        case .success(let made):
            context = made.0
            account = made.1
        case .failure(let error):
            throw error
        }
    }

    private static func make(credentials: SMBCredentials, timeout: Int32, api: zt_smbc_api) -> Result<(UnsafeMutablePointer<SMBCCTX>, Unmanaged<Account>), SMBError> {
        guard let created = api.smbc_new_context!() else { return .failure(SMBError(operation: "create an SMB context", url: "", code: errno)) }
        let account = Unmanaged.passRetained(Account(credentials))
        api.smbc_setDebug!(created, 0)
        api.smbc_setTimeout!(created, timeout)
        api.smbc_setOptionUseKerberos!(created, 0)
        api.smbc_setOptionFallbackAfterKerberos!(created, 1)
        api.smbc_setOptionUseCCache!(created, 0)
        // A wrong password must fail, not quietly turn into a guest logon.
        api.smbc_setOptionNoAutoAnonymousLogin!(created, credentials.user.isEmpty ? 0 : 1)
        api.smbc_setOptionUserData!(created, account.toOpaque())
        api.smbc_setFunctionAuthDataWithContext!(created, SMBContext.authenticate)
        guard api.smbc_init_context!(created) != nil else {
            let code = errno
            api.smbc_free_context!(created, 1)
            account.release()
            return .failure(SMBError(operation: "initialize an SMB context", url: "", code: code))
        }
        return .success((created, account))
    }

    deinit {
        let context = self.context, free = api.smbc_free_context!
        Self.lifecycle.withLock { _ in _ = free(context, 1) }
        account.release()
    }

    /// libsmbclient's authentication callback: copies the account into the buffers it offers.
    private static let authenticate: smbc_get_auth_data_with_context_fn = { context, _, _, workgroup, workgroupLength, user, userLength, password, passwordLength in
        guard let context, let api = try? SMBLibrary.loaded(), let data = api.smbc_getOptionUserData!(context) else { return }
        let credentials = Unmanaged<Account>.fromOpaque(data).takeUnretainedValue().credentials
        if let domain = credentials.domain { fill(workgroup, workgroupLength, with: domain) }
        fill(user, userLength, with: credentials.user)
        fill(password, passwordLength, with: credentials.password)
    }

    private static func fill(_ buffer: UnsafeMutablePointer<CChar>?, _ capacity: Int32, with text: String) {
        guard let buffer, capacity > 0 else { return }
        let bytes = Array(text.utf8.prefix(Int(capacity) - 1))
        for (index, byte) in bytes.enumerated() { buffer[index] = CChar(bitPattern: byte) }
        buffer[bytes.count] = 0
    }

    // MARK: names

    /// `smbc_stat`; `nil` when nothing has the name.
    public func status(_ url: String) throws(SMBError) -> SMBFileStatus? {
        var info = stat()
        guard api.smbc_getFunctionStat!(context)!(context, url, &info) == 0 else {
            let code = errno
            if code == ENOENT || code == ENOTDIR { return nil }
            throw SMBError(operation: "inspect", url: url, code: code)
        }
        let type = info.st_mode & S_IFMT
        return SMBFileStatus(size: Int(info.st_size), isDirectory: type == S_IFDIR, isRegularFile: type == S_IFREG)
    }

    /// `smbc_mkdir`; a folder already there is not an error.
    public func makeDirectory(_ url: String) throws(SMBError) {
        guard api.smbc_getFunctionMkdir!(context)!(context, url, 0o755) == 0 else {
            let code = errno
            if code == EEXIST { return }
            throw SMBError(operation: "create the folder", url: url, code: code)
        }
    }

    /// `smbc_unlink`; a file already gone is not an error.
    public func remove(_ url: String) throws(SMBError) {
        guard api.smbc_getFunctionUnlink!(context)!(context, url) == 0 else {
            let code = errno
            if code == ENOENT { return }
            throw SMBError(operation: "remove", url: url, code: code)
        }
    }

    /// `smbc_rmdir`.
    public func removeDirectory(_ url: String) throws(SMBError) {
        guard api.smbc_getFunctionRmdir!(context)!(context, url) == 0 else {
            throw SMBError(operation: "remove the folder", url: url, code: errno)
        }
    }

    /// `smbc_rename`. When `destination` exists, libsmbclient removes it first and then renames:
    /// for one round trip the name is absent (see `SMBClient.replace`).
    public func rename(_ source: String, to destination: String) throws(SMBError) {
        guard api.smbc_getFunctionRename!(context)!(context, source, context, destination) == 0 else {
            throw SMBError(operation: "rename \(source) to", url: destination, code: errno)
        }
    }

    /// `smbc_opendir` and `smbc_readdirplus2`: the folder's entries without `.` and `..`; `nil`
    /// when the folder does not exist.
    public func list(_ url: String) throws(SMBError) -> [SMBDirectoryEntry]? {
        guard let directory = api.smbc_getFunctionOpendir!(context)!(context, url) else {
            let code = errno
            if code == ENOENT || code == ENOTDIR { return nil }
            throw SMBError(operation: "list", url: url, code: code)
        }
        defer { _ = api.smbc_getFunctionClosedir!(context)!(context, directory) }
        var entries: [SMBDirectoryEntry] = []
        var info = stat()
        errno = 0
        while let entry = api.smbc_getFunctionReaddirPlus2!(context)!(context, directory, &info) {
            guard let cName = entry.pointee.name else { continue }
            let name = String(cString: cName)
            if name == "." || name == ".." { continue }
            let type = info.st_mode & S_IFMT
            entries.append(SMBDirectoryEntry(name: name, size: Int(entry.pointee.size), isDirectory: type == S_IFDIR))
        }
        if errno != 0 && errno != ENOENT { throw SMBError(operation: "list", url: url, code: errno) }
        return entries
    }

    // MARK: files

    /// `smbc_open` with `O_RDONLY`.
    public func openForReading(_ url: String) throws(SMBError) -> SMBFile {
        try open(url, flags: O_RDONLY, operation: "open")
    }

    /// `smbc_open` with `O_WRONLY | O_CREAT`, and `O_TRUNC` unless `keep` (to append to a part already there).
    public func openForWriting(_ url: String, keep: Bool = false) throws(SMBError) -> SMBFile {
        try open(url, flags: O_WRONLY | O_CREAT | (keep ? 0 : O_TRUNC), operation: "create")
    }

    private func open(_ url: String, flags: Int32, operation: String) throws(SMBError) -> SMBFile {
        guard let handle = api.smbc_getFunctionOpen!(context)!(context, url, flags, 0o644) else {
            throw SMBError(operation: operation, url: url, code: errno)
        }
        return SMBFile(handle: handle, url: url, context: self)
    }

    // Called by SMBFile, which owns its handle.

    func read(_ handle: OpaquePointer, into buffer: UnsafeMutableRawBufferPointer) -> Int {
        api.smbc_getFunctionRead!(context)!(context, handle, buffer.baseAddress, buffer.count)
    }

    func write(_ handle: OpaquePointer, from buffer: UnsafeRawBufferPointer) -> Int {
        api.smbc_getFunctionWrite!(context)!(context, handle, buffer.baseAddress, buffer.count)
    }

    func seek(_ handle: OpaquePointer, to offset: Int) -> Int {
        Int(api.smbc_getFunctionLseek!(context)!(context, handle, off_t(offset), SEEK_SET))
    }

    func close(_ handle: OpaquePointer) -> Int32 {
        api.smbc_getFunctionClose!(context)!(context, handle)
    }
}
