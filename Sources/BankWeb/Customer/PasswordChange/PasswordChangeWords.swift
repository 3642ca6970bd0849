import BankServices

/// The catalog keys of the words that differ between ログインパスワード変更 and 確認用パスワード変更
/// (written out, so that the catalog test finds every one).
struct PasswordChangeWords {
    let title: String
    let help: String
    let current: String
    let new: String
    let newAgain: String
    let doneTitle: String
    let done: String

    init(_ password: CustomerPassword) {
        switch password {
        case .login:
            self.init(title: "password_change.login_password.title", help: "password_change.login_password.help",
                      current: "password_change.login_password.current", new: "password_change.login_password.new",
                      newAgain: "password_change.login_password.new_again",
                      doneTitle: "password_change_done.login_password.title", done: "password_change_done.login_password.message")
        case .confirmation:
            self.init(title: "password_change.confirmation_password.title", help: "password_change.confirmation_password.help",
                      current: "password_change.confirmation_password.current", new: "password_change.confirmation_password.new",
                      newAgain: "password_change.confirmation_password.new_again",
                      doneTitle: "password_change_done.confirmation_password.title",
                      done: "password_change_done.confirmation_password.message")
        }
    }

    private init(title: String, help: String, current: String, new: String, newAgain: String, doneTitle: String, done: String) {
        self.title = title
        self.help = help
        self.current = current
        self.new = new
        self.newAgain = newAgain
        self.doneTitle = doneTitle
        self.done = done
    }
}
