// Source URLs as source-map 0.7 computes them (its lib/util.js `computeSourceURL`), so that the
// adapter's `sources` and lookup answers are the strings mozilla's consumer gives.
//
// mozilla resolves everything with WHATWG URLs. A relative path is resolved against a made-up
// base, `http://host/` followed by as many made-up directories as the input has `..`, and the
// result is made relative to that base again: `..` that climbs above the input's start is
// kept, `.` and `x/..` are removed, characters a URL cannot hold are percent-encoded and `\`
// becomes `/`. A path that starts with `/` or `//` borrows the base's scheme and host and
// drops them again afterwards.

const HTTP = 'http:';
const HOST = 'http://host';

type Kind = 'absolute' | 'scheme-relative' | 'path-absolute' | 'path-relative';

function kindOf(url: string): Kind {
  if (url.startsWith('//')) return 'scheme-relative';
  if (url.startsWith('/')) return 'path-absolute';
  return /^[A-Za-z0-9+\-.]+:/.test(url) ? 'absolute' : 'path-relative';
}

/** `http://host/` plus one directory per `..` in `text`, named so that `text` never contains the name. */
function scratchBase(text: string): string {
  const climbs = text.split('..').length - 1;
  let n = 0;
  while (text.includes(`p${n}`)) n++;
  return `${HOST}/${`p${n}/`.repeat(climbs)}`;
}

/** The path of `target` relative to the directory `root` (same origin assumed), with its query and fragment. */
function relativeTo(root: URL, target: URL): string {
  const to = target.pathname.split('/');
  const from = root.pathname.split('/');
  if (from.length > 0 && from[from.length - 1] === '') from.pop();
  let common = 0;
  while (common < to.length && common < from.length && to[common] === from[common]) common++;
  const ups = from.slice(common).map(() => '..');
  return [...ups, ...to.slice(common)].join('/') + target.search + target.hash;
}

/** Parses `input` as mozilla does (against a scratch base when relative), lets `edit` change it, and prints it back in `input`'s own kind. */
function rewrite(input: string, edit?: (url: URL) => void): string {
  const kind = kindOf(input);
  const base = scratchBase(input);
  const url = new URL(input, base);
  edit?.(url);
  const text = url.toString();
  switch (kind) {
    case 'absolute': return text;
    case 'scheme-relative': return text.slice(HTTP.length);
    case 'path-absolute': return text.slice(HOST.length);
    default: return relativeTo(new URL(base), new URL(text));
  }
}

const normalize = (url: string): string => rewrite(url);

const asDirectory = (url: string): string => rewrite(url, (u) => {
  u.pathname = u.pathname.replace(/\/?$/, '/');
});

const directoryOf = (url: string): string => rewrite(url, (u) => {
  u.href = new URL('.', u.toString()).toString();
});

function resolveWith(path: string, base: string): string {
  return new URL(path, base).toString();
}

/** `path` joined onto the directory `root`, normalised. */
function join(root: string, path: string): string {
  const pathKind = kindOf(path);
  const rootKind = kindOf(root);
  const directory = asDirectory(root);
  if (pathKind === 'absolute') return new URL(path).toString();
  if (rootKind === 'absolute') return resolveWith(path, directory);
  if (pathKind === 'scheme-relative') return normalize(path);
  if (rootKind === 'scheme-relative') return resolveWith(path, resolveWith(directory, HOST)).slice(HTTP.length);
  if (pathKind === 'path-absolute') return normalize(path);
  if (rootKind === 'path-absolute') return resolveWith(path, resolveWith(directory, HOST)).slice(HOST.length);
  const base = scratchBase(path + directory);
  return relativeTo(new URL(base), new URL(resolveWith(path, resolveWith(directory, base))));
}

/**
 * The URL mozilla's consumer gives a source: `source` normalised, joined onto `sourceRoot`
 * (as a directory; a source starting with `/` is taken as relative to it), then onto the
 * directory of `mapUrl`. Throws (a TypeError from `URL`) where mozilla throws.
 */
export function mozillaSourceUrl(sourceRoot: string | null | undefined, source: string, mapUrl: string | null | undefined): string {
  if (sourceRoot && kindOf(source) === 'path-absolute') source = source.slice(1);
  let url = normalize(source || '');
  if (sourceRoot) url = join(sourceRoot, url);
  if (mapUrl) url = join(directoryOf(mapUrl), url);
  return url;
}
