import dns from 'node:dns';
import net, { type LookupFunction } from 'node:net';
import { performance } from 'node:perf_hooks';
import ipaddr from 'ipaddr.js';
import { Agent, buildConnector, fetch } from 'undici';

/**
 * Outbound HTTP calls made on a user's behalf (custom HTTP schedules), with
 * the server-side request forgery guard they need.
 *
 * Every address a call connects to is checked against the policy at the
 * moment of connecting: host names are resolved by our own lookup, which
 * refuses the connection when any address they resolve to is not public
 * (loopback, private, link-local with the cloud metadata address, CGNAT,
 * multicast, reserved, IPv4 in IPv6 forms of these, ...), unless the
 * operator's allow-list (OUTBOUND_ALLOW) opens it. The socket then connects
 * only to the addresses that lookup returned, so a name cannot resolve to
 * one address for the check and another for the connection. Literal
 * addresses in URLs are checked before any connection is tried. Redirects
 * are followed by hand, each hop through the same guard.
 *
 * Nothing here logs a header or a body: they may hold secrets.
 */

type Address = ipaddr.IPv4 | ipaddr.IPv6;

/** The methods a call may use. */
export const OUTBOUND_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'] as const;
export type OutboundMethod = (typeof OUTBOUND_METHODS)[number];
/** Methods that may carry a body. */
export const OUTBOUND_BODY_METHODS: readonly OutboundMethod[] = ['POST', 'PUT', 'PATCH', 'DELETE'];
/** How much of an answer a result keeps. */
export const OUTBOUND_BODY_START_BYTES = 2000;
/** Redirects followed before a call gives up. */
export const OUTBOUND_MAX_REDIRECTS = 5;
export const OUTBOUND_MIN_TIMEOUT_MS = 100;
export const OUTBOUND_MAX_TIMEOUT_MS = 60_000;
/** Largest request body, in UTF-8 bytes. */
export const OUTBOUND_MAX_BODY_BYTES = 64 * 1024;
export const OUTBOUND_MAX_URL_LENGTH = 2048;
export const OUTBOUND_MAX_HEADERS = 50;
export const OUTBOUND_MAX_HEADER_VALUE_LENGTH = 8192;

/** One address range the operator opened. */
export interface OutboundRange {
  /** As written in canonical form, e.g. `10.0.0.0/8`, `::1/128`. */
  readonly cidr: string;
  readonly network: Address;
  readonly prefixLength: number;
}

/** The parsed OUTBOUND_ALLOW: what calls may reach beyond public addresses. */
export interface OutboundPolicy {
  /** Address ranges opened: an address inside one is allowed. */
  readonly ranges: readonly OutboundRange[];
  /** Host names opened whatever they resolve to, in lower case without a final dot. */
  readonly hosts: readonly string[];
  /** Suffixes of host names opened (`*.example.com` gives `.example.com`): any name below it, not the name itself. */
  readonly hostSuffixes: readonly string[];
}

export interface OutboundRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | null;
  timeoutMs: number;
}

export interface OutboundResult {
  /** The call got its answer: a status and the start of the body. The expected-status check is the caller's. */
  ok: boolean;
  /** Status of the last answer received; null when the last hop got none. Set with `ok: false` when the body start timed out or redirects ran out. */
  status: number | null;
  durationMs: number;
  /** The first 2,000 bytes of the answer as UTF-8 (a character cut in two reads as U+FFFD); '' for an empty body or HEAD; null without an answer. */
  bodyStart: string | null;
  /** The URL of the last hop tried: the one that answered, or the one refused or failed; null when the request's URL is not one. */
  finalUrl: string | null;
  /** Redirects followed. */
  redirects: number;
  /** What went wrong, in words; null when `ok`. */
  error: string | null;
  /** The policy refused an address, at the start or on a redirect. */
  refused: boolean;
}

/** A problem with one field of a request, named by its dotted path. */
export interface OutboundProblem {
  path: string;
  message: string;
}

/** What validateOutboundRequest reads: the fields as a user gave them. */
export interface OutboundRequestInput {
  method?: string | null;
  url?: string | null;
  /** A map of names to values, or a list of `{ name, value }` (paths `headers.<name>` or `headers.<i>.name`). */
  headers?: Readonly<Record<string, string>> | readonly { readonly name: string; readonly value: string }[] | null;
  /** Headers sent sealed, checked by the same rules under `secretHeaders…` (a name given in both is given twice). */
  secretHeaders?: Readonly<Record<string, string>> | readonly { readonly name: string; readonly value: string }[] | null;
  body?: string | null;
  timeoutMs?: number | null;
}

/** A failure this module words itself; `refused` when the policy refused an address. */
class OutboundFailure extends Error {
  constructor(
    message: string,
    readonly refused = false,
  ) {
    super(message);
    this.name = 'OutboundFailure';
  }
}

// ---------------------------------------------------------------------------
// The allow-list

const HOST_LABEL = /^(?!-)[a-z0-9_-]{1,63}(?<!-)$/;

/**
 * Parses OUTBOUND_ALLOW: comma-separated CIDR ranges (`10.0.0.0/8`,
 * `127.0.0.1/32`, `::1/128`), single addresses (`10.1.2.3`, `fd00::5`) or
 * host names (`vault.internal`, or `*.corp.example.com` for every name below
 * it). Empty or undefined opens nothing. Throws an Error naming the first bad
 * entry.
 */
export function parseOutboundAllow(raw: string | undefined): OutboundPolicy {
  const ranges: OutboundRange[] = [];
  const hosts = new Set<string>();
  const hostSuffixes = new Set<string>();
  for (const piece of (raw ?? '').split(',')) {
    const entry = piece.trim();
    if (entry === '') continue;
    if (entry.includes('/')) {
      const range = parseRange(entry);
      if (!range) throw new Error(`"${entry}" is not a CIDR range (e.g. 10.0.0.0/8, 127.0.0.1/32 or ::1/128)`);
      ranges.push(range);
      continue;
    }
    const address = parseStrictAddress(entry);
    if (address) {
      const prefixLength = address.kind() === 'ipv4' ? 32 : 128;
      ranges.push({ cidr: `${address.toString()}/${prefixLength}`, network: address, prefixLength });
      continue;
    }
    const host = entry.toLowerCase().replace(/\.$/, '');
    const wildcard = host.startsWith('*.');
    const name = wildcard ? host.slice(2) : host;
    if (!isHostName(name)) {
      throw new Error(`"${entry}" is neither an IP address, a CIDR range nor a host name (e.g. api.internal or *.internal.example.com)`);
    }
    if (wildcard) hostSuffixes.add(`.${name}`);
    else hosts.add(name);
  }
  return { ranges, hosts: [...hosts], hostSuffixes: [...hostSuffixes] };
}

/** An address in its usual written form only: four decimal parts for IPv4 (no `10.1`, `0x7f.1`), any IPv6 form without a zone. */
function parseStrictAddress(text: string): Address | null {
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) return ipaddr.IPv4.parse(text);
  if (!text.includes('%') && ipaddr.IPv6.isValid(text)) return ipaddr.IPv6.parse(text);
  return null;
}

function parseRange(text: string): OutboundRange | null {
  const slash = text.indexOf('/');
  const address = parseStrictAddress(text.slice(0, slash));
  const bits = text.slice(slash + 1);
  if (!address || !/^\d{1,3}$/.test(bits)) return null;
  const prefixLength = Number(bits);
  if (prefixLength > (address.kind() === 'ipv4' ? 32 : 128)) return null;
  return { cidr: `${address.toString()}/${prefixLength}`, network: address, prefixLength };
}

/** A DNS name of letters, digits, `-` and `_`, whose last label is not a number (URLs read those as IPv4). */
function isHostName(name: string): boolean {
  if (name.length === 0 || name.length > 253) return false;
  const labels = name.split('.');
  if (!labels.every((label) => HOST_LABEL.test(label))) return false;
  const last = labels[labels.length - 1] ?? '';
  return !/^(\d+|0x[0-9a-f]*)$/.test(last);
}

/** A host name as URLs and lookups give it, for comparing with the allow-list. */
function normalHost(host: string): string {
  return host.toLowerCase().replace(/\.$/, '');
}

function hostAllowed(host: string, policy: OutboundPolicy): boolean {
  const name = normalHost(host);
  return policy.hosts.includes(name) || policy.hostSuffixes.some((suffix) => name.endsWith(suffix));
}

/** The kinds of non-public address, in words. */
const RANGE_WORDS: Record<string, string> = {
  unspecified: 'an unspecified address',
  broadcast: 'the broadcast address',
  multicast: 'a multicast address',
  linkLocal: 'a link-local address',
  loopback: 'a loopback address',
  carrierGradeNat: 'a carrier-grade NAT address',
  private: 'a private address',
  uniqueLocal: 'a private (unique local) address',
  reserved: 'a reserved address',
  benchmarking: 'a benchmarking address',
  rfc6145: 'an IPv4-translated address',
  rfc6052: 'a NAT64 address',
  '6to4': 'a 6to4 address',
  teredo: 'a Teredo address',
  deprecatedSiteLocal: 'a site-local address',
};

const METADATA_ADDRESSES = new Set(['169.254.169.254', 'fd00:ec2::254']);

/**
 * Why the policy refuses to connect to `address` (reached through `host`
 * when given), in words ending with how to allow it; null when it may.
 * Only unicast addresses are allowed by default; anything else must be
 * inside a range of the allow-list, or reached through a host name it opens.
 */
export function outboundRefusal(address: string, policy: OutboundPolicy, host?: string): string | null {
  let parsed: Address;
  try {
    parsed = ipaddr.parse(address);
  } catch {
    return `Refused: ${address} is not an IP address`;
  }
  if (host !== undefined && !net.isIP(host) && hostAllowed(host, policy)) return null;
  // An IPv4 address written in IPv6 form (::ffff:a.b.c.d) is that IPv4 address.
  const plain = parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress() ? (parsed as ipaddr.IPv6).toIPv4Address() : parsed;
  const range = plain.range();
  if (range === 'unicast') return null;
  const candidates = plain === parsed ? [parsed] : [parsed, plain];
  const opened = policy.ranges.some((r) => candidates.some((a) => a.kind() === r.network.kind() && a.match(r.network, r.prefixLength)));
  if (opened) return null;
  const words = METADATA_ADDRESSES.has(plain.toNormalizedString()) || METADATA_ADDRESSES.has(plain.toString())
    ? 'the cloud metadata address'
    : (RANGE_WORDS[range] ?? `a special-purpose address (${range})`);
  const subject = host !== undefined && normalHost(host) !== address ? `${host} resolves to ${address}, ${words}` : `${address} is ${words}`;
  return `Refused: ${subject} (allow it with OUTBOUND_ALLOW)`;
}

// ---------------------------------------------------------------------------
// The guarded connection

/** A lookup that resolves every address of a name and fails unless the policy allows them all. */
function guardedLookup(policy: OutboundPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { all: true, family: options.family, hints: options.hints }, (error, addresses) => {
      if (error) {
        callback(new OutboundFailure(resolveProblem(hostname, error)), '');
        return;
      }
      if (addresses.length === 0) {
        callback(new OutboundFailure(`Could not resolve ${hostname}`), '');
        return;
      }
      for (const { address } of addresses) {
        const refusal = outboundRefusal(address, policy, hostname);
        if (refusal) {
          callback(new OutboundFailure(refusal, true), '');
          return;
        }
      }
      if (options.all) callback(null, addresses);
      else callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}

function resolveProblem(hostname: string, error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ENOTFOUND':
    case 'EAI_NONAME':
    case 'EAI_NODATA':
    case 'ENODATA':
      return `Could not resolve ${hostname}`;
    case 'EAI_AGAIN':
      return `Could not resolve ${hostname} (no answer from DNS)`;
    default:
      return `Could not resolve ${hostname} (${error.code ?? error.message})`;
  }
}

/** Connects through the guarded lookup; a literal address, which no lookup sees, is checked here. */
function guardedConnector(policy: OutboundPolicy, timeoutMs: number): buildConnector.connector {
  const connect = buildConnector({ lookup: guardedLookup(policy), timeout: timeoutMs });
  return (options, callback) => {
    if (net.isIP(options.hostname)) {
      const refusal = outboundRefusal(options.hostname, policy);
      if (refusal) {
        process.nextTick(() => callback(new OutboundFailure(refusal, true), null));
        return;
      }
    }
    connect(options, callback);
  };
}

/** Refuses a literal address in a URL before anything connects (the connector checks again). */
function checkLiteral(url: URL, policy: OutboundPolicy): void {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!net.isIP(host)) return;
  const refusal = outboundRefusal(host, policy);
  if (refusal) throw new OutboundFailure(refusal, true);
}

// ---------------------------------------------------------------------------
// The call

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Headers kept when a redirect leaves the origin: none of them carries credentials. */
const CROSS_ORIGIN_HEADERS = new Set(['accept', 'accept-language', 'accept-encoding', 'content-type', 'content-language', 'user-agent', 'cache-control', 'pragma']);
/** Headers that describe a body, dropped with it when a redirect turns the call into a GET. */
const BODY_HEADERS = new Set(['content-type', 'content-length', 'content-encoding', 'content-language', 'content-location']);

/** A URL a call may go to: http or https, without credentials. Throws OutboundFailure. */
function targetUrl(text: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(text, base);
  } catch {
    throw new OutboundFailure(base ? 'Redirected to an invalid URL' : 'Invalid URL');
  }
  const what = base ? 'Redirected to' : 'The URL is';
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new OutboundFailure(`${what} a ${url.protocol} URL: only http and https are allowed`);
  if (url.username !== '' || url.password !== '') throw new OutboundFailure(`${what} a URL with credentials in it: send them in a header`);
  return url;
}

/**
 * Makes the call: follows up to 5 redirects by hand, each through the
 * policy, and keeps the status and the first 2,000 bytes of the answer.
 * The timeout covers everything, redirects and the body start included.
 * Never throws for a network or policy problem: the result says what went
 * wrong, in words.
 */
export async function callOutbound(request: OutboundRequest, policy: OutboundPolicy): Promise<OutboundResult> {
  const started = performance.now();
  let status: number | null = null;
  let url: URL | null = null;
  let redirects = 0;
  const finish = (fields: Partial<OutboundResult>): OutboundResult => ({
    ok: false,
    status,
    bodyStart: null,
    finalUrl: url?.href ?? null,
    redirects,
    error: null,
    refused: false,
    ...fields,
    durationMs: Math.round(performance.now() - started),
  });

  const timeoutMs = request.timeoutMs;
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1) return finish({ error: 'The timeout must be a positive whole number of milliseconds' });
  const signal = AbortSignal.timeout(timeoutMs);
  const agent = new Agent({ connect: guardedConnector(policy, timeoutMs) });
  let method = request.method.toUpperCase();
  // An empty body is no body, which GET and HEAD require.
  let body = request.body === '' ? null : request.body;
  let headers = Object.entries(request.headers);
  if (!headers.some(([name]) => name.toLowerCase() === 'user-agent')) headers.push(['User-Agent', 'Maestro']);
  try {
    url = targetUrl(request.url);
    for (;;) {
      status = null;
      checkLiteral(url, policy);
      const response = await fetch(url, { method, headers, body, redirect: 'manual', signal, dispatcher: agent });
      status = response.status;
      const location = REDIRECT_STATUSES.has(status) ? response.headers.get('location') : null;
      if (location === null) {
        const bodyStart = await readStart(response);
        return finish({ ok: true, bodyStart });
      }
      await response.body?.cancel().catch(() => undefined);
      if (redirects >= OUTBOUND_MAX_REDIRECTS) throw new OutboundFailure(`Too many redirects (${OUTBOUND_MAX_REDIRECTS})`);
      const next = targetUrl(location, url);
      if ((status === 303 && method !== 'GET' && method !== 'HEAD') || ((status === 301 || status === 302) && method === 'POST')) {
        method = 'GET';
        body = null;
        headers = headers.filter(([name]) => !BODY_HEADERS.has(name.toLowerCase()));
      }
      // Credentials and any header Maestro cannot tell is harmless stay with the origin they were meant for.
      if (next.origin !== url.origin) headers = headers.filter(([name]) => CROSS_ORIGIN_HEADERS.has(name.toLowerCase()));
      redirects += 1;
      url = next;
    }
  } catch (error) {
    const failure = findFailure(error);
    if (failure) return finish({ error: failure.message, refused: failure.refused });
    if (signal.aborted) return finish({ error: `Timed out after ${timeoutMs} ms` });
    return finish({ error: describeError(error, url) });
  } finally {
    await agent.destroy().catch(() => undefined);
  }
}

/** Reads the first bytes of an answer, then stops reading: the rest is never fetched into memory. */
async function readStart(response: Awaited<ReturnType<typeof fetch>>): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < OUTBOUND_BODY_START_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  const bytes = Buffer.concat(chunks).subarray(0, OUTBOUND_BODY_START_BYTES);
  return new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(bytes);
}

/** The OutboundFailure an error was caused by, looking through causes and aggregated errors. */
function findFailure(error: unknown): OutboundFailure | null {
  const seen = new Set<unknown>();
  const queue = [error];
  while (queue.length > 0) {
    const next = queue.shift();
    if (next === null || next === undefined || seen.has(next)) continue;
    seen.add(next);
    if (next instanceof OutboundFailure) return next;
    if (next instanceof AggregateError) queue.push(...(next.errors as unknown[]));
    if (next instanceof Error) queue.push(next.cause);
  }
  return null;
}

/** The innermost cause of a network error, in words: never a stack. */
function describeError(error: unknown, url: URL | null): string {
  let inner: unknown = error;
  while (inner instanceof Error && inner.cause instanceof Error) inner = inner.cause;
  if (inner instanceof AggregateError && inner.errors[0] instanceof Error) inner = inner.errors[0];
  const code = (inner as NodeJS.ErrnoException | null)?.code;
  const where = url?.host ?? 'the server';
  switch (code) {
    case 'ECONNREFUSED':
      return `Connection refused by ${where}`;
    case 'ECONNRESET':
    case 'EPIPE':
      return `The connection to ${where} was reset`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `No route to ${where}`;
    case 'UND_ERR_CONNECT_TIMEOUT':
      return `Timed out connecting to ${where}`;
    case 'UND_ERR_SOCKET':
    case 'UND_ERR_CLOSED':
      return `${where} closed the connection before answering`;
    case 'UND_ERR_HEADERS_OVERFLOW':
      return `The answer's headers from ${where} are too large`;
    default:
      break;
  }
  const message = inner instanceof Error ? inner.message : String(inner);
  const line = (message.split('\n')[0] ?? '').slice(0, 300);
  if (typeof code === 'string' && (code.startsWith('CERT_') || code.startsWith('ERR_TLS_') || code.includes('CERT') || code.includes('SELF_SIGNED'))) {
    return `TLS problem with ${where}: ${line}`;
  }
  return line || 'The call failed';
}

// ---------------------------------------------------------------------------
// Validation of what a user asks for

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** Headers Maestro sets itself from the URL and body, or that steer the connection. */
const RESERVED_HEADERS = new Set(['host', 'content-length', 'transfer-encoding', 'connection', 'keep-alive', 'upgrade', 'te', 'trailer', 'expect', 'proxy-connection']);

/**
 * What is wrong with a request a user asks for, field by field (`method`,
 * `url`, `headers.<name>` or `headers.<i>.name`/`.value`, `body`,
 * `timeoutMs`, each after `prefix.` when given). With a policy, a URL whose
 * host is a literal address the policy refuses is a problem too (names are
 * checked when called, after resolution). Empty when it is right.
 */
export function validateOutboundRequest(
  input: OutboundRequestInput,
  options: { prefix?: string; policy?: OutboundPolicy } = {},
): OutboundProblem[] {
  const problems: OutboundProblem[] = [];
  const at = (path: string) => (options.prefix ? `${options.prefix}.${path}` : path);
  const add = (path: string, message: string) => problems.push({ path: at(path), message });

  const method = input.method ?? '';
  const knownMethod = (OUTBOUND_METHODS as readonly string[]).includes(method);
  if (!knownMethod) add('method', `must be one of ${OUTBOUND_METHODS.join(', ')}`);

  const text = input.url ?? '';
  if (text.trim() === '') add('url', 'is required');
  else if (text.length > OUTBOUND_MAX_URL_LENGTH) add('url', `must be at most ${OUTBOUND_MAX_URL_LENGTH} characters`);
  else {
    let url: URL | null = null;
    try {
      url = new URL(text);
    } catch {
      add('url', 'must be an absolute http:// or https:// URL');
    }
    if (url) {
      if (url.protocol !== 'http:' && url.protocol !== 'https:') add('url', 'must be an http:// or https:// URL');
      else if (url.username !== '' || url.password !== '') add('url', 'must not hold credentials: send them in a header');
      else if (url.hostname === '') add('url', 'must name a host');
      else if (options.policy) {
        const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
        const refusal = net.isIP(host) ? outboundRefusal(host, options.policy) : null;
        if (refusal) add('url', refusal.replace(/^Refused: /, 'is refused: '));
      }
    }
  }

  const headers = input.headers ?? [];
  const listOf = (field: string, given: OutboundRequestInput['headers']) =>
    Array.isArray(given)
      ? given.map((h, i) => ({ name: h.name, value: h.value, namePath: `${field}.${i}.name`, valuePath: `${field}.${i}.value` }))
      : Object.entries((given ?? {}) as Record<string, string>).map(([name, value]) => ({ name, value, namePath: `${field}.${name}`, valuePath: `${field}.${name}` }));
  const list = listOf('headers', headers);
  const secret = listOf('secretHeaders', input.secretHeaders ?? []);
  if (list.length > OUTBOUND_MAX_HEADERS) add('headers', `must hold at most ${OUTBOUND_MAX_HEADERS} headers`);
  if (secret.length > OUTBOUND_MAX_HEADERS) add('secretHeaders', `must hold at most ${OUTBOUND_MAX_HEADERS} headers`);
  const names = new Set<string>();
  for (const { name, value, namePath, valuePath } of [...list, ...secret]) {
    const lower = name.toLowerCase();
    if (!TOKEN.test(name) || name.length > 256) add(namePath, 'must be a header name: letters, digits and !#$%&\'*+-.^_`|~, at most 256');
    else if (RESERVED_HEADERS.has(lower)) add(namePath, `${name} is set by Maestro and cannot be given`);
    else if (names.has(lower)) add(namePath, `${name} is given twice`);
    names.add(lower);
    if (typeof value !== 'string') add(valuePath, 'must be text');
    else if (value.length > OUTBOUND_MAX_HEADER_VALUE_LENGTH) add(valuePath, `must be at most ${OUTBOUND_MAX_HEADER_VALUE_LENGTH} characters`);
    // eslint-disable-next-line no-control-regex
    else if (/[\r\n\u0000]/.test(value)) add(valuePath, 'must not hold line breaks or NUL characters');
    // eslint-disable-next-line no-control-regex
    else if (/[^\u0009\u0020-\u007e\u0080-\u00ff]/.test(value)) add(valuePath, 'may hold only printable Latin-1 characters and tabs');
  }

  const body = input.body ?? '';
  if (body !== '') {
    if (knownMethod && !OUTBOUND_BODY_METHODS.includes(method as OutboundMethod)) add('body', `must be empty for ${method}`);
    else if (Buffer.byteLength(body, 'utf8') > OUTBOUND_MAX_BODY_BYTES) add('body', `must be at most ${OUTBOUND_MAX_BODY_BYTES} bytes`);
  }

  const timeout = input.timeoutMs;
  if (timeout === null || timeout === undefined) add('timeoutMs', 'is required');
  else if (!Number.isInteger(timeout) || timeout < OUTBOUND_MIN_TIMEOUT_MS || timeout > OUTBOUND_MAX_TIMEOUT_MS) {
    add('timeoutMs', `must be a whole number from ${OUTBOUND_MIN_TIMEOUT_MS} to ${OUTBOUND_MAX_TIMEOUT_MS}`);
  }
  return problems;
}
