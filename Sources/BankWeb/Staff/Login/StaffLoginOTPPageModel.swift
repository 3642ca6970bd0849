/// The code screen: whose login waits for its code.
struct StaffLoginOTPPageModel {
    let pendingStaffID: String
    let formAction = StaffRoute.loginOTP.path
}
