import Foundation
import Hummingbird
import Logging

@testable import SpecGenPreview

/// The preview's responder, served on a free port of 127.0.0.1 for the length of a test, and a
/// plain HTTP/1.1 client for it: what a browser sees, without a client library to build.
enum LiveServer {
    struct Response: Sendable {
        var status: Int
        /// Header fields by lowercased name.
        var headers: [String: String]
        var body: String
    }

    struct NotStarted: Error {}

    /// Runs `body` with the port the site is served on, then stops the server.
    static func serving<Value: Sendable>(
        _ site: PreviewSite, _ body: @Sendable (_ port: Int) async throws -> Value
    ) async throws -> Value {
        let (ports, announce) = AsyncStream<Int>.makeStream()
        var logger = Logger(label: "specgen.tests")
        logger.logLevel = .critical
        let app = Application(
            responder: PreviewResponder(site: site),
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                announce.yield(channel.localAddress?.port ?? 0)
                announce.finish()
            },
            logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.runService(gracefulShutdownSignals: []) }
            defer {
                site.closeStreams()
                group.cancelAll()
            }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next(), port > 0 else { throw NotStarted() }
            return try await body(port)
        }
    }

    /// `GET path` on a connection of its own, read to its end. The socket is used on a thread of
    /// its own: Dispatch's shared threads, blocked, are added back one a second.
    static func get(_ path: String, port: Int) async -> Response? {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: blockingGet(path, port: port)) }
        }
    }

    /// A socket connected to the server on 127.0.0.1, or `nil`; the caller closes it.
    static func connect(port: Int) -> Int32? {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return nil }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Foundation.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            close(descriptor)
            return nil
        }
        return descriptor
    }

    private static func blockingGet(_ path: String, port: Int) -> Response? {
        guard let descriptor = connect(port: port) else { return nil }
        defer { close(descriptor) }
        let request = Array("GET \(path) HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".utf8)
        guard request.withUnsafeBytes({ send(descriptor, $0.baseAddress, $0.count, 0) }) == request.count else {
            return nil
        }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(descriptor, &buffer, buffer.count, 0)
            guard count > 0 else { break }
            received += buffer[..<count]
        }
        return parse(received)
    }

    /// The status, headers and body of a response; a chunked body is put back together.
    static func parse(_ bytes: [UInt8]) -> Response? {
        let separator = Array("\r\n\r\n".utf8)
        guard
            let end = (0...max(0, bytes.count - 4)).first(where: {
                bytes[$0..<min($0 + 4, bytes.count)].elementsEqual(separator)
            })
        else { return nil }
        let head = String(decoding: bytes[..<end], as: UTF8.self).components(separatedBy: "\r\n")
        let statusLine = head[0].split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else { return nil }
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(
                in: .whitespaces)
        }
        var body = Array(bytes[(end + 4)...])
        if headers["transfer-encoding"]?.lowercased() == "chunked" { body = unchunked(body) }
        return Response(status: status, headers: headers, body: String(decoding: body, as: UTF8.self))
    }

    private static func unchunked(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var index = 0
        while index < bytes.count {
            guard let lineEnd = bytes[index...].firstIndex(of: UInt8(ascii: "\r")) else { break }
            let sizeText = String(decoding: bytes[index..<lineEnd], as: UTF8.self).split(separator: ";").first ?? ""
            guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16), size > 0 else { break }
            let start = lineEnd + 2
            guard start + size <= bytes.count else { break }
            out += bytes[start..<start + size]
            index = start + size + 2
        }
        return out
    }
}
