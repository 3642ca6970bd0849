/// The customer site's error screen: the message, and where the failed flow can start again.
struct ErrorPageModel {
    struct Restart {
        let path: String
        let text: String
    }

    let message: String
    let restart: Restart?
}
