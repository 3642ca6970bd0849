/// What the back office's list screens share.
public enum BackOfficeScreen {
    /// The most rows one operations screen (メール送信状況, 他行振込) lists.
    public static let rows = 100
}
