-- Votes by signed-in members, one connection per thread: each thread has its own
-- voters and sends one request at a time, so a member never has two votes in
-- flight, and no (voter, entry) pair is ever sent twice. Arguments: the voters
-- file ("index sessionid csrftoken" a line), the entries file (one public id a
-- line) and the number of threads. Every answer is logged as
-- "voter:entry:status" (indexes into the two files) for the count afterwards.

local function read_lines(path)
  local lines = {}
  for line in io.lines(path) do
    table.insert(lines, line)
  end
  return lines
end

function init(args)
  local all = read_lines(args[1])
  local threads = tonumber(args[3])
  entries = read_lines(args[2])
  voters = {}
  for position, line in ipairs(all) do
    if (position - 1) % threads == id then
      local index, session, token = line:match("^(%d+) (%S+) (%S+)$")
      table.insert(voters, {index = tonumber(index), session = session, token = token})
    end
  end
  stride = math.floor(#entries / #all)
  sent = 0
  log = {}
end

function request()
  local voter = voters[sent % #voters + 1]
  local round = math.floor(sent / #voters)
  if round >= #entries then
    error("a voter has voted for every entry: give the run more entries")
  end
  local entry = (voter.index * stride + round) % #entries
  sent = sent + 1
  pending = voter.index .. ":" .. entry
  return wrk.format("POST", "/entries/" .. entries[entry + 1] .. "/vote/", {
    ["Cookie"] = "sessionid=" .. voter.session .. "; csrftoken=" .. voter.token,
    ["X-CSRFToken"] = voter.token,
    ["Accept"] = "application/json",
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }, "action=cast")
end

function response(status, headers, body)
  table.insert(log, pending .. ":" .. status)
end
