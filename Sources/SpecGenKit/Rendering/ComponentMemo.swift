import Synchronization

/// What a rendering read besides its component: the questions it asked of the site map, each
/// with the answer it got, and the tree's shortcode templates if a description held a shortcode.
/// The rendering is right for another page when every question gets the same answer there.
final class SiteMapQuestions: Sendable {
    private let asked = Mutex<[@Sendable (LinkResolver) -> Bool]>([])
    private let templates = Mutex<ShortcodeTemplates?>(nil)

    func noteTemplates(_ read: ShortcodeTemplates) {
        templates.withLock { $0 = read }
    }

    func note<Answer: Equatable & Sendable>(
        _ question: @escaping @Sendable (LinkResolver) -> Answer, _ answer: Answer
    ) {
        asked.withLock { $0.append { question($0) == answer } }
    }

    /// Whether `page` gives what the rendering read: the same templates, if it read them, and
    /// from its site map the same answer to every question.
    func sameAnswers(on page: PageRenderer) -> Bool {
        if let read = templates.withLock({ $0 }), read != page.shortcodeTemplates { return false }
        return asked.withLock { $0 }.allSatisfy { $0(page.resolver) }
    }
}

/// Endpoints, events and definitions rendered by `serve`'s last build, reused when the component,
/// what its page gives it and every answer of the site map are the same: an edit leaves most
/// endpoints as they were, while the site map, which any new anchor changes, is rarely the same.
final class ComponentMemo: Sendable {
    /// What a component's rendering reads from its page besides the site map.
    struct Setting: Equatable, Sendable {
        var path: String
        var url: String
        var preferredAPI: String?
        var proposalNumber: Int?
        var relativeLinkBase: String?
        var sourceFile: String?
        var followsGendoc: Bool
        var markdownSettings: String

        init(_ page: PageRenderer) {
            path = page.plan.path
            url = page.plan.url
            preferredAPI = page.plan.preferredAPI
            proposalNumber = page.plan.proposalNumber
            relativeLinkBase = page.plan.relativeLinkBase
            sourceFile = page.plan.source?.file
            followsGendoc = page.followsGendoc
            markdownSettings = page.markdown.parser.settingsKey
        }
    }

    /// The components worth keeping: those with many tables, which every page of an API has.
    enum Component: Equatable, Sendable {
        case operations([OperationPlan])
        case events([EventPlan])
        case commonFields(CommonFieldsPlan)
        case definition(DefinitionPlan)

        init?(_ component: PageComponent) {
            switch component {
            case .operations(let plans): self = .operations(plans)
            case .events(let plans): self = .events(plans)
            case .commonFields(let plan): self = .commonFields(plan)
            case .definition(let plan): self = .definition(plan)
            default: return nil
            }
        }

        /// What names it on its page from one build to the next: its kind and first id.
        var name: String? {
            switch self {
            case .operations(let plans): plans.first.map { "operations " + $0.id }
            case .events(let plans): plans.first.map { "events " + $0.id }
            case .commonFields(let plan): "fields " + (plan.id ?? plan.title)
            case .definition(let plan): "definition " + plan.id
            }
        }
    }

    struct Entry: Sendable {
        var component: Component
        var setting: Setting
        var questions: SiteMapQuestions
        var bytes: [UInt8]
        var diagnostics: [Diagnostic]
    }

    /// This build's entries, and the last build's, which this one may take from.
    private let entries = Mutex<(current: [String: Entry], previous: [String: Entry])>(([:], [:]))
    private let reuses = Atomic(0)
    /// How many components were taken from the last build rather than rendered, over every build.
    var reused: Int { reuses.load(ordering: .relaxed) }

    /// Starts a build: what the build before last rendered is dropped.
    func startBuild() {
        entries.withLock { $0 = (current: [:], previous: $0.current) }
    }

    /// The component's HTML and what rendering it reported: kept from the last build when
    /// nothing it read has changed, else rendered by `render` and kept for the next.
    func rendering(
        _ component: Component, on page: PageRenderer,
        render: (SiteMapQuestions) -> (bytes: [UInt8], diagnostics: [Diagnostic])
    ) -> (bytes: [UInt8], diagnostics: [Diagnostic]) {
        guard let name = component.name else { return render(SiteMapQuestions()) }
        let key = page.plan.path + " " + name
        let setting = Setting(page)
        let known = entries.withLock { $0.current[key] ?? $0.previous[key] }
        if let known, known.component == component, known.setting == setting,
            known.questions.sameAnswers(on: page)
        {
            entries.withLock { $0.current[key] = known }
            reuses.add(1, ordering: .relaxed)
            return (known.bytes, known.diagnostics)
        }
        let questions = SiteMapQuestions()
        let made = render(questions)
        let entry = Entry(
            component: component, setting: setting, questions: questions, bytes: made.bytes,
            diagnostics: made.diagnostics)
        entries.withLock { $0.current[key] = entry }
        return made
    }
}
