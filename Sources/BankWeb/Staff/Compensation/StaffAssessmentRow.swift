/// The rule of the notice for one step: its label and the words it rests on.
struct StaffAssessmentRow {
    let rule: String
    let ruleClass: String
    let extraInForce: String
    let extraPresented: String
}
