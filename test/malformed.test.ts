// Malformed documents, table-driven: every row is an input and what must come of it, a
// SourceMapError with a given code (and field, and a phrase of its message) or a map that
// decodes. After every row, a valid map must still decode, and nothing may have been added to
// Object.prototype.
import { afterAll, describe, expect, it, vi } from 'vitest';
import { SourceMap, SourceMapError, type SourceMapErrorCode, type SourceMapOptions } from '../src/index.js';

type Code = SourceMapErrorCode;

interface Refused {
  name: string;
  input: () => unknown;
  options?: SourceMapOptions;
  /** The code, or the codes that are all right (where the JS engine decides, e.g. deep JSON). */
  code: Code | Code[];
  phrase: string | RegExp;
  field?: string;
  /** Other properties the error must have (section, offset...). */
  has?: Record<string, unknown>;
  /** Not to be repeated as bytes (see the bytes twins below). */
  noTwin?: boolean;
}

interface Accepted {
  name: string;
  input: () => unknown;
  options?: SourceMapOptions;
  check?: (map: SourceMap) => void;
}

// A map with every field, and its text.
const BASE = {
  version: 3,
  file: 'app.min.js',
  sourceRoot: 'src',
  sources: ['a.js', 'b.js'],
  sourcesContent: ['let a;', null],
  names: ['x', 'y'],
  mappings: 'AAAAA,CCAAC;AAAA',
  ignoreList: [1],
  debugId: '85314830-023f-4cf1-a267-535f4e37bb17',
};
const TEXT = JSON.stringify(BASE);
const base = (fields: Record<string, unknown> = {}) => ({ ...BASE, ...fields });
const minimal = (fields: Record<string, unknown> = {}) => ({ version: 3, sources: ['a.js'], names: [], mappings: 'AAAA', ...fields });
const section = (line: unknown, column: unknown, map: unknown = minimal()) => ({ offset: { line, column }, map });
const index = (sections: unknown, fields: Record<string, unknown> = {}) => ({ version: 3, sections, ...fields });
const utf8 = (text: string) => new TextEncoder().encode(text);
const MIN_DOC = '{"version":3,"sources":["a.js"],"names":[],"mappings":"AAAA"}';

const refused: Refused[] = [];
const accepted: Accepted[] = [];
const no = (name: string, input: () => unknown, code: Code | Code[], phrase: string | RegExp, field?: string, has?: Record<string, unknown>, options?: SourceMapOptions) =>
  refused.push({ name, input, code, phrase, field, has, options });
const yes = (name: string, input: () => unknown, check?: (map: SourceMap) => void, options?: SourceMapOptions) => accepted.push({ name, input, check, options });

// --- not a map at all ---------------------------------------------------------------------
for (const [name, value] of [['a number', 42], ['null', null], ['undefined', undefined], ['a boolean', true], ['a bigint', 1n], ['a symbol', Symbol('map')], ['a function', () => TEXT], ['an array', [BASE]], ['NaN', Number.NaN]] as const) {
  no(`input is ${name}`, () => value, 'INVALID_INPUT', 'must be given as a string, a Uint8Array or an object');
}
// Other buffers and a forgotten await: INVALID_INPUT, saying what to pass instead.
for (const [name, make] of [
  ['an ArrayBuffer', () => utf8(TEXT).buffer],
  ['a DataView', () => new DataView(utf8(TEXT).buffer)],
  ['an Int8Array', () => new Int8Array(utf8(TEXT))],
  ['a Uint16Array', () => new Uint16Array(4)],
] as const) {
  no(`input is ${name}`, make, 'INVALID_INPUT', 'must be given as a Uint8Array');
}
no('input is a Promise (a missing await)', () => Promise.resolve(BASE), 'INVALID_INPUT', 'await it first');
// Objects that are not maps: a clear error, though "no version" is less to the point.
for (const [name, make] of [
  ['a Map', () => new Map(Object.entries(BASE))],
  ['a Date', () => new Date(0)],
] as const) {
  no(`input is ${name}`, make, ['INVALID_INPUT', 'UNSUPPORTED_VERSION'], /a Uint8Array or an object|no "version" field/);
}

// --- broken JSON: the full map's text cut at every point -----------------------------------
for (let end = 0; end < TEXT.length; end++) {
  no(`text truncated to ${end} of ${TEXT.length} characters`, () => TEXT.slice(0, end), 'INVALID_JSON', 'not valid JSON');
}
const INDEX_TEXT = JSON.stringify(index([section(0, 0), section(1, 0, base())]));
for (let end = 0; end < INDEX_TEXT.length; end += 3) {
  no(`index map text truncated to ${end} of ${INDEX_TEXT.length}`, () => INDEX_TEXT.slice(0, end), 'INVALID_JSON', 'not valid JSON');
}
// Bytes cut anywhere, also inside a multi-byte character: not UTF-8, or not JSON.
const UNICODE_BYTES = utf8(JSON.stringify(base({ sources: ['é.js', '\u{1F600}.js'], names: ['ü', '€'] })));
for (let end = 0; end < UNICODE_BYTES.length; end += 2) {
  no(`UTF-8 bytes truncated to ${end} of ${UNICODE_BYTES.length}`, () => UNICODE_BYTES.slice(0, end), 'INVALID_JSON', /not valid (JSON|UTF-8)/);
}
for (const [name, text] of [
  ['a trailing comma', '{"version":3,"sources":[],"mappings":"",}'],
  ['single quotes', "{'version':3,'sources':[],'mappings':''}"],
  ['a comment', '{"version":3,/* c */"sources":[],"mappings":""}'],
  ['an unquoted key', '{version:3,"sources":[],"mappings":""}'],
  ['two documents', `${MIN_DOC}${MIN_DOC}`],
  ['a raw newline in a string', '{"version":3,"sources":["a\nb"],"mappings":""}'],
  ['a bad escape', '{"version":3,"sources":["\\x41"],"mappings":""}'],
  ['NaN', '{"version":NaN,"sources":[],"mappings":""}'],
  ['a hex number', '{"version":0x3,"sources":[],"mappings":""}'],
  ['a leading zero', '{"version":03,"sources":[],"mappings":""}'],
  ['the empty string', ''],
  ['whitespace only', ' \n\t '],
] as const) {
  no(`JSON with ${name}`, () => text, 'INVALID_JSON', 'not valid JSON');
}
for (const [name, text, phrase] of [['a number', '3', 'not number 3'], ['null', 'null', 'not null'], ['a string', '"map"', 'not the string'], ['an array', `[${MIN_DOC}]`, 'not an array'], ['true', 'true', 'not boolean true']] as const) {
  no(`JSON text that is ${name}`, () => text, 'INVALID_JSON', `must be a JSON object, ${phrase}`);
}

// --- wrong types in every field ------------------------------------------------------------
const WRONG: [string, unknown][] = [['0', 0], ['3.5', 3.5], ['"3"', '3'], ['"x"', 'x'], ['true', true], ['null', null], ['[]', []], ['{}', {}], ['["a.js"]', ['a.js']]];
const notString = WRONG.filter(([, v]) => typeof v !== 'string');
const notArray = WRONG.filter(([, v]) => !Array.isArray(v));
for (const [label, value] of WRONG) no(`version ${label}`, () => base({ version: value }), 'UNSUPPORTED_VERSION', 'must be the number 3', 'version');
for (const [label, value] of [['2', 2], ['4', 4], ['-3', -3], ['"3.0"', '3.0']] as const) no(`version ${label}`, () => base({ version: value }), 'UNSUPPORTED_VERSION', 'must be the number 3', 'version');
no('no version', () => base({ version: undefined }), 'UNSUPPORTED_VERSION', 'no "version" field', 'version');
for (const key of ['file', 'sourceRoot', 'mappings']) {
  for (const [label, value] of notString) no(`${key} ${label}`, () => base({ [key]: value }), 'INVALID_FIELD', `"${key}" must be a string`, key);
}
for (const key of ['sources', 'sourcesContent', 'names', 'ignoreList']) {
  for (const [label, value] of notArray) no(`${key} ${label}`, () => base({ [key]: value }), 'INVALID_FIELD', `"${key}" must be an array`, key);
}
for (const [label, value] of notArray) {
  no(`x_google_ignoreList ${label}`, () => base({ ignoreList: undefined, x_google_ignoreList: value }), 'INVALID_FIELD', '"x_google_ignoreList" must be an array', 'x_google_ignoreList');
}
for (const [label, value] of [...notString, ['"not a uuid"', 'not a uuid'], ['a UUID without dashes', '85314830023f4cf1a267535f4e37bb17'], ['a UUID with braces', '{85314830-023f-4cf1-a267-535f4e37bb17}']] as [string, unknown][]) {
  no(`debugId ${label}`, () => base({ debugId: value }), 'INVALID_FIELD', '"debugId" must be a UUID', 'debugId');
}
no('no mappings', () => base({ mappings: undefined }), 'MISSING_FIELD', 'no "mappings" field', 'mappings');
no('no sources', () => base({ sources: undefined }), 'MISSING_FIELD', 'no "sources" field', 'sources');
for (const [label, value] of [['0', 0], ['true', true], ['[]', []], ['{}', {}], ['undefined', undefined]] as const) {
  no(`sources[1] ${label}`, () => base({ sources: ['a.js', value] }), 'INVALID_FIELD', '"sources[1]" must be a string or null', 'sources[1]');
  no(`sourcesContent[1] ${label}`, () => base({ sourcesContent: ['a', value] }), 'INVALID_FIELD', '"sourcesContent[1]" must be a string or null', 'sourcesContent[1]');
  no(`names[1] ${label}`, () => base({ names: ['x', value] }), 'INVALID_FIELD', '"names[1]" must be a string', 'names[1]');
}
no('names[1] null', () => base({ names: ['x', null] }), 'INVALID_FIELD', '"names[1]" must be a string', 'names[1]');
for (const [label, value, phrase] of [
  ['"0"', '0', 'must be a source index'], ['null', null, 'must be a source index'], ['true', true, 'must be a source index'], ['0.5', 0.5, 'must be a source index'],
  ['[]', [], 'must be a source index'], ['-1', -1, 'is -1, not the index of one of the 2 sources'], ['2', 2, 'is 2, not the index of one of the 2 sources'],
] as const) {
  no(`ignoreList[0] ${label}`, () => base({ ignoreList: [value] }), 'INVALID_FIELD', phrase, 'ignoreList[0]');
}
// Index maps, field by field.
for (const [label, value] of notArray) no(`sections ${label}`, () => index(value), 'INVALID_FIELD', '"sections" must be an array', 'sections');
for (const [label, value] of [['0', 0], ['"x"', 'x'], ['null', null], ['[]', []]] as const) {
  no(`sections[0] ${label}`, () => index([value]), 'INVALID_FIELD', '"sections[0]" must be an object', 'sections[0]');
  no(`sections[0].offset ${label}`, () => index([{ offset: value, map: minimal() }]), 'INVALID_FIELD', '"sections[0].offset" must be an object', 'sections[0].offset');
  no(`sections[0].map ${label}`, () => index([{ offset: { line: 0, column: 0 }, map: value }]), 'INVALID_FIELD', '"sections[0].map" must be an object', 'sections[0].map');
}
for (const key of ['line', 'column'] as const) {
  for (const [label, value] of [['-1', -1], ['0.5', 0.5], ['"0"', '0'], ['null', null], ['true', true], ['[]', []], ['{}', {}], ['2^31', 2 ** 31], ['2^53', 2 ** 53], ['undefined', undefined]] as const) {
    const offset = { line: 0, column: 0, [key]: value };
    no(`sections[0].offset.${key} ${label}`, () => index([{ offset, map: minimal() }]), 'INVALID_FIELD', 'must be an integer from 0 to 2^31 - 1', `sections[0].offset.${key}`);
  }
}
no('sections[0].map.version "3"', () => index([section(0, 0, minimal({ version: '3' }))]), 'UNSUPPORTED_VERSION', 'must be the number 3', 'sections[0].map.version');
no('sections[0].map.sources "a.js"', () => index([section(0, 0, minimal({ sources: 'a.js' }))]), 'INVALID_FIELD', '"sections[0].map.sources" must be an array', 'sections[0].map.sources');
no('sections[1].map.names[0] 1', () => index([section(0, 0), section(1, 0, minimal({ names: [1] }))]), 'INVALID_FIELD', '"sections[1].map.names[0]" must be a string', 'sections[1].map.names[0]');
no('sections[0].map.mappings missing', () => index([section(0, 0, minimal({ mappings: undefined }))]), 'MISSING_FIELD', 'no "sections[0].map.mappings"', 'sections[0].map.mappings');
no('sections[0].map.file 1', () => index([section(0, 0, minimal({ file: 1 }))]), 'INVALID_FIELD', '"sections[0].map.file" must be a string', 'sections[0].map.file');

// --- __proto__, constructor, prototype -----------------------------------------------------
no('every field under a "__proto__" key (JSON)', () => '{"__proto__":{"version":3,"sources":[],"mappings":""}}', 'UNSUPPORTED_VERSION', 'no "version" field');
no('mappings under a "__proto__" key (JSON)', () => '{"version":3,"sources":[],"__proto__":{"mappings":"AAAA"}}', 'MISSING_FIELD', 'no "mappings" field', 'mappings');
no('fields inherited from a prototype (object)', () => Object.create({ version: 3, sources: [], mappings: '' }), 'UNSUPPORTED_VERSION', 'no "version" field');
no('mappings inherited (object literal __proto__)', () => ({ version: 3, sources: [], __proto__: { mappings: 'AAAA' } }), 'MISSING_FIELD', 'no "mappings" field', 'mappings');
no('a section map under "__proto__" (JSON)', () => `{"version":3,"sections":[{"offset":{"line":0,"column":0},"__proto__":{"map":${MIN_DOC}}}]}`, 'MISSING_FIELD', 'has no "map"', 'sections[0].map');
no('an offset under "__proto__" (JSON)', () => `{"version":3,"sections":[{"offset":{"__proto__":{"line":0,"column":0}},"map":${MIN_DOC}}]}`, 'INVALID_FIELD', 'not undefined', 'sections[0].offset.line');
no('"constructor" as the version (JSON)', () => '{"version":{"constructor":3},"sources":[],"mappings":""}', 'UNSUPPORTED_VERSION', 'must be the number 3');
no('a "__proto__" source index past the end', () => minimal({ sources: ['__proto__'], mappings: 'AAAA,ACAA' }), 'SOURCE_OUT_OF_RANGE', 'past the end of "sources"', undefined, { offset: 5 });

const PROTO_DOC = JSON.stringify({
  version: 3,
  sources: ['__proto__', 'constructor', 'prototype', 'hasOwnProperty'],
  sourcesContent: ['p', 'c', null, 'h'],
  names: ['__proto__', 'constructor', 'prototype', 'toString'],
  mappings: 'AAAAA,CCAAC,CCAAC,CCAAC',
  ignoreList: [0],
  hasOwnProperty: 1,
  toString: 'x',
  constructor: { prototype: { polluted: true } },
  prototype: { polluted: true },
}).replace('{', '{"__proto__":{"polluted":true,"version":2},');
const checkProtoMap = (m: SourceMap) => {
  expect(m.sources).toEqual(['__proto__', 'constructor', 'prototype', 'hasOwnProperty']);
  expect(m.names).toEqual(['__proto__', 'constructor', 'prototype', 'toString']);
  expect([0, 1, 2, 3].map((column) => m.originalPositionFor({ line: 1, column }))).toEqual([
    { source: '__proto__', line: 1, column: 0, name: '__proto__' },
    { source: 'constructor', line: 1, column: 0, name: 'constructor' },
    { source: 'prototype', line: 1, column: 0, name: 'prototype' },
    { source: 'hasOwnProperty', line: 1, column: 0, name: 'toString' },
  ]);
  expect(m.sourceContentFor('__proto__')).toBe('p');
  expect(m.sourceContentFor('constructor')).toBe('c');
  expect(m.sourceContentFor('prototype')).toBeNull();
  expect(m.sourceContentFor('toString')).toBeNull();
  expect(m.sourceIndex('hasOwnProperty')).toBe(3);
  expect(m.sourceIndex('valueOf')).toBe(-1);
  expect(m.isIgnored('__proto__')).toBe(true);
  expect(m.isIgnored('constructor')).toBe(false);
  expect(m.generatedPositionFor({ source: '__proto__', line: 1, column: 0 })).toEqual({ line: 1, column: 0, lastColumn: 0 });
  expect(m.allGeneratedPositionsFor({ source: 'constructor', line: 1 })).toEqual([{ line: 1, column: 1, lastColumn: 1 }]);
};
yes('__proto__, constructor, prototype as keys, sources and names (JSON)', () => PROTO_DOC, checkProtoMap);
yes('__proto__, constructor, prototype as keys, sources and names (bytes)', () => utf8(PROTO_DOC), checkProtoMap);
yes('__proto__, constructor, prototype as keys, sources and names (parsed)', () => JSON.parse(PROTO_DOC), checkProtoMap);
yes('"__proto__" as sourceRoot', () => minimal({ sourceRoot: '__proto__', sources: ['constructor'] }), (m) => {
  expect(m.sources).toEqual(['__proto__/constructor']);
  expect(m.originalPositionFor({ line: 1, column: 0 }).source).toBe('__proto__/constructor');
});
yes('"__proto__" sources in index-map sections', () => index([section(0, 0, minimal({ sources: ['__proto__'] })), section(1, 0, minimal({ sources: ['__proto__'], names: ['constructor'], mappings: 'AAAAA' }))]), (m) => {
  expect(m.sources).toEqual(['__proto__', '__proto__']);
  expect(m.originalPositionFor({ line: 2, column: 0 })).toEqual({ source: '__proto__', line: 1, column: 0, name: 'constructor' });
});

// --- duplicated keys: the last wins, as in JSON.parse ------------------------------------------
yes('"version" twice, 2 then 3', () => TEXT.replace('{', '{"version":2,'), (m) => expect(m.segmentCount).toBe(3));
no('"version" twice, 3 then 2', () => TEXT.replace(/}$/, ',"version":2}'), 'UNSUPPORTED_VERSION', 'must be the number 3', 'version');
no('"mappings" twice, then 7', () => TEXT.replace(/}$/, ',"mappings":7}'), 'INVALID_FIELD', '"mappings" must be a string', 'mappings');
no('"sources" twice, then []', () => MIN_DOC.replace(/}$/, ',"sources":[]}'), 'SOURCE_OUT_OF_RANGE', 'past the end of "sources"', undefined, { offset: 0 });
yes('"mappings" twice, then ""', () => TEXT.replace(/}$/, ',"mappings":""}'), (m) => expect(m.segmentCount).toBe(0));
no('"sections" twice, then 5', () => '{"version":3,"sections":[],"sections":5}', 'INVALID_FIELD', '"sections" must be an array', 'sections');
yes('offset "line" twice, 5 then 0', () => `{"version":3,"sections":[{"offset":{"line":5,"column":0,"line":0},"map":${MIN_DOC}}]}`, (m) => {
  expect(m.originalPositionFor({ line: 1, column: 0 }).source).toBe('a.js');
});

// --- byte-order marks and the )]}' guard ------------------------------------------------------
yes('a BOM', () => `\uFEFF${TEXT}`);
yes('a UTF-8 BOM in bytes', () => utf8(`\uFEFF${TEXT}`));
yes(")]}' on its own line", () => `)]}'\n${TEXT}`);
yes(")]}' and CRLF", () => `)]}'\r\n${TEXT}`);
yes(")]}' followed by more on its line", () => `)]}' guard\n${TEXT}`);
yes(")]}' after a BOM", () => `\uFEFF)]}'\n${TEXT}`);
yes(")]}' in bytes", () => utf8(`)]}'\n${TEXT}`));
yes('whitespace around the JSON', () => `\n\t  ${TEXT}  \r\n`);
no(')]}\' with no newline after it', () => `)]}'${TEXT}`, 'INVALID_JSON', 'not valid JSON');
no(')]}\' after a space', () => ` )]}'\n${TEXT}`, 'INVALID_JSON', 'not valid JSON');
no(')]}\' after a newline', () => `\n)]}'\n${TEXT}`, 'INVALID_JSON', 'not valid JSON');
no(')]}\' in the middle', () => TEXT.replace(',"sources"', `,)]}'\n"sources"`), 'INVALID_JSON', 'not valid JSON');
no(')]}\' at the end', () => `${TEXT}\n)]}'`, 'INVALID_JSON', 'not valid JSON');
no(')]}\' twice', () => `)]}'\n)]}'\n${TEXT}`, 'INVALID_JSON', 'not valid JSON');
no(')]} without its quote', () => `)]}\n${TEXT}`, 'INVALID_JSON', 'not valid JSON');
no('a BOM after )]}\'', () => `)]}'\n\uFEFF${TEXT}`, 'INVALID_JSON', 'not valid JSON');
no('a BOM after a space', () => ` \uFEFF${TEXT}`, 'INVALID_JSON', 'not valid JSON');
no('two BOMs (text)', () => `\uFEFF\uFEFF${TEXT}`, 'INVALID_JSON', 'not valid JSON');
refused[refused.length - 1].noTwin = true; // as bytes, accepted: a known bug (below)
no('a BOM inside the object', () => TEXT.replace(',', ',\uFEFF'), 'INVALID_JSON', 'not valid JSON');

// --- huge and odd numbers -------------------------------------------------------------------
no('version 1e400 (Infinity)', () => TEXT.replace('"version":3', '"version":1e400'), 'UNSUPPORTED_VERSION', 'number Infinity', 'version');
no('version -1e400', () => TEXT.replace('"version":3', '"version":-1e400'), 'UNSUPPORTED_VERSION', 'number -Infinity', 'version');
no('version 2^53', () => TEXT.replace('"version":3', `"version":${2 ** 53}`), 'UNSUPPORTED_VERSION', 'number 9007199254740992', 'version');
no('version 3.000001', () => TEXT.replace('"version":3', '"version":3.000001'), 'UNSUPPORTED_VERSION', 'must be the number 3', 'version');
yes('version 3.0', () => TEXT.replace('"version":3', '"version":3.0'));
yes('version 3e0', () => TEXT.replace('"version":3', '"version":3e0'));
yes('version 30e-1', () => TEXT.replace('"version":3', '"version":30e-1'));
yes('version 3.0000000000000001 (is 3 as a double)', () => TEXT.replace('"version":3', '"version":3.0000000000000001'));
for (const key of ['line', 'column']) {
  for (const [label, number, phrase] of [['1e400', '1e400', 'not number Infinity'], ['2^53', String(2 ** 53), 'not number 9007199254740992'], ['2^31', String(2 ** 31), 'not number 2147483648'], ['-1e400', '-1e400', 'not number -Infinity']]) {
    const offset = key === 'line' ? `{"line":${number},"column":0}` : `{"line":0,"column":${number}}`;
    no(`sections[0].offset.${key} ${label}`, () => `{"version":3,"sections":[{"offset":${offset},"map":${MIN_DOC}}]}`, 'INVALID_FIELD', phrase, `sections[0].offset.${key}`);
  }
  const tiny = key === 'line' ? '{"line":1e-400,"column":-0}' : '{"line":-0,"column":1e-400}';
  yes(`sections[0].offset.${key} 1e-400 and -0 (both 0)`, () => `{"version":3,"sections":[{"offset":${tiny},"map":${MIN_DOC}}]}`, (m) => expect(m.segmentFor({ line: 1, column: 0 })).toEqual([0, 0, 0, 0]));
}
no('ignoreList [1e400]', () => TEXT.replace('"ignoreList":[1]', '"ignoreList":[1e400]'), 'INVALID_FIELD', 'not number Infinity', 'ignoreList[0]');
no('ignoreList [2^53]', () => TEXT.replace('"ignoreList":[1]', `"ignoreList":[${2 ** 53}]`), 'INVALID_FIELD', 'is 9007199254740992, not the index', 'ignoreList[0]');
no('ignoreList [2^53 + 1 (rounds to 2^53)]', () => TEXT.replace('"ignoreList":[1]', '"ignoreList":[9007199254740993]'), 'INVALID_FIELD', 'is 9007199254740992, not the index', 'ignoreList[0]');
no('ignoreList [1.5]', () => TEXT.replace('"ignoreList":[1]', '"ignoreList":[1.5]'), 'INVALID_FIELD', 'not number 1.5', 'ignoreList[0]');
yes('ignoreList [1e-400, -0, 1.0]', () => TEXT.replace('"ignoreList":[1]', '"ignoreList":[1e-400,-0,1.0]'), (m) => expect(m.ignoreList).toEqual([0, 0, 1]));
no('maxSegments 1e400 (Infinity)', () => TEXT, 'INVALID_OPTION', 'options.maxSegments must be an integer', 'maxSegments', undefined, { maxSegments: Infinity });
no('maxMappingsBytes 2^53', () => TEXT, 'INVALID_OPTION', 'options.maxMappingsBytes must be an integer', 'maxMappingsBytes', undefined, { maxMappingsBytes: 2 ** 53 });
no('maxSegments 1.5', () => TEXT, 'INVALID_OPTION', 'options.maxSegments must be an integer', 'maxSegments', undefined, { maxSegments: 1.5 });
no('maxSegments "10"', () => TEXT, 'INVALID_OPTION', 'options.maxSegments must be an integer', 'maxSegments', undefined, { maxSegments: '10' as unknown as number });
no('maxMappingsBytes NaN', () => TEXT, 'INVALID_OPTION', 'options.maxMappingsBytes must be an integer', 'maxMappingsBytes', undefined, { maxMappingsBytes: Number.NaN });
no('url null', () => TEXT, 'INVALID_OPTION', 'options.url must be a string', 'url', undefined, { url: null as unknown as string });

// --- deep nesting (JSON.parse may throw a RangeError: that too must be INVALID_JSON) ------------
const DEPTH = 100_000;
const deepArray = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
no('an array 100,000 deep as the document', () => deepArray(DEPTH), 'INVALID_JSON', /must be a JSON object, not an array|not valid JSON/);
no('an array 1,000,000 deep as the document', () => deepArray(1_000_000), 'INVALID_JSON', /must be a JSON object, not an array|not valid JSON/);
no('an array 100,000 deep, unterminated', () => '['.repeat(DEPTH), 'INVALID_JSON', 'not valid JSON');
no('an array 100,000 deep as bytes', () => utf8(deepArray(DEPTH)), 'INVALID_JSON', /must be a JSON object, not an array|not valid JSON/);
no('an array 100,000 deep in sources', () => `{"version":3,"sources":${deepArray(DEPTH)},"mappings":""}`, ['INVALID_FIELD', 'INVALID_JSON'], /"sources\[0\]" must be a string or null, not an array|not valid JSON/);
no('an array 100,000 deep in names', () => `{"version":3,"sources":[],"names":[${deepArray(DEPTH)}],"mappings":""}`, ['INVALID_FIELD', 'INVALID_JSON'], /"names\[0\]" must be a string|not valid JSON/);
no('an array 100,000 deep as sections', () => `{"version":3,"sections":${deepArray(DEPTH)}}`, ['INVALID_FIELD', 'INVALID_JSON'], /"sections\[0\]" must be an object|not valid JSON/);
no('an object 100,000 deep as the version', () => `{"version":${'{"a":'.repeat(DEPTH)}3${'}'.repeat(DEPTH)},"sources":[],"mappings":""}`, ['UNSUPPORTED_VERSION', 'INVALID_JSON'], /must be the number 3|not valid JSON/);
no('JSON.parse throwing RangeError (a parser that recurses)', () => {
  vi.spyOn(JSON, 'parse').mockImplementationOnce(() => {
    throw new RangeError('Maximum call stack size exceeded');
  });
  return TEXT;
}, 'INVALID_JSON', 'not valid JSON: Maximum call stack size exceeded');
refused[refused.length - 1].noTwin = true; // the mock is for JSON.parse of the text
no('a parsed array 100,000 deep in sources (object input)', () => {
  let deep: unknown[] = [];
  for (let i = 0; i < DEPTH; i++) deep = [deep];
  return minimal({ sources: deep });
}, 'INVALID_FIELD', '"sources[0]" must be a string or null, not an array', 'sources[0]');
// An unknown field may hold anything: it is not looked at.
yes('an object 100,000 deep in an unknown field', () => `{"x_deep":${'{"a":'.repeat(DEPTH)}1${'}'.repeat(DEPTH)},${TEXT.slice(1)}`, (m) => expect(m.segmentCount).toBe(3));

// --- broken index maps ----------------------------------------------------------------------
no('overlapping sections (same line)', () => index([section(0, 0, minimal({ mappings: 'AAAA,UAAA' })), section(0, 10)]), 'SECTIONS_OVERLAP', 'start of the next section', undefined, { section: 0, segment: 1, offset: 5 });
no('overlapping sections (next line)', () => index([section(0, 0, minimal({ mappings: 'AAAA;AAAA' })), section(1, 0)]), 'SECTIONS_OVERLAP', 'start of the next section', undefined, { section: 0, generatedLine: 2 });
no('overlapping sections (a later line)', () => index([section(0, 0, minimal({ mappings: ';;;AAAA' })), section(2, 5)]), 'SECTIONS_OVERLAP', 'start of the next section', undefined, { section: 0, generatedLine: 4 });
no('two sections at the same offset, the first with mappings', () => index([section(3, 4), section(3, 4)]), 'SECTIONS_OVERLAP', 'start of the next section', undefined, { section: 0 });
yes('two sections at the same offset, the first empty', () => index([section(3, 4, minimal({ mappings: '' })), section(3, 4, minimal({ sources: ['b.js'] }))]), (m) => {
  expect(m.originalPositionFor({ line: 4, column: 4 }).source).toBe('b.js');
});
yes('a section ending one column before the next', () => index([section(0, 0, minimal({ mappings: 'AAAA,SAAA' })), section(0, 10, minimal({ sources: ['b.js'] }))]), (m) => {
  expect(m.originalPositionFor({ line: 1, column: 9 }).source).toBe('a.js');
  expect(m.originalPositionFor({ line: 1, column: 10 }).source).toBe('b.js');
});
no('unordered sections (earlier line)', () => index([section(2, 0), section(1, 5)]), 'SECTIONS_UNORDERED', 'before the previous section', 'sections[1].offset', { section: 1 });
no('unordered sections (same line, earlier column)', () => index([section(0, 5, minimal({ mappings: '' })), section(0, 4)]), 'SECTIONS_UNORDERED', 'before the previous section', 'sections[1].offset');
no('unordered sections (the last of 100)', () => index([...Array.from({ length: 99 }, (_, i) => section(i, 0)), section(50, 0)]), 'SECTIONS_UNORDERED', 'Section 99 starts at 50:0', 'sections[99].offset');
no('a nested index map', () => index([section(0, 0, index([section(0, 0)]))]), 'NESTED_INDEX_MAP', 'itself an index map', 'sections[0].map', { section: 0 });
no('a nested index map with no sections in it', () => index([section(0, 0), section(1, 0, index([]))]), 'NESTED_INDEX_MAP', 'itself an index map', 'sections[1].map');
no('a nested index map with sections: null', () => index([section(0, 0, { version: 3, sections: null })]), 'NESTED_INDEX_MAP', 'itself an index map');
no('a section with no map', () => index([{ offset: { line: 0, column: 0 } }]), 'MISSING_FIELD', 'has no "map"', 'sections[0].map');
no('a section with a url and no map', () => index([{ offset: { line: 0, column: 0 }, url: 'a.js.map' }]), 'MISSING_FIELD', 'has no "map"', 'sections[0].map');
no('a section with no offset', () => index([{ map: minimal() }]), 'MISSING_FIELD', 'has no "offset"', 'sections[0].offset');
no('an index map with mappings', () => index([], { mappings: '' }), 'MAPPINGS_WITH_SECTIONS', 'must not have "mappings"', 'mappings');
no('an index map with no version', () => index([], { version: undefined }), 'UNSUPPORTED_VERSION', 'no "version" field', 'version');
no('an index map of version 2', () => index([], { version: 2 }), 'UNSUPPORTED_VERSION', 'must be the number 3', 'version');
no('bad base64 in the third section', () => index([section(0, 0), section(1, 0), section(2, 0, minimal({ mappings: 'AAAA;AA=A' }))]), 'INVALID_BASE64', "byte 7 of section 2's mappings", undefined, { section: 2, offset: 7, generatedLine: 4 });
no('a source index past the section\'s own sources', () => index([section(0, 0, minimal({ sources: ['a.js', 'b.js'] })), section(1, 0, minimal({ mappings: 'ACAA' }))]), 'SOURCE_OUT_OF_RANGE', "section 1's mappings", undefined, { section: 1 });
no('a name index past the section\'s own names', () => index([section(0, 0, minimal({ names: ['x', 'y'] })), section(1, 0, minimal({ names: ['z'], mappings: 'AAAAC' }))]), 'NAME_OUT_OF_RANGE', 'past the end of "names"', undefined, { section: 1 });
no('a section column offset that pushes a column past 2^31 - 1', () => index([section(0, 2 ** 31 - 10, minimal({ mappings: 'AAAA,UAAA' }))]), 'VALUE_OVERFLOW', 'generated column past 2^31 - 1', undefined, { section: 0, segment: 1 });
yes('an index map with no sections', () => index([]), (m) => {
  expect(m.segmentCount).toBe(0);
  expect(m.sources).toEqual([]);
});
const SECTIONS = 10_000;
const manySections = () => index(Array.from({ length: SECTIONS }, (_, i) => section(i, 0, { version: 3, sources: [`s${i}.js`], names: [`n${i}`], mappings: `AA${i % 2 ? 'C' : 'A'}AA,EAAE` })));
yes('10,000 sections, one per line', manySections, (m) => {
  expect(m.sources.length).toBe(SECTIONS);
  expect(m.segmentCount).toBe(2 * SECTIONS);
  expect(m.lineCount).toBe(SECTIONS);
  expect(m.originalPositionFor({ line: SECTIONS, column: 0 })).toEqual({ source: `s${SECTIONS - 1}.js`, line: 2, column: 0, name: `n${SECTIONS - 1}` });
  expect(m.originalPositionFor({ line: SECTIONS, column: 5 })).toEqual({ source: `s${SECTIONS - 1}.js`, line: 2, column: 2, name: null });
  expect(m.originalPositionFor({ line: SECTIONS + 1, column: 0 }).source).toBeNull();
  expect(m.originalPositionFor({ line: 5000, column: 0 }).source).toBe('s4999.js');
});
yes('10,000 sections on one line (as JSON text)', () => JSON.stringify(index(Array.from({ length: SECTIONS }, (_, i) => section(0, i * 10, minimal({ sources: [`s${i}.js`], mappings: 'AAAA,EAAE' }))))), (m) => {
  expect(m.lineCount).toBe(1);
  expect(m.originalPositionFor({ line: 1, column: (SECTIONS - 1) * 10 + 9 })).toEqual({ source: `s${SECTIONS - 1}.js`, line: 1, column: 2, name: null });
  expect(m.originalPositionFor({ line: 1, column: 0 }).source).toBe('s0.js');
});
no('10,000 sections, the last one out of order', () => {
  const map = manySections();
  (map.sections as ReturnType<typeof section>[])[SECTIONS - 1].offset.line = 0;
  return map;
}, 'SECTIONS_UNORDERED', `Section ${SECTIONS - 1} starts at 0:0`, `sections[${SECTIONS - 1}].offset`);
no('10,000 sections, the last but one overlapping the last', () => {
  const map = manySections();
  (map.sections as ReturnType<typeof section>[])[SECTIONS - 2].map = minimal({ mappings: 'AAAA;AAAA' });
  return map;
}, 'SECTIONS_OVERLAP', `section ${SECTIONS - 2}'s mappings`, undefined, { section: SECTIONS - 2 });

// --- bytes: not UTF-8, or UTF-16 ---------------------------------------------------------------
const bytesOf = (...parts: (string | number[])[]) => new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...utf8(p)] : p)));
for (const [name, bad] of [
  ['a lone 0xff', [0xff]], ['a lone continuation byte', [0x80]], ['an overlong "/" (C0 AF)', [0xc0, 0xaf]], ['an encoded surrogate (ED A0 80)', [0xed, 0xa0, 0x80]],
  ['a code point past U+10FFFF', [0xf4, 0x90, 0x80, 0x80]], ['a 5-byte sequence', [0xf8, 0x88, 0x80, 0x80, 0x80]], ['a cut-off sequence', [0xe2, 0x82]],
] as const) {
  no(`bytes with ${name} in a source name`, () => bytesOf('{"version":3,"sources":["a', [...bad], '.js"],"mappings":""}'), 'INVALID_JSON', 'not valid UTF-8');
}
no('bytes cut inside a character at the end', () => bytesOf(MIN_DOC.slice(0, -1), [0xe2, 0x82]), 'INVALID_JSON', 'not valid UTF-8');
no('bytes with invalid UTF-8 in sourcesContent', () => bytesOf('{"version":3,"sources":["a.js"],"sourcesContent":["', [0xc3, 0x28], '"],"mappings":""}'), 'INVALID_JSON', 'not valid UTF-8');
no('empty bytes', () => new Uint8Array(0), 'INVALID_JSON', 'not valid JSON');
const utf16 = (text: string, littleEndian: boolean, bom: boolean) => {
  const units = (bom ? '\uFEFF' : '') + text;
  const bytes = new Uint8Array(units.length * 2);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < units.length; i++) view.setUint16(i * 2, units.charCodeAt(i), littleEndian);
  return bytes;
};
// UTF-16 is refused: ECMA-426 (and RFC 8259 for JSON exchanged between systems) want UTF-8.
// With a BOM, the bytes are not UTF-8; without one, they are (NULs are UTF-8) but not JSON.
no('UTF-16LE bytes with a BOM', () => utf16(TEXT, true, true), 'INVALID_JSON', 'not valid UTF-8');
no('UTF-16BE bytes with a BOM', () => utf16(TEXT, false, true), 'INVALID_JSON', 'not valid UTF-8');
no('UTF-16LE bytes without a BOM', () => utf16(TEXT, true, false), 'INVALID_JSON', 'not valid JSON');
no('UTF-16BE bytes without a BOM', () => utf16(TEXT, false, false), 'INVALID_JSON', 'not valid JSON');
no('UTF-32LE bytes with a BOM', () => new Uint8Array([0xff, 0xfe, 0, 0, ...[...TEXT].flatMap((c) => [c.charCodeAt(0), 0, 0, 0])]), 'INVALID_JSON', 'not valid UTF-8');
yes('a Buffer', () => Buffer.from(TEXT));
yes('a Uint8Array view into a larger buffer', () => {
  const all = utf8(`garbage${TEXT}garbage`);
  return all.subarray(7, all.length - 7);
});
yes('non-ASCII names and sources in bytes', () => UNICODE_BYTES, (m) => {
  expect(m.sources).toEqual(['src/é.js', 'src/\u{1F600}.js']);
  expect(m.originalPositionFor({ line: 1, column: 1 })).toEqual({ source: 'src/\u{1F600}.js', line: 1, column: 0, name: '€' });
});

// --- valid but odd: accepted ------------------------------------------------------------------
yes('empty mappings', () => minimal({ mappings: '' }), (m) => {
  expect(m.segmentCount).toBe(0);
  expect(m.lineCount).toBe(1);
  expect(m.originalPositionFor({ line: 1, column: 0 }).source).toBeNull();
});
yes('only semicolons', () => minimal({ mappings: ';;;;' }), (m) => expect([m.segmentCount, m.lineCount]).toEqual([0, 5]));
yes('sources: [] with 1-field segments', () => minimal({ sources: [], mappings: 'A,C;E' }), (m) => {
  expect(m.segmentCount).toBe(3);
  expect(m.segmentFor({ line: 2, column: 9 })).toEqual([2]);
});
yes('sources: [] and mappings ""', () => ({ version: 3, sources: [], mappings: '' }));
yes('a null source', () => minimal({ sources: [null] }), (m) => expect(m.originalPositionFor({ line: 1, column: 0 }).source).toBeNull());
yes('no names field with 4-field segments', () => ({ version: 3, sources: ['a.js'], mappings: 'AAAA' }));
yes('names that are empty or odd strings', () => minimal({ names: ['', '\u0000', '__proto__', ' '], mappings: 'AAAAA,CAAAC,CAAAC,CAAAC' }), (m) => {
  expect([0, 1, 2, 3].map((column) => m.originalPositionFor({ line: 1, column }).name)).toEqual(['', '\u0000', '__proto__', ' ']);
});
yes('the same source twice', () => minimal({ sources: ['a.js', 'a.js'], mappings: 'AAAA,CCAA' }), (m) => {
  expect(m.sourceIndex('a.js')).toBe(0);
  expect(m.originalPositionFor({ line: 1, column: 1 }).source).toBe('a.js');
});
yes('sourcesContent shorter than sources', () => base({ sourcesContent: ['x'] }), (m) => expect(m.sourcesContent).toEqual(['x', null]));
yes('sourcesContent longer than sources', () => base({ sourcesContent: ['x', 'y', 'z'] }), (m) => expect(m.sourcesContent).toEqual(['x', 'y']));
yes('file and sourceRoot empty', () => base({ file: '', sourceRoot: '' }), (m) => expect(m.sources).toEqual(['a.js', 'b.js']));
yes('unknown fields of every type', () => base({ x_a: 1, x_b: null, x_c: [[{}]], '': 'empty key', sections_: 5 }));
yes('mappings written with JSON escapes', () => TEXT.replace('"AAAAA,', '"\\u0041AAA\\u0041,'), (m) => expect(m.segmentCount).toBe(3));
yes('an upper-case debugId', () => base({ debugId: '85314830-023F-4CF1-A267-535F4E37BB17' }), (m) => expect(m.debugId).toBe('85314830-023F-4CF1-A267-535F4E37BB17'));
yes('ignoreList and x_google_ignoreList both (ignoreList wins)', () => base({ ignoreList: [0], x_google_ignoreList: [1] }), (m) => expect(m.ignoreList).toEqual([0]));
yes('x_google_ignoreList alone', () => base({ ignoreList: undefined, x_google_ignoreList: [1] }), (m) => expect(m.isIgnored('b.js')).toBe(true));
yes('a 10 MB sourcesContent', () => base({ sourcesContent: ['x'.repeat(10 * 1024 * 1024), null] }), (m) => expect(m.sourceContentFor('a.js')!.length).toBe(10 * 1024 * 1024));
yes('a 1 MB name', () => base({ names: ['n'.repeat(1 << 20), 'y'] }), (m) => expect(m.originalPositionFor({ line: 1, column: 0 }).name!.length).toBe(1 << 20));

// --- every text row again, as UTF-8 bytes ------------------------------------------------------
// Bytes take another path (a JSON scanner in wasm, mappings decoded from the bytes, with
// JSON.parse as the fallback): the outcome must be the same.
const textRows = { refused: refused.length, accepted: accepted.length };
for (const row of refused.slice(0, textRows.refused)) {
  if (row.noTwin || typeof row.input() !== 'string') continue;
  refused.push({ ...row, name: `${row.name} (as bytes)`, input: () => utf8(row.input() as string) });
}
for (const row of accepted.slice(0, textRows.accepted)) {
  if (typeof row.input() !== 'string') continue;
  accepted.push({ ...row, name: `${row.name} (as bytes)`, input: () => utf8(row.input() as string) });
}

// ----------------------------------------------------------------------------------------------

const PROTO_KEYS = Object.getOwnPropertyNames(Object.prototype).sort();
const ARRAY_PROTO_KEYS = Object.getOwnPropertyNames(Array.prototype).sort();

function checkNothingPolluted(): void {
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PROTO_KEYS);
  expect(Object.getOwnPropertyNames(Array.prototype).sort()).toEqual(ARRAY_PROTO_KEYS);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(({} as Record<string, unknown>).version).toBeUndefined();
  expect(({} as Record<string, unknown>).mappings).toBeUndefined();
  expect(Object.getPrototypeOf({})).toBe(Object.prototype);
}

// After every row, the module decodes a valid map correctly.
function checkStillWorks(): void {
  const m = new SourceMap(BASE);
  expect(m.originalPositionFor({ line: 1, column: 1 })).toEqual({ source: 'src/b.js', line: 1, column: 0, name: 'y' });
  expect(m.originalPositionFor({ line: 2, column: 0 })).toEqual({ source: 'src/b.js', line: 1, column: 0, name: null });
}

function thrown(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('malformed documents: refused', () => {
  it.each(refused.map((row, i) => [i, row.name, row] as const))('#%i %s', (_, __, row) => {
    const error = thrown(() => new SourceMap(row.input() as string, row.options));
    expect(error, 'must throw a SourceMapError').toBeInstanceOf(SourceMapError);
    const e = error as SourceMapError;
    expect(Array.isArray(row.code) ? row.code : [row.code]).toContain(e.code);
    if (typeof row.phrase === 'string') expect(e.message).toContain(row.phrase);
    else expect(e.message).toMatch(row.phrase);
    if (row.field !== undefined) expect(e.field).toBe(row.field);
    if (row.has) expect(e).toMatchObject(row.has);
    expect(e.message.length).toBeLessThan(1000); // never the whole input
    checkNothingPolluted();
    checkStillWorks();
  });
});

describe('odd but valid documents: accepted', () => {
  it.each(accepted.map((row, i) => [i, row.name, row] as const))('#%i %s', (_, __, row) => {
    const map = new SourceMap(row.input() as string, row.options);
    if (row.check) row.check(map);
    else expect(map.segmentCount).toBeGreaterThanOrEqual(0);
    checkNothingPolluted();
    checkStillWorks();
  });
});

// Bugs the fuzzer and this table found, fixed: regression tests.
describe('once bugs', () => {
  // Arrays with holes (only from object input: JSON has none) are not seen by .map(): the
  // hole is not checked, and it is then dropped, so every later source shifts by one.
  it('a hole in sources (object input) shifts the sources: refuse it or keep it as null', () => {
    // eslint-disable-next-line no-sparse-arrays
    const input = { version: 3, sources: [, 'a.js'], names: [], mappings: 'AAAA,CCAA' };
    const error = thrown(() => new SourceMap(input));
    if (error) {
      expect(error).toMatchObject({ code: 'INVALID_FIELD', field: 'sources[0]' });
      return;
    }
    const m = new SourceMap(input);
    expect(m.sources).toEqual([null, 'a.js']);
    expect(m.originalPositionFor({ line: 1, column: 1 }).source).toBe('a.js');
  });

  it('a hole in names (object input) gives name undefined: refuse it or use ""', () => {
    // eslint-disable-next-line no-sparse-arrays
    const input = { version: 3, sources: ['a.js'], names: [, 'n'], mappings: 'AAAAA' };
    const error = thrown(() => new SourceMap(input));
    if (error) {
      expect(error).toMatchObject({ code: 'INVALID_FIELD', field: 'names[0]' });
      return;
    }
    expect(new SourceMap(input).originalPositionFor({ line: 1, column: 0 }).name).toBe('');
  });

  // With a relative `url` (a path, which the API and the CLI's --url accept), a source or
  // sourceRoot that looks like an absolute URL but does not parse once let a TypeError escape:
  // not being a URL, such a source resolves as a relative path (percent-encoded as URL paths are).
  for (const [name, fields, resolved] of [
    ['a source "webpack://[name]/x.js"', { sources: ['webpack://[name]/x.js'] }, 'webpack://[name]/x.js'],
    ['a source "http://"', { sources: ['http://'] }, 'http://'],
    ['a source "http://a b/x.js"', { sources: ['http://a b/x.js'] }, 'http://a%20b/x.js'],
    ['sourceRoot "http://[bad"', { sourceRoot: 'http://[bad', sources: ['a.js'] }, 'http://[bad/a.js'],
  ] as const) {
    it(`url "app.js.map" and ${name}: resolved as a path`, () => {
      const map = new SourceMap(minimal(fields), { url: 'app.js.map' });
      expect(map.sources).toEqual([resolved]);
      expect(map.warnings).toEqual([]);
    });
  }
  it('url "http://[bad/dist/app.map" (a URL that does not parse) is INVALID_OPTION', () => {
    expect(thrown(() => new SourceMap(minimal(), { url: 'http://[bad/dist/app.map' }))).toMatchObject({ code: 'INVALID_OPTION', field: 'url' });
  });
  it('url "http://[bad" (a URL that does not parse) is refused, not turned into empty sources', () => {
    expect(thrown(() => new SourceMap(minimal({ sources: ['a.js', '../b.js'] }), { url: 'http://[bad' })))
      .toMatchObject({ code: 'INVALID_OPTION', field: 'url' });
  });
});

describe('the table', () => {
  it('counts its rows', () => {
    const codes: Record<string, number> = {};
    for (const row of refused) {
      const code = Array.isArray(row.code) ? row.code.join('|') : row.code;
      codes[code] = (codes[code] ?? 0) + 1;
    }
    const lines = Object.entries(codes).sort((a, b) => b[1] - a[1]).map(([code, n]) => `  ${code}: ${n}`);
    const twins = refused.length - textRows.refused + accepted.length - textRows.accepted;
    process.stderr.write(`malformed.test.ts: ${refused.length + accepted.length} rows, ${refused.length} refused and ${accepted.length} accepted ` +
      `(${twins} of them text rows repeated as bytes)\n${lines.join('\n')}\n`);
    expect(refused.length + accepted.length).toBeGreaterThan(400);
  });
});

afterAll(() => {
  vi.restoreAllMocks();
});
