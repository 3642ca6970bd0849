/// 顧客検索: the search as typed and, once searched, the customers found.
struct StaffCustomerSearchPageModel {
    let loginIDValue: String
    let nameKanaValue: String
    let accountNumberValue: String
    let formAction = StaffRoute.customers.path
    var searched = false
    var results: [StaffCustomerRow] = []
    var noResults = false
    var resultCount: String?
    var truncated = false
}
