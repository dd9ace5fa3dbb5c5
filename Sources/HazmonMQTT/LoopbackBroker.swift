#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A Mosquitto broker process of our own on 127.0.0.1, for tests, benchmarks and `hazmon demo`.
///
/// Each instance writes a configuration into a fresh temporary directory, picks a free loopback port,
/// starts `mosquitto -c`, and waits until the broker accepts connections. It never listens on any
/// address but 127.0.0.1. The configuration sets `max_queued_messages 0` (no limit), because Mosquitto
/// otherwise silently drops QoS 1 messages beyond 1000 for a subscriber that lags, and tests would then
/// measure the broker's drops instead of hazmon.
///
/// ```swift
/// let broker = try LoopbackBroker()          // running
/// var configuration = MQTTClient.Configuration(port: broker.port, clientID: "t")
/// …
/// broker.kill(); try broker.restart()         // same port
/// ```
///
/// - Important: Thread-safe, but meant for one test at a time. `deinit` kills the process and removes
///   the directory.
public final class LoopbackBroker: @unchecked Sendable {
    /// How to configure the broker.
    public struct Options: Sendable {
        /// The broker binary.
        public var executable: String
        /// Keep sessions and queued messages on disk (`persistence true`), so they survive ``stop()`` and
        /// ``restart()``. Mosquitto saves on SIGTERM (``stop()``), not on SIGKILL (``kill()``).
        public var persistence: Bool
        /// User names and passwords; when non-empty, anonymous clients are refused.
        public var users: [String: String]
        /// `mosquitto_passwd`, used to write the password file.
        public var passwordTool: String
        /// TLS on the listener instead of plain TCP.
        public var tls: TLSFiles?
        /// More `mosquitto.conf` lines, appended as given.
        public var extraConfiguration: [String]

        /// Plain TCP, anonymous, no persistence.
        public init(
            executable: String = "/usr/sbin/mosquitto", persistence: Bool = false, users: [String: String] = [:],
            passwordTool: String = "/usr/bin/mosquitto_passwd", tls: TLSFiles? = nil, extraConfiguration: [String] = []
        ) {
            self.executable = executable
            self.persistence = persistence
            self.users = users
            self.passwordTool = passwordTool
            self.tls = tls
            self.extraConfiguration = extraConfiguration
        }
    }

    /// PEM files for a TLS listener.
    public struct TLSFiles: Sendable {
        /// The CA that signs client certificates (and usually the server's).
        public var caFile: String
        /// The server certificate; should name 127.0.0.1 (subjectAltName IP) for host name checks to pass.
        public var certFile: String
        /// The server's private key.
        public var keyFile: String
        /// Refuse clients without a certificate signed by `caFile`.
        public var requireClientCertificate: Bool

        /// A TLS listener's files.
        public init(caFile: String, certFile: String, keyFile: String, requireClientCertificate: Bool = false) {
            self.caFile = caFile
            self.certFile = certFile
            self.keyFile = keyFile
            self.requireClientCertificate = requireClientCertificate
        }
    }

    /// The broker could not be set up or started; the message quotes its log.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        /// What failed, with the end of the broker's log where there is one.
        public var message: String
        /// The message.
        public var description: String { message }
    }

    /// Whether the default broker binary is installed, for tests that must skip without it.
    public static var isAvailable: Bool { access("/usr/sbin/mosquitto", X_OK) == 0 }

    /// The loopback port the broker listens on; kept across ``restart()``.
    public let port: Int
    /// The temporary directory with `mosquitto.conf`, `mosquitto.log` and the persistence file.
    public let directory: String
    /// The options it was started with.
    public let options: Options

    private let lock = PthreadLock()
    private var pid: pid_t = 0

    /// Writes the configuration and starts the broker on a free port; returns once it accepts connections.
    public init(_ options: Options = Options()) throws(Failure) {
        self.options = options
        var template = Array("/tmp/hazmon-broker-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else {
            throw Failure(message: "mkdtemp: \(String(cString: strerror(errno)))")
        }
        directory = String(cString: made)
        do throws(Failure) {
            try Self.writePasswordFile(options, in: directory)
            var lastFailure: Failure?
            for _ in 0..<5 {
                let candidate = try Self.freePort()
                do throws(Failure) {
                    try Self.writeConfiguration(options, port: candidate, in: directory)
                    let started = try Self.launch(options, directory: directory, port: candidate)
                    pid = started
                    port = candidate
                    return
                } catch {
                    lastFailure = error
                    // Another process took the port between our probe and the broker's bind: try another.
                    guard error.message.contains("Address already in use") else { throw error }
                }
            }
            throw lastFailure ?? Failure(message: "no free port found")
        } catch {
            Self.removeDirectory(directory)
            throw error
        }
    }

    deinit {
        kill()
        Self.removeDirectory(directory)
    }

    /// `mqtt://127.0.0.1:PORT` (or `mqtts://` with TLS).
    public var url: String { "\(options.tls == nil ? "mqtt" : "mqtts")://127.0.0.1:\(port)" }

    /// Whether the broker process is running.
    public var isRunning: Bool { lock.withLock { pid != 0 } }

    /// The broker's log so far.
    public var log: String { Self.readFile(directory + "/mosquitto.log") }

    /// Stops the broker with SIGTERM (it saves persistence and sends no wills for clean sessions) and
    /// waits for it to exit; SIGKILL after 10 s.
    public func stop() {
        lock.withLock {
            guard pid != 0 else { return }
            Self.terminate(pid, signal: SIGTERM)
            pid = 0
        }
    }

    /// Kills the broker with SIGKILL, like a crash: nothing is saved.
    public func kill() {
        lock.withLock {
            guard pid != 0 else { return }
            Self.terminate(pid, signal: SIGKILL)
            pid = 0
        }
    }

    /// Starts the broker again on the same port (stopping it first if it runs).
    public func restart() throws(Failure) {
        stop()
        try lock.withLock { () throws(Failure) in
            var lastFailure: Failure?
            // The port may still be held for a moment by the previous process's sockets.
            for _ in 0..<20 {
                do throws(Failure) {
                    pid = try Self.launch(options, directory: directory, port: port)
                    return
                } catch {
                    lastFailure = error
                    guard error.message.contains("Address already in use") else { throw error }
                    usleep(250_000)
                }
            }
            throw lastFailure ?? Failure(message: "restart failed")
        }
    }

    // MARK: Set-up

    private static func writeConfiguration(_ options: Options, port: Int, in directory: String) throws(Failure) {
        var lines = [
            "# Written by hazmon's LoopbackBroker.",
            "listener \(port) 127.0.0.1",
            "allow_anonymous \(options.users.isEmpty)",
            "max_queued_messages 0",
            "log_dest stderr",
            "log_type error",
            "log_type warning",
            "log_type notice",
            "log_type information",
        ]
        if geteuid() == 0 { lines.append("user root") }
        if options.persistence {
            lines.append("persistence true")
            lines.append("persistence_location \(directory)/")
        }
        if !options.users.isEmpty { lines.append("password_file \(directory)/passwd") }
        if let tls = options.tls {
            lines.append("cafile \(tls.caFile)")
            lines.append("certfile \(tls.certFile)")
            lines.append("keyfile \(tls.keyFile)")
            lines.append("require_certificate \(tls.requireClientCertificate)")
        }
        lines.append(contentsOf: options.extraConfiguration)
        try writeFile(directory + "/mosquitto.conf", lines.joined(separator: "\n") + "\n")
    }

    private static func writePasswordFile(_ options: Options, in directory: String) throws(Failure) {
        let file = directory + "/passwd"
        for (index, user) in options.users.keys.sorted().enumerated() {
            let arguments = (index == 0 ? ["-c"] : []) + ["-b", file, user, options.users[user]!]
            let status = try run(options.passwordTool, arguments, output: directory + "/passwd.log")
            if status != 0 {
                throw Failure(
                    message: "\(options.passwordTool) failed (\(status)): \(readFile(directory + "/passwd.log"))")
            }
        }
    }

    /// Starts the broker and waits up to 10 s until it runs and accepts connections.
    private static func launch(_ options: Options, directory: String, port: Int) throws(Failure) -> pid_t {
        let logFile = directory + "/mosquitto.log"
        let logStart = readFile(logFile).utf8.count
        let pid = try spawn(options.executable, ["-c", directory + "/mosquitto.conf"], output: logFile)
        for _ in 0..<1000 {
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                let text = String(decoding: readFile(logFile).utf8.dropFirst(logStart), as: UTF8.self)
                throw Failure(message: "mosquitto exited at start-up: \(text)")
            }
            if acceptsConnections(port: port),
                String(decoding: readFile(logFile).utf8.dropFirst(logStart), as: UTF8.self).contains(" running")
            {
                return pid
            }
            usleep(10_000)
        }
        terminate(pid, signal: SIGKILL)
        throw Failure(
            message: "mosquitto did not accept connections on 127.0.0.1:\(port) within 10 s: \(readFile(logFile))")
    }

    // MARK: Processes

    private static func spawn(_ path: String, _ arguments: [String], output: String) throws(Failure) -> pid_t {
        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        let environment: [UnsafeMutablePointer<CChar>?] = [strdup("PATH=/usr/sbin:/usr/bin:/bin"), nil]
        defer {
            argv.forEach { free($0) }
            environment.forEach { free($0) }
        }
        #if canImport(Glibc)
            var actions = posix_spawn_file_actions_t()
        #else
            var actions: posix_spawn_file_actions_t?
        #endif
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // The child inherits the spawning thread's signal mask and ignored signals (this process ignores
        // SIGPIPE; test runners may block SIGTERM): reset both, or `stop()` could not stop the broker.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGHUP, SIGPIPE, SIGCHLD, SIGUSR1, SIGUSR2] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, path, &actions, &attributes, argv, environment)
        guard rc == 0 else { throw Failure(message: "cannot run \(path): \(String(cString: strerror(rc)))") }
        return pid
    }

    /// Runs a program to completion; returns its exit status.
    private static func run(_ path: String, _ arguments: [String], output: String) throws(Failure) -> Int32 {
        let pid = try spawn(path, arguments, output: output)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : -1
    }

    /// Sends `signal` and waits for the process; escalates to SIGKILL after 10 s.
    private static func terminate(_ pid: pid_t, signal: Int32) {
        sendSignal(pid, signal)
        var status: Int32 = 0
        for _ in 0..<1000 {
            if waitpid(pid, &status, WNOHANG) == pid { return }
            usleep(10_000)
        }
        sendSignal(pid, SIGKILL)
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
    }

    // MARK: Sockets

    /// A port that was free a moment ago: bind 127.0.0.1:0, read the port, close.
    private static func freePort() throws(Failure) -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(message: "socket: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var address = loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else { throw Failure(message: "bind 127.0.0.1:0: \(String(cString: strerror(errno)))") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    private static func acceptsConnections(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = loopback(port: port)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        } == 0
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = in_addr_t(0x7f00_0001).bigEndian
        return address
    }

    // MARK: Files

    private static func writeFile(_ path: String, _ text: String) throws(Failure) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard fd >= 0 else { throw Failure(message: "cannot write \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                throw Failure(message: "cannot write \(path): \(String(cString: strerror(errno)))")
            }
            offset += written
        }
    }

    private static func readFile(_ path: String) -> String {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return "" }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            bytes.append(contentsOf: chunk[..<count])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Removes the temporary directory and the files the broker wrote in it (no subdirectories).
    private static func removeDirectory(_ path: String) {
        guard path.hasPrefix("/tmp/hazmon-broker-"), let dir = opendir(path) else { return }
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != "." && name != ".." { unlink(path + "/" + name) }
        }
        closedir(dir)
        rmdir(path)
    }
}

/// `kill(2)`, named apart from `LoopbackBroker.kill()`.
private func sendSignal(_ pid: pid_t, _ signal: Int32) {
    _ = kill(pid, signal)
}
