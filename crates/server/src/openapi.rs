//! The OpenAPI 3 description of the JSON API, served at
//! `/api/openapi.json`. Written by hand; a test checks that it names every
//! API route the router serves and no other.

use serde_json::{json, Value};

/// Routes of the JSON API as `(method, OpenAPI path)`, the router's too.
pub const ROUTES: &[(&str, &str)] = &[
    ("get", "/healthz"),
    ("get", "/api/openapi.json"),
    ("get", "/api/search"),
    ("get", "/api/articles/{id}"),
    ("post", "/api/articles"),
    ("get", "/api/stats"),
    ("get", "/api/quotes"),
    ("get", "/api/speakers"),
    ("get", "/api/stories"),
];

fn param(name: &str, description: &str, schema: Value) -> Value {
    json!({ "name": name, "in": "query", "required": false, "description": description, "schema": schema })
}

fn error(description: &str) -> Value {
    json!({ "description": description,
            "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } })
}

fn ok(description: &str, schema: &str) -> Value {
    json!({ "description": description,
            "content": { "application/json": { "schema": { "$ref": format!("#/components/schemas/{schema}") } } } })
}

fn facet_list() -> Value {
    json!({ "type": "array", "items": { "type": "object", "required": ["value", "count"],
        "properties": { "value": { "type": "string" }, "count": { "type": "integer" } } } })
}

fn schemas() -> Value {
    let string = json!({ "type": "string" });
    json!({
        "Error": { "type": "object", "required": ["error"], "properties": { "error": string } },
        "Snippet": { "type": "object", "properties": {
            "text": string,
            "highlights": { "type": "array", "description": "Byte ranges [start, end) of text that matched.",
                "items": { "type": "array", "items": { "type": "integer" }, "minItems": 2, "maxItems": 2 } } } },
        "Hit": { "type": "object", "required": ["id", "score"], "properties": {
            "id": string, "score": { "type": "number" }, "title": string, "source": string,
            "date": string, "snippet": { "$ref": "#/components/schemas/Snippet" },
            "quotes": { "type": "array", "description": "The article's first quotes (see the quotes parameter).",
                "items": { "$ref": "#/components/schemas/Quote" } },
            "quotes_total": { "type": "integer",
                "description": "How many quotes the article has (absent with quotes=0 or none)." } } },
        "Facets": { "type": "object", "properties": {
            "total": { "type": "integer" },
            "sources": { "description": "Matches per source, most first.", "allOf": [facet_list()] },
            "days": { "description": "Matches per day (YYYY-MM-DD), in date order.", "allOf": [facet_list()] } } },
        "SearchResults": { "type": "object", "required": ["query", "total", "offset", "limit", "hits"],
            "properties": {
                "query": string, "total": { "type": "integer" }, "offset": { "type": "integer" },
                "limit": { "type": "integer" }, "took_ms": { "type": "number" },
                "hits": { "type": "array", "items": { "$ref": "#/components/schemas/Hit" } },
                "facets": { "$ref": "#/components/schemas/Facets" } } },
        "Article": { "type": "object", "required": ["id", "title", "content"],
            "description": "The stored article with its provenance; unknown input fields are kept in extra.",
            "additionalProperties": true,
            "properties": {
                "id": string, "title": string, "content": string, "url": string, "date": string,
                "source": string, "author": string, "extra": { "type": "object" },
                "seq": { "type": "integer" }, "origin": string, "format": string, "encoding": string,
                "warnings": { "type": "array", "items": string }, "versions": { "type": "integer" },
                "quotes": { "type": "array", "items": { "$ref": "#/components/schemas/Quote" } },
                "raw": { "type": "string", "description": "The raw record, decoded (only with raw=1)." } } },
        "Quote": { "type": "object", "required": ["cue", "text", "kind", "start", "end"], "properties": {
            "speaker": string, "role": string, "cue": string, "text": string,
            "kind": { "type": "string", "enum": ["direct", "indirect"] }, "via": string,
            "implicit": { "type": "boolean" }, "date": { "type": "string", "format": "date" },
            "start": { "type": "integer", "description": "Byte offset of text in the cleaned body." },
            "end": { "type": "integer" },
            "raw_start": { "type": "integer", "description": "Byte offset of text in the raw content." },
            "raw_end": { "type": "integer" },
            "article_id": string, "headline": string, "published": string, "source": string,
            "day": { "type": "string", "format": "date" },
            "speaker_name": { "type": "string", "description": "The reconciled speaker's canonical name." } } },
        "Quotes": { "type": "object", "required": ["query", "quotes"], "properties": {
            "query": string, "speaker": string,
            "quotes": { "type": "array", "items": { "$ref": "#/components/schemas/Quote" } } } },
        "Speaker": { "type": "object", "required": ["name", "quotes"], "properties": {
            "id": { "type": "integer" }, "name": string,
            "aliases": { "type": "array", "items": string }, "roles": { "type": "array", "items": string },
            "quotes": { "type": "integer" }, "articles": { "type": "integer" } } },
        "IngestSummary": { "type": "object", "properties": {
            "records": { "type": "integer" }, "new": { "type": "integer" }, "updated": { "type": "integer" },
            "unchanged": { "type": "integer" }, "failed": { "type": "integer" },
            "ids": { "type": "array", "items": string }, "errors": { "type": "array", "items": string } } },
        "Stats": { "type": "object", "additionalProperties": true, "properties": {
            "articles": { "type": "integer" }, "indexed": { "type": "integer" },
            "raw_records": { "type": "integer" }, "disk_bytes": { "type": "integer" },
            "sources": { "type": "array", "items": { "type": "array" } },
            "days": { "type": "array", "items": { "type": "array" } } } }
    })
}

fn search() -> Value {
    let string = json!({ "type": "string" });
    json!({ "get": {
        "summary": "Search articles",
        "description": "BM25 search that matches Arabic as Arabic. Query language: words (ranked), \"phrases\" \
                        (also «…»), +required, -excluded, a OR b, source:NAME and -source:NAME.",
        "parameters": [
            { "name": "q", "in": "query", "required": true, "schema": string,
              "description": "The query (may be empty when source is given)." },
            param("limit", "Hits per page (1–100, default 10).", json!({ "type": "integer", "minimum": 1, "maximum": 100 })),
            param("offset", "Hits to skip; offset + limit ≤ 10000.", json!({ "type": "integer", "minimum": 0 })),
            param("from", "First publication day.", json!({ "type": "string", "format": "date" })),
            param("to", "Last publication day.", json!({ "type": "string", "format": "date" })),
            param("source", "Only these sources (comma-separated).", string.clone()),
            param("fields", "Fields searched.", json!({ "type": "string", "enum": ["title,content", "title", "content"] })),
            param("speaker", "Only articles quoting this speaker: a name, surname, alias or role (as in /api/quotes).", string.clone()),
            param("sort", "Order of the hits: best match first (default), or by publication day, newest or oldest first (best match first within a day).", json!({ "type": "string", "enum": ["relevance", "newest", "oldest"] })),
            param("facets", "Count matches per source and day (default true).", json!({ "type": "boolean" })),
            param("plain", "Read q as plain words, without operators (default false; not with source).",
                  json!({ "type": "boolean" })),
            param("quotes", "Quotes per hit, the article's first ones (default 1; 0 for none).",
                  json!({ "type": "integer", "minimum": 0, "maximum": 20 }))
        ],
        "responses": { "200": ok("A page of results.", "SearchResults"),
                       "400": error("Malformed query or parameter.") } } })
}

fn articles() -> (Value, Value) {
    let one = json!({ "get": {
        "summary": "One article",
        "parameters": [
            { "name": "id", "in": "path", "required": true, "schema": { "type": "string" },
              "description": "Article id, percent-encoded (ids are often URLs)." },
            param("raw", "1 to include the raw record.", json!({ "type": "boolean" }))
        ],
        "responses": { "200": ok("The article.", "Article"), "404": error("No article with this id.") } } });
    let post = json!({ "post": {
        "summary": "Ingest articles",
        "description": "One JSON article object, a JSON array of them, or NDJSON (Content-Type \
                        application/x-ndjson). Field names as for `marsad ingest`. Off unless the server \
                        has a token.",
        "security": [{ "bearer": [] }],
        "requestBody": { "required": true, "content": {
            "application/json": { "schema": { "type": "object" } },
            "application/x-ndjson": { "schema": { "type": "string" } } } },
        "responses": {
            "200": ok("Read and stored; nothing new.", "IngestSummary"),
            "201": ok("Read and stored; new articles.", "IngestSummary"),
            "400": error("No article could be read from the body."),
            "401": error("Missing or wrong bearer token."),
            "403": error("Ingest over HTTP is off."),
            "413": error("Body too large."),
            "503": error("Another process is writing to the store; retry later.") } } });
    (one, post)
}

fn quotes() -> Value {
    let string = json!({ "type": "string" });
    json!({ "get": {
        "summary": "Find attributed statements (who said what)",
        "description": "Statements extracted from the cleaned articles, matched on Marsad's Arabic stems (the \
                        statement, then its speaker, role, medium and headline); all words required. Without q, \
                        newest first.",
        "parameters": [
            param("q", "Words of the statement.", string.clone()),
            param("speaker", "A speaker's name, surname, alias or role (e.g. بيسكوف).", string),
            param("from", "First day (the statement's date, else its article's).", json!({ "type": "string", "format": "date" })),
            param("to", "Last day.", json!({ "type": "string", "format": "date" })),
            param("limit", "Statements (1–200, default 20).", json!({ "type": "integer", "minimum": 1, "maximum": 200 }))
        ],
        "responses": { "200": ok("The statements with their articles.", "Quotes"),
                       "400": error("Malformed parameter.") } } })
}

fn speakers() -> Value {
    json!({ "get": {
        "summary": "Speakers reconciled across articles, most quoted first",
        "parameters": [
            param("limit", "Speakers (1–200, default 50).", json!({ "type": "integer", "minimum": 1, "maximum": 200 })),
            param("offset", "Speakers to skip.", json!({ "type": "integer", "minimum": 0 }))
        ],
        "responses": { "200": { "description": "Speakers.", "content": { "application/json": { "schema": {
                            "type": "array", "items": { "$ref": "#/components/schemas/Speaker" } } } } },
                       "400": error("Malformed parameter.") } } })
}

/// The whole OpenAPI document.
pub fn document() -> Value {
    let (one, post) = articles();
    json!({
        "openapi": "3.0.3",
        "info": { "title": "Marsad (مرصد) API", "version": env!("CARGO_PKG_VERSION"),
                  "description": "Search and read an Arabic news store; ingest articles with a token." },
        "paths": {
            "/healthz": { "get": { "summary": "Liveness", "responses": { "200": { "description": "Serving." } } } },
            "/api/openapi.json": { "get": { "summary": "This document",
                "responses": { "200": { "description": "OpenAPI 3 JSON." } } } },
            "/api/search": search(),
            "/api/articles/{id}": one,
            "/api/articles": post,
            "/api/stats": { "get": { "summary": "Store statistics",
                "responses": { "200": ok("Counts per source and day, sizes.", "Stats") } } },
            "/api/quotes": quotes(),
            "/api/speakers": speakers(),
            "/api/stories": { "get": { "summary": "Stories: articles from any outlets on the same event, largest first",
                "parameters": [
                    param("from", "Stories seen on or after this day (YYYY-MM-DD).", json!({ "type": "string" })),
                    param("to", "Stories seen on or before this day (YYYY-MM-DD).", json!({ "type": "string" })),
                    param("source", "Stories carried by this outlet.", json!({ "type": "string" })),
                    param("min_size", "Smallest story (default 2).", json!({ "type": "integer" })),
                    param("limit", "At most this many (default 20, at most 200).", json!({ "type": "integer" }))
                ],
                "responses": { "200": { "description": "Story summaries: id (earliest article), headline, size, outlets, sources, first, last.",
                    "content": { "application/json": { "schema": { "type": "array", "items": { "type": "object" } } } } },
                    "400": error("Bad parameters.") } } }
        },
        "components": {
            "schemas": schemas(),
            "securitySchemes": { "bearer": { "type": "http", "scheme": "bearer" } }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_exactly_the_routes() {
        let doc = document();
        let paths = doc["paths"].as_object().unwrap();
        let mut described: Vec<(String, String)> = paths
            .iter()
            .flat_map(|(p, ops)| ops.as_object().unwrap().keys().map(move |m| (m.clone(), p.clone())))
            .collect();
        let mut routes: Vec<(String, String)> = ROUTES.iter().map(|(m, p)| (m.to_string(), p.to_string())).collect();
        described.sort();
        routes.sort();
        assert_eq!(described, routes);
        for (_, ops) in paths {
            for op in ops.as_object().unwrap().values() {
                assert!(op["responses"].as_object().is_some_and(|r| !r.is_empty()));
            }
        }
    }
}
