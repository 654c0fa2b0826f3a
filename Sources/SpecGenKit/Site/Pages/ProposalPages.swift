/// The proposals: an index, and a page each.
extension SiteComposer {
    /// Where a proposal's page is.
    func kind(of proposal: Proposal) -> PageKind {
        proposal.isTemplate ? .proposalTemplate : .proposal(number: proposal.number)
    }

    func proposalJobs() -> [CacheableJob] {
        guard !spec.proposals.isEmpty else { return [] }
        var jobs: [CacheableJob] = [
            CacheableJob(id: "proposal-index") {
                var page = PageComposition()
                for proposal in spec.proposals { page.parts.insert(PageCache.part(proposal: proposal.path)) }
                let entries = spec.proposals.filter { !$0.isTemplate }.map { proposal in
                    ProposalIndexEntry(proposal: proposal, href: paths.path(of: kind(of: proposal)), endpoints: 0)
                }
                for proposal in spec.proposals where !proposal.isTemplate {
                    page.search.append(
                        SearchEntry(
                            kind: .proposal, title: proposal.fullTitle, detail: proposal.authors ?? "", anchor: nil))
                }
                let template = spec.proposals.first(where: \.isTemplate).map { paths.path(of: kind(of: $0)) }
                let index = page.add(.proposalIndex(entries, template: template))
                return (
                    plan(
                        .proposalIndex, title: "Proposals", parent: .home, weight: 900,
                        document: MarkdownDocument(blocks: [.component(index)]), page: page), page
                )
            }
        ]
        for proposal in spec.proposals {
            jobs.append(
                CacheableJob(id: "proposal-page:" + proposal.path) {
                    var page = PageComposition()
                    page.parts.insert(PageCache.part(proposal: proposal.path))
                    var composer = composer()
                    composer.tocLevels = 2...3
                    var blocks = proposal.document.blocks
                    // The page starts with the proposal's title (its first heading as written, shown as
                    // the page's title), then what is known about it.
                    if case .heading(let heading)? = blocks.first, heading.level == 1 { blocks.removeFirst() }
                    let meta = page.add(.proposalMeta(ProposalMetaPlan(proposal: proposal, endpoints: [])))
                    let body = composer.compose(MarkdownDocument(blocks: blocks), source: proposal.text, into: &page)
                    var result = plan(
                        kind(of: proposal),
                        title: proposal.isTemplate || proposal.title.contains(String(proposal.number))
                            ? proposal.title : proposal.fullTitle,
                        parent: .proposalIndex, weight: proposal.number, listed: false,
                        document: MarkdownDocument(blocks: [.component(meta)] + body.blocks), source: proposal.text,
                        page: page)
                    result.proposalNumber = proposal.isTemplate ? nil : proposal.number
                    result.relativeLinkBase = SourcePath.parent(proposal.path)
                    result.summary = PagePlan.summary(of: proposal.opening)
                    return (result, page)
                })
        }
        return jobs
    }
}
