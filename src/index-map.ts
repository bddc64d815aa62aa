// Index maps (`sections`), read as ECMA-426's DecodeIndexSourceMap reads them. The sections
// are flattened in wasm (see decodeMappings): each decoded at its offset, its sources and
// names appended to the map's.

import { SourceMapError } from './errors.js';
import { checkVersion, optionalString, readMapFields, type MapFields } from './fields.js';
import { describe, has, isJsonObject, own, type JsonObject } from './parse.js';
import { fatal, type Reporter } from './report.js';

export interface Section {
  line: number; // 0-based generated line where the section starts
  column: number; // generated column where it starts, on that line only
  fields: MapFields;
}

export interface IndexMapFields {
  file: string | null;
  debugId: string | null;
  sections: Section[];
}

function offsetField(offset: JsonObject, key: 'line' | 'column', report: Reporter, path: string): number {
  const value = own(offset, key);
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 0x7fffffff) return value;
  report.optional({
    code: 'INVALID_FIELD',
    field: `${path}offset.${key}`,
    message: `"${path}offset.${key}" must be an integer from 0 to 2^31 - 1, not ${describe(value)}`,
  });
  return 0;
}

export function readIndexMap(json: JsonObject, report: Reporter): IndexMapFields {
  checkVersion(json, report, '');
  const sections = own(json, 'sections');
  if (!Array.isArray(sections)) fatal({ code: 'INVALID_FIELD', field: 'sections', message: `"sections" must be an array, not ${describe(sections)}` });
  if (has(json, 'mappings')) {
    report.optional({ code: 'MAPPINGS_WITH_SECTIONS', field: 'mappings', message: 'An index map must not have "mappings" beside "sections"' });
  }
  const result: IndexMapFields = {
    file: optionalString(json, 'file', report, ''),
    debugId: null,
    sections: [],
  };
  const debugId = own(json, 'debugId');
  if (typeof debugId === 'string') result.debugId = debugId;

  let previous: Section | undefined;
  for (let i = 0; i < sections.length; i++) {
    const section: unknown = sections[i];
    const path = `sections[${i}].`;
    if (!isJsonObject(section)) {
      report.optional({ code: 'INVALID_FIELD', field: `sections[${i}]`, message: `"sections[${i}]" must be an object, not ${describe(section)}` });
      continue;
    }
    const offset = own(section, 'offset');
    if (!isJsonObject(offset)) {
      fatal(offset === undefined
        ? { code: 'MISSING_FIELD', field: `${path}offset`, message: `"sections[${i}]" has no "offset"` }
        : { code: 'INVALID_FIELD', field: `${path}offset`, message: `"${path}offset" must be an object, not ${describe(offset)}` });
    }
    const line = offsetField(offset, 'line', report, path);
    const column = offsetField(offset, 'column', report, path);
    if (previous && (line < previous.line || (line === previous.line && column < previous.column))) {
      report.optional({
        code: 'SECTIONS_UNORDERED',
        field: `${path}offset`,
        section: i,
        message: `Section ${i} starts at ${line}:${column}, before the previous section (${previous.line}:${previous.column}): sections must be in order`,
      }, 'the section is skipped');
      continue;
    }
    const map = own(section, 'map');
    if (!isJsonObject(map)) {
      fatal(map === undefined
        ? { code: 'MISSING_FIELD', field: `${path}map`, message: `"sections[${i}]" has no "map"` }
        : { code: 'INVALID_FIELD', field: `${path}map`, message: `"${path}map" must be an object, not ${describe(map)}` });
    }
    if (has(map, 'sections')) {
      report.optional({ code: 'NESTED_INDEX_MAP', field: `${path}map`, section: i, message: `Section ${i}'s map is itself an index map, which ECMA-426 does not allow` }, 'the section is skipped');
      continue;
    }
    let fields: MapFields;
    try {
      fields = readMapFields(map, report, `${path}map.`);
    } catch (error) {
      if (!report.lenient || !(error instanceof SourceMapError)) throw error;
      report.warnings.push({ code: error.code, field: error.field, section: i, message: `${error.message}; section ${i} is skipped` });
      continue;
    }
    previous = { line, column, fields };
    result.sections.push(previous);
  }
  return result;
}

export function isIndexMap(json: JsonObject): boolean {
  return has(json, 'sections');
}
