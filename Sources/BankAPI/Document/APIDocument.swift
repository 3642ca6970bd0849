import Foundation
import Hummingbird
import OpenAPIRuntime

/// openapi.yaml and its reference page as bundled (Resources/, kept identical to the
/// repository's root file by scripts/openapi-generate; `--check` proves it).
enum APIDocument {
    static let yaml: Data = resource("openapi.yaml")
    static let referenceHTML: Data = resource("reference.html")

    private static func resource(_ name: String) -> Data {
        guard let folder = Bundle.module.url(forResource: "Resources", withExtension: nil),
              let data = try? Data(contentsOf: folder.appendingPathComponent(name)) else {
            // Only a broken build or install gets here: the files are part of the binary's bundle.
            preconditionFailure("Resources/\(name) is missing from BankAPI's bundle")
        }
        return data
    }

    /// `/api/v1/docs`: the reference rendered from the document (the bank's stylesheet, no script).
    static func referencePage() -> Response {
        Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
                 body: .init(byteBuffer: ByteBuffer(bytes: referenceHTML)))
    }
}

extension APIHandler {
    func getOpenAPIDocument(_ input: Operations.GetOpenAPIDocument.Input) async throws -> Operations.GetOpenAPIDocument.Output {
        .ok(.init(body: .yaml(HTTPBody(APIDocument.yaml))))
    }
}
