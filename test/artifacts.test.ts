// Artifact stores and URL matching: MemoryStore, the `~/` rule, queries and fragments, debug
// IDs, DirectoryStore (url prefixes and path safety) and HttpStore against real local servers.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ArtifactError, ChainStore, HttpStore, MemoryStore, type Artifact, type ArtifactStore,
} from '../src/symbolicate/artifacts.js';
import { artifactKey, candidateUrls, findArtifact, normalizeDebugId, tildeUrl } from '../src/symbolicate/matching.js';
import { Symbolicator } from '../src/symbolicate/symbolicate.js';
import { DirectoryStore } from '../src/node/directory-store.js';
import { encodeMappings } from './vlq.js';

const text = (artifact: Artifact | null) => (artifact ? new TextDecoder().decode(artifact.bytes) : null);
const DEBUG_ID = '85314830-023f-4cf1-a267-535f4e37bb17';
const OTHER_ID = 'c0ffee00-1234-4abc-8def-0123456789ab';

describe('the browser-safe modules', () => {
  it('import nothing from node: under src/symbolicate, directly or through the core', () => {
    // Follows every relative import from the entry point, through the core library.
    const seen = new Set<string>();
    const pending = [new URL('../src/symbolicate/index.ts', import.meta.url).href];
    while (pending.length) {
      const href = pending.pop()!;
      if (seen.has(href)) continue;
      seen.add(href);
      const source = readFileSync(new URL(href), 'utf8');
      expect(source, href).not.toMatch(/\bimport\s*\(/);
      for (const [, specifier] of source.matchAll(/^(?:(?:import|export)\s[^;]*?\bfrom|import)\s*['"]([^'"]+)['"]/gm)) {
        expect(specifier, `${href} imports ${specifier}`).toMatch(/^\.\.?\//);
        pending.push(new URL(specifier.replace(/\.js$/, '.ts'), href).href);
      }
      expect(source, href).not.toMatch(/\brequire\(|\bprocess\.|\bBuffer\b/);
    }
    expect([...seen].some((href) => href.endsWith('/src/symbolicate/symbolicate.ts'))).toBe(true);
    expect([...seen].some((href) => href.endsWith('/src/source-map.ts'))).toBe(true);
    expect([...seen].some((href) => href.endsWith('/src/wasm.ts'))).toBe(true);
  });
});

describe('candidate URLs', () => {
  it('tries the full URL without fragment, then without query, then ~/path with and without query', () => {
    expect(candidateUrls('https://example.com/static/app.js?v=3#main')).toEqual([
      'https://example.com/static/app.js?v=3',
      'https://example.com/static/app.js',
      '~/static/app.js?v=3',
      '~/static/app.js',
    ]);
  });

  it('removes duplicates when there is no query', () => {
    expect(candidateUrls('https://example.com/app.js')).toEqual(['https://example.com/app.js', '~/app.js']);
  });

  it('normalizes URLs as the URL parser does (host case, dot segments)', () => {
    expect(candidateUrls('HTTPS://Example.COM/a/../static/./app.js')).toEqual(['https://example.com/static/app.js', '~/static/app.js']);
  });

  it('tries absolute file paths as file: URLs, on any host as ~/path', () => {
    expect(candidateUrls('/srv/app/dist/main.js')).toEqual(['file:///srv/app/dist/main.js', '~/srv/app/dist/main.js']);
    expect(candidateUrls('C:\\app\\main.js')).toEqual(['file:///C:/app/main.js', '~/C:/app/main.js']);
  });

  it('applies the tilde rule to any scheme with a path (app://, webpack://)', () => {
    expect(candidateUrls('app:///main.js')).toEqual(['app:///main.js', '~/main.js']);
    expect(tildeUrl('webpack://my-app/src/a.ts')).toBe('~/src/a.ts');
  });

  it('keeps ~/ and relative URLs as written, without fragment, then without query', () => {
    expect(candidateUrls('~/static/app.js?v=1#x')).toEqual(['~/static/app.js?v=1', '~/static/app.js']);
    expect(candidateUrls('static/app.js')).toEqual(['static/app.js']);
  });

  it('has no ~/ form for URLs without a path', () => {
    expect(candidateUrls('node:internal/process/task_queues')).toEqual(['node:internal/process/task_queues']);
    expect(tildeUrl('data:application/json,{}')).toBeNull();
  });

  it('files artifacts under the same normalized key', () => {
    expect(artifactKey('https://EXAMPLE.com/x/../app.js#frag')).toBe('https://example.com/app.js');
    expect(artifactKey('~/app.js#frag')).toBe('~/app.js');
  });
});

describe('MemoryStore', () => {
  it('stores strings and bytes, with headers (names in lower case)', async () => {
    const store = new MemoryStore()
      .add('https://example.com/app.js', 'code', { SourceMap: 'app.js.map' })
      .add('~/lib.js', new Uint8Array([0x6c, 0x69, 0x62]));
    const app = await store.get('https://example.com/app.js');
    expect(text(app)).toBe('code');
    expect(app?.headers).toEqual({ sourcemap: 'app.js.map' });
    expect(text(await store.get('~/lib.js'))).toBe('lib');
    expect(await store.get('https://example.com/other.js')).toBeNull();
    expect(store.size).toBe(2);
  });

  it('ignores fragments, keeps queries distinct', async () => {
    const store = new MemoryStore().add('https://example.com/app.js?v=1', 'v1').add('https://example.com/app.js', 'plain');
    expect(text(await store.get('https://example.com/app.js?v=1#frag'))).toBe('v1');
    expect(text(await store.get('https://example.com/app.js#frag'))).toBe('plain');
  });

  it('finds an artifact uploaded under ~/ from any scheme and host', async () => {
    const store = new MemoryStore().add('~/static/app.js', 'tilde');
    for (const url of ['https://example.com/static/app.js', 'http://localhost:8080/static/app.js?v=2#x', 'file:///static/app.js']) {
      const found = await findArtifact(store, url);
      expect(text(found.artifact), url).toBe('tilde');
      expect(found.matched).toMatch(/^~\/static\/app\.js/);
    }
    expect((await findArtifact(store, 'https://example.com/other/app.js')).artifact).toBeNull();
  });

  it('prefers a full-URL upload over a ~/ one, and a query match over none', async () => {
    const store = new MemoryStore()
      .add('~/static/app.js', 'tilde')
      .add('https://example.com/static/app.js', 'full')
      .add('~/static/app.js?v=2', 'tilde with query');
    expect((await findArtifact(store, 'https://example.com/static/app.js')).matched).toBe('https://example.com/static/app.js');
    expect(text((await findArtifact(store, 'https://example.com/static/app.js?v=2')).artifact)).toBe('full');
    expect(text((await findArtifact(store, 'https://cdn.example.com/static/app.js?v=2')).artifact)).toBe('tilde with query');
    expect(text((await findArtifact(store, 'https://cdn.example.com/static/app.js?v=9')).artifact)).toBe('tilde');
  });

  it('indexes debug IDs read from minified files and maps', async () => {
    const store = new MemoryStore()
      .add('~/app.js', `console.log(1);\n//# debugId=${DEBUG_ID.toUpperCase()}\n//# sourceMappingURL=app.js.map\n`)
      .add('~/app.js.map', JSON.stringify({ version: 3, sources: [], names: [], mappings: '', debugId: DEBUG_ID }))
      .add('~/old.js.map', JSON.stringify({ version: 3, sources: [], names: [], mappings: '', debug_id: OTHER_ID }));
    expect((await store.getByDebugId(DEBUG_ID, 'source'))?.url).toBe('~/app.js');
    expect((await store.getByDebugId(DEBUG_ID.toUpperCase(), 'sourcemap'))?.url).toBe('~/app.js.map');
    expect((await store.getByDebugId(OTHER_ID, 'sourcemap'))?.url).toBe('~/old.js.map');
    expect(await store.getByDebugId(OTHER_ID, 'source')).toBeNull();
    expect((await store.get('~/app.js'))?.debugId).toBe(DEBUG_ID);
  });

  it('stores artifacts by debug ID alone', async () => {
    const store = new MemoryStore().addByDebugId(`{${DEBUG_ID.replaceAll('-', '')}}`, 'sourcemap', '{}');
    expect(text(await store.getByDebugId(DEBUG_ID, 'sourcemap'))).toBe('{}');
    expect(() => new MemoryStore().addByDebugId('not-a-uuid', 'source', '')).toThrow(/Not a debug ID/);
  });

  it('normalizes debug IDs', () => {
    expect(normalizeDebugId('85314830023F4CF1A267535F4E37BB17')).toBe(DEBUG_ID);
    expect(normalizeDebugId(' 85314830-023F-4CF1-A267-535F4E37BB17 ')).toBe(DEBUG_ID);
    expect(normalizeDebugId('nope')).toBeNull();
    expect(normalizeDebugId(undefined)).toBeNull();
  });

  it('ChainStore asks each store in turn', async () => {
    const failing: ArtifactStore = { get: async () => { throw new Error('down'); } };
    const chain = new ChainStore([failing, new MemoryStore().add('~/a.js', 'a')]);
    expect(text(await chain.get('~/a.js'))).toBe('a');
    await expect(chain.get('~/b.js')).rejects.toThrow('down');
  });
});

describe('DirectoryStore', () => {
  let temp: string;
  let root: string;
  let secret: string;
  const SECRET = 'TOP-SECRET-CONTENT';

  beforeAll(() => {
    temp = mkdtempSync(join(tmpdir(), 'sourcemap-wasm-dir-'));
    root = join(temp, 'dist');
    mkdirSync(join(root, 'js', 'chunks'), { recursive: true });
    mkdirSync(join(temp, 'outside'));
    secret = join(temp, 'secret.txt');
    writeFileSync(secret, SECRET);
    writeFileSync(join(temp, 'outside', 'secret.js'), `${SECRET}\n//# debugId=${OTHER_ID}\n`);
    writeFileSync(join(root, 'js', 'app.js'), `console.log(1);\n//# debugId=${DEBUG_ID}\n//# sourceMappingURL=app.js.map\n`);
    writeFileSync(join(root, 'js', 'app.js.map'), JSON.stringify({ version: 3, sources: ['../src/a.ts'], names: [], mappings: 'AAAA', debugId: DEBUG_ID }));
    writeFileSync(join(root, 'js', 'chunks', 'with space.js'), 'chunk');
    // Links: one to a file outside, one to a directory outside, one that stays inside.
    symlinkSync(secret, join(root, 'js', 'leak.js'));
    symlinkSync(join(temp, 'outside'), join(root, 'js', 'outside-dir'));
    symlinkSync(join(root, 'js', 'app.js'), join(root, 'js', 'alias.js'));
  });

  afterAll(() => rmSync(temp, { recursive: true, force: true }));

  it('serves files under --url-prefix (~/ prefix: any host)', async () => {
    const store = new DirectoryStore({ root, urlPrefix: '~/static/' });
    expect(store.urlPrefix).toBe('~/static');
    expect(text(await store.get('~/static/js/app.js'))).toMatch(/^console\.log/);
    expect(await store.get('~/other/js/app.js')).toBeNull();
    expect(await store.get('~/static/js/missing.js')).toBeNull();
    expect(await store.get('~/static/js')).toBeNull(); // a directory
    const found = await findArtifact(store, 'https://example.com/static/js/app.js?v=1#x');
    expect(found.matched).toBe('~/static/js/app.js');
    expect(text((await findArtifact(store, 'https://example.com/static/js/chunks/with%20space.js')).artifact)).toBe('chunk');
    expect(store.urlFor('js/chunks/with space.js')).toBe('~/static/js/chunks/with%20space.js');
  });

  it('serves files under a full URL prefix, and file: URLs under the root', async () => {
    const cdn = new DirectoryStore({ root, urlPrefix: 'https://cdn.example.com/assets' });
    expect(text(await cdn.get('https://cdn.example.com/assets/js/chunks/with%20space.js'))).toBe('chunk');
    expect(await cdn.get('https://evil.example.com/assets/js/app.js')).toBeNull();
    const files = new DirectoryStore({ root, urlPrefix: pathToFileURL(root).href });
    expect(text(await files.get(pathToFileURL(join(root, 'js', 'chunks', 'with space.js')).href))).toBe('chunk');
    expect(text(await files.get(join(root, 'js', 'chunks', 'with space.js')))).toBe('chunk'); // a path
    expect(text(await new DirectoryStore({ root }).get('~/js/chunks/with%20space.js'))).toBe('chunk');
  });

  it('follows links that stay inside the root', async () => {
    const store = new DirectoryStore({ root, urlPrefix: '~/' });
    expect(text(await store.get('~/js/alias.js'))).toMatch(/^console\.log/);
  });

  it('finds files by the debug IDs they declare, never through links out of the root', async () => {
    const store = new DirectoryStore({ root, urlPrefix: '~/static' });
    const source = await store.getByDebugId(DEBUG_ID.toUpperCase(), 'source');
    expect(source?.url).toMatch(/^~\/static\/js\/(app|alias)\.js$/);
    expect(source?.debugId).toBe(DEBUG_ID);
    expect((await store.getByDebugId(DEBUG_ID, 'sourcemap'))?.url).toBe('~/static/js/app.js.map');
    expect(await store.getByDebugId(OTHER_ID, 'source')).toBeNull(); // only reachable through outside-dir
    expect(await store.getByDebugId('not-an-id', 'source')).toBeNull();
  });

  // Every attack resolves to null or a FORBIDDEN_PATH error, never to the secret.
  async function attempt(store: ArtifactStore, url: string): Promise<string> {
    try {
      const artifact = await store.get(url);
      if (artifact === null) return 'null';
      const content = text(artifact) ?? '';
      return content.includes(SECRET) ? `LEAKED ${url}` : `served ${artifact.url}`;
    } catch (error) {
      expect(error, url).toBeInstanceOf(ArtifactError);
      expect((error as ArtifactError).code, url).toBe('FORBIDDEN_PATH');
      return 'refused';
    }
  }

  it.each([
    ['dot segments', '~/static/../secret.txt'],
    ['dot segments under the prefix', '~/static/js/../../../secret.txt'],
    ['encoded dot segments', '~/static/%2e%2e/secret.txt'],
    ['encoded dot segments (mixed case)', '~/static/js/%2E%2e/%2e%2E/%2e%2e/secret.txt'],
    ['an encoded slash', '~/static/..%2f..%2fsecret.txt'],
    ['an encoded backslash', '~/static/..%5c..%5csecret.txt'],
    ['backslashes', '~/static/js\\..\\..\\..\\secret.txt'],
    ['an encoded NUL', '~/static/js/app.js%00.map'],
    ['an absolute path', '/etc/passwd'],
    ['the secret by absolute path', 'SECRET_PATH'],
    ['a file: URL', 'file:///etc/passwd'],
    ['the secret by file: URL', 'SECRET_URL'],
    ['a drive letter', '~/static/C:/Windows/win.ini'],
    ['a link to a file outside', '~/static/js/leak.js'],
    ['a link to a directory outside', '~/static/js/outside-dir/secret.js'],
    ['double-encoded dot segments', '~/static/%252e%252e/secret.txt'],
    ['a scheme-relative URL', '//evil.example.com/static/js/app.js'],
  ])('never reads outside the root: %s', async (_, input) => {
    const url = input === 'SECRET_PATH' ? secret : input === 'SECRET_URL' ? pathToFileURL(secret).href : input;
    const store = new DirectoryStore({ root, urlPrefix: '~/static' });
    expect(['null', 'refused']).toContain(await attempt(store, url));
    // With the prefix at the root of every host, and at the root's own file: URL.
    expect(['null', 'refused']).toContain(await attempt(new DirectoryStore({ root, urlPrefix: '~/' }), url.replace('~/static/', '~/')));
    const fileStore = new DirectoryStore({ root, urlPrefix: pathToFileURL(root).href });
    expect(['null', 'refused']).toContain(await attempt(fileStore, url.replace('~/static/', `${pathToFileURL(root).href}/`)));
  });

  it('refuses links out of the root with a clear error', async () => {
    const store = new DirectoryStore({ root, urlPrefix: '~/static' });
    await expect(store.get('~/static/js/leak.js')).rejects.toThrow(/outside the root/);
    await expect(store.get('~/static/..%2fsecret.txt')).rejects.toMatchObject({ code: 'FORBIDDEN_PATH' });
  });

  it("never reads outside the root for a map's sources (context lines)", async () => {
    // A map whose sources point outside the root, without sourcesContent: the symbolicator
    // asks the store for each source, and must get nothing.
    const code = 'a();b();c();d();\n//# sourceMappingURL=evil.js.map\n';
    const sources = ['../../secret.txt', secret, pathToFileURL(secret).href, '%2e%2e/%2e%2e/secret.txt'];
    writeFileSync(join(root, 'js', 'evil.js'), code);
    writeFileSync(join(root, 'js', 'evil.js.map'), JSON.stringify({
      version: 3, sources, names: [],
      mappings: encodeMappings([[[0, 0, 0, 0], [4, 1, 0, 0], [8, 2, 0, 0], [12, 3, 0, 0]]]),
    }));
    for (const urlPrefix of ['~/static', pathToFileURL(root).href]) {
      const directory = new DirectoryStore({ root, urlPrefix });
      const asked: string[] = [];
      const store: ArtifactStore = { get: (url) => { asked.push(url); return directory.get(url); } };
      const frameUrl = urlPrefix.startsWith('~') ? 'https://example.com/static/js/evil.js' : `${urlPrefix}/js/evil.js`;
      const frames = await new Symbolicator({ store }).symbolicate([0, 4, 8, 12].map((column) => ({
        function: null, abs_path: frameUrl, lineno: 1, colno: column + 1,
      })));
      expect(frames).toHaveLength(4);
      for (const frame of frames) {
        expect(frame.unresolved).toBeUndefined();
        expect(JSON.stringify(frame)).not.toContain(SECRET);
        expect(frame).not.toHaveProperty('context_line');
      }
      // The symbolicator did ask for each source; the store gave nothing.
      expect(asked).toContain(urlPrefix.startsWith('~') ? 'https://example.com/secret.txt' : pathToFileURL(secret).href);
      expect(asked).toContain(`~${pathToFileURL(secret).pathname}`);
    }
  });

  it('needs a root', () => {
    expect(() => new DirectoryStore({ root: '' })).toThrow(/root/);
  });
});

// Two local servers: A is the allowed origin, B another origin (another port).
describe('HttpStore', () => {
  let serverA: Server;
  let serverB: Server;
  let originA: string;
  let originB: string;
  const hitsB: string[] = [];
  const hanging: ServerResponse[] = [];
  const TOKEN = 'sntrys_test_token';
  const MAP = JSON.stringify({ version: 3, sources: ['a.ts'], names: [], mappings: 'AAAA' });

  function handleA(request: IncomingMessage, response: ServerResponse): void {
    const path = request.url ?? '/';
    if (path.startsWith('/token/') && request.headers['x-sentry-token'] !== TOKEN) {
      response.writeHead(401).end('missing token');
      return;
    }
    switch (path) {
      case '/token/app.js':
        response.writeHead(200, { 'Content-Type': 'text/javascript', SourceMap: 'app.js.map' }).end('console.log("app");');
        return;
      case '/basic/app.js': {
        const expected = `Basic ${Buffer.from('uploader:pa:ss word').toString('base64')}`;
        response.writeHead(request.headers.authorization === expected ? 200 : 401).end('basic ok');
        return;
      }
      case '/redirect-same':
        response.writeHead(302, { Location: '/redirected/app.js' }).end();
        return;
      case '/redirected/app.js':
        response.writeHead(200).end('after redirect');
        return;
      case '/redirect-other':
        response.writeHead(301, { Location: `${originB}/app.js` }).end();
        return;
      case '/redirect-loop':
        response.writeHead(307, { Location: '/redirect-loop' }).end();
        return;
      case '/big': { // 2 MiB, chunked: no Content-Length to refuse it early
        response.writeHead(200, { 'Content-Type': 'application/json' });
        const chunk = Buffer.alloc(64 * 1024, 0x61);
        let sent = 0;
        const pump = () => {
          while (sent < 32) {
            sent++;
            if (!response.write(chunk)) {
              response.once('drain', pump);
              return;
            }
          }
          response.end();
        };
        response.on('error', () => {});
        pump();
        return;
      }
      case '/big-declared':
        response.writeHead(200, { 'Content-Length': String(4 * 1024 * 1024) });
        response.on('error', () => {});
        response.write(Buffer.alloc(1024, 0x61));
        hanging.push(response);
        return;
      case '/hang':
        hanging.push(response); // never answers
        return;
      case '/xssi.js.map':
        response.writeHead(200, { 'Content-Type': 'application/json' }).end(`)]}'\n${MAP}`);
        return;
      case '/error':
        response.writeHead(500).end('boom');
        return;
      default:
        response.writeHead(404).end('not found');
    }
  }

  async function listen(server: Server): Promise<string> {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  beforeAll(async () => {
    serverA = createServer(handleA);
    serverB = createServer((request, response) => {
      hitsB.push(request.url ?? '');
      response.writeHead(200).end('other origin');
    });
    originA = await listen(serverA);
    originB = await listen(serverB);
  });

  afterAll(async () => {
    for (const response of hanging) response.destroy();
    for (const server of [serverA, serverB]) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  const store = (options: Partial<ConstructorParameters<typeof HttpStore>[0]> = {}) =>
    new HttpStore({ allowOrigins: [originA], headers: { 'X-Sentry-Token': TOKEN }, timeoutMs: 5_000, ...options });

  it('sends the security-token header (the server checks it) and returns the headers', async () => {
    const artifact = await store().get(`${originA}/token/app.js#frag`);
    expect(text(artifact)).toBe('console.log("app");');
    expect(artifact?.url).toBe(`${originA}/token/app.js`);
    expect(artifact?.headers?.sourcemap).toBe('app.js.map');
    await expect(store({ headers: {} }).get(`${originA}/token/app.js`)).rejects.toMatchObject({ code: 'HTTP_ERROR', message: expect.stringMatching(/401/) });
  });

  it('sends basic authentication', async () => {
    const basic = store({ headers: undefined, basicAuth: { username: 'uploader', password: 'pa:ss word' } });
    expect(text(await basic.get(`${originA}/basic/app.js`))).toBe('basic ok');
  });

  it('refuses origins that are not allowed, without a request', async () => {
    const error = await store().get(`${originB}/app.js`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArtifactError);
    expect(error).toMatchObject({ code: 'ORIGIN_NOT_ALLOWED', message: expect.stringContaining(`${originB} is not an allowed origin`) });
    await expect(new HttpStore({ allowOrigins: [] }).get(`${originA}/token/app.js`)).rejects.toMatchObject({ code: 'ORIGIN_NOT_ALLOWED' });
    expect(hitsB).toEqual([]);
  });

  it('follows a redirect within the origin', async () => {
    const artifact = await store().get(`${originA}/redirect-same`);
    expect(text(artifact)).toBe('after redirect');
    expect(artifact?.url).toBe(`${originA}/redirected/app.js`);
  });

  it('refuses a redirect to another origin (another port), without following it', async () => {
    await expect(store({ allowOrigins: [originA, originB] }).get(`${originA}/redirect-other`)).rejects.toMatchObject({
      code: 'REDIRECT_NOT_ALLOWED', message: expect.stringContaining('another origin'),
    });
    expect(hitsB).toEqual([]);
  });

  it('stops after maxRedirects', async () => {
    await expect(store({ maxRedirects: 3 }).get(`${originA}/redirect-loop`)).rejects.toMatchObject({ code: 'TOO_MANY_REDIRECTS' });
  });

  it('cuts off a body over maxBytes while streaming, saying the cap', async () => {
    const capped = store({ maxBytes: 1024 * 1024 });
    await expect(capped.get(`${originA}/big`)).rejects.toMatchObject({
      code: 'TOO_LARGE', message: expect.stringContaining('over the 1048576-byte cap (maxBytes)'),
    });
    await expect(capped.get(`${originA}/big-declared`)).rejects.toMatchObject({ code: 'TOO_LARGE', message: expect.stringContaining('4194304 bytes') });
    expect((await store({ maxBytes: 4 * 1024 * 1024 }).get(`${originA}/big`))?.bytes.length).toBe(2 * 1024 * 1024);
  });

  it('times out a server that never answers', async () => {
    const started = Date.now();
    await expect(store({ timeoutMs: 200 }).get(`${originA}/hang`)).rejects.toMatchObject({
      code: 'TIMEOUT', message: expect.stringContaining('timed out after 200 ms'),
    });
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it("strips the )]}' XSSI prefix", async () => {
    expect(text(await store().get(`${originA}/xssi.js.map`))).toBe(MAP);
  });

  it('answers null for 404, ~/ URLs and other schemes; an error for 5xx', async () => {
    expect(await store().get(`${originA}/nothing-here.js`)).toBeNull();
    expect(await store().get('~/token/app.js')).toBeNull();
    expect(await store().get('file:///etc/passwd')).toBeNull();
    await expect(store().get(`${originA}/error`)).rejects.toMatchObject({ code: 'HTTP_ERROR', message: expect.stringContaining('500') });
  });

  it('checks its options', () => {
    expect(() => new HttpStore({ allowOrigins: ['ftp://x.example.com'] })).toThrow(/http\(s\) origins/);
    expect(() => new HttpStore({} as never)).toThrow(/allowOrigins/);
    expect(() => store({ timeoutMs: 0 })).toThrow(/timeoutMs/);
    expect(store().allows(`${originA}/x.js`)).toBe(true);
    expect(store().allows(`${originB}/x.js`)).toBe(false);
  });

  it('symbolicates through the store: SourceMap header, XSSI-guarded map', async () => {
    const origin = originA;
    const local = new MemoryStore();
    const chain = new ChainStore([local, store()]);
    local.add(`${origin}/inline/app.js`, 'x();\n//# sourceMappingURL=/xssi.js.map\n');
    const [frame] = await new Symbolicator({ store: chain }).symbolicate([{ function: 'x', abs_path: `${origin}/inline/app.js`, lineno: 1, colno: 1 }]);
    expect(frame).toMatchObject({ abs_path: `${origin}/a.ts`, lineno: 1, colno: 1, sourcemap: `${origin}/xssi.js.map` });
  });
});
