// Source URLs, as ECMA-426 resolves them: `sourceRoot` joined with "/", then resolved as a
// WHATWG URL against the map's URL. Without a URL the joined string stays as it is.

/** The map's URL as a base. A relative one (a path) resolves under a placeholder it is later stripped of. */
export interface MapBase {
  href: string;
  placeholder: string; // '' for an absolute URL
}

const RELATIVE_PLACEHOLDER = 'file:///__relative__/';
const ROOTED_PLACEHOLDER = 'file://';

export function parseUrl(input: string, base?: string): URL | undefined {
  try {
    return new URL(input, base);
  } catch {
    return undefined;
  }
}

export function mapBase(url: string | undefined): MapBase | undefined {
  if (url === undefined) return undefined;
  if (parseUrl(url)) return { href: url, placeholder: '' };
  const placeholder = url.startsWith('/') ? ROOTED_PLACEHOLDER : RELATIVE_PLACEHOLDER;
  return { href: new URL(url, placeholder === ROOTED_PLACEHOLDER ? 'file:///' : placeholder).href, placeholder };
}

export function joinSourceRoot(sourceRoot: string | null, source: string): string {
  // An empty sourceRoot means none, as every consumer reads it (the spec's text would prefix "/").
  if (!sourceRoot) return source;
  return sourceRoot.endsWith('/') ? sourceRoot + source : `${sourceRoot}/${source}`;
}

/** The resolved URL of a source, or undefined when it is not a valid URL. */
export function resolveSource(source: string, sourceRoot: string | null, base: MapBase | undefined): string | undefined {
  const joined = joinSourceRoot(sourceRoot, source);
  if (!base) return joined;
  const url = parseUrl(joined, base.href);
  if (!url) return undefined;
  const { placeholder } = base;
  return placeholder && url.href.startsWith(placeholder) ? url.href.slice(placeholder.length) : url.href;
}
