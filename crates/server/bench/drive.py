"""Sends the first N queries of a query file (qid<TAB>query) to /api/search, one
after another on one connection, as plain words with facets; fails on a non-200.
    python3 drive.py PORT N QUERIES.tsv"""
import http.client
import sys
import urllib.parse

port, n, path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
queries = [line.rstrip("\n").split("\t", 1)[1] for line in open(path, encoding="utf-8") if "\t" in line]
conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
for i in range(n):
    conn.request("GET", "/api/search?plain=true&facets=true&q=" + urllib.parse.quote(queries[i % len(queries)]))
    response = conn.getresponse()
    response.read()
    assert response.status == 200, response.status
