-- wrk script: GET one page (KYOEI_BENCH_PAGE) as the fixture's logged-in customers. Each
-- request takes the next session cookie from KYOEI_BENCH_COOKIES, so all of them (10,000
-- in a full run) stay live, and every answer that is not 200 is counted: a session that
-- ran out would get a redirect to the login page, which wrk alone would not call an error.
local cookies = {}
for line in io.lines(os.getenv("KYOEI_BENCH_COOKIES")) do
    if #line > 0 then cookies[#cookies + 1] = line end
end
local page = os.getenv("KYOEI_BENCH_PAGE") or "/menu"
local threads = {}

function setup(thread)
    thread:set("id", #threads)
    table.insert(threads, thread)
end

function init(args)
    counter = (id or 0) * math.floor(#cookies / 2)
    not_ok = 0
end

function request()
    counter = counter % #cookies + 1
    return wrk.format("GET", page, { ["Cookie"] = "kyoei_session=" .. cookies[counter] })
end

function response(status, headers, body)
    if status ~= 200 then not_ok = not_ok + 1 end
end

function done(summary, latency, requests)
    local bad = 0
    for _, thread in ipairs(threads) do bad = bad + (thread:get("not_ok") or 0) end
    local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout + bad
    io.write(string.format(
        '{"ops":%d,"seconds":%.3f,"per_second":%.1f,"errors":%d,"p50_ms":%.3f,"p99_ms":%.3f}\n',
        summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6), errors,
        latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
