import BankServices

/// `?page=&perPage=` of a list operation, checked (page from 1, at most 200 a page; the
/// generated code reads the numbers but does not hold them to the document's bounds).
struct APIPaging: Sendable, Equatable {
    var page: Int
    var perPage: Int

    static let defaultPerPage = 50
    static let maxPerPage = 200
    static let maxPage = 100_000

    init(page: Int32?, perPage: Int32?) throws {
        var errors: [FieldError] = []
        let page = Int(page ?? 1)
        let perPage = Int(perPage ?? Int32(Self.defaultPerPage))
        if !(1...Self.maxPage).contains(page) { errors.append(FieldError(field: "page", messageKey: "error.api.page")) }
        if !(1...Self.maxPerPage).contains(perPage) { errors.append(FieldError(field: "per_page", messageKey: "error.api.per_page")) }
        guard errors.isEmpty else { throw BankError.invalidInput(errors) }
        self.page = page
        self.perPage = perPage
    }

    /// Where this page starts in the whole list.
    var offset: Int { (page - 1) * perPage }

    /// This page of a list held whole (an empty page past the end).
    func slice<Element>(_ all: [Element]) -> ArraySlice<Element> {
        guard offset < all.count else { return [] }
        return all[offset..<min(all.count, offset + perPage)]
    }

    /// What the answer says about the paging of `total` items.
    func info(total: Int) -> Components.Schemas.PageInfo {
        .init(page: Int32(page), perPage: Int32(perPage), totalItems: Int32(clamping: total),
              totalPages: Int32(clamping: (total + perPage - 1) / perPage))
    }
}
