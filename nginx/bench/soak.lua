-- soak.lua — wrk script for nginx/bench/soak.py: each thread sends a fixed number of requests
-- spread over the stack's endpoints, then stops.
--
--   wrk -t<T> -c<C> -d<bound> -s soak.lua <https://host:port> -- <plan.lua> <quota per thread> <done file>
--
-- plan.lua (written by soak.py) returns
--   { cycle = { {method=, path=, headers={...}} or "webhook", ... },
--     webhooks = { {headers={...}, body=...}, ... }, webhook_path = "/api/webhooks/openphone" }
-- The cycle is repeated; each "webhook" slot sends the thread's next signed delivery (thread k
-- takes deliveries k+1, k+1+T, …, so every event id is sent once).
--
-- wrk itself runs for its -d duration whatever the threads do: a thread that reached its quota
-- appends a line to the done file, and soak.py interrupts wrk (SIGINT, after which wrk reports
-- as usual) once every thread has. After wrk's human report, one machine-readable line:
--
--   SOAK requests=<n> rps=<req/s> p50_ms= p90_ms= p99_ms= ok=<2xx> other=<non-2xx> webhooks=<sent> errors=<socket errors>

local threads = {}

function setup(thread)
  thread:set("index", #threads)
  table.insert(threads, thread)
end

local cycle = {}          -- prebuilt request strings; false marks a webhook slot
local webhooks = {}       -- this thread's prebuilt deliveries
local position, next_webhook = 0, 1
local quota, done_file
responses, ok, other, sent_webhooks = 0, 0, 0, 0   -- globals: read by done() through thread:get

function init(args)
  local plan = dofile(args[1])
  quota = tonumber(args[2])
  done_file = args[3]
  for _, entry in ipairs(plan.cycle) do
    if entry == "webhook" then
      table.insert(cycle, false)
    else
      table.insert(cycle, wrk.format(entry.method, entry.path, entry.headers))
    end
  end
  local count = tonumber(args[4])
  for i = index + 1, #plan.webhooks, count do
    local delivery = plan.webhooks[i]
    table.insert(webhooks, wrk.format("POST", plan.webhook_path, delivery.headers, delivery.body))
  end
end

function request()
  position = position % #cycle + 1
  local prepared = cycle[position]
  if prepared then return prepared end
  -- soak.py signs more deliveries than a thread can send; should they run out, the cycle's
  -- next GET goes instead of a repeated event id.
  if next_webhook > #webhooks then return cycle[position % #cycle + 1] or cycle[1] end
  sent_webhooks = sent_webhooks + 1
  next_webhook = next_webhook + 1
  return webhooks[next_webhook - 1]
end

function response(status, headers, body)
  responses = responses + 1
  if status >= 200 and status < 300 then ok = ok + 1 else other = other + 1 end
  if responses == quota then
    local file = io.open(done_file, "a")
    file:write("done\n")
    file:close()
    wrk.thread:stop()
  end
end

done = function(summary, latency, requests)
  local totals = { ok = 0, other = 0, webhooks = 0 }
  for _, thread in ipairs(threads) do
    totals.ok = totals.ok + thread:get("ok")
    totals.other = totals.other + thread:get("other")
    totals.webhooks = totals.webhooks + thread:get("sent_webhooks")
  end
  local e = summary.errors
  io.write(string.format(
    "SOAK requests=%d rps=%.1f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f ok=%d other=%d webhooks=%d errors=%d\n",
    summary.requests, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    totals.ok, totals.other, totals.webhooks, e.connect + e.read + e.write + e.timeout))
end
