import Foundation

/// Where a tree's towncrier configurations are: one per API (`changelogs/<api>/pyproject.toml`,
/// matrix-doc) or one with sections (`changelogs/pyproject.toml`, matrix-spec).
public struct ChangelogLayout: Sendable {
    public var root: String
    public var changelogs: String
    /// API folder name (empty for the sectioned config) and config path.
    public var configs: [(api: String, path: String)]

    public static func find(root: String, changelogDirectory: String?) -> ChangelogLayout? {
        let root = SourceTree.canonical(root)
        let folder = changelogDirectory ?? root + "/changelogs"
        guard SpecLayout.isDirectory(folder) else { return nil }
        if FileManager.default.fileExists(atPath: folder + "/pyproject.toml") {
            return ChangelogLayout(root: root, changelogs: folder, configs: [("", folder + "/pyproject.toml")])
        }
        let configs = SpecLayout.contents(of: folder).compactMap { name -> (String, String)? in
            let path = folder + "/" + name + "/pyproject.toml"
            return FileManager.default.fileExists(atPath: path) ? (name, path) : nil
        }
        return configs.isEmpty ? nil : ChangelogLayout(root: root, changelogs: folder, configs: configs)
    }

    public var isSectioned: Bool { configs.count == 1 && configs[0].api.isEmpty }

    /// A readable title for a changelog folder or section: `client_server` reads `Client-Server API`.
    public static func title(for name: String) -> String {
        let known = [
            "client_server": "Client-Server API", "server_server": "Server-Server API",
            "application_service": "Application Service API", "identity_service": "Identity Service API",
            "push_gateway": "Push Gateway API", "room_versions": "Room Versions", "appendices": "Appendices",
            "internal": "Internal Changes/Tooling",
        ]
        return known[name] ?? name.replacingOccurrences(of: "_", with: " ").capitalized
    }

    /// The API folder of `api/` that a changelog folder belongs to: `client_server` is `client-server`.
    public static func apiFolder(for name: String) -> String {
        let known = ["identity_service": "identity"]
        return known[name] ?? name.replacingOccurrences(of: "_", with: "-")
    }
}
