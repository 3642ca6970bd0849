extension Migrations {
    /// 振込限度額変更 by the customer: each raise waits until `effective_at` (the cooling-off) and
    /// stays in force until a later change ends it (`ended_at`); a raise ended before it was
    /// due (取消 by the customer or the bank, replaced, superseded) never applied. Rows are
    /// kept: 補償判定資料 tells from them whether a transfer's limit was a raised one.
    static let transferLimitRaises = Migration(version: 11, name: "transfer_limit_raises", statements: [
        """
        CREATE TABLE transfer_limit_raises (
            id $ID,
            customer_id BIGINT NOT NULL REFERENCES customers(id),
            amount BIGINT NOT NULL,
            previous_limit BIGINT NOT NULL,
            requested_at BIGINT NOT NULL,
            effective_at BIGINT NOT NULL,
            ended_at BIGINT,
            end_reason TEXT,
            ended_by TEXT NOT NULL DEFAULT '',
            ip TEXT NOT NULL DEFAULT '',
            user_agent TEXT NOT NULL DEFAULT ''
        )
        """,
        "CREATE INDEX transfer_limit_raises_customer ON transfer_limit_raises (customer_id, id)",
        "CREATE INDEX transfer_limit_raises_open ON transfer_limit_raises (effective_at) WHERE ended_at IS NULL",
    ])
}
