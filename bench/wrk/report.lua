-- Prints one line, "RESULT {json}", that bench/public.py reads: wrk's counts and
-- latency percentiles (microseconds), then each thread's "LOG" lines if any.
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'RESULT {"requests": %d, "duration_us": %d, "connect_errors": %d, ' ..
    '"read_errors": %d, "write_errors": %d, "status_errors": %d, ' ..
    '"timeouts": %d, "latency_us": {"p50": %d, "p90": %d, "p99": %d, ' ..
    '"mean": %.1f, "max": %d}}\n',
    summary.requests, summary.duration, errors.connect, errors.read,
    errors.write, errors.status, errors.timeout, latency:percentile(50),
    latency:percentile(90), latency:percentile(99), latency.mean, latency.max))
  for _, thread in ipairs(threads) do
    local log = thread:get("log")
    if log then
      for _, line in ipairs(log) do
        io.write("LOG " .. line .. "\n")
      end
    end
  end
end
