// Source URLs, as ECMA-426 resolves them: `sourceRoot` joined with "/", then resolved as a
// WHATWG URL against the map's URL. Without a URL the joined string stays as it is. A map
// URL that is a relative path (outside the spec, but what a CLI or a bundler often has)
// resolves sources as paths: the result stays relative, as the peers' does.

/** The map's URL: an absolute URL, or the directory of a relative path. */
export type MapBase = { url: string } | { directory: string };

import { SourceMapError } from './errors.js';

const PATH_ORIGIN = 'https://path.invalid';

export function parseUrl(input: string, base?: string): URL | undefined {
  try {
    return new URL(input, base);
  } catch {
    return undefined;
  }
}

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/** The base for a map URL; undefined for none. Throws INVALID_OPTION for a URL that does not parse. */
export function mapBase(url: string | undefined): MapBase | undefined {
  if (url === undefined) return undefined;
  if (parseUrl(url)) return { url };
  if (SCHEME.test(url)) {
    throw new SourceMapError({ code: 'INVALID_OPTION', field: 'url', message: `options.url ${JSON.stringify(url)} is not a valid URL (nor a relative path)` });
  }
  const path = url.replace(/[?#].*$/s, '');
  return { directory: path.slice(0, path.lastIndexOf('/') + 1) };
}

export function joinSourceRoot(sourceRoot: string | null, source: string): string {
  // An empty sourceRoot means none, as every consumer reads it (the spec's text would prefix "/").
  if (!sourceRoot) return source;
  return sourceRoot.endsWith('/') ? sourceRoot + source : `${sourceRoot}/${source}`;
}

// A path resolved as a URL path would be (dot segments removed, characters percent-encoded),
// except that `..` past the start of a relative path is kept. Undefined if it cannot be.
function resolvePath(path: string): string | undefined {
  if (path.startsWith('/')) return parseUrl(path, PATH_ORIGIN)?.href.slice(PATH_ORIGIN.length);
  const segments = path.split('/');
  const kept: string[] = [];
  let up = 0;
  segments.forEach((segment, i) => {
    const last = i === segments.length - 1;
    if (segment === '.' || segment === '..') {
      if (segment === '..' && kept.pop() === undefined) up++;
      if (last) kept.push('');
    } else {
      kept.push(segment);
    }
  });
  // "./" first, so that a first segment like "http:" stays a path segment, not a scheme.
  const resolved = parseUrl(`./${kept.join('/')}`, `${PATH_ORIGIN}/`);
  return resolved && '../'.repeat(up) + resolved.href.slice(PATH_ORIGIN.length + 1);
}

/** The resolved URL of a source, or undefined when it is not a valid URL. */
export function resolveSource(source: string, sourceRoot: string | null, base: MapBase | undefined): string | undefined {
  const joined = joinSourceRoot(sourceRoot, source);
  if (!base) return joined;
  if ('url' in base) return parseUrl(joined, base.url)?.href;
  const absolute = parseUrl(joined);
  if (absolute) return absolute.href;
  if (joined.startsWith('//')) return joined; // scheme-relative: a path has no scheme to lend it
  return resolvePath(joined.startsWith('/') ? joined : base.directory + joined);
}
