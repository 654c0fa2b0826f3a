import Foundation
import Hummingbird
import SpecGenKit

/// Serves the in-memory site, the live-reload script and its event stream.
///
/// Only paths of the built site are served: the request path is percent-decoded once, and
/// encoded slashes, `.` and `..` segments and NUL bytes are refused with 400 before any lookup.
/// Nothing is read from disk, so no symbolic link can lead out of the site.
public struct PreviewResponder: HTTPResponder {
    public typealias Context = BasicRequestContext

    let site: PreviewSite
    static let scriptPath = "/_specgen/live.js"
    static let eventsPath = "/_specgen/events"

    public init(site: PreviewSite) {
        self.site = site
    }

    public func respond(to request: Request, context: Context) async throws -> Response {
        guard request.method == .get || request.method == .head else {
            return Response(status: .methodNotAllowed)
        }
        switch request.uri.path {
        case Self.scriptPath:
            return Self.response(Array(Self.liveReloadScript.utf8), type: "text/javascript; charset=utf-8")
        case Self.eventsPath:
            return events()
        default:
            break
        }
        guard let path = Self.sitePath(request.uri.path) else { return Response(status: .badRequest) }
        let files = site.current.files
        let candidates = path.isEmpty || path.hasSuffix("/") ? [path + "index.html"] : [path, path + "/index.html"]
        guard let (found, bytes) = candidates.lazy.compactMap({ name in files[name].map { (name, $0) } }).first else {
            return Response(status: .notFound, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: "not found\n")))
        }
        if found.hasSuffix(".html") {
            return Self.response(Self.injectingScript(bytes), type: "text/html; charset=utf-8")
        }
        return Self.response(bytes, type: Self.contentType(for: found))
    }

    /// The site-relative path for a raw request path, or `nil` when it must be refused.
    static func sitePath(_ raw: String) -> String? {
        let lowered = raw.lowercased()
        guard !lowered.contains("%2f"), !lowered.contains("%5c"), !lowered.contains("%00"), !raw.contains("\\") else { return nil }
        guard let decoded = raw.removingPercentEncoding, !decoded.contains("\0") else { return nil }
        var segments = decoded.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        guard !segments.contains(where: { $0 == ".." || $0 == "." }) else { return nil }
        if segments.last == "" { segments = segments.dropLast(); return segments.isEmpty ? "" : segments.joined(separator: "/") + "/" }
        return segments.joined(separator: "/")
    }

    static func contentType(for path: String) -> String {
        switch path.split(separator: ".").last?.lowercased() {
        case "html": return "text/html; charset=utf-8"
        case "css": return "text/css; charset=utf-8"
        case "js": return "text/javascript; charset=utf-8"
        case "json": return "application/json"
        case "png": return "image/png"
        case "jpg", "jpeg": return "image/jpeg"
        case "gif": return "image/gif"
        case "svg": return "image/svg+xml"
        case "txt", "md": return "text/plain; charset=utf-8"
        default: return "application/octet-stream"
        }
    }

    private static func response(_ bytes: [UInt8], type: String) -> Response {
        Response(
            status: .ok, headers: [.contentType: type, .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// Server-sent events: `reload` after a good rebuild, `diagnostics` after a failed one.
    private func events() -> Response {
        let stream = site.events()
        let body = ResponseBody { writer in
            try await writer.write(ByteBuffer(string: ": connected\n\n"))
            for await event in stream {
                switch event {
                case .reload(let generation):
                    try await writer.write(ByteBuffer(string: "event: reload\ndata: \(generation)\n\n"))
                case .diagnostics(let diagnostics):
                    let lines = diagnostics.map(\.description)
                    let json = (try? JSONEncoder().encode(lines)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
                    try await writer.write(ByteBuffer(string: "event: diagnostics\ndata: \(json)\n\n"))
                }
            }
            try await writer.finish(nil)
        }
        return Response(
            status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-store"], body: body)
    }

    /// Adds the live-reload script to a served page; built pages carry none.
    static func injectingScript(_ page: [UInt8]) -> [UInt8] {
        let tag = Array("<script src=\"\(scriptPath)\" defer></script>\n".utf8)
        guard let end = page.lastRange(of: Array("</body>".utf8)) else { return page + tag }
        return Array(page[..<end.lowerBound]) + tag + Array(page[end.lowerBound...])
    }

    /// Reloads on `reload`; shows the diagnostics of a failed rebuild over the page.
    static let liveReloadScript = """
        (function () {
          var source = new EventSource("\(eventsPath)");
          source.addEventListener("reload", function () { location.reload(); });
          source.addEventListener("diagnostics", function (event) {
            var lines = JSON.parse(event.data);
            var overlay = document.getElementById("specgen-overlay");
            if (!overlay) {
              overlay = document.createElement("div");
              overlay.id = "specgen-overlay";
              overlay.setAttribute("role", "alert");
              overlay.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:50vh;overflow:auto;margin:0;padding:1rem;" +
                "background:#2b0b0b;color:#ffd7d7;font:13px/1.5 ui-monospace,monospace;white-space:pre-wrap;z-index:1000;" +
                "border-top:3px solid #ff6b6b";
              document.body.appendChild(overlay);
            }
            overlay.textContent = "specgen: the rebuild failed; this page is from the last good build.\\n\\n" + lines.join("\\n");
          });
        })();
        """
}

extension Array where Element == UInt8 {
    fileprivate func lastRange(of pattern: [UInt8]) -> Range<Int>? {
        guard count >= pattern.count else { return nil }
        var index = count - pattern.count
        while index >= 0 {
            if self[index..<(index + pattern.count)].elementsEqual(pattern) { return index..<(index + pattern.count) }
            index -= 1
        }
        return nil
    }
}
