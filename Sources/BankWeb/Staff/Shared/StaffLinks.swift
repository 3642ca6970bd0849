/// The paths the back office's chrome links to, built from its routes: the header's forms and
/// menu bar, the error screen's way back, the stylesheet (`{{links.customers}}` and the like,
/// written into the back office's templates once per language: `PageTemplates`).
struct StaffLinks: SiteLinks {
    let home = StaffRoute.home.path
    let login = StaffRoute.login.path
    let language = StaffRoute.language.path
    let logout = StaffRoute.logout.path
    let stylesheet = CustomerRoute.stylesheet.path
    let customers = StaffRoute.customers.path
    let customerNew = StaffRoute.customerNew.path
    let audit = StaffRoute.audit.path
    let compensation = StaffRoute.compensation.path
    let mail = StaffRoute.mail.path
    let mail_retry_failed = StaffRoute.mailRetryFailed.path
    let interbank = StaffRoute.interbank.path
    let ledger = StaffRoute.ledger.path
    let requests = StaffRoute.requests.path
    let limitRaises = StaffRoute.limitRaises.path
    let scheduled = StaffRoute.scheduled.path
}
