/// Every migration of the bank's schema, in the order they are applied. One file per
/// migration (`Migrations+<Name>.swift`); the PostgreSQL-only `ledger_post` function is
/// migration 7 (see Engine/README.md).
public enum Migrations {
    public static let all: [Migration] = [foundation, mailOutbox, extraFactors, transfers, staff, accessRequests,
                                          ledgerPostFunction, credentialAttempts, authenticatorTokens, holidays, transferLimitRaises, mailAddressConfirmations, notices, interbankFiles,
                                          scheduledTransfers, apiIdempotency, auditRequestContext, transferIndexScopes, transferDayAmounts]
}
