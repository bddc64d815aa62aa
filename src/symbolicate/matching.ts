// Which stored artifact answers a URL, as error trackers match uploaded files: the full URL
// first, then the same path on any scheme and host (`~/path`). Fragments are never part of a
// match; a query is tried with and then without. Runs in browsers too: no `node:` imports.

import type { Artifact, ArtifactStore } from './artifacts.js';

/** A URL, or null when `input` is not an absolute URL. Absolute file paths become file: URLs. */
export function toAbsoluteUrl(input: string): URL | null {
  if (input.startsWith('~')) return null;
  // A Windows path (C:\app\main.js or C:/app/main.js): a drive letter, not a scheme.
  if (/^[a-zA-Z]:[\\/]/.test(input)) return parse(`file:///${input.replace(/\\/g, '/')}`);
  if (input.startsWith('/') && !input.startsWith('//')) return parse(`file://${input}`);
  return parse(input);
}

function parse(input: string): URL | null {
  try {
    return new URL(input);
  } catch {
    return null;
  }
}

function withoutFragment(url: string): string {
  const hash = url.indexOf('#');
  return hash < 0 ? url : url.slice(0, hash);
}

function withoutQuery(url: string): string {
  const cut = url.search(/[?#]/);
  return cut < 0 ? url : url.slice(0, cut);
}

/**
 * The `~/path` form of a URL: its path (and query, when `query` is true) on any scheme and
 * host. Null for URLs without a hierarchical path (data:, blob:, javascript: ...).
 */
export function tildeUrl(input: string | URL, query = true): string | null {
  const url = typeof input === 'string' ? toAbsoluteUrl(input) : input;
  if (!url || !url.pathname.startsWith('/') || url.protocol === 'data:' || url.protocol === 'blob:') return null;
  return `~${url.pathname}${query ? url.search : ''}`;
}

/**
 * The keys to try, best first, for a URL a frame or a map names:
 * 1. the absolute URL without its fragment, 2. without its query,
 * 3. `~/path?query` (any scheme and host), 4. `~/path`.
 * Absolute file paths are tried as file: URLs. A `~/` URL or a relative one is tried as
 * written (without fragment), then without query. Duplicates are removed.
 */
export function candidateUrls(input: string): string[] {
  const candidates: string[] = [];
  const add = (candidate: string | null) => {
    if (candidate && !candidates.includes(candidate)) candidates.push(candidate);
  };
  const url = toAbsoluteUrl(input);
  if (!url) {
    add(withoutFragment(input));
    add(withoutQuery(input));
    return candidates;
  }
  if (url.protocol === 'data:') return [input];
  add(withoutFragment(url.href));
  add(withoutQuery(url.href));
  add(tildeUrl(url, true));
  add(tildeUrl(url, false));
  return candidates;
}

/**
 * The key a store files an artifact under: absolute URLs normalized (`new URL().href`) and
 * absolute paths as file: URLs, always without a fragment. `~/` and relative keys stay as written.
 */
export function artifactKey(input: string): string {
  const url = toAbsoluteUrl(input);
  return withoutFragment(url ? url.href : input);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * A debug ID in its canonical form: a lowercase UUID with dashes. Accepts upper case,
 * braces and the 32-digit form without dashes. Null when it is not a UUID.
 */
export function normalizeDebugId(input: string | null | undefined): string | null {
  if (typeof input !== 'string') return null;
  let id = input.trim().toLowerCase();
  if (id.startsWith('{') && id.endsWith('}')) id = id.slice(1, -1);
  if (/^[0-9a-f]{32}$/.test(id)) {
    id = `${id.slice(0, 8)}-${id.slice(8, 12)}-${id.slice(12, 16)}-${id.slice(16, 20)}-${id.slice(20)}`;
  }
  return UUID.test(id) ? id : null;
}

const MAP_DEBUG_ID = /"(?:debugId|debug_id)"\s*:\s*"([^"\\]{1,64})"/;

/** The debug ID a source map's JSON text declares (`debugId`, or the older `debug_id`), without parsing it all. */
export function findMapDebugId(json: string): string | null {
  const match = MAP_DEBUG_ID.exec(json);
  return match ? normalizeDebugId(match[1]) : null;
}


/** What `findArtifact` found: the artifact and the candidate that matched, or what went wrong. */
export interface ArtifactMatch {
  artifact: Artifact | null;
  /** The candidate URL that matched. */
  matched: string | null;
  /** Every candidate, in the order tried. */
  tried: string[];
  /** Messages of the store errors met on the way (a refused origin, a timeout ...). */
  errors: string[];
}

/**
 * The artifact a URL names in a store: each of `candidateUrls(url)` in turn, so a full-URL
 * upload wins over a `~/` one. A store error on one candidate does not stop the others.
 */
export async function findArtifact(store: ArtifactStore, url: string): Promise<ArtifactMatch> {
  const tried = candidateUrls(url);
  const errors: string[] = [];
  for (const candidate of tried) {
    try {
      const artifact = await store.get(candidate);
      if (artifact) return { artifact, matched: candidate, tried, errors };
    } catch (error) {
      errors.push(error instanceof Error ? error.message : String(error));
    }
  }
  return { artifact: null, matched: null, tried, errors };
}
