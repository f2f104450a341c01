#!/usr/bin/env bash
# Abandoned pages (issue 14): many signed-in page requests that the client
# drops before the answer is complete, 64 at a time, as browsers do when a
# user clicks on before a page arrives. A page's render tasks must stop with
# it: one that ran on after its page was dropped could deadlock a worker
# thread (reactive_graph's context lookup; see src/server/request_tasks.rs)
# or render without its contexts. Prints and checks, after ABANDONED
# requests (default 20,000; every tenth is dropped when its answer begins,
# the others after 0-20 ms, answered or not):
#   - a normal page still answers within 5 s;
#   - then WHOLE (default 2,000) pages, 32 at a time, read to the end: each
#     answers 200 with its page's data inside, not an empty frame: a
#     part of a page rendered on the other thread while its data arrived
#     once sent the loading fallback (see `Show` in src/ui/common.rs);
#   - no panic, and no "rendered without a language context" warning, in
#     the server's log;
#   - at least 100 were answered in part (the pages did render);
#   - no thread of the server stuck waiting for a lock (gdb, when it can
#     attach);
#   - the server stops within 10 s of SIGTERM.
# SERVER_BIN=… for another build (default target/release/partner_portal).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
SERVER_BIN="${SERVER_BIN:-./target/release/partner_portal}"
ABANDONED="${ABANDONED:-20000}"
WHOLE="${WHOLE:-2000}"
PORT=3240
dir=$(mktemp -d)
log="$dir/server.log"
# An empty site: no asset is fetched, and the bundle may be building.
mkdir "$dir/site"
SITE_ROOT="$dir/site" RUST_BACKTRACE=${RUST_BACKTRACE:-0} start_demo_server $PORT "sqlite:$dir/check.db?mode=rwc" "$log"
server=$!
trap 'kill -9 $server 2>/dev/null || true; [ -n "${KEEP:-}" ] && cp "$log" /tmp/abandoned-server.log; rm -rf "$dir"' EXIT
# The development build seeds the demo data slowly on a busy machine.
wait_until_up "http://127.0.0.1:$PORT/signin" 600

home=$(sign_in "http://127.0.0.1:$PORT" ana@contoso.example "$dir/jar")
cookie=$(session_cookie "$dir/jar")

echo "== $ABANDONED signed-in page requests, 64 at a time, each dropped after 0-20 ms (every tenth at its first byte)"
answered=$(python3 - "$PORT" "$cookie" "$home" "$ABANDONED" <<'EOF'
import asyncio, random, sys, time

port, cookie, home, total = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
pages = [home, home + "/settings/partner/profile", home + "/users",
         home + "/settings/partner/locations", home + "/settings/partner/activity", home + "/programs"]
done = 0
answered = 0

async def one(patient):
    global answered
    page = random.choice(pages)
    request = (f"GET {page} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {cookie}\r\n"
               "Accept: text/html\r\nConnection: close\r\n\r\n").encode()
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(request)
        await writer.drain()
        try:
            if await asyncio.wait_for(reader.read(1), timeout=10 if patient else random.random() * 0.02):
                answered += 1
        except asyncio.TimeoutError:
            pass
        writer.transport.abort()
    except OSError:
        pass

async def worker():
    global done
    while done < total:
        done += 1
        await one(done % 10 == 0)

async def main():
    start = time.time()
    await asyncio.gather(*(worker() for _ in range(64)))
    print(f"{total} requests dropped in {time.time() - start:.1f} s, {answered} after their first byte",
          file=sys.stderr)
    print(answered)

asyncio.run(main())
EOF
)

failed=0
if [ "$answered" -lt 100 ]; then
  echo "fewer than 100 requests were answered in part: nothing shows the pages rendered"
  failed=1
fi
sleep 1
status=$(curl -s -m 5 -o /dev/null -w '%{http_code}' -b "$dir/jar" -H 'Accept: text/html' "http://127.0.0.1:$PORT$home" || true)
echo "a page afterwards: $status (expected 200)"
[ "$status" = 200 ] || failed=1
echo "== $WHOLE whole signed-in pages, 32 at a time"
python3 - "$PORT" "$cookie" "$home" "$WHOLE" <<'EOF' || failed=1
import asyncio, collections, random, sys, time

port, cookie, home, total = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
# HTTP/1.0: the answer comes whole, not in chunks that may cut a text.
# Each page with a text of its own data (the demo account's), which only the
# part of the page that waits for the data renders.
pages = {home: b"Account type", home + "/settings/partner/profile": b"Company legal name",
         home + "/users": b"chloe@contoso.example", home + "/settings/partner/locations": b"Paris headquarters",
         home + "/settings/partner/locations/add": b"location[name]",
         home + "/settings/partner/activity": b"Filter the log", home + "/programs": b"Cloud Solution Provider"}
done = 0
wrong = collections.Counter()

async def one():
    page = random.choice(list(pages))
    request = (f"GET {page} HTTP/1.0\r\nHost: 127.0.0.1\r\nCookie: {cookie}\r\n"
               "Accept: text/html\r\nConnection: close\r\n\r\n").encode()
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(request)
    answer = await asyncio.wait_for(reader.read(), timeout=30)
    writer.close()
    status = answer.split(b" ", 2)[1].decode() if answer.startswith(b"HTTP/") else "none"
    if status != "200":
        wrong[f"{page} answered {status}"] += 1
    elif pages[page] not in answer:
        wrong[f"{page} answered without its page"] += 1

async def worker():
    global done
    while done < total:
        done += 1
        await one()

async def main():
    start = time.time()
    await asyncio.gather(*(worker() for _ in range(32)))
    print(f"{total} pages in {time.time() - start:.1f} s, {sum(wrong.values())} wrong (expected 0)")
    for what, count in wrong.most_common():
        print(f"  {count} × {what}")
    sys.exit(1 if wrong else 0)

asyncio.run(main())
EOF
panics=$(grep -c panicked "$log" || true)
contextless=$(grep -c "without a language context" "$log" || true)
echo "panics logged: $panics, texts rendered without their page's context: $contextless (expected 0 and 0)"
if [ "$panics" != 0 ] || [ "$contextless" != 0 ]; then
  failed=1
  grep -A1 panicked "$log" | grep -v "^--" | sed -E 's/\(ThreadId\([0-9]+\)\)//; s/thread .[^ ]*. //' | sort | uniq -c | sort -rn | head -6
fi
if command -v gdb >/dev/null; then
  stacks=$(gdb -p $server -batch -ex 'thread apply all bt 40' 2>/dev/null || true)
  if echo "$stacks" | grep -q "^Thread "; then
    stuck=$(echo "$stacks" | grep -c "write_contended\|read_contended" || true)
    echo "threads waiting for a lock: $stuck (expected 0)"
    [ "$stuck" = 0 ] || failed=1
  else
    echo "threads waiting for a lock: not checked (gdb could not attach)"
  fi
fi
kill -TERM $server
for _ in $(seq 50); do kill -0 $server 2>/dev/null || break; sleep 0.2; done
if kill -0 $server 2>/dev/null; then
  echo "the server was still running 10 s after SIGTERM"
  failed=1
else
  echo "the server stopped on SIGTERM"
fi
[ $failed = 0 ] && echo "PASS" || { echo "FAIL"; exit 1; }
