// Where minified files, source maps and original sources come from: an `ArtifactStore`.
// `MemoryStore` holds uploaded artifacts; `HttpStore` fetches them, but only from allowed
// origins. (The filesystem store, `DirectoryStore`, is Node-only: sourcemap-wasm/node.)
// Runs in browsers too: no `node:` imports, only fetch, URL, TextDecoder.

import { findDebugId, stripXssiPrefix } from './locate.js';
import { artifactKey, findMapDebugId, normalizeDebugId } from './matching.js';

/** One stored file: a minified file, a source map or an original source. */
export interface Artifact {
  /** The URL it is stored under (may be a `~/path` URL). */
  url: string;
  bytes: Uint8Array;
  /** HTTP headers that came with it, names in lower case (`sourcemap`, `x-sourcemap`, ...). */
  headers?: Record<string, string>;
  /** Its debug ID, when the store knows it. */
  debugId?: string;
}

export type ArtifactKind = 'source' | 'sourcemap';

export interface ArtifactStore {
  /** The artifact stored under exactly this URL (the caller tries candidates in turn), or null. */
  get(url: string): Promise<Artifact | null>;
  /** The minified file (`source`) or the map (`sourcemap`) with this debug ID, or null. */
  getByDebugId?(debugId: string, kind: ArtifactKind): Promise<Artifact | null>;
}

export type ArtifactErrorCode =
  | 'ORIGIN_NOT_ALLOWED'
  | 'REDIRECT_NOT_ALLOWED'
  | 'TOO_MANY_REDIRECTS'
  | 'TIMEOUT'
  | 'TOO_LARGE'
  | 'HTTP_ERROR'
  | 'NETWORK_ERROR'
  | 'FORBIDDEN_PATH';

/** Why a store refused or failed to fetch an artifact (a missing one is `null`, not an error). */
export class ArtifactError extends Error {
  readonly code: ArtifactErrorCode;
  readonly url: string;

  constructor(code: ArtifactErrorCode, url: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ArtifactError';
    this.code = code;
    this.url = url;
  }
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function lowerCaseHeaders(headers: Record<string, string> | undefined): Record<string, string> | undefined {
  if (!headers) return undefined;
  const lower: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) lower[name.toLowerCase()] = value;
  return lower;
}

/** The debug ID an artifact declares: `//# debugId=` near the end of a file, `debugId` in a map. */
export function debugIdOf(bytes: Uint8Array, kind: ArtifactKind): string | null {
  if (kind === 'sourcemap') return findMapDebugId(decoder.decode(bytes));
  // `//# debugId=<uuid>` is among the last lines: the tail is enough.
  return findDebugId(decoder.decode(bytes.subarray(Math.max(0, bytes.length - 4096))));
}

function looksLikeMap(url: string, bytes: Uint8Array): boolean {
  if (/\.map(?:[?#]|$)/.test(url)) return true;
  if (/\.(?:[mc]?js|jsx|css|wasm)(?:[?#]|$)/.test(url)) return false;
  const start = decoder.decode(bytes.subarray(0, 16)).replace(/^\uFEFF/, '').trimStart();
  return start.startsWith('{') || start.startsWith(")]}'");
}

export interface MemoryStoreEntry {
  content: Uint8Array | string;
  headers?: Record<string, string>;
  /** The debug ID; read from the content (`//# debugId=`, `debugId`) when not given. */
  debugId?: string;
  /** Whether it is a map or a minified file; guessed from the URL (`.map`) and content when not given. */
  kind?: ArtifactKind;
}

/** Artifacts held in memory, as an uploader would have stored them (full or `~/` URLs). */
export class MemoryStore implements ArtifactStore {
  readonly #byUrl = new Map<string, Artifact>();
  readonly #byDebugId = new Map<string, Artifact>();

  /**
   * Stores a file under a URL (`https://cdn.example.com/app.js`, `~/static/app.js` ...).
   * Debug IDs in the content (`//# debugId=` in a minified file, `debugId` in a map) are
   * indexed too. Returns the store, so calls chain.
   */
  add(url: string, content: Uint8Array | string, headers?: Record<string, string>): this {
    return this.addEntry(url, { content, headers });
  }

  /** Stores a file with explicit metadata (debug ID, kind, headers). */
  addEntry(url: string, entry: MemoryStoreEntry): this {
    const bytes = typeof entry.content === 'string' ? encoder.encode(entry.content) : entry.content;
    const kind = entry.kind ?? (looksLikeMap(url, bytes) ? 'sourcemap' : 'source');
    const debugId = normalizeDebugId(entry.debugId) ?? debugIdOf(bytes, kind);
    const artifact: Artifact = { url, bytes };
    const headers = lowerCaseHeaders(entry.headers);
    if (headers) artifact.headers = headers;
    if (debugId) artifact.debugId = debugId;
    this.#byUrl.set(artifactKey(url), artifact);
    if (debugId) this.#byDebugId.set(`${kind}:${debugId}`, artifact);
    return this;
  }

  /** Stores a file by debug ID only (as uploads with debug IDs need no URL). */
  addByDebugId(debugId: string, kind: ArtifactKind, content: Uint8Array | string, url = `debug-id://${kind}/${debugId}`): this {
    const id = normalizeDebugId(debugId);
    if (!id) throw new TypeError(`Not a debug ID (a UUID): ${JSON.stringify(debugId)}`);
    const bytes = typeof content === 'string' ? encoder.encode(content) : content;
    this.#byDebugId.set(`${kind}:${id}`, { url, bytes, debugId: id });
    return this;
  }

  async get(url: string): Promise<Artifact | null> {
    return this.#byUrl.get(artifactKey(url)) ?? null;
  }

  async getByDebugId(debugId: string, kind: ArtifactKind): Promise<Artifact | null> {
    const id = normalizeDebugId(debugId);
    return id ? this.#byDebugId.get(`${kind}:${id}`) ?? null : null;
  }

  /** Number of URLs stored. */
  get size(): number {
    return this.#byUrl.size;
  }
}

/** Tries several stores in turn; the first that has the artifact answers. */
export class ChainStore implements ArtifactStore {
  readonly #stores: readonly ArtifactStore[];

  constructor(stores: readonly ArtifactStore[]) {
    this.#stores = stores;
  }

  async get(url: string): Promise<Artifact | null> {
    let failure: unknown;
    for (const store of this.#stores) {
      try {
        const found = await store.get(url);
        if (found) return found;
      } catch (error) {
        failure ??= error;
      }
    }
    if (failure !== undefined) throw failure;
    return null;
  }

  async getByDebugId(debugId: string, kind: ArtifactKind): Promise<Artifact | null> {
    for (const store of this.#stores) {
      const found = await store.getByDebugId?.(debugId, kind);
      if (found) return found;
    }
    return null;
  }
}

export interface HttpStoreOptions {
  /**
   * Origins that may be fetched, e.g. `['https://cdn.example.com']`. Nothing else is: an
   * empty list turns the store off. Redirects are followed only within the same origin.
   */
  allowOrigins: readonly string[];
  /** Headers sent with every request, e.g. a security token: `{ 'X-Sentry-Token': '...' }`. */
  headers?: Record<string, string>;
  /** HTTP basic authentication, sent with every request. */
  basicAuth?: { username: string; password: string };
  /** Per artifact, from the request to the body's last byte. Default 10 000 ms. */
  timeoutMs?: number;
  /** The largest body accepted. Default 64 MiB. */
  maxBytes?: number;
  /** Same-origin redirects followed at most. Default 5. */
  maxRedirects?: number;
  /** The fetch to use; the global one by default. */
  fetch?: typeof fetch;
}

export const HTTP_STORE_DEFAULTS = { timeoutMs: 10_000, maxBytes: 64 * 1024 * 1024, maxRedirects: 5 } as const;

/**
 * Fetches artifacts over HTTP(S) from allowed origins only. `~/` URLs cannot be fetched
 * (null). 404 and 410 are null; other failures throw an `ArtifactError`.
 */
export class HttpStore implements ArtifactStore {
  readonly #origins: ReadonlySet<string>;
  readonly #headers: Record<string, string>;
  readonly #timeoutMs: number;
  readonly #maxBytes: number;
  readonly #maxRedirects: number;
  readonly #fetch: typeof fetch | undefined;

  constructor(options: HttpStoreOptions) {
    if (!options || !Array.isArray(options.allowOrigins)) {
      throw new TypeError('HttpStore needs { allowOrigins: [...] }: the origins it may fetch from');
    }
    const origins = new Set<string>();
    for (const origin of options.allowOrigins) {
      const url = typeof origin === 'string' ? parseHttpUrl(origin) : null;
      if (!url) throw new TypeError(`HttpStore: allowOrigins entries must be http(s) origins, not ${JSON.stringify(origin)}`);
      origins.add(url.origin);
    }
    this.#origins = origins;
    this.#headers = { ...options.headers };
    if (options.basicAuth) {
      const { username, password } = options.basicAuth;
      this.#headers.Authorization = `Basic ${base64(`${username}:${password}`)}`;
    }
    this.#timeoutMs = positive('timeoutMs', options.timeoutMs ?? HTTP_STORE_DEFAULTS.timeoutMs);
    this.#maxBytes = positive('maxBytes', options.maxBytes ?? HTTP_STORE_DEFAULTS.maxBytes);
    this.#maxRedirects = positive('maxRedirects', options.maxRedirects ?? HTTP_STORE_DEFAULTS.maxRedirects, true);
    this.#fetch = options.fetch;
  }

  /** Whether a URL may be fetched: http(s) on an allowed origin. */
  allows(url: string): boolean {
    const parsed = parseHttpUrl(url);
    return parsed !== null && this.#origins.has(parsed.origin);
  }

  async get(input: string): Promise<Artifact | null> {
    if (input.startsWith('~')) return null;
    let url = parseHttpUrl(input);
    if (!url) return null; // not http(s): not this store's
    url.hash = '';
    if (!this.#origins.has(url.origin)) {
      const allowed = [...this.#origins].join(', ') || 'none';
      throw new ArtifactError('ORIGIN_NOT_ALLOWED', url.href, `HttpStore: ${url.origin} is not an allowed origin (allowOrigins: ${allowed}); refusing to fetch ${url.href}`);
    }
    const origin = url.origin;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.#timeoutMs);
    const fetchImpl = this.#fetch ?? globalThis.fetch;
    try {
      for (let redirects = 0; ; redirects++) {
        let response: Response;
        try {
          response = await fetchImpl(url.href, {
            headers: this.#headers,
            redirect: 'manual',
            signal: controller.signal,
            credentials: 'omit',
          });
        } catch (error) {
          throw this.#failure(error, controller, url.href);
        }
        if (response.type === 'opaqueredirect') {
          throw new ArtifactError('REDIRECT_NOT_ALLOWED', url.href, `HttpStore: ${url.href} redirects, and this runtime hides where to; redirects cannot be checked, so it is not followed`);
        }
        if (response.status >= 300 && response.status < 400 && response.headers.has('location')) {
          await response.body?.cancel().catch(() => {});
          const location = response.headers.get('location') ?? '';
          const next = parseHttpUrl(location, url.href);
          if (!next || next.origin !== origin) {
            throw new ArtifactError('REDIRECT_NOT_ALLOWED', url.href, `HttpStore: ${url.href} redirects to ${next?.href ?? location}, another origin; only same-origin redirects are followed`);
          }
          if (redirects >= this.#maxRedirects) {
            throw new ArtifactError('TOO_MANY_REDIRECTS', url.href, `HttpStore: more than ${this.#maxRedirects} redirects from ${input}`);
          }
          next.hash = '';
          url = next;
          continue;
        }
        if (response.status === 404 || response.status === 410) {
          await response.body?.cancel().catch(() => {});
          return null;
        }
        if (!response.ok) {
          await response.body?.cancel().catch(() => {});
          throw new ArtifactError('HTTP_ERROR', url.href, `HttpStore: ${url.href} answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`);
        }
        const bytes = await this.#readBody(response, controller, url.href);
        const headers: Record<string, string> = {};
        response.headers.forEach((value, name) => { headers[name.toLowerCase()] = value; });
        return { url: url.href, bytes: stripXssiPrefix(bytes), headers };
      }
    } finally {
      clearTimeout(timer);
    }
  }

  async #readBody(response: Response, controller: AbortController, url: string): Promise<Uint8Array> {
    const tooLarge = (size: string) => new ArtifactError('TOO_LARGE', url, `HttpStore: ${url} is ${size}, over the ${this.#maxBytes}-byte cap (maxBytes)`);
    const declared = Number(response.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > this.#maxBytes) {
      await response.body?.cancel().catch(() => {});
      throw tooLarge(`${declared} bytes`);
    }
    if (!response.body) return new Uint8Array(0);
    const reader = response.body.getReader();
    const chunks: Uint8Array[] = [];
    let total = 0;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        total += value.byteLength;
        if (total > this.#maxBytes) {
          await reader.cancel().catch(() => {});
          throw tooLarge(`more than ${this.#maxBytes} bytes (cut off after ${total})`);
        }
        chunks.push(value);
      }
    } catch (error) {
      if (error instanceof ArtifactError) throw error;
      throw this.#failure(error, controller, url);
    }
    if (chunks.length === 1) return chunks[0];
    const bytes = new Uint8Array(total);
    let at = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, at);
      at += chunk.byteLength;
    }
    return bytes;
  }

  #failure(error: unknown, controller: AbortController, url: string): ArtifactError {
    if (controller.signal.aborted) {
      return new ArtifactError('TIMEOUT', url, `HttpStore: ${url} timed out after ${this.#timeoutMs} ms (timeoutMs)`, { cause: error });
    }
    const message = error instanceof Error ? error.message : String(error);
    return new ArtifactError('NETWORK_ERROR', url, `HttpStore: fetching ${url} failed: ${message}`, { cause: error });
  }
}

function parseHttpUrl(input: string, base?: string): URL | null {
  try {
    const url = new URL(input, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

function positive(name: string, value: number, zero = false): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < (zero ? 0 : 1)) {
    throw new TypeError(`HttpStore: ${name} must be a ${zero ? 'non-negative' : 'positive'} number, not ${String(value)}`);
  }
  return value;
}

function base64(text: string): string {
  let binary = '';
  for (const byte of encoder.encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}
