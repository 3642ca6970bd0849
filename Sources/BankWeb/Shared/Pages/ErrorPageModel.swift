/// The error screen of either site: the message, and (customer flows) where the failed flow can start again.
struct ErrorPageModel {
    struct Restart {
        let path: String
        let text: String
    }

    let message: String
    let restart: Restart?
}
