// Source URLs as trace-mapping 0.3 resolves them (with @jridgewell/resolve-uri 3), so that the
// adapter's `resolvedSources` are the strings trace-mapping gives.
//
// resolve-uri is not WHATWG: it splits a URL with regular expressions, merges paths itself and
// never percent-encodes. A relative result stays relative ("../" beyond the start is kept, a
// leading "./" of the base or input is kept), absolute URLs and paths drop excess "..", empty
// path segments ("//") collapse. trace-mapping joins `sourceRoot` with "/" (always, when
// non-empty) and resolves against the map URL with its file name stripped.

const enum Kind {
  Empty = 1,
  Hash = 2,
  Query = 3,
  RelativePath = 4,
  AbsolutePath = 5,
  SchemeRelative = 6,
  Absolute = 7,
}

interface Url {
  scheme: string;
  user: string;
  host: string;
  port: string;
  path: string;
  query: string;
  hash: string;
  kind: Kind;
}

// scheme, user@, host (or [ip]), :port, /path, ?query, #hash
const URL_PARTS = /^([\w+.-]+:)\/\/([^@/#?]*@)?(\[[^\]]+\]|[^:/#?]*)(:\d+)?(\/[^#?]*)?(\?[^#]*)?(#.*)?/;
// file: URLs: optional //host (not a Windows drive), path, ?query, #hash
const FILE_PARTS = /^file:(?:\/\/((?![a-z]:)[^/#?]*)?)?(\/?[^#?]*)(\?[^#]*)?(#.*)?/i;

function absoluteParts(input: string): Url {
  const m = URL_PARTS.exec(input) as RegExpExecArray;
  return { scheme: m[1], user: m[2] || '', host: m[3], port: m[4] || '', path: m[5] || '/', query: m[6] || '', hash: m[7] || '', kind: Kind.Absolute };
}

function partsOf(input: string): Url {
  if (input.startsWith('//')) {
    return { ...absoluteParts(`http:${input}`), scheme: '', kind: Kind.SchemeRelative };
  }
  if (input.startsWith('/')) {
    return { ...absoluteParts(`http://foo.com${input}`), scheme: '', host: '', kind: Kind.AbsolutePath };
  }
  if (input.startsWith('file:')) {
    const m = FILE_PARTS.exec(input) as RegExpExecArray;
    const path = m[2];
    return { scheme: 'file:', user: '', host: m[1] || '', port: '', path: path.startsWith('/') ? path : `/${path}`, query: m[3] || '', hash: m[4] || '', kind: Kind.Absolute };
  }
  if (/^[\w+.-]+:\/\//.test(input)) return absoluteParts(input);
  const kind = !input ? Kind.Empty : input.startsWith('?') ? Kind.Query : input.startsWith('#') ? Kind.Hash : Kind.RelativePath;
  return { ...absoluteParts(`http://foo.com/${input}`), scheme: '', host: '', kind };
}

/** Removes "." and "x/.." and empty segments from `url.path`; relative kinds keep ".." that climb past the start. */
function normalizePath(url: Url, kind: Kind): void {
  const relative = kind <= Kind.RelativePath;
  const out: string[] = [];
  let real = 0; // directories in `out` that a ".." may remove
  let trailingSlash = false;
  const pieces = url.path.split('/');
  for (let i = 1; i < pieces.length; i++) {
    const piece = pieces[i];
    if (!piece) {
      trailingSlash = true;
      continue;
    }
    trailingSlash = false;
    if (piece === '.') continue;
    if (piece === '..') {
      if (real > 0) {
        trailingSlash = true;
        real--;
        out.pop();
      } else if (relative) {
        out.push(piece);
      }
      continue;
    }
    out.push(piece);
    real++;
  }
  let path = out.map((piece) => `/${piece}`).join('');
  if (!path || (trailingSlash && !path.endsWith('/..'))) path += '/';
  url.path = path;
}

function directoryOfPath(path: string): string {
  if (path.endsWith('/..')) return path; // excess parents: not a file name
  return path.slice(0, path.lastIndexOf('/') + 1);
}

/** `input` resolved against `base` as @jridgewell/resolve-uri does. */
export function resolveUri(input: string, base: string | undefined): string {
  if (!input && !base) return '';
  const url = partsOf(input);
  let kind = url.kind;
  if (base && kind !== Kind.Absolute) {
    const from = partsOf(base);
    // Each kind inherits what it lacks from the base, and everything after it in this list.
    if (kind === Kind.Empty) url.hash = from.hash;
    if (kind <= Kind.Hash) url.query = from.query;
    if (kind <= Kind.RelativePath) {
      normalizePath(from, from.kind);
      url.path = url.path === '/' ? from.path : directoryOfPath(from.path) + url.path;
    }
    if (kind <= Kind.AbsolutePath) {
      url.user = from.user;
      url.host = from.host;
      url.port = from.port;
    }
    url.scheme = from.scheme;
    if (from.kind > kind) kind = from.kind;
  }
  normalizePath(url, kind);
  const tail = url.query + url.hash;
  switch (kind) {
    case Kind.Hash:
    case Kind.Query:
      return tail;
    case Kind.RelativePath: {
      const path = url.path.slice(1);
      if (!path) return tail || '.';
      if (/^[.?#]/.test(base || input) && !/^[.?#]/.test(path)) return `./${path}${tail}`;
      return path + tail;
    }
    case Kind.AbsolutePath:
      return url.path + tail;
    default:
      return `${url.scheme}//${url.user}${url.host}${url.port}${url.path}${tail}`;
  }
}

/** trace-mapping's resolver: `sourceRoot` (when non-empty) + "/" + source, resolved against the map URL's directory. */
export function traceMappingResolver(mapUrl: string | null | undefined, sourceRoot: string | null | undefined): (source: string | null) => string {
  const from = mapUrl ? mapUrl.slice(0, mapUrl.lastIndexOf('/') + 1) : '';
  const prefix = sourceRoot ? `${sourceRoot}/` : '';
  return (source) => resolveUri(prefix + (source || ''), from);
}
