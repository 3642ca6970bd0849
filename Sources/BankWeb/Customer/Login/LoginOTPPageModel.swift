/// ワンタイムパスワード認証画面: the code form and 中止, which ends the half-open session.
struct LoginOTPPageModel {
    let action = CustomerRoute.loginOTP.path
    let cancelAction = CustomerRoute.logout.path
}
