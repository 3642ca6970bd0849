/// 事務管理部 ホーム's own data (who is logged in is the chrome's).
struct StaffHomePageModel {
    /// 「承認待ちの申請が N 件あります。」, when there are any.
    let pendingRequests: String?
}
