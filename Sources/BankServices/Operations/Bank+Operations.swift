/// The operator's services on the composition root (`kyoei admin backup`, `kyoei admin secrets`).
extension Bank {
    public var backups: DatabaseBackupService { DatabaseBackupService(context: context) }
    public var secrets: SecretResealService { SecretResealService(context: context) }
}
