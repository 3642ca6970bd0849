/// The token app's download page: this bank's address and service ID for the set-up screen.
struct TokenAppPageModel {
    let server: String
    let serviceID: String
}
