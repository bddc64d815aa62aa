// Build output on disk as an uploader maps it to URLs: `dist/js/app.js` with the prefix
// `~/static` is served as `~/static/js/app.js`. Never reads outside the root, whatever a URL
// (or a map's `sources`, resolved into one) says: dot segments, encoded ones, absolute paths,
// other schemes and symlinks out of the root are all refused.

import { constants } from 'node:fs';
import { open, readdir, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import { ArtifactError, debugIdOf, type Artifact, type ArtifactKind, type ArtifactStore } from '../symbolicate/artifacts.js';
import { normalizeDebugId, toAbsoluteUrl } from '../symbolicate/matching.js';

export interface DirectoryStoreOptions {
  /** The directory of uploaded files, e.g. `dist/`. */
  root: string;
  /**
   * The URL the root is served at, as an uploader's `--url-prefix`: `~/static/js` (any scheme
   * and host), `https://cdn.example.com/js`, or `file:///srv/app/dist`. Default `~/`.
   */
  urlPrefix?: string;
  /** Larger files are not read (an `ArtifactError` TOO_LARGE). Default 256 MiB. */
  maxBytes?: number;
  /** At most this many files are scanned for debug IDs. Default 100 000. */
  maxIndexedFiles?: number;
}

const INDEXED = /\.(?:m?js|cjs|jsx|map|wasm)$/i;

/** Serves the files under `root` at `urlPrefix`, and by the debug IDs they declare. */
export class DirectoryStore implements ArtifactStore {
  readonly root: string;
  /** The prefix, normalized: no trailing slash (`~` for the default `~/`). */
  readonly urlPrefix: string;
  readonly #maxBytes: number;
  readonly #maxIndexedFiles: number;
  #realRoot: Promise<string> | undefined;
  #index: Promise<Map<string, string>> | undefined;

  constructor(options: DirectoryStoreOptions) {
    if (!options || typeof options.root !== 'string' || options.root === '') {
      throw new TypeError('DirectoryStore needs { root: "<directory>" }');
    }
    this.root = options.root;
    this.urlPrefix = normalizePrefix(options.urlPrefix ?? '~/');
    this.#maxBytes = options.maxBytes ?? 256 * 1024 * 1024;
    this.#maxIndexedFiles = options.maxIndexedFiles ?? 100_000;
  }

  /** The URL a file under the root is served at (`relativePath` with `/` or the platform separator). */
  urlFor(relativePath: string): string {
    const segments = relativePath.split(/[\\/]/).filter((segment) => segment !== '' && segment !== '.');
    return `${this.urlPrefix}/${segments.map(encodeSegment).join('/')}`;
  }

  async get(url: string): Promise<Artifact | null> {
    const segments = this.#segmentsOf(url);
    if (!segments) return null;
    return this.#read(segments, url);
  }

  async getByDebugId(debugId: string, kind: ArtifactKind): Promise<Artifact | null> {
    const id = normalizeDebugId(debugId);
    if (!id) return null;
    const index = await (this.#index ??= this.#buildIndex());
    const path = index.get(`${kind}:${id}`);
    if (!path) return null;
    const artifact = await this.#read(path.split('/'), this.urlFor(path));
    if (artifact) artifact.debugId = id;
    return artifact;
  }

  /** Forget the debug-ID index (after files were added or changed); it is rebuilt on the next use. */
  refresh(): void {
    this.#index = undefined;
  }

  // The path segments under the root that a URL names, or null when it is not under the prefix
  // or names no safe path. Throws FORBIDDEN_PATH for URLs under the prefix that try to escape.
  #segmentsOf(input: string): string[] | null {
    const url = normalizeUrl(input);
    if (url === null || /[?#]/.test(url)) return null; // a query never names a file
    const prefix = this.urlPrefix;
    if (!(url.startsWith(`${prefix}/`))) return null;
    const rest = url.slice(prefix.length + 1);
    const segments: string[] = [];
    for (const raw of rest.split('/')) {
      let segment: string;
      try {
        segment = decodeURIComponent(raw);
      } catch {
        return null;
      }
      if (
        segment === '' || segment === '.' || segment === '..' ||
        /[\\/\0]/.test(segment) || /^[a-zA-Z]:/.test(segment)
      ) {
        throw new ArtifactError('FORBIDDEN_PATH', input, `DirectoryStore: ${input} does not name a file inside the root (segment ${JSON.stringify(segment)} is refused)`);
      }
      segments.push(segment);
    }
    return segments.length ? segments : null;
  }

  async #read(segments: string[], url: string): Promise<Artifact | null> {
    const root = await (this.#realRoot ??= realpath(this.root));
    const candidate = join(root, ...segments);
    if (!inside(root, candidate)) {
      throw new ArtifactError('FORBIDDEN_PATH', url, `DirectoryStore: ${url} resolves outside the root`);
    }
    let real: string;
    try {
      real = await realpath(candidate);
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
    if (!inside(root, real)) {
      throw new ArtifactError('FORBIDDEN_PATH', url, `DirectoryStore: ${url} is a link to a file outside the root; refused`);
    }
    // O_NOFOLLOW: a link swapped in after realpath() is not followed.
    const handle = await open(real, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
    try {
      const info = await handle.stat();
      if (!info.isFile()) return null;
      if (info.size > this.#maxBytes) {
        throw new ArtifactError('TOO_LARGE', url, `DirectoryStore: ${url} is ${info.size} bytes, over the ${this.#maxBytes}-byte cap (maxBytes)`);
      }
      const bytes = new Uint8Array(await handle.readFile());
      return { url, bytes };
    } finally {
      await handle.close();
    }
  }

  // Walks the root once: `source:<id>` and `sourcemap:<id>` -> relative path ('/'-separated).
  // Links are followed only when they stay inside the root.
  async #buildIndex(): Promise<Map<string, string>> {
    const root = await (this.#realRoot ??= realpath(this.root));
    const index = new Map<string, string>();
    const seen = new Set<string>();
    let files = 0;
    const walk = async (directory: string, prefix: string): Promise<void> => {
      const entries = await readdir(directory, { withFileTypes: true }).catch(() => []);
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const entry of entries) {
        if (files >= this.#maxIndexedFiles) return;
        const path = join(directory, entry.name);
        const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
        let isDirectory = entry.isDirectory();
        let isFile = entry.isFile();
        let real = path;
        if (entry.isSymbolicLink()) {
          real = await realpath(path).catch(() => '');
          if (!real || !inside(root, real)) continue;
          const info = await stat(real).catch(() => null);
          isDirectory = info?.isDirectory() ?? false;
          isFile = info?.isFile() ?? false;
        }
        if (isDirectory) {
          if (seen.has(real)) continue; // a link loop
          seen.add(real);
          await walk(path, rel);
        } else if (isFile && INDEXED.test(entry.name)) {
          files++;
          const kind: ArtifactKind = /\.map$/i.test(entry.name) ? 'sourcemap' : 'source';
          const id = await this.#debugIdIn(real, kind);
          if (id && !index.has(`${kind}:${id}`)) index.set(`${kind}:${id}`, rel);
        }
      }
    };
    seen.add(root);
    await walk(root, '');
    return index;
  }

  async #debugIdIn(path: string, kind: ArtifactKind): Promise<string | null> {
    const handle = await open(path, 'r').catch(() => null);
    if (!handle) return null;
    try {
      const { size } = await handle.stat();
      if (size > this.#maxBytes) return null;
      if (kind === 'sourcemap') return debugIdOf(new Uint8Array(await handle.readFile()), kind);
      // A minified file declares its debug ID in its last lines: read only the tail.
      const length = Math.min(size, 4096);
      const tail = new Uint8Array(length);
      await handle.read(tail, 0, length, size - length);
      return debugIdOf(tail, kind);
    } finally {
      await handle.close();
    }
  }
}

/** The prefix as URLs are compared: normalized, without a trailing slash. */
function normalizePrefix(prefix: string): string {
  const normalized = normalizeUrl(prefix.startsWith('~') || prefix.includes(':') || prefix.startsWith('/') ? prefix : `~/${prefix}`);
  if (normalized === null) throw new TypeError(`DirectoryStore: urlPrefix ${JSON.stringify(prefix)} is not a URL or a ~/ prefix`);
  return normalized.replace(/\/+$/, '');
}

// URLs as `new URL().href` spells them, which resolves dot segments (`%2e%2e` included) and
// percent-encodes: absolute URLs, absolute paths (as file: URLs) and `~/` URLs (as paths on
// any host). The fragment is dropped.
function normalizeUrl(input: string): string | null {
  const hash = input.indexOf('#');
  const text = hash < 0 ? input : input.slice(0, hash);
  if (text.startsWith('~')) {
    if (text !== '~' && !text.startsWith('~/')) return null;
    // Parsed as a path would be on any http(s) host: dot segments resolved, characters encoded.
    const url = new URL(text.slice(1) || '/', 'https://tilde.invalid');
    return `~${url.pathname}${url.search}`;
  }
  const url = toAbsoluteUrl(text);
  return url ? url.href : null;
}

function encodeSegment(segment: string): string {
  return encodeURIComponent(segment).replace(/%40/g, '@').replace(/%2B/gi, '+');
}

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

function isMissing(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
