extension Migrations {
    /// PostgreSQL: one ledger transaction in one round trip. The function runs exactly the
    /// statements `LedgerRecords.post` runs on SQLite — the transaction row, then per account in
    /// id order the conditional `UPDATE … RETURNING` and the entry — and PL/pgSQL keeps their
    /// plans for the connection's life, so a posting is parsed and planned once, not every time.
    /// A refused account (missing, or one that may not go negative) ends it early and is
    /// reported, not raised: the caller throws, so its transaction rolls back as before.
    static let ledgerPostFunction = Migration(version: 7, name: "ledger_post_function", statements: [], postgresStatements: [
        """
        CREATE FUNCTION ledger_post(p_kind TEXT, p_memo TEXT, p_key TEXT, p_actor TEXT, p_at BIGINT,
                                    p_accounts BIGINT[], p_amounts BIGINT[],
                                    OUT o_transaction BIGINT, OUT o_refused BIGINT, OUT o_missing BOOLEAN)
        LANGUAGE plpgsql AS $$
        DECLARE
            i INTEGER;
            v_balance BIGINT;
        BEGIN
            INSERT INTO ledger_transactions (kind, memo, idempotency_key, actor, created_at)
            VALUES (p_kind, p_memo, p_key, p_actor, p_at) RETURNING id INTO o_transaction;
            FOR i IN 1 .. cardinality(p_accounts) LOOP
                UPDATE accounts SET balance = balance + p_amounts[i]
                WHERE id = p_accounts[i] AND (allow_negative = 1 OR balance + p_amounts[i] >= 0)
                RETURNING balance INTO v_balance;
                IF NOT FOUND THEN
                    o_refused := p_accounts[i];
                    o_missing := NOT EXISTS (SELECT 1 FROM accounts WHERE id = p_accounts[i]);
                    RETURN;
                END IF;
                INSERT INTO ledger_entries (transaction_id, account_id, amount, balance_after, created_at)
                VALUES (o_transaction, p_accounts[i], p_amounts[i], v_balance, p_at);
            END LOOP;
        END
        $$
        """,
    ])
}
