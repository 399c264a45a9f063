-- wrk script for bench/serve-load.sh: POSTs the request bodies of BODIES (one JSON object per line) in turn.
local bodies = {}
local n = 0
local file = os.getenv("BODIES")
for line in io.lines(file) do
  n = n + 1
  bodies[n] = line
end
local i = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

request = function()
  i = i % n + 1
  return wrk.format(nil, nil, nil, bodies[i])
end

