import Testing
@testable import BankWeb

/// A route value builds the link the router's pattern matches, and a query cannot be broken
/// out of by a value.
struct SiteRouteTests {
    @Test func idsFillThePatternsParameters() {
        #expect(CustomerRoute.payeeDelete(id: 7).path == "/payees/7/delete")
        #expect(CustomerRoute.payeeDelete(id: 7).pattern == "/payees/:id/delete")
        #expect(StaffRoute.payeeDelete(customerID: 3, payeeID: 9).path == "/staff/customers/3/payees/9/delete")
        #expect(StaffRoute.payeeDelete(customerID: 3, payeeID: 9).pattern == "/staff/customers/:id/payees/:payeeID/delete")
        #expect(StaffRoute.requestDecision(id: 4, decision: "approve").path == "/staff/requests/4/approve")
        #expect(StaffRoute.requestDecision(id: nil, decision: nil).pattern == "/staff/requests/:id/:decision")
        #expect(StaffRoute.home.path == StaffRoute.root)
    }

    @Test func queryValuesStayInTheirPlace() {
        #expect(CustomerRoute.login.path(query: ["reason": "ended"]) == "/login?reason=ended")
        #expect(CustomerRoute.transferAmount.path(query: ["source": "1", "to": "own:3"]) == "/transfer/amount?source=1&to=own:3")
        #expect(StaffRoute.customer(id: 5).path(query: ["done": "x&admin=1"]) == "/staff/customers/5?done=x%26admin%3D1")
    }
}
