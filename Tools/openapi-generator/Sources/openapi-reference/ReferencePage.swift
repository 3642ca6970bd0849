import Yams

/// The reference page: the document's introduction, every operation grouped by tag (its
/// parameters, body and answers), then every schema. Links between them are fragment links.
struct ReferencePage {
    let document: Node

    private var components: Node? { document["components"] }
    private var basePath: String { document["servers"]?.items.first?.text("url") ?? "" }
    private static let methods = ["get", "put", "post", "delete", "patch"]

    func render() -> String {
        let info = document["info"]
        let title = HTML.escape(info?.text("title") ?? "API")
        var out = """
        <!DOCTYPE html>
        <html lang="ja">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(title)</title>
        <link rel="stylesheet" href="/static/app.css">
        </head>
        <body>
        <main>
        <h1>\(title) <small>\(HTML.escape(info?.text("version") ?? ""))</small></h1>
        <p><a href="\(HTML.escape(basePath))/openapi.yaml">openapi.yaml</a></p>
        \(HTML.block(info?.text("description")))
        """
        out += contents()
        for (tag, operations) in operationsByTag() {
            out += "<h2 id=\"tag-\(HTML.escape(tag))\">\(HTML.escape(tag))</h2>\n"
            out += HTML.block(tagDescription(tag))
            for operation in operations { out += render(operation) }
        }
        out += "<h2 id=\"schemas\">Schemas</h2>\n"
        for (name, schema) in components?["schemas"]?.entries ?? [] { out += render(schema: schema, named: name) }
        out += "</main>\n</body>\n</html>\n"
        return out
    }

    struct Operation {
        var method: String
        var path: String
        var node: Node
        var pathItem: Node
        var id: String { node.text("operationId") ?? "\(method)-\(path)" }
    }

    private func operationsByTag() -> [(String, [Operation])] {
        var order: [String] = document["tags"]?.items.compactMap { $0.text("name") } ?? []
        var grouped: [String: [Operation]] = [:]
        for (path, item) in document["paths"]?.entries ?? [] {
            for method in Self.methods {
                guard let node = item[method] else { continue }
                let tag = node["tags"]?.items.first?.string ?? "other"
                if !order.contains(tag) { order.append(tag) }
                grouped[tag, default: []].append(Operation(method: method, path: path, node: node, pathItem: item))
            }
        }
        return order.compactMap { tag in grouped[tag].map { (tag, $0) } }
    }

    private func tagDescription(_ tag: String) -> String? {
        document["tags"]?.items.first { $0.text("name") == tag }?.text("description")
    }

    private func contents() -> String {
        var out = "<nav><ul>\n"
        for (tag, operations) in operationsByTag() {
            out += "<li><a href=\"#tag-\(HTML.escape(tag))\">\(HTML.escape(tag))</a><ul>"
            for operation in operations {
                out += "<li><a href=\"#\(HTML.escape(operation.id))\"><code>\(operation.method.uppercased()) \(HTML.escape(basePath + operation.path))</code></a> \(HTML.escape(operation.node.text("summary") ?? ""))</li>"
            }
            out += "</ul></li>\n"
        }
        return out + "<li><a href=\"#schemas\">Schemas</a></li>\n</ul></nav>\n"
    }

    private func render(_ operation: Operation) -> String {
        let node = operation.node
        var out = "<h3 id=\"\(HTML.escape(operation.id))\"><code>\(operation.method.uppercased()) \(HTML.escape(basePath + operation.path))</code></h3>\n"
        out += "<p><strong>\(HTML.escape(node.text("summary") ?? ""))</strong> (<code>\(HTML.escape(operation.id))</code>)</p>\n"
        out += HTML.block(node.text("description"))
        let security = node["security"] ?? document["security"]
        out += security?.items.isEmpty ?? true ? "<p>Authentication: none.</p>\n" : "<p>Authentication: <code>Authorization: Bearer</code> token.</p>\n"
        let parameters = (operation.pathItem["parameters"]?.items ?? []) + (node["parameters"]?.items ?? [])
        if !parameters.isEmpty {
            out += "<table class=\"data\"><tr><th>Parameter</th><th>In</th><th>Required</th><th>Type</th><th>Description</th></tr>\n"
            for parameter in parameters.map(resolve) {
                out += "<tr><td><code>\(HTML.escape(parameter.text("name") ?? ""))</code></td><td>\(HTML.escape(parameter.text("in") ?? ""))</td>"
                out += "<td>\(parameter.text("required") == "true" ? "yes" : "no")</td><td>\(type(of: parameter["schema"]))</td>"
                out += "<td>\(HTML.inline(parameter.text("description") ?? ""))</td></tr>\n"
            }
            out += "</table>\n"
        }
        if let body = node["requestBody"].map(resolve) {
            for (mediaType, content) in body["content"]?.entries ?? [] {
                out += "<p>Request body (<code>\(HTML.escape(mediaType))</code>): \(type(of: content["schema"]))</p>\n"
            }
        }
        out += "<table class=\"data\"><tr><th>Status</th><th>Description</th><th>Body</th></tr>\n"
        for (status, raw) in node["responses"]?.entries ?? [] {
            let response = resolve(raw)
            let bodies = (response["content"]?.entries ?? []).map { "<code>\(HTML.escape($0.key))</code> \(type(of: $0.value["schema"]))" }
            let headers = (response["headers"]?.entries ?? []).map { "<code>\(HTML.escape($0.key))</code> header" }
            out += "<tr><td>\(HTML.escape(status))</td><td>\(HTML.inline(response.text("description") ?? ""))</td>"
            out += "<td>\((bodies + headers).joined(separator: "<br>"))</td></tr>\n"
        }
        return out + "</table>\n"
    }

    private func render(schema: Node, named name: String) -> String {
        var out = "<h3 id=\"schema-\(HTML.escape(name))\">\(HTML.escape(name))</h3>\n"
        out += HTML.block(schema.text("description"))
        if let values = schema["enum"]?.items, !values.isEmpty {
            out += "<p>One of: " + values.map { "<code>\(HTML.escape($0.string ?? ""))</code>" }.joined(separator: ", ") + "</p>\n"
        }
        let properties = schema["properties"]?.entries ?? []
        guard !properties.isEmpty else { return out + "<p>Type: \(type(of: schema))</p>\n" }
        let required = Set(schema["required"]?.items.compactMap(\.string) ?? [])
        if schema.text("additionalProperties") == "false" { out += "<p>Fields not listed here are refused.</p>\n" }
        out += "<table class=\"data\"><tr><th>Field</th><th>Type</th><th>Required</th><th>Description</th></tr>\n"
        for (field, property) in properties {
            out += "<tr><td><code>\(HTML.escape(field))</code></td><td>\(type(of: property))</td>"
            out += "<td>\(required.contains(field) ? "yes" : "no")</td><td>\(HTML.inline(property.text("description") ?? ""))</td></tr>\n"
        }
        return out + "</table>\n"
    }

    /// A schema's type in a few words, a referenced schema as a link.
    private func type(of schema: Node?) -> String {
        guard let schema else { return "" }
        if let ref = schema.text("$ref") {
            let name = String(ref.split(separator: "/").last ?? "")
            return "<a href=\"#schema-\(HTML.escape(name))\">\(HTML.escape(name))</a>"
        }
        if schema.text("type") == "array" { return "array of " + type(of: schema["items"]) }
        var words = [schema.text("type") ?? "any"]
        if let format = schema.text("format") { words.append("(\(format))") }
        if let values = schema["enum"]?.items, !values.isEmpty {
            words.append("[" + values.compactMap(\.string).joined(separator: ", ") + "]")
        }
        if let minimum = schema.text("minimum") { words.append("≥ \(minimum)") }
        if let maximum = schema.text("maximum") { words.append("≤ \(maximum)") }
        if let maxLength = schema.text("maxLength") { words.append("≤ \(maxLength) chars") }
        if let pattern = schema.text("pattern") { words.append("<code>\(HTML.escape(pattern))</code>") }
        return HTML.escape(words.dropLast(schema.text("pattern") == nil ? 0 : 1).joined(separator: " "))
            + (schema.text("pattern").map { " <code>\(HTML.escape($0))</code>" } ?? "")
    }

    /// A parameter, body or response that is a `$ref` into components, looked up.
    private func resolve(_ node: Node) -> Node {
        guard let ref = node.text("$ref"), ref.hasPrefix("#/components/") else { return node }
        let parts = ref.dropFirst("#/components/".count).split(separator: "/").map(String.init)
        var current = components
        for part in parts { current = current?[part] }
        return current ?? node
    }
}
