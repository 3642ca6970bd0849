/// The back office's error screen: the message (the way back is the chrome's home or login).
struct StaffErrorPageModel {
    let message: String
}
