-- wrk script: cycle through the request paths listed in a file (one per line), each thread
-- from its own offset, and count answers by status class (printed as "LUA {json}").
--   wrk -t2 -s paths.lua http://127.0.0.1:8000/ -- paths.txt 2
local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

function init(args)
  paths = {}
  for line in io.lines(args[1]) do
    if #line > 0 then paths[#paths + 1] = line end
  end
  -- each thread its own share of the list (args[2]: how many threads): a cold run stays
  -- cold, no URL asked twice, until the threads have used their shares up
  local n = tonumber(args[2] or "8")
  i = math.floor((#paths / n) * ((id - 1) % n))
  s2, s3, s4, s5 = 0, 0, 0, 0
end

function request()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end

function response(status, headers, body)
  if status >= 500 then s5 = s5 + 1
  elseif status >= 400 then s4 = s4 + 1
  elseif status >= 300 then s3 = s3 + 1
  else s2 = s2 + 1 end
end

function done(summary, latency, requests)
  local t = {s2 = 0, s3 = 0, s4 = 0, s5 = 0}
  for _, thread in ipairs(threads) do
    for k, _ in pairs(t) do t[k] = t[k] + (thread:get(k) or 0) end
  end
  io.write(string.format('LUA {"2xx": %d, "3xx": %d, "4xx": %d, "5xx": %d}\n', t.s2, t.s3, t.s4, t.s5))
end
