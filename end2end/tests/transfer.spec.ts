import { expect, test } from './helpers';

// Bytes on the wire: the built assets go out as the build's brotli files,
// pages and server-function answers compressed on the fly; pages name the
// assets under their content's prefix, kept by browsers for a year (their
// plain address is revalidated); pages and answers are never stored.

test('assets, pages and server functions travel compressed', async ({ request }) => {
  for (const [path, limit] of [
    ['/pkg/partner_portal.wasm', 100_000],
    ['/pkg/partner_portal.js', 60_000],
    ['/pkg/partner_portal.css', 30_000],
  ] as const) {
    const response = await request.get(path, { headers: { 'Accept-Encoding': 'br' } });
    expect(response.status(), path).toBe(200);
    const headers = response.headers();
    expect(headers['content-encoding'], path).toBe('br');
    expect(headers['cache-control'], path).toBe('no-cache');
    expect(Number(headers['content-length']), `${path} compressed size`).toBeLessThan(limit);
  }
  const page = await request.get('/signin', { headers: { 'Accept-Encoding': 'br, gzip' } });
  expect(page.headers()['content-encoding']).toBe('br');
  expect(page.headers()['cache-control']).toBe('no-store');
  const named = [...(await page.text()).matchAll(/href="(\/assets\/[0-9a-f]{16}\/pkg\/partner_portal\.(?:js|wasm|css))"/g)].map((m) => m[1]);
  expect(named.map((path) => path.split('.').pop()).sort()).toEqual(['css', 'js', 'wasm']);
  for (const path of named) {
    const response = await request.get(path, { headers: { 'Accept-Encoding': 'br' } });
    expect(response.status(), path).toBe(200);
    expect(response.headers()['content-encoding'], path).toBe('br');
    expect(response.headers()['cache-control'], path).toBe('public, max-age=31536000, immutable');
  }
  const answer = await request.post('/api/directory', {
    headers: { 'Accept-Encoding': 'gzip', 'Content-Type': 'application/x-www-form-urlencoded' },
    data: 'query[words]=&query[industry]=&query[product]=&query[country]=&query[page]=1',
  });
  expect(answer.status()).toBe(200);
  expect(answer.headers()['cache-control']).toBe('no-store');
});

test('the site has an icon and a web app manifest', async ({ request }) => {
  expect((await request.get('/favicon.svg')).status()).toBe(200);
  const manifest = await request.get('/manifest.webmanifest');
  expect(manifest.status()).toBe(200);
  expect((await manifest.json()).name).toBe('Partner Portal');
});

// Pages render on the server; the browser's code is the shell's one island,
// the same file on every page: the head preloads it once, and nothing else.
test("a page's head preloads the one wasm file, once", async ({ request }) => {
  for (const path of ['/signin', '/partners']) {
    const html = await (await request.get(path)).text();
    const head = html.slice(0, html.indexOf('</head>'));
    const preloaded = [...head.matchAll(/<link rel="preload" href="\/assets\/[0-9a-f]+\/pkg\/([^"]+)\.wasm"/g)].map((m) => m[1]);
    expect(preloaded, path).toEqual(['partner_portal']);
    expect(head.match(/<link rel="modulepreload" href="[^"]*"/g), path).toHaveLength(1);
    expect(head, path).toMatch(/<link rel="modulepreload" href="\/assets\/[0-9a-f]+\/pkg\/partner_portal\.js"/);
    expect(html.slice(html.indexOf('</head>')).includes('rel="preload"'), path).toBe(false);
  }
  expect((await request.get('/pkg/__wasm_split_manifest.json')).status()).toBe(404);
});
