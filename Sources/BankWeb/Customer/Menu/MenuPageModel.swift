/// メニュー画面: the previous login. The services' buttons link to `CustomerLinks`, the same
/// on every view (written into the template).
struct MenuPageModel {
    /// Nil on the first login.
    let lastLogin: String?
}
