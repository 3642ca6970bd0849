/// The result screen of 通知設定.
struct NotificationSettingsDonePageModel {
    let resultMessage: String
    let settingsPath: String
}
