import BankServices

/// The JSON API (`/api/v1`): see openapi.yaml at the repository's root, the source of truth.
public enum BankAPI {}
