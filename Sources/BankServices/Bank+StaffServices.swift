/// The back office's and the counter's services on the composition root, one per feature.
extension Bank {
    /// A bank over an existing context (the same store, clock and mail wake-up), for a service
    /// that calls another feature's use case.
    init(context: BankContext) {
        self.context = context
    }

    public var staff: StaffService { StaffService(context: context) }
    public var staffLogin: StaffLoginService { StaffLoginService(context: context) }
    public var counter: CounterService { CounterService(context: context) }
    public var accessRequests: AccessRequestService { AccessRequestService(context: context) }
    public var transferLimits: TransferLimitService { TransferLimitService(context: context) }
    public var interbank: InterbankService { InterbankService(context: context) }
    public var mailOutbox: MailOutboxService { MailOutboxService(context: context) }
    public var backOffice: BackOfficeService { BackOfficeService(context: context) }
    public var compensation: CompensationService { CompensationService(context: context) }
    public var ledger: LedgerService { LedgerService(context: context) }
    public var audit: AuditService { AuditService(context: context) }
    public var directory: DirectoryService { DirectoryService(context: context) }
    public var calendar: CalendarService { CalendarService(context: context) }
    public var demo: DemoService { DemoService(context: context) }
}

extension BankUseCase {
    /// The composition root over this use case's context: how one service calls another's.
    var bank: Bank { Bank(context: context) }
}
