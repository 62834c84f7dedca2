-- wrk script: POST pre-signed requests, one line each of "timestamp<TAB>signature<TAB>body"
-- (made by bench/wrk.py), each thread taking every Nth line so no request is sent twice.
-- Arguments: <file> <zoom|slack> <threads> [delay ms between a connection's requests]
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end

function init(args)
  local path, kind, threads = args[1], args[2], tonumber(args[3])
  gap = tonumber(args[4] or "0")
  reqs, i = {}, 0
  local n = 0
  for line in io.lines(path) do
    if n % threads == id then
      local ts, sig, body = line:match("^([^\t]*)\t([^\t]*)\t(.*)$")
      local headers
      if kind == "zoom" then
        headers = {["Content-Type"] = "application/json",
                   ["x-zm-request-timestamp"] = ts, ["x-zm-signature"] = sig}
      else
        headers = {["Content-Type"] = "application/x-www-form-urlencoded",
                   ["X-Slack-Request-Timestamp"] = ts, ["X-Slack-Signature"] = sig}
      end
      reqs[#reqs + 1] = wrk.format("POST", nil, headers, body)
    end
    n = n + 1
  end
end

function request()
  i = i + 1
  if i > #reqs then i = 1 end -- only after every line was sent: size the file to the run
  return reqs[i]
end

function delay()
  return gap
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "non_2xx": %d, "socket_errors": %d, ' ..
    '"p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d}\n',
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
