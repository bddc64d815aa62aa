// Finding a generated file's source map (ECMA-426 "Linking generated code to source maps"):
// the sourceMappingURL annotation in JS and CSS, sourceURL, debugId, the SourceMap header, the
// WebAssembly custom section (on real asc output), data: URLs (checked against fetch()), and
// the )]}' guard.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SourceMap } from '../src/index.js';
import { decodeDataUrl } from '../src/symbolicate/data-url.js';
import {
  findDebugId, findSourceMappingURL, findSourceURL, findWasmSourceMappingURL, locateSourceMap, sourceMapHeader,
  stripXssiPrefix,
} from '../src/symbolicate/locate.js';
import { hasTest426, TEST426 } from './helpers.js';

const ASC = fileURLToPath(new URL('../node_modules/assemblyscript/bin/asc.js', import.meta.url));

describe('findSourceMappingURL (JavaScript)', () => {
  it.each([
    ['a //# annotation', 'f();\n//# sourceMappingURL=app.js.map', 'app.js.map'],
    ['the legacy //@ annotation', 'f();\n//@ sourceMappingURL=app.js.map', 'app.js.map'],
    ['a trailing newline', 'f();\n//# sourceMappingURL=app.js.map\n', 'app.js.map'],
    ['trailing blank lines and spaces', 'f();\n//# sourceMappingURL=app.js.map\n\n  \t\n', 'app.js.map'],
    ['whitespace between # and the key', 'f();\n//#   \tsourceMappingURL=app.js.map', 'app.js.map'],
    ['whitespace after the URL', 'f();\n//# sourceMappingURL=app.js.map \t ', 'app.js.map'],
    ['indentation before //', 'f();\n   \t//# sourceMappingURL=app.js.map', 'app.js.map'],
    ['U+00A0 and U+FEFF as whitespace', 'f();\n\u00a0\ufeff//#\u00a0sourceMappingURL=app.js.map\u00a0', 'app.js.map'],
    ['the annotation on the same line as code, after it', 'f();//# sourceMappingURL=app.js.map', 'app.js.map'],
    ['a /*# */ comment in JS', 'f();\n/*# sourceMappingURL=app.js.map */', 'app.js.map'],
    ['a data: URL', 'f();\n//# sourceMappingURL=data:application/json;base64,eyJ2ZXJzaW9uIjozfQ==', 'data:application/json;base64,eyJ2ZXJzaW9uIjozfQ=='],
    ['an absolute URL with a query', 'f();\n//# sourceMappingURL=https://cdn.example.com/a.js.map?v=1#x', 'https://cdn.example.com/a.js.map?v=1#x'],
    ['an empty URL (a String, so it is used)', 'f();\n//# sourceMappingURL=', ''],
    ['a file that is only the annotation', '//# sourceMappingURL=only.map', 'only.map'],
  ])('finds %s', (_, code, url) => {
    expect(findSourceMappingURL(code)).toBe(url);
    expect(findSourceMappingURL(code, 'js')).toBe(url);
  });

  it.each([
    ['no annotation', 'f();\n// just a comment\n'],
    ['an empty file', ''],
    ['a space between // and #', 'f();\n// # sourceMappingURL=app.js.map'],
    ['spaces around =', 'f();\n//# sourceMappingURL = app.js.map'],
    ['a space before =', 'f();\n//# sourceMappingURL =app.js.map'],
    ['a URL with a space in it', 'f();\n//# sourceMappingURL=app .js.map'],
    ['a different case', 'f();\n//# sourcemappingurl=app.js.map'],
    ['a missing =', 'f();\n//# sourceMappingURL app.js.map'],
    ['a prefix other than # or @', 'f();\n//! sourceMappingURL=app.js.map'],
    ['text before the marker', 'f();\n// see //# sourceMappingURL=app.js.map'],
  ])('does not match %s', (_, code) => {
    expect(findSourceMappingURL(code)).toBeNull();
  });

  it('takes the last annotation when several trail the code', () => {
    expect(findSourceMappingURL('f();\n//# sourceMappingURL=first.map\n//# sourceMappingURL=second.map\n')).toBe('second.map');
    expect(findSourceMappingURL('f();\n//# sourceMappingURL=first.map\n/*# sourceMappingURL=second.map */')).toBe('second.map');
    expect(findSourceMappingURL('f();\n/*# sourceMappingURL=a.map */ /*# sourceMappingURL=b.map */')).toBe('b.map');
  });

  it('lets comments that do not match follow the annotation', () => {
    expect(findSourceMappingURL('f();\n//# sourceMappingURL=app.js.map\n// end\n/* more */\n//# sourceURL=app.js\n')).toBe('app.js.map');
    expect(findSourceMappingURL('f();\n//# sourceMappingURL=app.js.map\n//# sourceMappingURL=a b\n')).toBe('app.js.map');
  });

  it('cancels an annotation that code follows', () => {
    expect(findSourceMappingURL('//# sourceMappingURL=app.js.map\nf();')).toBeNull();
    expect(findSourceMappingURL('//# sourceMappingURL=app.js.map\n  x')).toBeNull();
    expect(findSourceMappingURL('/*# sourceMappingURL=app.js.map */ f();')).toBeNull();
    expect(findSourceMappingURL('//# sourceMappingURL=app.js.map\na / b')).toBeNull();
    expect(findSourceMappingURL('//# sourceMappingURL=app.js.map\n/')).toBeNull(); // a lone "/" is code
    // ...but an earlier annotation does not come back when a later one is cancelled.
    expect(findSourceMappingURL('//# sourceMappingURL=a.map\nf();\n//# sourceMappingURL=b.map\ng();')).toBeNull();
    expect(findSourceMappingURL('//# sourceMappingURL=a.map\nf();\n//# sourceMappingURL=b.map')).toBe('b.map');
  });

  it('does not count an annotation inside a multi-line comment, as the line scanner treats it', () => {
    // The scanner does not track /* */ across lines: the "*/" line is code, which cancels.
    expect(findSourceMappingURL('f();\n/*\n//# sourceMappingURL=inner.map\n*/\n')).toBeNull();
    expect(findSourceMappingURL('f();\n/*\n//# sourceMappingURL=inner.map\n*/\n//# sourceMappingURL=outer.map\n')).toBe('outer.map');
    expect(findSourceMappingURL('f();\n/* a\n * //# sourceMappingURL=inner.map\n */')).toBeNull();
    // An unclosed /* is ignored with the rest of its line (so it does not cancel)...
    expect(findSourceMappingURL('f();\n//# sourceMappingURL=app.js.map\n/* unclosed')).toBe('app.js.map');
    // ...and the next line is scanned as code.
    expect(findSourceMappingURL('f();\n//# sourceMappingURL=app.js.map\n/* unclosed\nstill the comment */')).toBeNull();
    // A /* */ comment closes on its own line only; "/*/" does not close.
    expect(findSourceMappingURL('f();\n/*/ //# sourceMappingURL=x.map')).toBeNull();
  });

  it('does not count an annotation inside a string that code follows, as the line scanner treats it', () => {
    expect(findSourceMappingURL('const s = "//# sourceMappingURL=fake.map";\nrun(s);\n')).toBeNull();
    expect(findSourceMappingURL("const s = '\\\n//# sourceMappingURL=fake.map\\\n';\n")).toBeNull();
    expect(findSourceMappingURL('const s = `\n//# sourceMappingURL=fake.map\n`;\n')).toBeNull();
    expect(findSourceMappingURL('const s = "//# sourceMappingURL=fake.map";\n//# sourceMappingURL=real.map')).toBe('real.map');
  });

  it('gives the spec\'s answers where the line scanner and a parser disagree', () => {
    // ECMA-426's own example: "through parsing" gives null, "without parsing" foo.js.map.
    expect(findSourceMappingURL('let a = `\n//# sourceMappingURL=foo.js.map\n//`;')).toBe('foo.js.map');
    // A string on the last line reads as a comment to the line scanner (the quote is in \S*).
    expect(findSourceMappingURL('x = "//# sourceMappingURL=fake.map"')).toBe('fake.map"');
  });

  it('splits lines on CRLF, CR, LF, U+2028 and U+2029', () => {
    expect(findSourceMappingURL('f();\r\n//# sourceMappingURL=app.js.map\r\n')).toBe('app.js.map');
    expect(findSourceMappingURL('f();\r//# sourceMappingURL=app.js.map\r')).toBe('app.js.map');
    expect(findSourceMappingURL('f();\u2028//# sourceMappingURL=app.js.map')).toBe('app.js.map');
    expect(findSourceMappingURL('f();\u2029//# sourceMappingURL=app.js.map\u2029')).toBe('app.js.map');
    // The terminator ends the comment: what follows is code.
    expect(findSourceMappingURL('//# sourceMappingURL=app.js.map\u2028f();')).toBeNull();
    expect(findSourceMappingURL('//# sourceMappingURL=app.js.map\rf();')).toBeNull();
    expect(findSourceMappingURL('//# sourceMappingURL=app.js.map\r\n\r\nf()')).toBeNull();
  });

  it('treats // as code in CSS and accepts /*# */ and /*@ */', () => {
    expect(findSourceMappingURL('a{color:red}\n/*# sourceMappingURL=app.css.map */', 'css')).toBe('app.css.map');
    expect(findSourceMappingURL('a{color:red}\n/*@ sourceMappingURL=app.css.map */\n', 'css')).toBe('app.css.map');
    expect(findSourceMappingURL('a{color:red}\n/*# sourceMappingURL=app.css.map*/', 'css')).toBe('app.css.map');
    expect(findSourceMappingURL('a{color:red}\n//# sourceMappingURL=app.css.map', 'css')).toBeNull();
    expect(findSourceMappingURL('/*# sourceMappingURL=app.css.map */\n//# sourceMappingURL=x', 'css')).toBeNull();
    expect(findSourceMappingURL('/*# sourceMappingURL=app.css.map */\nb{}', 'css')).toBeNull();
    expect(findSourceMappingURL('a{}\n/*# sourceMappingURL=app.css.map */\n/* end */', 'css')).toBe('app.css.map');
  });

  it('returns null for what is not a string', () => {
    expect(findSourceMappingURL(undefined as unknown as string)).toBeNull();
    expect(findSourceURL(42 as unknown as string)).toBeNull();
    expect(findDebugId(null as unknown as string)).toBeNull();
  });

  it.skipIf(!hasTest426)('finds the map of every test426 base file', () => {
    const suite = JSON.parse(readFileSync(`${TEST426}source-map-spec-tests.json`, 'utf8')) as {
      tests: { name: string; baseFile: string; sourceMapFile: string }[];
    };
    expect(suite.tests.length).toBeGreaterThan(90);
    for (const test of suite.tests) {
      const file = `${TEST426}resources/${test.baseFile}`;
      const code = readFileSync(file, 'utf8');
      expect(findSourceMappingURL(code), test.name).toBe(test.sourceMapFile);
      const mapUrl = locateSourceMap({ url: pathToFileURL(file).href, code });
      expect(mapUrl, test.name).toBe(pathToFileURL(`${TEST426}resources/${test.sourceMapFile}`).href);
      expect(existsSync(fileURLToPath(mapUrl as string)), test.name).toBe(true);
    }
  });
});

describe('findSourceURL', () => {
  it('finds //# and //@ sourceURL, the last one, after which only comments follow', () => {
    expect(findSourceURL('f();\n//# sourceURL=webpack:///src/a.js')).toBe('webpack:///src/a.js');
    expect(findSourceURL('f();\n//@ sourceURL=a.js\n')).toBe('a.js');
    expect(findSourceURL('f();\n//# sourceURL=a.js\n//# sourceURL=b.js')).toBe('b.js');
    expect(findSourceURL('f();\n//# sourceURL=a.js\n//# sourceMappingURL=a.js.map\n')).toBe('a.js');
    expect(findSourceURL('//# sourceURL=a.js\nf();')).toBeNull();
    expect(findSourceURL('f();\n//# sourceURL = a.js')).toBeNull();
    expect(findSourceURL('f();\n//# sourceMappingURL=a.js.map')).toBeNull();
  });

  it('is not confused with sourceMappingURL', () => {
    const code = 'f();\n//# sourceMappingURL=a.js.map\n//# sourceURL=a.js\n';
    expect(findSourceMappingURL(code)).toBe('a.js.map');
    expect(findSourceURL(code)).toBe('a.js');
  });
});

describe('findDebugId', () => {
  const id = '85314830-023f-4cf1-a267-535f4e37bb17';

  it('finds //# debugId= on the last line or the lines above it', () => {
    expect(findDebugId(`f();\n//# debugId=${id}`)).toBe(id);
    expect(findDebugId(`f();\n//# debugId=${id}\n`)).toBe(id);
    expect(findDebugId(`f();\n//# debugId=${id}\n//# sourceMappingURL=app.js.map\n`)).toBe(id);
    expect(findDebugId(`f();\r\n//# debugId=${id}\r\n//# sourceMappingURL=app.js.map\r\n`)).toBe(id);
    expect(findDebugId(`  //# debugId=${id}  `)).toBe(id);
  });

  it('looks at the last 5 lines only', () => {
    const within = `f();\n//# debugId=${id}\n1\n2\n3\n4\n`;
    const beyond = `f();\n//# debugId=${id}\n1\n2\n3\n4\n5\n`;
    expect(findDebugId(within)).toBe(id);
    expect(findDebugId(beyond)).toBeNull();
    expect(findDebugId(`//# debugId=${id}\n\n\n\n\n\n`)).toBeNull(); // blank lines count
  });

  it('returns the canonical lowercase form', () => {
    expect(findDebugId(`//# debugId=${id.toUpperCase()}`)).toBe(id);
    expect(findDebugId('//# debugId=85314830-023F-4cf1-A267-535f4E37bb17')).toBe(id);
  });

  it('ignores invalid IDs and other spellings, and takes the last valid one', () => {
    for (const bad of [
      '//# debugId=not-a-uuid',
      '//# debugId=85314830023f4cf1a267535f4e37bb17',
      '//# debugId={85314830-023f-4cf1-a267-535f4e37bb17}',
      '//# debugId=85314830-023f-4cf1-a267-535f4e37bb1',
      '//# debugId=85314830-023f-4cf1-a267-535f4e37bb17x',
      '//# debugId=g5314830-023f-4cf1-a267-535f4e37bb17',
      `//@ debugId=${id}`,
      `// debugId=${id}`,
      `//# debugid=${id}`,
      `//# debugId = ${id}`,
      `/*# debugId=${id} */`,
      `f(); //# debugId=${id}`,
    ]) {
      expect(findDebugId(`f();\n${bad}\n`), bad).toBeNull();
    }
    const other = '00000000-0000-4000-8000-000000000001';
    expect(findDebugId(`//# debugId=${other}\n//# debugId=bogus\n`)).toBe(other);
    expect(findDebugId(`//# debugId=${other}\n//# debugId=${id}\n`)).toBe(id);
  });
});

describe('headers', () => {
  it('reads SourceMap, else X-SourceMap, case-insensitively', () => {
    expect(sourceMapHeader(new Headers({ SourceMap: 'a.map' }))).toBe('a.map');
    expect(sourceMapHeader(new Headers({ 'X-SourceMap': 'old.map' }))).toBe('old.map');
    expect(sourceMapHeader(new Headers({ 'x-sourcemap': 'old.map', sourcemap: 'new.map' }))).toBe('new.map');
    expect(sourceMapHeader({ SOURCEMAP: ' a.map ' })).toBe('a.map');
    expect(sourceMapHeader({ 'X-SourceMap': 'old.map', SourceMap: 'new.map' })).toBe('new.map');
    expect(sourceMapHeader({ 'x-sourcemap': ['', 'old.map'] })).toBe('old.map');
    expect(sourceMapHeader({ 'content-type': 'text/javascript' })).toBeNull();
    expect(sourceMapHeader({ sourcemap: undefined, 'x-sourcemap': 'old.map' })).toBe('old.map');
    expect(sourceMapHeader({ sourcemap: '  ' })).toBeNull();
    expect(sourceMapHeader(new Headers())).toBeNull();
  });
});

describe('locateSourceMap', () => {
  const url = 'https://cdn.example.com/js/app.min.js';

  it('resolves the annotation against the generated URL', () => {
    const at = (annotation: string): string | null => locateSourceMap({ url, code: `f();\n//# sourceMappingURL=${annotation}\n` });
    expect(at('app.min.js.map')).toBe('https://cdn.example.com/js/app.min.js.map');
    expect(at('../maps/app.js.map')).toBe('https://cdn.example.com/maps/app.js.map');
    expect(at('/maps/app.js.map')).toBe('https://cdn.example.com/maps/app.js.map');
    expect(at('//maps.example.com/app.js.map')).toBe('https://maps.example.com/app.js.map');
    expect(at('https://other.example/x.map')).toBe('https://other.example/x.map');
    expect(at('app.js.map?v=2')).toBe('https://cdn.example.com/js/app.js.map?v=2');
    expect(at('data:application/json;base64,e30=')).toBe('data:application/json;base64,e30=');
  });

  it('lets the header win over the annotation, and resolves it too', () => {
    const code = 'f();\n//# sourceMappingURL=from-comment.map';
    expect(locateSourceMap({ url, code, headers: { SourceMap: 'from-header.map' } })).toBe('https://cdn.example.com/js/from-header.map');
    expect(locateSourceMap({ url, code, headers: new Headers({ 'X-SourceMap': '/x.map' }) })).toBe('https://cdn.example.com/x.map');
    expect(locateSourceMap({ url, code, headers: { SourceMap: 'a.map', 'X-SourceMap': 'b.map' } })).toBe('https://cdn.example.com/js/a.map');
    expect(locateSourceMap({ url, code, headers: {} })).toBe('https://cdn.example.com/js/from-comment.map');
    expect(locateSourceMap({ url, headers: { sourcemap: 'only-header.map' } })).toBe('https://cdn.example.com/js/only-header.map');
  });

  it('uses //# sourceURL as the base when there is no generated URL', () => {
    const code = 'f();\n//# sourceURL=https://app.example.com/src/eval.js\n//# sourceMappingURL=eval.js.map';
    expect(locateSourceMap({ code })).toBe('https://app.example.com/src/eval.js.map');
    expect(locateSourceMap({ url, code })).toBe('https://cdn.example.com/js/eval.js.map'); // the URL wins
  });

  it('returns the URL as written when there is nothing to resolve against, and paths for a path', () => {
    expect(locateSourceMap({ code: 'f();\n//# sourceMappingURL=app.js.map' })).toBe('app.js.map');
    expect(locateSourceMap({ url: 'dist/app.js', code: 'f();\n//# sourceMappingURL=app.js.map' })).toBe('dist/app.js.map');
    expect(locateSourceMap({ url: '/srv/www/dist/app.js', code: '//# sourceMappingURL=../maps/app.js.map' })).toBe('/srv/www/maps/app.js.map');
  });

  it('reads CSS by kind or by extension, and JS bytes', () => {
    const css = 'a{}\n/*# sourceMappingURL=app.css.map */';
    expect(locateSourceMap({ url: 'https://x.example/app.css', code: css })).toBe('https://x.example/app.css.map');
    expect(locateSourceMap({ url: 'https://x.example/app.css?v=1', code: '//# sourceMappingURL=a.map' })).toBeNull();
    expect(locateSourceMap({ code: '//# sourceMappingURL=a.map', kind: 'css' })).toBeNull();
    expect(locateSourceMap({ url, code: new TextEncoder().encode('f();\n//# sourceMappingURL=b.map') })).toBe('https://cdn.example.com/js/b.map');
  });

  it('returns null when nothing links a map', () => {
    expect(locateSourceMap({ url, code: 'f();' })).toBeNull();
    expect(locateSourceMap({ url })).toBeNull();
    expect(locateSourceMap({})).toBeNull();
    expect(locateSourceMap({ url, code: 'f();\n//# sourceMappingURL=' })).toBeNull(); // an empty URL links nothing
    expect(locateSourceMap({ url, code: 'f();\n//# sourceMappingURL=https://[broken' })).toBeNull();
  });
});

describe('data: URLs', () => {
  const json = '{"version":3,"sources":["a.ts"],"names":[],"mappings":"AAAA"}';
  const base64 = Buffer.from(json).toString('base64');
  const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

  it('decodes base64 and percent-encoded maps, with and without parameters', () => {
    for (const url of [
      `data:application/json;base64,${base64}`,
      `data:application/json;charset=utf-8;base64,${base64}`,
      `data:application/json;charset=UTF-8;foo=bar;base64,${base64}`,
      `data:application/json ; BASE64,${base64}`,
      `data:;base64,${base64}`,
      `data:application/json,${encodeURIComponent(json)}`,
      `data:application/json;charset=utf-8,${encodeURIComponent(json)}`,
      `data:application/json,${json}`,
    ]) {
      const decoded = decodeDataUrl(url);
      expect(decoded, url).not.toBeNull();
      expect(text(decoded!.bytes), url).toBe(json);
      const map = new SourceMap(decoded!.bytes);
      expect(map.originalPositionFor({ line: 1, column: 0 })).toEqual({ source: 'a.ts', line: 1, column: 0, name: null });
    }
  });

  it('reports the media type as fetch() does', () => {
    expect(decodeDataUrl(`data:application/json;base64,${base64}`)?.mediaType).toBe('application/json');
    expect(decodeDataUrl(`data:Application/JSON;Charset=UTF-8;base64,${base64}`)?.mediaType).toBe('application/json;charset=UTF-8');
    expect(decodeDataUrl('data:,x')?.mediaType).toBe('text/plain;charset=US-ASCII');
    expect(decodeDataUrl('data:;charset=utf-8,x')?.mediaType).toBe('text/plain;charset=utf-8');
    expect(decodeDataUrl('data:nonsense,x')?.mediaType).toBe('text/plain;charset=US-ASCII');
  });

  it('decodes UTF-8 text, whitespace in base64 and padding-free base64', () => {
    expect(text(decodeDataUrl('data:application/json;charset=utf-8,{"a":"%C3%A9"}')!.bytes)).toBe('{"a":"é"}');
    expect(text(decodeDataUrl('data:application/json,{"a":"é"}')!.bytes)).toBe('{"a":"é"}');
    expect(text(decodeDataUrl('data:;base64,eyJh IjoxfQ')!.bytes)).toBe('{"a":1}');
    expect(text(decodeDataUrl('data:;base64,eyJhIjoxfQ==')!.bytes)).toBe('{"a":1}');
    expect(text(decodeDataUrl('data:,a%2Cb%zz#fragment')!.bytes)).toBe('a,b%zz');
  });

  it('returns null for what is not a valid data: URL', () => {
    for (const url of [
      'https://example.com/a.map',
      'data:application/json;base64',
      'data:',
      'dat:,x',
      'data:;base64,a',
      'data:;base64,ab!c',
      'data:;base64,abc=d',
      'data:;base64,ab===',
      '',
    ]) {
      expect(decodeDataUrl(url), url).toBeNull();
    }
  });

  it('agrees with fetch() (the WHATWG data: URL processor) byte for byte', async () => {
    const cases = [
      `data:application/json;base64,${base64}`,
      'data:application/json;charset=utf-8;base64,eyJhIjoxfQ',
      'data:application/json;charset="utf-8";base64,eyJhIjoxfQ==',
      'data:application/json;charset=utf-8,%7B%22a%22%3A1%7D',
      'data:application/json,{"a":"é"}',
      'data:text/plain;a=1;A=2;b="x\\"y";c=;d,hello',
      'data:text/plain;x="a b",hi',
      'data:TEXT/Plain ;base64,aGk=',
      'data: ;base64,aGk=',
      'data:text/html;;;,x',
      'data:text/plain;base64 ,aGk=',
      'data:text/plain; base64,aGk=',
      'data:text/plain;base64;charset=utf-8,aGk=',
      'data:base64,aGk=',
      'data:/,x',
      'data:a/,x',
      'data:a/b/c,x',
      'data:a/b;p="unterminated,x',
      'data:a/b;p="esc\\',
      'DATA:,%E2%82%AC%ff%',
      'data:,a\tb\nc\rd',
      '  data:,trimmed  ',
      'data:,with#fragment',
      'data:;base64,%61%47%6B%3D',
      'data:;base64, a G k = ',
      'data:;base64,aGk',
      'data:;base64,aGl=',
      'data:;base64,aR==',
      'data:;base64,aGk=x',
      'data:;base64,a',
      'data:;base64,====',
      'data:x/y;charset=\u00e9,z',
      'data:,\u{1F525}',
      'data:text/plain',
    ];
    for (const url of cases) {
      let expected: { mediaType: string; bytes: Uint8Array } | null = null;
      try {
        const response = await fetch(url);
        expected = { mediaType: response.headers.get('content-type') ?? '', bytes: new Uint8Array(await response.arrayBuffer()) };
      } catch {
        expected = null;
      }
      expect(decodeDataUrl(url), url).toEqual(expected);
    }
  });
});

describe('stripXssiPrefix', () => {
  const json = '{"version":3}';

  it('drops a first line starting with )]}\'', () => {
    expect(stripXssiPrefix(`)]}'\n${json}`)).toBe(json);
    expect(stripXssiPrefix(`)]}',garbage here\r\n${json}`)).toBe(json);
    expect(stripXssiPrefix(`)]}'\r${json}`)).toBe(json);
    expect(stripXssiPrefix(")]}'")).toBe('');
    expect(JSON.parse(stripXssiPrefix(`)]}'\n${json}\n`))).toEqual({ version: 3 });
  });

  it('leaves anything else alone', () => {
    expect(stripXssiPrefix(json)).toBe(json);
    expect(stripXssiPrefix(` )]}'\n${json}`)).toBe(` )]}'\n${json}`);
    expect(stripXssiPrefix(`)]}\n${json}`)).toBe(`)]}\n${json}`);
    expect(stripXssiPrefix(`${json}\n)]}'`)).toBe(`${json}\n)]}'`);
  });

  it('works on bytes', () => {
    const bytes = new TextEncoder().encode(`)]}'abc\n${json}`);
    const stripped = stripXssiPrefix(bytes);
    expect(stripped).toBeInstanceOf(Uint8Array);
    expect(new TextDecoder().decode(stripped)).toBe(json);
    const plain = new TextEncoder().encode(json);
    expect(stripXssiPrefix(plain)).toBe(plain);
    expect(stripXssiPrefix(new Uint8Array([0x29, 0x5d]))).toEqual(new Uint8Array([0x29, 0x5d]));
    expect(new SourceMap(stripXssiPrefix(new TextEncoder().encode(")]}'\n{\"version\":3,\"sources\":[],\"names\":[],\"mappings\":\"\"}"))).segmentCount).toBe(0);
  });
});

// ---- WebAssembly ----

function leb128(value: number): number[] {
  const out: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    out.push(byte);
  } while (value !== 0);
  return out;
}

function name(text: string): number[] {
  const bytes = [...new TextEncoder().encode(text)];
  return [...leb128(bytes.length), ...bytes];
}

function section(id: number, content: number[]): number[] {
  return [id, ...leb128(content.length), ...content];
}

function customSection(sectionName: string, content: number[]): number[] {
  return section(0, [...name(sectionName), ...content]);
}

const HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
const module = (...sections: number[][]): Uint8Array<ArrayBuffer> => new Uint8Array([...HEADER, ...sections.flat()]);

/** The module offset of the first function body's first instruction (after its locals). */
function firstInstructionOffset(bytes: Uint8Array): number {
  const read = (pos: number): [number, number] => {
    let value = 0;
    let shift = 0;
    for (;;) {
      const byte = bytes[pos++];
      value |= (byte & 0x7f) << shift;
      shift += 7;
      if ((byte & 0x80) === 0) return [value, pos];
    }
  };
  let pos = 8;
  while (pos < bytes.length) {
    const id = bytes[pos];
    const [size, start] = read(pos + 1);
    if (id === 10) {
      let [, p] = read(start); // function count
      [, p] = read(p); // body size
      let locals: number;
      [locals, p] = read(p);
      for (let i = 0; i < locals; i++) {
        [, p] = read(p); // count
        p++; // type
      }
      return p;
    }
    pos = start + size;
  }
  throw new Error('no code section');
}

describe('WebAssembly', () => {
  let dir: string;
  let wasm: Uint8Array<ArrayBuffer>;
  let mapText: string;
  let relativeWasm: Uint8Array<ArrayBuffer>;
  const source = 'export function add(a: i32, b: i32): i32 { return a + b; }\n';

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'locate-wasm-'));
    writeFileSync(join(dir, 'add.ts'), source);
    execFileSync(process.execPath, [ASC, 'add.ts', '--outFile', 'add.wasm', '--sourceMap', 'https://cdn.example.com/wasm/add.wasm.map'], { cwd: dir, stdio: 'pipe' });
    execFileSync(process.execPath, [ASC, 'add.ts', '--outFile', 'rel.wasm', '--sourceMap'], { cwd: dir, stdio: 'pipe' });
    wasm = new Uint8Array(readFileSync(join(dir, 'add.wasm')));
    relativeWasm = new Uint8Array(readFileSync(join(dir, 'rel.wasm')));
    mapText = readFileSync(join(dir, 'add.wasm.map'), 'utf8');
  });

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('reads the URL asc embeds in the sourceMappingURL custom section', async () => {
    expect(WebAssembly.validate(wasm)).toBe(true);
    expect(findWasmSourceMappingURL(wasm)).toBe('https://cdn.example.com/wasm/add.wasm.map');
    expect(findWasmSourceMappingURL(relativeWasm)).toBe('./rel.wasm.map');
    expect(locateSourceMap({ url: 'https://cdn.example.com/wasm/rel.wasm', code: relativeWasm })).toBe('https://cdn.example.com/wasm/rel.wasm.map');
    expect(locateSourceMap({ code: relativeWasm, kind: 'wasm' })).toBe('./rel.wasm.map');
    expect(locateSourceMap({ url: 'https://x.example/a.wasm', code: wasm, headers: { SourceMap: 'h.map' } })).toBe('https://x.example/h.map');
    // The module is real: it runs.
    const { instance } = await WebAssembly.instantiate(wasm, {});
    expect((instance.exports.add as (a: number, b: number) => number)(2, 3)).toBe(5);
  });

  it('decodes the map asc wrote, whose columns are module byte offsets', () => {
    const map = new SourceMap(mapText, { url: 'https://cdn.example.com/wasm/add.wasm.map' });
    expect(map.segmentCount).toBeGreaterThan(0);
    const offset = firstInstructionOffset(wasm);
    const position = map.originalPositionFor({ line: 1, column: offset });
    expect(position.source).toMatch(/\/add\.ts$/);
    expect(position.line).toBe(1);
    expect(position.column).toBe(source.indexOf('a + b'));
    expect(map.originalPositionFor({ line: 1, column: offset - 1 }).source).toBeNull(); // before the body
    const name = position.source as string;
    expect(map.sourceContentFor(name)).toBe(source);
  });

  it('takes the first of two sourceMappingURL sections', () => {
    const bytes = module(
      customSection('name', [0x00]),
      customSection('sourceMappingURL', name('first.wasm.map')),
      section(1, [0x00]), // an empty type section
      customSection('sourceMappingURL', name('second.wasm.map')),
    );
    expect(WebAssembly.validate(bytes)).toBe(true);
    expect(findWasmSourceMappingURL(bytes)).toBe('first.wasm.map');
    expect(findWasmSourceMappingURL(module(customSection('sourceMappingURL', name('https://x.example/é.map'))))).toBe('https://x.example/é.map');
    expect(findWasmSourceMappingURL(module(customSection('sourceMappingURL', name(''))))).toBe('');
    expect(findWasmSourceMappingURL(module(customSection('sourceMappingURLx', name('a.map'))))).toBeNull();
    expect(findWasmSourceMappingURL(module())).toBeNull();
    expect(findWasmSourceMappingURL(module(section(1, [0x00])))).toBeNull();
  });

  it('returns null, without throwing, for truncated or invalid bytes', () => {
    for (let length = 0; length < wasm.length; length++) {
      expect(findWasmSourceMappingURL(wasm.subarray(0, length)), `first ${length} bytes`).toBeNull();
    }
    const good = customSection('sourceMappingURL', name('a.map'));
    const invalid: [string, Uint8Array][] = [
      ['a wrong magic', new Uint8Array([0x00, 0x61, 0x73, 0x6e, 0x01, 0, 0, 0, ...good])],
      ['a wrong version', new Uint8Array([...HEADER.slice(0, 4), 0x02, 0, 0, 0, ...good])],
      ['a section past the end', new Uint8Array([...HEADER, 0, 0x7f, ...good.slice(2)])],
      ['an unknown section id', module([0x40, 0x00], good)],
      ['an over-long LEB128 size', module([0x00, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00], good)],
      ['a 33-bit LEB128 size', module([0x00, 0xff, 0xff, 0xff, 0xff, 0x1f], good)],
      ['a custom section name past its section', module(section(0, [0x05, 0x61]), good)],
      ['a name that is not UTF-8', module(section(0, [0x02, 0xc3, 0x28]), good)],
      ['a URL that is not UTF-8', module(customSection('sourceMappingURL', [0x01, 0xff]))],
      ['a URL whose length is wrong', module(customSection('sourceMappingURL', [0x09, 0x61, 0x2e, 0x6d, 0x61, 0x70]))],
      ['a URL without its length', module(customSection('sourceMappingURL', [...new TextEncoder().encode('a.map')]))],
      ['garbage after a good section', new Uint8Array([...HEADER, ...good, 0x00])],
      ['JavaScript', new TextEncoder().encode('//# sourceMappingURL=a.map')],
      ['nothing', new Uint8Array(0)],
    ];
    for (const [what, bytes] of invalid) {
      expect(() => findWasmSourceMappingURL(bytes), what).not.toThrow();
      expect(findWasmSourceMappingURL(bytes), what).toBeNull();
    }
    expect(findWasmSourceMappingURL('not bytes' as unknown as Uint8Array)).toBeNull();
  });
});
