/// 事務管理部ログイン's form: the 職員ID typed, shown again after a refusal (never the password).
struct StaffLoginPageModel {
    var staffIDValue = ""
}
