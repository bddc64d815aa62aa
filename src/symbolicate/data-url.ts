// `data:` URLs, decoded as the WHATWG Fetch standard's "data: URL processor" does (so the
// bytes and the media type are what `fetch(url)` gives): the URL parser's clean-up (outer
// C0 controls and spaces stripped, tabs and newlines removed, the fragment dropped), percent-
// decoding, forgiving base64, and WHATWG MIME type parsing and serialization. One pass per step,
// no regular expression over the input: linear time.
//
// Platform-free: no `node:` imports (this runs in browsers too).

const PERCENT = 0x25;
const SEMICOLON = 0x3b;
const SLASH = 0x2f;
const EQUALS = 0x3d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const SPACE = 0x20;

const DEFAULT_MEDIA_TYPE = 'text/plain;charset=US-ASCII';

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

/** WHATWG percent-decode, over bytes (a `%` not followed by two hex digits stays as it is). */
function percentDecode(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length);
  let n = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === PERCENT && i + 2 < bytes.length) {
      const high = hexValue(bytes[i + 1]);
      const low = hexValue(bytes[i + 2]);
      if (high >= 0 && low >= 0) {
        out[n++] = high * 16 + low;
        i += 2;
        continue;
      }
    }
    out[n++] = b;
  }
  return out.subarray(0, n);
}

function base64Value(c: number): number {
  if (c >= 0x41 && c <= 0x5a) return c - 0x41;
  if (c >= 0x61 && c <= 0x7a) return c - 0x47;
  if (c >= 0x30 && c <= 0x39) return c + 4;
  if (c === 0x2b) return 62;
  if (c === SLASH) return 63;
  return -1;
}

function isAsciiWhitespace(c: number): boolean {
  return c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d || c === SPACE;
}

/** WHATWG forgiving-base64 decode, over bytes (each byte one code point); null on failure. */
function forgivingBase64(input: Uint8Array): Uint8Array | null {
  const data = new Uint8Array(input.length);
  let length = 0;
  for (const b of input) if (!isAsciiWhitespace(b)) data[length++] = b;
  if (length % 4 === 0 && length > 0 && data[length - 1] === EQUALS) {
    length--;
    if (data[length - 1] === EQUALS) length--;
  }
  if (length % 4 === 1) return null;
  const out = new Uint8Array(Math.floor((length * 3) / 4));
  let n = 0;
  let buffer = 0;
  let bits = 0;
  for (let i = 0; i < length; i++) {
    const value = base64Value(data[i]);
    if (value < 0) return null;
    buffer = ((buffer << 6) | value) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[n++] = (buffer >> bits) & 0xff;
    }
  }
  return out.subarray(0, n);
}

function isHttpWhitespace(c: number): boolean {
  return c === 0x09 || c === 0x0a || c === 0x0d || c === SPACE;
}

function isTokenChar(c: number): boolean {
  if ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) return true;
  return "!#$%&'*+-.^_`|~".includes(String.fromCharCode(c)) && c < 0x80;
}

function isToken(s: string): boolean {
  if (s === '') return false;
  for (let i = 0; i < s.length; i++) if (!isTokenChar(s.charCodeAt(i))) return false;
  return true;
}

function isQuotedStringTokenChar(c: number): boolean {
  return c === 0x09 || (c >= 0x20 && c <= 0x7e) || (c >= 0x80 && c <= 0xff);
}

function trimHttpWhitespace(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && isHttpWhitespace(s.charCodeAt(start))) start++;
  while (end > start && isHttpWhitespace(s.charCodeAt(end - 1))) end--;
  return s.slice(start, end);
}

/** WHATWG "parse a MIME type" then "serialize a MIME type"; null on failure. */
function parseMimeType(input: string): string | null {
  const s = trimHttpWhitespace(input);
  let p = 0;
  const slash = s.indexOf('/');
  if (slash < 0) return null;
  const type = s.slice(0, slash);
  if (!isToken(type)) return null;
  p = slash + 1;
  let end = s.indexOf(';', p);
  if (end < 0) end = s.length;
  const subtype = trimHttpWhitespace(s.slice(p, end));
  if (!isToken(subtype)) return null;
  p = end;
  const parameters = new Map<string, string>();
  while (p < s.length) {
    p++; // past ";"
    while (p < s.length && isHttpWhitespace(s.charCodeAt(p))) p++;
    const nameStart = p;
    while (p < s.length && s.charCodeAt(p) !== SEMICOLON && s.charCodeAt(p) !== EQUALS) p++;
    const name = s.slice(nameStart, p).toLowerCase();
    if (p < s.length) {
      if (s.charCodeAt(p) === SEMICOLON) continue;
      p++; // past "="
    }
    if (p >= s.length) break;
    let value: string;
    if (s.charCodeAt(p) === QUOTE) {
      // Collect an HTTP quoted string, extracting its value.
      p++;
      value = '';
      for (;;) {
        const runStart = p;
        while (p < s.length && s.charCodeAt(p) !== QUOTE && s.charCodeAt(p) !== BACKSLASH) p++;
        value += s.slice(runStart, p);
        if (p >= s.length) break;
        const quoteOrBackslash = s.charCodeAt(p);
        p++;
        if (quoteOrBackslash === BACKSLASH) {
          if (p >= s.length) {
            value += '\\';
            break;
          }
          value += s[p];
          p++;
        } else {
          break;
        }
      }
      while (p < s.length && s.charCodeAt(p) !== SEMICOLON) p++;
    } else {
      const valueStart = p;
      while (p < s.length && s.charCodeAt(p) !== SEMICOLON) p++;
      value = trimHttpWhitespace(s.slice(valueStart, p));
      // (Leading whitespace cannot occur: it would have been part of the name.)
      if (value === '') continue;
    }
    let valid = isToken(name) && !parameters.has(name);
    for (let i = 0; valid && i < value.length; i++) valid = isQuotedStringTokenChar(value.charCodeAt(i));
    if (valid) parameters.set(name, value);
  }
  let serialized = `${type.toLowerCase()}/${subtype.toLowerCase()}`;
  for (const [name, value] of parameters) {
    serialized += `;${name}=`;
    if (isToken(value)) {
      serialized += value;
    } else {
      let quoted = '"';
      for (const c of value) quoted += c === '"' || c === '\\' ? `\\${c}` : c;
      serialized += `${quoted}"`;
    }
  }
  return serialized;
}

const encoder = new TextEncoder();

/** The URL parser's percent-encoding of a data: URL's path: C0 controls and non-ASCII. */
function percentEncodeMime(s: string): string {
  let out = '';
  let runStart = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c <= 0x7e) continue;
    out += s.slice(runStart, i);
    let end = i + 1;
    if (c >= 0xd800 && c <= 0xdbff && end < s.length) {
      const next = s.charCodeAt(end);
      if (next >= 0xdc00 && next <= 0xdfff) end++;
    }
    for (const b of encoder.encode(s.slice(i, end))) out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
    runStart = end;
    i = end - 1;
  }
  return out + s.slice(runStart);
}

/**
 * Decodes a `data:` URL (base64 or percent-encoded, with or without charset/other params) to its
 * bytes; null if not a valid data URL. Linear time.
 *
 * `mediaType` is the serialized MIME type, as `fetch()` reports it in `Content-Type`
 * (`application/json;charset=utf-8`, lowercased type and parameter names), and
 * `text/plain;charset=US-ASCII` when the URL gives none or an invalid one.
 */
export function decodeDataUrl(url: string): { mediaType: string; bytes: Uint8Array } | null {
  if (typeof url !== 'string') return null;
  // The URL parser: strip leading and trailing C0 controls and spaces, remove tabs and newlines.
  let start = 0;
  let end = url.length;
  while (start < end && url.charCodeAt(start) <= SPACE) start++;
  while (end > start && url.charCodeAt(end - 1) <= SPACE) end--;
  let input = url.slice(start, end);
  if (input.includes('\t') || input.includes('\n') || input.includes('\r')) input = input.replace(/[\t\n\r]/g, '');
  if (input.length < 5 || input.slice(0, 5).toLowerCase() !== 'data:') return null;
  const hash = input.indexOf('#', 5);
  if (hash >= 0) input = input.slice(0, hash);

  const comma = input.indexOf(',', 5);
  if (comma < 0) return null;
  let mimeType = trimAsciiWhitespace(percentEncodeMime(input.slice(5, comma)));
  let bytes = percentDecode(encoder.encode(input.slice(comma + 1)));

  // ";" then spaces then "base64" (any case) at the end of the MIME type.
  let base64 = false;
  if (mimeType.length >= 6 && mimeType.slice(-6).toLowerCase() === 'base64') {
    let q = mimeType.length - 6;
    while (q > 0 && mimeType.charCodeAt(q - 1) === SPACE) q--;
    if (q > 0 && mimeType.charCodeAt(q - 1) === SEMICOLON) {
      base64 = true;
      mimeType = mimeType.slice(0, q - 1);
    }
  }
  if (base64) {
    const decoded = forgivingBase64(bytes);
    if (decoded === null) return null;
    bytes = decoded;
  }
  if (mimeType.startsWith(';')) mimeType = `text/plain${mimeType}`;
  return { mediaType: parseMimeType(mimeType) ?? DEFAULT_MEDIA_TYPE, bytes };
}

function trimAsciiWhitespace(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && isAsciiWhitespace(s.charCodeAt(start))) start++;
  while (end > start && isAsciiWhitespace(s.charCodeAt(end - 1))) end--;
  return s.slice(start, end);
}
