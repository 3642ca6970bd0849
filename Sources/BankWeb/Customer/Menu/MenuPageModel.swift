/// メニュー画面: the previous login and the services, each a link built from its route.
struct MenuPageModel {
    /// Nil on the first login.
    let lastLogin: String?
    let balancesPath = CustomerRoute.balances.path
    let statementPath = CustomerRoute.statement.path
    let loginHistoryPath = CustomerRoute.loginHistory.path
    let transferHistoryPath = CustomerRoute.transferHistory.path
    let transferPath = CustomerRoute.transfer.path
    let payeesPath = CustomerRoute.payees.path
    let otpPath = CustomerRoute.otpMenu.path
    let mailPasswordPath = CustomerRoute.mailPassword.path
    let loginPasswordChangePath = CustomerRoute.passwordChange(.login).path
    let confirmationPasswordChangePath = CustomerRoute.passwordChange(.confirmation).path
    let transferLimitPath = CustomerRoute.transferLimit.path
    let mailAddressPath = CustomerRoute.mailAddress.path
    let notificationSettingsPath = CustomerRoute.notificationSettings.path
}
