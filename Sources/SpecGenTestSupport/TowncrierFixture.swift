/// Towncrier configurations that several test trees share.
package enum TowncrierFixture {
    /// The client-server API's changelog with one type, "New Endpoints" (`.new` fragments), its
    /// release titled by the version alone.
    package static let clientServer = """
        [tool.towncrier]
            filename = "../client_server.rst"
            directory = "newsfragments"
            title_format = "{version}"
            [[tool.towncrier.type]]
                directory = "new"
                name = "New Endpoints"
                showcontent = true
        """
}
