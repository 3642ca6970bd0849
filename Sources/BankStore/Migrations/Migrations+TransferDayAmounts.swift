extension Migrations {
    /// The daily limit's sum (`TransferRecords.amountOnDayExpression`: what a customer sent
    /// today, read in every 実行 under the customer's lock) from the index alone. With
    /// `transfers_customer_day (customer_id, business_day)` each of the day's transfers was a
    /// seek into the table for its amount, status and kind: in the benchmark, where a customer
    /// makes over a hundred transfers a day, 7 % of SQLite's one writer (issue 20), and a
    /// business customer paying many suppliers in one day would be the same. The columns the
    /// sum reads now follow the two it searches by, so the day's rows are read side by side
    /// in the index. `customer_id` stays first: the customer's transfer list reads by it.
    /// `TransferDayAmountsIndexTests` checks on both engines that the sum reads only the index.
    static let transferDayAmounts = Migration(version: 19, name: "transfer_day_amounts", statements: [
        "CREATE INDEX transfers_customer_day_amounts ON transfers (customer_id, business_day, destination_kind, status, amount)",
        "DROP INDEX transfers_customer_day",
    ])
}
