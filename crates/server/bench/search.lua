-- wrk script: GET /api/search over a query file (qid<TAB>query), one query
-- after another, read as plain words (headlines may hold stray quotes).
--   QUERIES=../shared/eval/known_item/dev.queries.tsv \
--   wrk -t2 -c64 -d60s --latency -s crates/server/bench/search.lua http://127.0.0.1:8080
-- Set FACETS=false to leave out facet counts, QUOTES=N to ask for N quotes
-- per hit instead of the API's default (one). The requests are built once,
-- and no `response` callback is set (wrk then hands no response to Lua):
-- the load generator shares the machine with the server, so it should
-- spend as little of it as it can. wrk counts non-2xx responses itself.

local function encode(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

local facets = os.getenv("FACETS") or "true"
local quotes = os.getenv("QUOTES")
local extra = quotes and ("&quotes=" .. quotes) or ""
local queries = {}
for line in io.lines(os.getenv("QUERIES") or "dev.queries.tsv") do
  local q = line:match("^[^\t]*\t(.+)$")
  if q then queries[#queries + 1] = q end
end
assert(#queries > 0, "no queries read")

local requests = {}
local next_request = 0

function setup(thread)
  -- Threads start at different places in the file.
  thread:set("offset", math.random(#queries))
end

function init(args)
  -- wrk has set the Host header by now.
  for i, q in ipairs(queries) do
    requests[i] = wrk.format("GET", "/api/search?plain=true&facets=" .. facets .. extra .. "&q=" .. encode(q))
  end
end

function request()
  next_request = next_request + 1
  return requests[((next_request + (offset or 0)) % #requests) + 1]
end
