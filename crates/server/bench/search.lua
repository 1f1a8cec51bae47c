-- wrk script: GET /api/search over a query file (qid<TAB>query), one query
-- after another, read as plain words (headlines may hold stray quotes).
--   QUERIES=../shared/eval/known_item/dev.queries.tsv \
--   wrk -t2 -c64 -d60s --latency -s crates/server/bench/search.lua http://127.0.0.1:8080
-- Set FACETS=false to leave out facet counts.

local queries = {}
for line in io.lines(os.getenv("QUERIES") or "dev.queries.tsv") do
  local q = line:match("^[^\t]*\t(.+)$")
  if q then queries[#queries + 1] = q end
end
assert(#queries > 0, "no queries read")

local function encode(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

local facets = os.getenv("FACETS") or "true"
local next_query = 0

function setup(thread)
  -- Threads start at different places in the file.
  thread:set("offset", math.random(#queries))
end

function request()
  next_query = next_query + 1
  local q = queries[((next_query + (offset or 0)) % #queries) + 1]
  return wrk.format("GET", "/api/search?plain=true&facets=" .. facets .. "&q=" .. encode(q))
end

local errors = 0
function response(status)
  if status ~= 200 then errors = errors + 1 end
end
