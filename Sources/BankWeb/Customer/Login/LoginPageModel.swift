/// ログイン画面: the login ID typed before (after a refusal), and where the form goes.
struct LoginPageModel {
    var loginIDValue = ""
    let action = CustomerRoute.login.path
}
