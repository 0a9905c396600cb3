-- Steady mixed load for the rolling-restart check: alternates GET /work?ms=50 and POST /db/write?ms=WRITE_MS
-- (environment, default 20).
-- Responses are told apart by their body ("done" or a row id); done() prints one RESULT line.
local threads = {}
local write_path = "/db/write?ms=" .. (os.getenv("WRITE_MS") or "20")

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  acked = {}
  sent = 0
  reads_ok = 0
  writes_ok = 0
  bad_status = 0
end

function request()
  sent = sent + 1
  if sent % 2 == 0 then
    return wrk.format("POST", write_path, {["Content-Length"] = "0"}, "")
  end
  return wrk.format("GET", "/work?ms=50")
end

function response(status, headers, body)
  if status == 200 and body == "done" then
    reads_ok = reads_ok + 1
  elseif status == 200 and string.match(body, "^%s*%d+%s*$") then
    writes_ok = writes_ok + 1
    table.insert(acked, string.match(body, "%d+"))
  else
    bad_status = bad_status + 1
  end
end

function done(summary, latency, requests)
  local r, w, b = 0, 0, 0
  for _, thread in ipairs(threads) do
    r = r + thread:get("reads_ok")
    w = w + thread:get("writes_ok")
    b = b + thread:get("bad_status")
  end
  -- the ids of acknowledged writes, for the harness to look up in the database
  local out = io.open(os.getenv("ACKED_IDS_FILE") or "/dev/null", "w")
  for _, thread in ipairs(threads) do
    local ids = thread:get("acked")
    for _, id in ipairs(ids) do
      out:write(id, "\n")
    end
  end
  out:close()
  local e = summary.errors
  io.write(string.format("RESULT reads_ok=%d writes_ok=%d bad_status=%d connect_errors=%d read_errors=%d write_errors=%d timeouts=%d\n",
    r, w, b, e.connect, e.read, e.write, e.timeout))
end
