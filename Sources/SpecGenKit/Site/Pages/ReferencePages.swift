/// The pages of a tree without prose (the matrix-doc layout): a home page listing the APIs, one
/// page of endpoints per API, one of events. A tree with prose gets such pages only for what no
/// page of its prose shows.
extension SiteComposer {
    func homeJob() -> Job {
        {
            var page = PageComposition()
            var entries = spec.apis.map { api in
                APIIndexEntry(
                    title: api.title, href: paths.path(of: .apiReference(api: api.name)),
                    detail: Self.count(api.operationCount, "endpoint"))
            }
            if !spec.events.schemas.isEmpty {
                entries.append(
                    APIIndexEntry(
                        title: "Events", href: paths.path(of: .events),
                        detail: "\(spec.events.events.count) event types"))
            }
            if !spec.proposals.isEmpty {
                entries.append(
                    APIIndexEntry(
                        title: "Proposals", href: paths.path(of: .proposalIndex),
                        detail: "\(spec.proposals.count) proposals"))
            }
            if !spec.changelogs.isEmpty {
                entries.append(
                    APIIndexEntry(
                        title: "Changelog", href: paths.path(of: .changelogIndex),
                        detail: "unreleased changes and every release"))
            }
            let index = page.add(.apiIndex(entries))
            let document = composer().compose(
                MarkdownDocument(blocks: [Self.heading(2, "Contents"), .component(index)]), source: nil, into: &page)
            return (
                plan(.home, title: spec.layout.title, parent: nil, weight: 0, document: document, page: page), page
            )
        }
    }

    /// A page per API (but those of `skipping`) and the events page.
    func referenceJobs(skipping skipped: Set<String> = []) -> [CacheableJob] {
        var jobs = spec.apis.filter { !skipped.contains($0.name) }.map { api in
            CacheableJob(id: "api-page:" + api.name, cost: api.operationCount * Self.bytesPerOperation) {
                apiPage(api)
            }
        }
        if !spec.events.schemas.isEmpty {
            jobs.append(
                CacheableJob(id: "events-page", cost: spec.events.schemas.count * Self.bytesPerOperation) {
                    eventsPage(.events)
                })
        }
        return jobs
    }

    /// "3 endpoints", "1 group".
    static func count(_ number: Int, _ noun: String) -> String { "\(number) \(noun)\(number == 1 ? "" : "s")" }

    private func apiPage(_ api: API) -> (PagePlan, PageComposition) {
        var page = PageComposition()
        for document in api.documents { page.parts.insert(PageCache.part(api: document.path)) }
        let groups = APIGrouping.groups(of: api)
        let lead = page.add(
            .lead(
                "\(Self.count(api.operationCount, "endpoint")) in \(Self.count(groups.count, "group")).",
                className: "lead"))
        var document = MarkdownDocument(blocks: [.component(lead)])
        for group in groups {
            append(heading: group.title, level: 2, to: &document, page: &page)
            let plans = group.operations.map { operation in
                let plan = layout.operation(
                    operation, api: api.name, level: 3, anchors: &page.anchors, change: change(of: operation))
                page.toc.append(TOCEntry(level: 3, text: operation.endpoint, id: plan.id))
                page.search += DocumentComposer.searchEntries(plan)
                page.endpoints.append(EndpointListEntry(plan: plan, module: group.title))
                return plan
            }
            document.blocks.append(.component(page.add(.operations(plans))))
        }
        page.embeddedDocuments.formUnion(api.documents.map(\.path))
        let weight = (SpecLoader.apiOrder.firstIndex(of: api.name) ?? 50) + 1
        return (
            plan(
                .apiReference(api: api.name), title: api.title, parent: .home, weight: weight, document: document,
                page: page, preferredAPI: api.name), page
        )
    }

    /// How `specgen diff --output` marks an operation.
    private func change(of operation: Operation) -> DiffMark? {
        guard let diff else { return nil }
        if diff.addedEndpoints.contains(where: { $0.method == operation.method && $0.path == operation.fullPath }) {
            return DiffMark(kind: "added", notes: [])
        }
        if let changed = diff.changedEndpoints.first(where: {
            $0.method == operation.method && $0.path == operation.fullPath
        }) {
            return DiffMark(kind: "changed", notes: changed.notes)
        }
        return nil
    }

    /// `m.room.member` is in `m.room`; `m.key.verification.start` in `m.key.verification`.
    static func prefix(of type: String) -> String {
        guard let dot = type.lastIndex(of: "."), type[..<dot].contains(".") else { return type }
        return String(type[..<dot])
    }

    /// Events by kind and namespace, with the common fields of each kind: every event, or `only` those.
    private func eventsPage(_ kind: PageKind, only names: Set<String>? = nil) -> (PagePlan, PageComposition) {
        var page = PageComposition()
        let events = spec.events.events.filter { names?.contains($0.name) ?? true }
        var document = MarkdownDocument(blocks: [])
        document.blocks.append(
            .component(page.add(.lead("\(events.count) event types, by kind and namespace.", className: "lead"))))
        var commonIDs: [EventKind: String] = [:]
        if !spec.events.common.isEmpty && names == nil {
            append(heading: "Common fields", level: 2, to: &document, page: &page)
            var inherited: (title: String, id: String, names: [String])?
            for common in spec.events.common {
                let id = append(heading: common.title, level: 3, to: &document, page: &page)
                commonIDs[common.kind] = id
                let plan = layout.commonFields(
                    common, shown: inherited?.names ?? [], id: id, idBase: id,
                    inherits: inherited.map { InheritedFields(title: $0.title, id: $0.id) }, anchors: &page.anchors)
                document.blocks.append(.component(page.add(.commonFields(plan))))
                inherited = (common.title, id, common.schema.properties.map(\.name))
            }
        }
        for eventKind in EventKind.allCases {
            let ofKind = events.filter { $0.kind == eventKind }
            guard !ofKind.isEmpty else { continue }
            append(heading: eventKind.title, level: 2, to: &document, page: &page)
            let prefixes = Dictionary(grouping: ofKind) { Self.prefix(of: $0.type) }
            for prefix in prefixes.keys.sorted() {
                let members = prefixes[prefix]!
                let title = members.count == 1 && members[0].type == prefix ? prefix : prefix + ".*"
                append(heading: title, level: 3, to: &document, page: &page)
                let plans = members.map { schema -> EventPlan in
                    page.embeddedEvents.insert(schema.name)
                    let plan = layout.event(
                        schema, level: 4, examples: spec.events.examples(for: schema.name), anchors: &page.anchors,
                        commonFieldsID: commonIDs[schema.kind], variants: spec.events.variants(of: schema.type),
                        catalog: spec.events)
                    page.search += DocumentComposer.searchEntries(plan)
                    for variant in spec.events.variants(of: schema.type) { page.embeddedEvents.insert(variant.name) }
                    return plan
                }
                document.blocks.append(.component(page.add(.events(plans))))
            }
        }
        let title = names == nil ? "Events" : "Other events"
        return (plan(kind, title: title, parent: .home, weight: 80, document: document, page: page), page)
    }

    // MARK: Fallbacks

    /// Endpoints and events that no page shows get a page of their own, with a warning, so that
    /// nothing is dropped silently.
    func fallbackPages(after results: [(PagePlan, PageComposition)]) -> [(PagePlan, PageComposition)] {
        guard !spec.content.isEmpty else { return [] }
        let shownDocuments = results.reduce(into: Set<String>()) { $0.formUnion($1.1.embeddedDocuments) }
        let shownEvents = results.reduce(into: Set<String>()) { $0.formUnion($1.1.embeddedEvents) }
        var extra: [(PagePlan, PageComposition)] = []
        for api in spec.apis {
            let missing = api.documents.filter { !shownDocuments.contains($0.path) }
            guard !missing.isEmpty else { continue }
            let kind = PageKind.otherEndpoints(api: api.name)
            var page = PageComposition()
            var document = MarkdownDocument(blocks: [])
            for file in missing {
                page.diagnostics.append(
                    Diagnostic(
                        .unshownAPI,
                        "no page shows this API file with {{% \(HTTPAPIShortcode.name) %}}; its endpoints are listed on \(paths.url(of: kind))",
                        file: file.path))
                append(heading: file.title, level: 2, to: &document, page: &page)
                let plans = file.operations.map { operation -> OperationPlan in
                    let plan = layout.operation(operation, api: api.name, level: 3, anchors: &page.anchors)
                    page.search += DocumentComposer.searchEntries(plan)
                    return plan
                }
                document.blocks.append(.component(page.add(.operations(plans))))
            }
            extra.append(
                (
                    plan(
                        kind, title: "\(api.title): other endpoints", parent: .home, weight: 5000, document: document,
                        page: page, preferredAPI: api.name), page
                ))
        }
        // matrix-doc's events page shows every event, those its prose shows too.
        let missingEvents =
            spec.layout.kind == .matrixDoc ? [] : spec.events.schemas.filter { !shownEvents.contains($0.name) }
        if !missingEvents.isEmpty {
            var (plan, page) = eventsPage(.otherEvents, only: Set(missingEvents.map(\.name)))
            for schema in missingEvents {
                page.diagnostics.append(
                    Diagnostic(
                        .unshownEvent,
                        "no page shows this event schema with {{% \(EventShortcode.name) %}}; it is listed on \(paths.url(of: .otherEvents))",
                        file: schema.file))
            }
            extra.append((plan, page))
        }
        return extra
    }

    // MARK: Diff

    func changesPage(_ diff: SpecDiff) -> (PagePlan, PageComposition) {
        var page = PageComposition()
        let component = page.add(.changes(ChangesPlan(diff: diff)))
        for id in [
            "added", "removed", "changed", "events-added", "events-removed", "events-changed", "fragments",
            "proposals-added", "proposals-changed",
        ] {
            page.anchors.reserve(id)
        }
        return (
            plan(
                .changes, title: "Changes", parent: .home, weight: -1,
                document: MarkdownDocument(blocks: [.component(component)]),
                page: page), page
        )
    }
}
