import Foundation
import Yams

// openapi-reference DOCUMENT OUTPUT: writes the API's reference page (plain HTML, the bank's
// stylesheet, no script) rendered from the OpenAPI document. scripts/openapi-generate runs it.
let arguments = CommandLine.arguments
guard arguments.count == 3 else {
    FileHandle.standardError.write(Data("usage: openapi-reference openapi.yaml reference.html\n".utf8))
    exit(2)
}
do {
    let text = try String(contentsOfFile: arguments[1], encoding: .utf8)
    guard let document = try Yams.compose(yaml: text) else { throw ReferenceError.empty }
    let html = ReferencePage(document: document).render()
    try Data(html.utf8).write(to: URL(fileURLWithPath: arguments[2]))
} catch {
    FileHandle.standardError.write(Data("openapi-reference: \(error)\n".utf8))
    exit(1)
}

enum ReferenceError: Error { case empty }
