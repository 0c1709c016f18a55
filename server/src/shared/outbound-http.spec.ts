import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  callOutbound,
  outboundRefusal,
  parseOutboundAllow,
  validateOutboundRequest,
  type OutboundRequest,
} from './outbound-http.js';

interface Seen {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

interface TestServer {
  port: number;
  /** http://127.0.0.1:<port> */
  origin: string;
  requests: Seen[];
  /** TCP connections accepted, whether or not a request followed. */
  connections: number;
}

type Handler = (req: IncomingMessage, res: ServerResponse, seen: Seen) => void;

const open: Server[] = [];

afterEach(async () => {
  const servers = open.splice(0);
  await Promise.all(
    servers.map(
      (server) =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    ),
  );
});

/** A real HTTP server on 127.0.0.1 that records what reaches it, then lets `handler` answer once the request body is in. */
async function serve(handler: Handler): Promise<TestServer> {
  const state: TestServer = { port: 0, origin: '', requests: [], connections: 0 };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const seen: Seen = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      state.requests.push(seen);
      handler(req, res, seen);
    });
  });
  server.on('connection', () => {
    state.connections += 1;
  });
  open.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.port = (server.address() as AddressInfo).port;
  state.origin = `http://127.0.0.1:${state.port}`;
  return state;
}

/** A port nothing listens on: taken from a server that is closed again. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const text = (body: string, status = 200): Handler => (_req, res) => {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(body);
};

const redirect = (location: string, status = 302): Handler => (_req, res) => {
  res.writeHead(status, { location });
  res.end();
};

const get = (url: string, extra: Partial<OutboundRequest> = {}): OutboundRequest => ({ method: 'GET', url, headers: {}, body: null, timeoutMs: 5000, ...extra });

const NOTHING = parseOutboundAllow(undefined);
const LOOPBACK4 = parseOutboundAllow('127.0.0.1/32');

describe('callOutbound refuses what is not public by default', () => {
  it('refuses 127.0.0.1 before connecting: the server never sees a connection', async () => {
    const server = await serve(text('secret'));
    const result = await callOutbound(get(`${server.origin}/`), NOTHING);
    expect(result).toMatchObject({
      ok: false,
      status: null,
      bodyStart: null,
      refused: true,
      redirects: 0,
      finalUrl: `${server.origin}/`,
      error: 'Refused: 127.0.0.1 is a loopback address (allow it with OUTBOUND_ALLOW)',
    });
    expect(server.connections).toBe(0);
    expect(server.requests).toHaveLength(0);
  });

  it('refuses localhost after resolving it to a loopback address', async () => {
    const server = await serve(text('secret'));
    const result = await callOutbound(get(`http://localhost:${server.port}/`), NOTHING);
    expect(result.refused).toBe(true);
    expect(result.error).toMatch(/^Refused: localhost resolves to (127\.0\.0\.1|::1), a loopback address \(allow it with OUTBOUND_ALLOW\)$/);
    expect(server.connections).toBe(0);
  });

  it('refuses other ways of writing loopback: ::1, IPv4 in IPv6 form, a decimal number', async () => {
    const server = await serve(text('secret'));
    const ipv6 = await callOutbound(get(`http://[::1]:${server.port}/`), NOTHING);
    expect(ipv6).toMatchObject({ refused: true, error: 'Refused: ::1 is a loopback address (allow it with OUTBOUND_ALLOW)' });
    const mapped = await callOutbound(get(`http://[::ffff:127.0.0.1]:${server.port}/`), NOTHING);
    expect(mapped.refused).toBe(true);
    expect(mapped.error).toMatch(/is a loopback address/);
    const decimal = await callOutbound(get(`http://2130706433:${server.port}/`), NOTHING);
    expect(decimal).toMatchObject({ refused: true, error: 'Refused: 127.0.0.1 is a loopback address (allow it with OUTBOUND_ALLOW)' });
    expect(server.connections).toBe(0);
  });

  it('refuses the cloud metadata address and private addresses without sending anything', async () => {
    const metadata = await callOutbound(get('http://169.254.169.254/latest/meta-data/', { timeoutMs: 60_000 }), NOTHING);
    expect(metadata).toMatchObject({ refused: true, error: 'Refused: 169.254.169.254 is the cloud metadata address (allow it with OUTBOUND_ALLOW)' });
    // Refused before any connection is tried: far sooner than any network timeout.
    expect(metadata.durationMs).toBeLessThan(1000);
    const ipv6Metadata = await callOutbound(get('http://[fd00:ec2::254]/latest/meta-data/'), NOTHING);
    expect(ipv6Metadata).toMatchObject({ refused: true, error: 'Refused: fd00:ec2::254 is the cloud metadata address (allow it with OUTBOUND_ALLOW)' });
    const privateAddress = await callOutbound(get('http://10.1.2.3/', { timeoutMs: 60_000 }), NOTHING);
    expect(privateAddress).toMatchObject({ refused: true, error: 'Refused: 10.1.2.3 is a private address (allow it with OUTBOUND_ALLOW)' });
    expect(privateAddress.durationMs).toBeLessThan(1000);
  });

  it('names each kind of address it refuses, and allows public unicast ones', () => {
    const cases: [string, string][] = [
      ['127.0.0.53', 'a loopback address'],
      ['0.0.0.0', 'an unspecified address'],
      ['::', 'an unspecified address'],
      ['169.254.10.1', 'a link-local address'],
      ['fe80::1', 'a link-local address'],
      ['10.0.0.5', 'a private address'],
      ['172.16.4.4', 'a private address'],
      ['192.168.1.1', 'a private address'],
      ['fc00::1', 'a private (unique local) address'],
      ['100.64.0.1', 'a carrier-grade NAT address'],
      ['224.0.0.1', 'a multicast address'],
      ['ff02::1', 'a multicast address'],
      ['255.255.255.255', 'the broadcast address'],
      ['240.0.0.1', 'a reserved address'],
      ['::ffff:10.0.0.5', 'a private address'],
      ['::ffff:169.254.169.254', 'the cloud metadata address'],
      ['64:ff9b::a00:5', 'a NAT64 address'],
      ['2002:a00:5::1', 'a 6to4 address'],
    ];
    for (const [address, words] of cases) {
      expect(outboundRefusal(address, NOTHING), address).toBe(`Refused: ${address} is ${words} (allow it with OUTBOUND_ALLOW)`);
    }
    expect(outboundRefusal('93.184.216.34', NOTHING)).toBeNull();
    expect(outboundRefusal('2606:4700::6810:85e5', NOTHING)).toBeNull();
  });

  it('calls only http and https URLs without credentials in them', async () => {
    expect(await callOutbound(get('ftp://example.com/file'), NOTHING)).toMatchObject({
      ok: false,
      refused: false,
      error: 'The URL is a ftp: URL: only http and https are allowed',
    });
    expect((await callOutbound(get('http://user:pass@example.com/'), NOTHING)).error).toMatch(/credentials/);
    expect(await callOutbound(get('not a url'), NOTHING)).toMatchObject({ ok: false, error: 'Invalid URL', finalUrl: null });
  });
});

describe('callOutbound where the allow-list opens 127.0.0.1', () => {
  it('gets the status, the start of the body and the duration', async () => {
    const server = await serve(text('hello from the server'));
    const result = await callOutbound(get(`${server.origin}/status`), LOOPBACK4);
    expect(result).toMatchObject({
      ok: true,
      status: 200,
      bodyStart: 'hello from the server',
      finalUrl: `${server.origin}/status`,
      redirects: 0,
      error: null,
      refused: false,
    });
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]!.headers['user-agent']).toBe('Maestro');
  });

  it('keeps only the first 2,000 bytes of a 2 MB answer', async () => {
    const big = 'abcdefghijklmnopqrstuvwxyz0123456789'.repeat(Math.ceil((2 * 1024 * 1024) / 36)).slice(0, 2 * 1024 * 1024);
    const server = await serve(text(big));
    const result = await callOutbound(get(`${server.origin}/big`), LOOPBACK4);
    expect(result.ok).toBe(true);
    expect(result.bodyStart).toBe(big.slice(0, 2000));
  });

  it('stops reading once it has the start: an answer that never ends still returns', async () => {
    let closed!: () => void;
    const responseClosed = new Promise<void>((resolve) => (closed = resolve));
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.on('close', closed);
      const chunk = 'x'.repeat(1024);
      const pump = (): void => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once('drain', pump);
      };
      pump();
    });
    const result = await callOutbound(get(`${server.origin}/endless`, { timeoutMs: 20_000 }), LOOPBACK4);
    expect(result).toMatchObject({ ok: true, status: 200, error: null });
    expect(result.bodyStart).toBe('x'.repeat(2000));
    // The connection is let go, so the server's endless answer ends.
    await responseClosed;
    expect(server.requests).toHaveLength(1);
  });

  it('decodes the start as UTF-8, a character cut in two becoming U+FFFD', async () => {
    const server = await serve(text(`a${'é'.repeat(1500)}`));
    const result = await callOutbound(get(`${server.origin}/`), LOOPBACK4);
    expect(result.bodyStart).toBe(`a${'é'.repeat(999)}\uFFFD`);
  });

  it('sends a POST with its body and headers as given', async () => {
    const server = await serve(text('created', 201));
    const payload = JSON.stringify({ name: 'web-01', tags: ['a', 'b'] });
    const result = await callOutbound(
      {
        method: 'POST',
        url: `${server.origin}/items?x=1`,
        headers: { 'Content-Type': 'application/json', 'X-Token': 'tok-123', Authorization: 'Bearer abc' },
        body: payload,
        timeoutMs: 5000,
      },
      LOOPBACK4,
    );
    expect(result).toMatchObject({ ok: true, status: 201, bodyStart: 'created' });
    const seen = server.requests[0]!;
    expect(seen.method).toBe('POST');
    expect(seen.path).toBe('/items?x=1');
    expect(seen.body).toBe(payload);
    expect(seen.headers['content-type']).toBe('application/json');
    expect(seen.headers['x-token']).toBe('tok-123');
    expect(seen.headers.authorization).toBe('Bearer abc');
  });

  it('reports a 500 as an answer: ok with status 500', async () => {
    const server = await serve(text('boom', 500));
    expect(await callOutbound(get(`${server.origin}/`), LOOPBACK4)).toMatchObject({ ok: true, status: 500, bodyStart: 'boom', error: null });
  });

  it('answers a HEAD with an empty body start', async () => {
    const server = await serve(text('not sent for HEAD'));
    const result = await callOutbound(get(`${server.origin}/`, { method: 'HEAD' }), LOOPBACK4);
    expect(result).toMatchObject({ ok: true, status: 200, bodyStart: '' });
    expect(server.requests[0]!.method).toBe('HEAD');
  });

  it('times out on a server that never answers', async () => {
    const server = await serve(() => undefined);
    const result = await callOutbound(get(`${server.origin}/slow`, { timeoutMs: 300 }), LOOPBACK4);
    expect(result).toMatchObject({ ok: false, status: null, bodyStart: null, refused: false, error: 'Timed out after 300 ms' });
    expect(result.durationMs).toBeGreaterThanOrEqual(250);
    expect(server.requests).toHaveLength(1);
  });

  it('times out while reading the start of a body that stalls, keeping the status', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('partial');
    });
    const result = await callOutbound(get(`${server.origin}/stall`, { timeoutMs: 300 }), LOOPBACK4);
    expect(result).toMatchObject({ ok: false, status: 200, error: 'Timed out after 300 ms' });
  });

  it('says so when nothing listens', async () => {
    const port = await closedPort();
    const result = await callOutbound(get(`http://127.0.0.1:${port}/`), LOOPBACK4);
    expect(result).toMatchObject({ ok: false, status: null, refused: false, error: `Connection refused by 127.0.0.1:${port}` });
  });
});

describe('callOutbound follows redirects through the same guard', () => {
  it('follows a redirect to another allowed path', async () => {
    const server = await serve((req, res, seen) => (seen.path === '/start' ? redirect('/end')(req, res, seen) : text('the end')(req, res, seen)));
    const result = await callOutbound(get(`${server.origin}/start`), LOOPBACK4);
    expect(result).toMatchObject({ ok: true, status: 200, bodyStart: 'the end', redirects: 1, finalUrl: `${server.origin}/end` });
    expect(server.requests.map((r) => r.path)).toEqual(['/start', '/end']);
  });

  it('refuses a redirect to an address the policy does not open, and never reaches it', async () => {
    const target = await serve(text('internal'));
    const start = await serve(redirect(`http://127.0.0.1:${target.port}/admin`));
    // Only the name localhost is opened, not the address 127.0.0.1.
    const result = await callOutbound(get(`http://localhost:${start.port}/`), parseOutboundAllow('localhost'));
    expect(result).toMatchObject({
      ok: false,
      status: null,
      refused: true,
      redirects: 1,
      finalUrl: `http://127.0.0.1:${target.port}/admin`,
      error: 'Refused: 127.0.0.1 is a loopback address (allow it with OUTBOUND_ALLOW)',
    });
    expect(start.requests).toHaveLength(1);
    expect(target.connections).toBe(0);
    expect(target.requests).toHaveLength(0);
  });

  it('gives up after 5 redirects', async () => {
    const server = await serve((req, res, seen) => redirect(`/hop/${Number(seen.path.split('/')[2] ?? 0) + 1}`)(req, res, seen));
    const result = await callOutbound(get(`${server.origin}/hop/0`), LOOPBACK4);
    expect(result).toMatchObject({ ok: false, status: 302, redirects: 5, error: 'Too many redirects (5)', refused: false, finalUrl: `${server.origin}/hop/5` });
    expect(server.requests).toHaveLength(6);
  });

  it('keeps credentials within their origin: Authorization and custom headers are not sent to another', async () => {
    const other = await serve(text('other origin'));
    const first = await serve((req, res, seen) =>
      seen.path === '/one' ? redirect('/two')(req, res, seen) : redirect(`${other.origin}/three`, 307)(req, res, seen),
    );
    const result = await callOutbound(
      get(`${first.origin}/one`, { headers: { Authorization: 'Bearer secret', 'X-Api-Key': 'k-1', Cookie: 'sid=1', Accept: 'text/plain' } }),
      LOOPBACK4,
    );
    expect(result).toMatchObject({ ok: true, status: 200, bodyStart: 'other origin', redirects: 2 });
    // The same origin keeps them.
    expect(first.requests[1]!.headers).toMatchObject({ authorization: 'Bearer secret', 'x-api-key': 'k-1', cookie: 'sid=1' });
    const sent = other.requests[0]!.headers;
    expect(sent.authorization).toBeUndefined();
    expect(sent['x-api-key']).toBeUndefined();
    expect(sent.cookie).toBeUndefined();
    expect(sent.accept).toBe('text/plain');
  });

  it('turns a POST into a GET without body on 303 and on 302, and keeps it on 307 and 308', async () => {
    for (const [status, method, body] of [
      [303, 'GET', ''],
      [302, 'GET', ''],
      [301, 'GET', ''],
      [307, 'POST', 'payload'],
      [308, 'POST', 'payload'],
    ] as const) {
      const server = await serve((req, res, seen) => (seen.path === '/in' ? redirect('/out', status)(req, res, seen) : text('ok')(req, res, seen)));
      const result = await callOutbound(
        { method: 'POST', url: `${server.origin}/in`, headers: { 'Content-Type': 'text/plain' }, body: 'payload', timeoutMs: 5000 },
        LOOPBACK4,
      );
      expect(result, String(status)).toMatchObject({ ok: true, status: 200, redirects: 1 });
      const out = server.requests[1]!;
      expect(out.method, String(status)).toBe(method);
      expect(out.body, String(status)).toBe(body);
      expect(out.headers['content-type'], String(status)).toBe(body ? 'text/plain' : undefined);
    }
  });

  it('refuses a redirect to another scheme', async () => {
    const server = await serve(redirect('file:///etc/passwd'));
    const result = await callOutbound(get(`${server.origin}/`), LOOPBACK4);
    expect(result).toMatchObject({ ok: false, refused: false, redirects: 0, error: 'Redirected to a file: URL: only http and https are allowed' });
  });
});

describe('parseOutboundAllow', () => {
  it('opens nothing when empty or unset', () => {
    for (const raw of [undefined, '', ' , ']) {
      expect(parseOutboundAllow(raw)).toEqual({ ranges: [], hosts: [], hostSuffixes: [] });
    }
  });

  it('reads ranges, single addresses and host names', () => {
    const policy = parseOutboundAllow(' 10.0.0.0/8, 127.0.0.1/32,::1/128, 192.168.1.5, fd00::5, Vault.Internal., *.corp.example.com ');
    expect(policy.ranges.map((r) => r.cidr)).toEqual(['10.0.0.0/8', '127.0.0.1/32', '::1/128', '192.168.1.5/32', 'fd00::5/128']);
    expect(policy.hosts).toEqual(['vault.internal']);
    expect(policy.hostSuffixes).toEqual(['.corp.example.com']);
  });

  it('rejects a bad entry, naming it', () => {
    for (const entry of ['10.0.0.0/33', '::1/129', '10.0.0.0/x', '300.1.1.1', '10.1', 'not a host', 'http://x.example.com', '*.', '-bad.example.com', 'fe80::1%eth0']) {
      expect(() => parseOutboundAllow(`127.0.0.1/32, ${entry}`), entry).toThrow(`"${entry}"`);
    }
  });

  it('opens addresses inside its ranges, in either IPv4 form', () => {
    const policy = parseOutboundAllow('10.0.0.0/8, ::1/128');
    expect(outboundRefusal('10.1.2.3', policy)).toBeNull();
    expect(outboundRefusal('::ffff:10.1.2.3', policy)).toBeNull();
    expect(outboundRefusal('::1', policy)).toBeNull();
    expect(outboundRefusal('192.168.0.1', policy)).toMatch(/private/);
    expect(outboundRefusal('127.0.0.1', policy)).toMatch(/loopback/);
  });

  it('opens host names exactly, or every name below a *. pattern', () => {
    const policy = parseOutboundAllow('vault.internal, *.example.com');
    expect(outboundRefusal('10.0.0.1', policy, 'vault.internal')).toBeNull();
    expect(outboundRefusal('10.0.0.1', policy, 'VAULT.internal.')).toBeNull();
    expect(outboundRefusal('10.0.0.1', policy, 'x.vault.internal')).toMatch(/^Refused: x\.vault\.internal resolves to 10\.0\.0\.1, a private address/);
    expect(outboundRefusal('10.0.0.1', policy, 'api.example.com')).toBeNull();
    expect(outboundRefusal('10.0.0.1', policy, 'a.b.example.com')).toBeNull();
    expect(outboundRefusal('10.0.0.1', policy, 'example.com')).toMatch(/^Refused/);
    expect(outboundRefusal('10.0.0.1', policy, 'badexample.com')).toMatch(/^Refused/);
    // A name entry never opens the address itself.
    expect(outboundRefusal('10.0.0.1', policy)).toMatch(/^Refused/);
  });
});

describe('validateOutboundRequest', () => {
  const good = { method: 'POST', url: 'https://api.example.com/hook', headers: { 'Content-Type': 'application/json' }, body: '{}', timeoutMs: 5000 };

  it('accepts a good request', () => {
    expect(validateOutboundRequest(good)).toEqual([]);
    expect(validateOutboundRequest({ ...good, method: 'GET', body: null, headers: [{ name: 'Accept', value: 'text/plain' }] })).toEqual([]);
  });

  it('names every bad field by its path', () => {
    const problems = validateOutboundRequest(
      {
        method: 'TRACE',
        url: 'ftp://example.com/',
        headers: { 'Bad Name': 'x', 'X-Ok': 'line\nbreak', Host: 'evil.example.com' },
        body: 'x',
        timeoutMs: 50,
      },
      { prefix: 'input' },
    );
    expect(problems.map((p) => p.path)).toEqual(['input.method', 'input.url', 'input.headers.Bad Name', 'input.headers.X-Ok', 'input.headers.Host', 'input.timeoutMs']);
  });

  it('checks the URL: absolute, http(s), no credentials', () => {
    expect(validateOutboundRequest({ ...good, url: '/relative' })).toEqual([{ path: 'url', message: 'must be an absolute http:// or https:// URL' }]);
    expect(validateOutboundRequest({ ...good, url: 'https://u:p@example.com/' })[0]?.path).toBe('url');
    expect(validateOutboundRequest({ ...good, url: '' })).toEqual([{ path: 'url', message: 'is required' }]);
  });

  it('refuses a literal address the policy refuses, when given one', () => {
    expect(validateOutboundRequest({ ...good, url: 'http://169.254.169.254/' }, { policy: NOTHING })).toEqual([
      { path: 'url', message: 'is refused: 169.254.169.254 is the cloud metadata address (allow it with OUTBOUND_ALLOW)' },
    ]);
    expect(validateOutboundRequest({ ...good, url: 'http://10.0.0.5/' }, { policy: parseOutboundAllow('10.0.0.0/8') })).toEqual([]);
  });

  it('takes a body only with methods that carry one', () => {
    expect(validateOutboundRequest({ ...good, method: 'GET' })).toEqual([{ path: 'body', message: 'must be empty for GET' }]);
    expect(validateOutboundRequest({ ...good, method: 'HEAD', body: '' })).toEqual([]);
    expect(validateOutboundRequest({ ...good, body: 'x'.repeat(64 * 1024 + 1) })[0]?.path).toBe('body');
  });

  it('names header list entries by index, and duplicates', () => {
    const problems = validateOutboundRequest({
      ...good,
      headers: [
        { name: 'X-One', value: 'a' },
        { name: 'x-one', value: 'b' },
        { name: 'X-Two', value: 'snow\u2603man' },
      ],
    });
    expect(problems).toEqual([
      { path: 'headers.1.name', message: 'x-one is given twice' },
      { path: 'headers.2.value', message: 'may hold only printable Latin-1 characters and tabs' },
    ]);
  });

  it('keeps the timeout between 100 ms and a minute', () => {
    expect(validateOutboundRequest({ ...good, timeoutMs: 100 })).toEqual([]);
    expect(validateOutboundRequest({ ...good, timeoutMs: 60_000 })).toEqual([]);
    expect(validateOutboundRequest({ ...good, timeoutMs: 60_001 })[0]?.path).toBe('timeoutMs');
    expect(validateOutboundRequest({ ...good, timeoutMs: 1.5 })[0]?.path).toBe('timeoutMs');
    expect(validateOutboundRequest({ ...good, timeoutMs: null })).toEqual([{ path: 'timeoutMs', message: 'is required' }]);
  });
});
