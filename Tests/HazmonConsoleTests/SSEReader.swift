import Glibc

/// A minimal blocking HTTP/1.1 GET over a loopback socket that accumulates what the server streams.
/// Reads time out after 10 s so a broken stream fails the test instead of hanging it.
final class SSEReader: @unchecked Sendable {  // used by one test task at a time
    struct Timeout: Error, CustomStringConvertible {
        var description: String
    }

    private let fd: Int32
    private var received = ""

    init(port: Int, path: String) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw Timeout(description: "cannot connect to 127.0.0.1:\(port)") }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
        _ = request.withCString { send(fd, $0, strlen($0), 0) }
    }

    /// Reads until `text` has arrived.
    func waitFor(_ text: String) throws {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !received.contains(text) {
            let n = recv(fd, &buffer, buffer.count, 0)
            guard n > 0 else { throw Timeout(description: "stream ended or timed out before \"\(text)\"; got: \(received)") }
            received += String(decoding: buffer[0..<n], as: UTF8.self)
        }
    }

    func close() { Glibc.close(fd) }
}
