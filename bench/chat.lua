-- wrk script: POST a chat completion; BENCH_STREAM=1 asks for a stream, BENCH_KEY adds the tenant key.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local key = os.getenv("BENCH_KEY")
if key and key ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. key
end
if os.getenv("BENCH_STREAM") == "1" then
  wrk.body = '{"model":"bench","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"Say hello in twenty words."}]}'
else
  wrk.body = '{"model":"bench","messages":[{"role":"user","content":"Say hello in twenty words."}]}'
end
