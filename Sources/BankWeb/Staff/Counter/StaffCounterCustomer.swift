/// The customer a counter form is about, as its heading shows them, with the way back to 顧客詳細.
struct StaffCounterCustomer {
    let id: String
    let loginID: String
    let nameKanji: String
    let nameKana: String
    let pcEmail: String
    let mobileEmail: String
    let path: String
}
