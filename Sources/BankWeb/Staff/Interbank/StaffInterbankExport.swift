import BankCore
import BankServices
import Foundation
import Hummingbird
import NIOCore

/// 全銀ファイル作成 and 再出力 on 他行振込: the file is the answer (a download named as
/// recorded); nothing waiting, or a refusal, shows the queue again with why.
extension StaffSite {
    func exportInterbank(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let form = try await FormBody.read(request, context: context)
        let current = try context.requireStaff()
        guard let day = JapanTime.Day(iso: form.value("date")) else {
            return try await renderInterbank(request, context, current, status: nil,
                                             error: BankError.invalidInput([FieldError(field: "date", messageKey: "error.date.invalid")]),
                                             action: "export")
        }
        do {
            guard let file = try await bank.interbank.export(date: day, by: .staff(current.staff), client: client(request, context)) else {
                return HTTPResponses.redirect(to: StaffRoute.interbank.path + "?done=nothing")
            }
            return Self.download(file)
        } catch {
            return try await renderInterbank(request, context, current, status: nil, error: error, action: "export")
        }
    }

    func reexportInterbank(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let form = try await FormBody.read(request, context: context)
        let current = try context.requireStaff()
        do {
            let file = try await bank.interbank.reexport(name: String(form.value("file").prefix(100)), by: .staff(current.staff),
                                                         client: client(request, context))
            return Self.download(file)
        } catch {
            return try await renderInterbank(request, context, current, status: nil, error: error, action: "export")
        }
    }

    static func download(_ file: InterbankFileView) -> Response {
        Response(status: .ok, headers: [
            .contentType: "application/octet-stream",
            .contentDisposition: "attachment; filename=\"\(file.name)\"",
        ], body: .init(byteBuffer: ByteBuffer(bytes: file.content)))
    }

    /// The files made, newest first, for the table under the button.
    func interbankFileRows(_ current: StaffSession, _ lang: Language) async throws -> [StaffInterbankPageModel.FileRow] {
        try await bank.interbank.files(limit: 20, by: .staff(current.staff)).map { file in
            StaffInterbankPageModel.FileRow(
                name: file.name, businessDate: file.businessDate, transferDate: file.transferDate, transfers: String(file.transfers),
                total: file.totalAmount.formatted, createdAt: formatTimestamp(file.createdAt), createdBy: file.createdBy)
        }
    }
}
