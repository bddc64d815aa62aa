// Source URLs, as ECMA-426 resolves them: `sourceRoot` joined with "/", then resolved as a
// WHATWG URL against the map's URL. Without a URL the joined string stays as it is. A map
// URL that is a relative path (outside the spec, but what a CLI or a bundler often has)
// resolves sources as paths: the result stays relative, as the peers' does.

/** The map's URL: an absolute URL, or the directory of a relative path. */
export type MapBase = { url: string } | { directory: string };

const PATH_ORIGIN = 'https://path.invalid';

export function parseUrl(input: string, base?: string): URL | undefined {
  try {
    return new URL(input, base);
  } catch {
    return undefined;
  }
}

export function mapBase(url: string | undefined): MapBase | undefined {
  if (url === undefined) return undefined;
  if (parseUrl(url)) return { url };
  const path = url.replace(/[?#].*$/s, '');
  return { directory: path.slice(0, path.lastIndexOf('/') + 1) };
}

export function joinSourceRoot(sourceRoot: string | null, source: string): string {
  // An empty sourceRoot means none, as every consumer reads it (the spec's text would prefix "/").
  if (!sourceRoot) return source;
  return sourceRoot.endsWith('/') ? sourceRoot + source : `${sourceRoot}/${source}`;
}

// A path resolved as a URL path would be (dot segments removed, characters percent-encoded),
// except that `..` past the start of a relative path is kept.
function resolvePath(path: string): string {
  if (path.startsWith('/')) return new URL(path, PATH_ORIGIN).href.slice(PATH_ORIGIN.length);
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
  return '../'.repeat(up) + new URL(kept.join('/'), `${PATH_ORIGIN}/`).href.slice(PATH_ORIGIN.length + 1);
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
