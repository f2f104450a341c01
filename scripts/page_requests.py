"""Signed-in page requests for scripts/check-abandoned.sh, on loopback.

  page_requests.py drop PORT COOKIE HOME N: N requests, 64 at a time, each
      dropped after 0-20 ms (every tenth when its answer begins); prints how
      many were answered in part.
  page_requests.py whole PORT COOKIE HOME N: N pages, 32 at a time, read to
      the end; fails unless each answers 200 with a text of its own data.
"""
import asyncio, collections, random, sys, time

mode, port, cookie, home, total = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], int(sys.argv[5])
# Each page with a text of its own data (the demo account's), which only the
# part of the page that waits for the data renders.
PAGES = {home: b"Account type", home + "/settings/partner/profile": b"Company legal name",
         home + "/users": b"chloe@contoso.example", home + "/settings/partner/locations": b"Paris headquarters",
         home + "/settings/partner/locations/add": b"location[name]",
         home + "/settings/partner/activity": b"Filter the log", home + "/programs": b"Cloud Solution Provider"}


async def send(page, version):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write((f"GET {page} HTTP/{version}\r\nHost: 127.0.0.1\r\nCookie: {cookie}\r\n"
                  "Accept: text/html\r\nConnection: close\r\n\r\n").encode())
    await writer.drain()
    return reader, writer


async def run(concurrency, one):
    """Calls one(n) for n = 1..total, `concurrency` at a time."""
    started = 0

    async def worker():
        nonlocal started
        while started < total:
            started += 1
            await one(started)

    await asyncio.gather(*(worker() for _ in range(concurrency)))


async def drop():
    answered = 0

    async def one(n):
        nonlocal answered
        patient = n % 10 == 0
        try:
            reader, writer = await send(random.choice(list(PAGES)), "1.1")
            try:
                if await asyncio.wait_for(reader.read(1), timeout=10 if patient else random.random() * 0.02):
                    answered += 1
            except asyncio.TimeoutError:
                pass
            writer.transport.abort()
        except OSError:
            pass

    start = time.time()
    await run(64, one)
    print(f"{total} requests dropped in {time.time() - start:.1f} s, {answered} after their first byte",
          file=sys.stderr)
    print(answered)


async def whole():
    wrong = collections.Counter()

    async def one(_):
        page = random.choice(list(PAGES))
        # HTTP/1.0: the answer comes whole, not in chunks that may cut a text.
        reader, writer = await send(page, "1.0")
        answer = await asyncio.wait_for(reader.read(), timeout=30)
        writer.close()
        status = answer.split(b" ", 2)[1].decode() if answer.startswith(b"HTTP/") else "none"
        if status != "200":
            wrong[f"{page} answered {status}"] += 1
        elif PAGES[page] not in answer:
            wrong[f"{page} answered without its page"] += 1

    start = time.time()
    await run(32, one)
    print(f"{total} pages in {time.time() - start:.1f} s, {sum(wrong.values())} wrong (expected 0)")
    for what, count in wrong.most_common():
        print(f"  {count} × {what}")
    sys.exit(1 if wrong else 0)


asyncio.run(drop() if mode == "drop" else whole())
