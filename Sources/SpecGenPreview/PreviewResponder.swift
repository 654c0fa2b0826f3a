import Foundation
import Hummingbird
import SpecGenKit

/// Serves the in-memory site, the live-reload script and its event stream.
///
/// Only paths of the built site are served: the request path is percent-decoded once, and
/// encoded slashes, `.` and `..` segments and NUL bytes are refused with 400 before any lookup.
/// Nothing is read from disk, so no symbolic link can lead out of the site.
package struct PreviewResponder: HTTPResponder {
    package typealias Context = BasicRequestContext

    let site: PreviewSite
    static let scriptPath = "/_specgen/live.js"
    static let eventsPath = "/_specgen/events"

    package init(site: PreviewSite) {
        self.site = site
    }

    /// Every answer tells the browser to trust its content type, never to sniff one.
    package func respond(to request: Request, context: Context) async throws -> Response {
        var response = route(request)
        response.headers[.init("X-Content-Type-Options")!] = "nosniff"
        return response
    }

    private func route(_ request: Request) -> Response {
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
        let snapshot = site.current
        if snapshot.generation == 0 {
            // No good build yet: every page says why.
            return Self.response(
                Self.injectingScript(Self.failurePage(snapshot.diagnostics)), type: "text/html; charset=utf-8",
                status: .serviceUnavailable)
        }
        let files = snapshot.files
        if !path.isEmpty, !path.hasSuffix("/"), files[path] == nil, files[path + "/index.html"] != nil {
            // A folder's URL without its slash: relative links on its page need the slash.
            return Response(status: .movedPermanently, headers: [.location: "/" + path + "/"])
        }
        let candidates = path.isEmpty || path.hasSuffix("/") ? [path + "index.html"] : [path]
        guard let (found, bytes) = candidates.lazy.compactMap({ name in files[name].map { (name, $0) } }).first else {
            return Response(
                status: .notFound, headers: [.contentType: "text/plain; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: "not found\n")))
        }
        if found.hasSuffix(".html") {
            return Self.response(Self.injectingScript(bytes), type: "text/html; charset=utf-8")
        }
        return Self.response(bytes, type: Self.contentType(for: found))
    }

    /// The site-relative path for a raw request path, or `nil` when it must be refused.
    static func sitePath(_ raw: String) -> String? {
        let lowered = raw.lowercased()
        guard !lowered.contains("%2f"), !lowered.contains("%5c"), !lowered.contains("%00"), !raw.contains("\\") else {
            return nil
        }
        guard let decoded = raw.removingPercentEncoding, !decoded.contains("\0") else { return nil }
        var segments = decoded.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        guard !segments.contains(where: { $0 == ".." || $0 == "." }) else { return nil }
        if segments.last == "" {
            segments = segments.dropLast(); return segments.isEmpty ? "" : segments.joined(separator: "/") + "/"
        }
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

    private static func response(_ bytes: [UInt8], type: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: type, .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// The page served while no build has succeeded: the diagnostics, errors first.
    static func failurePage(_ diagnostics: [Diagnostic]) -> [UInt8] {
        var html =
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>specgen: the build failed</title>"
        html +=
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"></head><body style=\"font:15px/1.5 system-ui,sans-serif;margin:2rem\">"
        html +=
            "<h1>The build failed</h1><p>Fix these and the page reloads by itself.</p><pre style=\"white-space:pre-wrap\">"
        let ordered = diagnostics.filter { $0.severity == .error } + diagnostics.filter { $0.severity == .warning }
        for diagnostic in ordered {
            html +=
                diagnostic.description.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(
                    of: "<", with: "&lt;") + "\n"
        }
        html += "</pre></body></html>\n"
        return Array(html.utf8)
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
                    let errors = diagnostics.filter { $0.severity == .error }.map(\.description)
                    let warnings = diagnostics.filter { $0.severity == .warning }.map(\.description)
                    let json =
                        (try? JSONEncoder().encode(["errors": errors, "warnings": warnings])).map {
                            String(decoding: $0, as: UTF8.self)
                        } ?? "{}"
                    try await writer.write(ByteBuffer(string: "event: diagnostics\ndata: \(json)\n\n"))
                case .heartbeat:
                    try await writer.write(ByteBuffer(string: ": ping\n\n"))
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

    /// Reloads on `reload`; shows the diagnostics of a failed rebuild over the page: errors
    /// first, warnings folded, and a button to close it.
    static let liveReloadScript = """
        (function () {
          var source = new EventSource("\(eventsPath)");
          source.addEventListener("reload", function () { location.reload(); });
          source.addEventListener("diagnostics", function (event) {
            var report = JSON.parse(event.data);
            var overlay = document.getElementById("specgen-overlay");
            if (overlay) overlay.remove();
            overlay = document.createElement("div");
            overlay.id = "specgen-overlay";
            overlay.setAttribute("role", "alert");
            overlay.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:50vh;overflow:auto;margin:0;padding:1rem;" +
              "background:#2b0b0b;color:#ffd7d7;font:13px/1.5 ui-monospace,monospace;white-space:pre-wrap;z-index:1000;" +
              "border-top:3px solid #ff6b6b";
            var close = document.createElement("button");
            close.textContent = "Close";
            close.style.cssText = "float:right;font:inherit";
            close.addEventListener("click", function () { overlay.remove(); });
            overlay.appendChild(close);
            var title = document.createElement("p");
            title.textContent = "specgen: the rebuild failed; this page is from the last good build.";
            overlay.appendChild(title);
            var errors = document.createElement("pre");
            errors.textContent = report.errors.join("\\n");
            overlay.appendChild(errors);
            if (report.warnings.length) {
              var details = document.createElement("details");
              var summary = document.createElement("summary");
              summary.textContent = report.warnings.length + " warning" + (report.warnings.length == 1 ? "" : "s");
              details.appendChild(summary);
              var warnings = document.createElement("pre");
              warnings.textContent = report.warnings.join("\\n");
              details.appendChild(warnings);
              overlay.appendChild(details);
            }
            document.body.appendChild(overlay);
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
