-- report.lua — wrk script for nginx/bench/run: adds one machine-readable line
-- after wrk's normal (human) report:
--
--   BENCH rps=<req/s> p50_ms=<ms> p90_ms=<ms> p99_ms=<ms> requests=<n> non2xx=<n> errors=<n> connect=<n> read=<n> write=<n> timeout=<n>
--
-- non2xx is wrk's `errors.status`: responses with HTTP status >= 400 (wrk does
-- not count 3xx; the bench script checks each target answers 200 with curl
-- before measuring). errors = connect + read + write + timeout socket errors.
-- No request()/response() hooks on purpose: defining response() makes wrk run
-- Lua per response, which would slow the load generator itself.

done = function(summary, latency, requests)
  local e = summary.errors
  local secs = summary.duration / 1e6 -- duration is in microseconds
  local sockerr = e.connect + e.read + e.write + e.timeout
  io.write(string.format(
    "BENCH rps=%.1f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f requests=%d non2xx=%d errors=%d connect=%d read=%d write=%d timeout=%d\n",
    summary.requests / secs,
    latency:percentile(50) / 1000,
    latency:percentile(90) / 1000,
    latency:percentile(99) / 1000,
    summary.requests, e.status, sockerr,
    e.connect, e.read, e.write, e.timeout))
end
