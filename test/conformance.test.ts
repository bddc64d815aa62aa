// The ECMA-426 conformance suite (test426): every case of source-map-spec-tests.json.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SourceMap, SourceMapError } from '../src/index.js';
import { TEST426, hasTest426 } from './helpers.js';

interface Action {
  actionType: 'checkMapping' | 'checkMappingTransitive' | 'checkIgnoreList';
  generatedLine: number;
  generatedColumn: number;
  originalSource: string | null;
  originalLine: number | null;
  originalColumn: number | null;
  mappedName?: string | null;
  intermediateMaps?: string[];
  present?: string[];
}

interface Case {
  name: string;
  description: string;
  sourceMapFile: string;
  sourceMapIsValid: boolean;
  testActions?: Action[];
}

const cases: Case[] = hasTest426
  ? JSON.parse(readFileSync(`${TEST426}source-map-spec-tests.json`, 'utf8')).tests
  : [];

// The code each invalid case must fail with: a map rejected for the wrong reason is a bug.
const EXPECTED_CODES: Record<string, string> = {
  versionMissing: 'UNSUPPORTED_VERSION',
  versionNotANumber: 'UNSUPPORTED_VERSION',
  versionNumericString: 'UNSUPPORTED_VERSION',
  versionTooHigh: 'UNSUPPORTED_VERSION',
  versionTooLow: 'UNSUPPORTED_VERSION',
  mappingsMissing: 'MISSING_FIELD',
  sourcesMissing: 'MISSING_FIELD',
  sourcesNotAList1: 'INVALID_FIELD',
  sourcesNotAList2: 'INVALID_FIELD',
  sourcesNotStringOrNull: 'INVALID_FIELD',
  sourcesContentNotAList1: 'INVALID_FIELD',
  sourcesContentNotAList2: 'INVALID_FIELD',
  sourcesContentNotStringOrNull: 'INVALID_FIELD',
  fileNotAString1: 'INVALID_FIELD',
  fileNotAString2: 'INVALID_FIELD',
  sourceRootNotAString1: 'INVALID_FIELD',
  sourceRootNotAString2: 'INVALID_FIELD',
  namesNotAList1: 'INVALID_FIELD',
  namesNotAList2: 'INVALID_FIELD',
  namesNotString: 'INVALID_FIELD',
  ignoreListWrongType1: 'INVALID_FIELD',
  ignoreListWrongType2: 'INVALID_FIELD',
  ignoreListWrongType3: 'INVALID_FIELD',
  ignoreListWrongType4: 'INVALID_FIELD',
  ignoreListOutOfBounds1: 'INVALID_FIELD',
  ignoreListOutOfBounds2: 'INVALID_FIELD',
  invalidVLQDueToNonBase64Character: 'INVALID_BASE64',
  invalidVLQDueToNonBase64CharacterPadding: 'INVALID_BASE64',
  invalidVLQDueToMissingContinuationDigits: 'VLQ_UNTERMINATED',
  invalidMappingNotAString1: 'INVALID_FIELD',
  invalidMappingNotAString2: 'INVALID_FIELD',
  invalidMappingSegmentBadSeparator: 'INVALID_BASE64',
  invalidMappingSegmentWithZeroFields: 'INVALID_SEGMENT',
  invalidMappingSegmentWithTwoFields: 'INVALID_SEGMENT',
  invalidMappingSegmentWithThreeFields: 'INVALID_SEGMENT',
  invalidMappingSegmentWithSourceIndexOutOfBounds: 'SOURCE_OUT_OF_RANGE',
  invalidMappingSegmentWithNameIndexOutOfBounds: 'NAME_OUT_OF_RANGE',
  invalidMappingSegmentWithNegativeColumn: 'NEGATIVE_VALUE',
  invalidMappingSegmentWithNegativeSourceIndex: 'NEGATIVE_VALUE',
  invalidMappingSegmentWithNegativeOriginalLine: 'NEGATIVE_VALUE',
  invalidMappingSegmentWithNegativeOriginalColumn: 'NEGATIVE_VALUE',
  invalidMappingSegmentWithNegativeNameIndex: 'NEGATIVE_VALUE',
  invalidMappingSegmentWithNegativeRelativeColumn: 'NEGATIVE_VALUE',
  invalidMappingSegmentWithNegativeRelativeSourceIndex: 'SOURCE_OUT_OF_RANGE',
  invalidMappingSegmentWithNegativeRelativeOriginalLine: 'NEGATIVE_VALUE',
  invalidMappingSegmentWithNegativeRelativeOriginalColumn: 'NEGATIVE_VALUE',
  invalidMappingSegmentWithNegativeRelativeNameIndex: 'NAME_OUT_OF_RANGE',
  invalidMappingSegmentWithColumnExceeding32Bits: 'VLQ_OVERFLOW',
  invalidMappingSegmentWithSourceIndexExceeding32Bits: 'VLQ_OVERFLOW',
  invalidMappingSegmentWithOriginalLineExceeding32Bits: 'VLQ_OVERFLOW',
  invalidMappingSegmentWithOriginalColumnExceeding32Bits: 'VLQ_OVERFLOW',
  invalidMappingSegmentWithNameIndexExceeding32Bits: 'VLQ_OVERFLOW',
  indexMapWrongTypeSections: 'INVALID_FIELD',
  indexMapWrongTypeOffset: 'INVALID_FIELD',
  indexMapWrongTypeMap: 'INVALID_FIELD',
  indexMapInvalidBaseMappings: 'MAPPINGS_WITH_SECTIONS',
  indexMapInvalidOverlap: 'SECTIONS_OVERLAP',
  indexMapInvalidOrder: 'SECTIONS_UNORDERED',
  indexMapMissingMap: 'MISSING_FIELD',
  indexMapInvalidSubMap: 'UNSUPPORTED_VERSION',
  indexMapMissingOffset: 'MISSING_FIELD',
  indexMapMissingOffsetLine: 'INVALID_FIELD',
  indexMapMissingOffsetColumn: 'INVALID_FIELD',
  indexMapOffsetLineWrongType: 'INVALID_FIELD',
  indexMapOffsetColumnWrongType: 'INVALID_FIELD',
  indexMapFileWrongType1: 'INVALID_FIELD',
  indexMapFileWrongType2: 'INVALID_FIELD',
};

const load = (file: string) => new SourceMap(readFileSync(`${TEST426}resources/${file}`, 'utf8'));

function check(map: SourceMap, action: Action): void {
  // The suite's positions are 0-based; our lines are 1-based.
  const found = map.originalPositionFor({ line: action.generatedLine + 1, column: action.generatedColumn });
  let { source, line, column } = found;
  for (const file of action.intermediateMaps ?? []) {
    if (line === null || column === null) break;
    ({ source, line, column } = load(file).originalPositionFor({ line, column }));
  }
  expect({ source, line: line === null ? null : line - 1, column }).toEqual({
    source: action.originalSource,
    line: action.originalLine,
    column: action.originalColumn,
  });
  if (action.actionType === 'checkMapping') expect(found.name).toBe(action.mappedName ?? null);
}

describe.skipIf(!hasTest426)('ECMA-426 conformance (test426)', () => {
  it('has all 99 cases', () => {
    expect(cases).toHaveLength(99);
  });

  for (const test of cases) {
    it(`${test.name}: ${test.description}`, () => {
      const text = readFileSync(`${TEST426}resources/${test.sourceMapFile}`, 'utf8');
      if (!test.sourceMapIsValid) {
        let error: unknown;
        try {
          new SourceMap(text);
        } catch (caught) {
          error = caught;
        }
        expect(error).toBeInstanceOf(SourceMapError);
        expect((error as SourceMapError).code).toBe(EXPECTED_CODES[test.name]);
        return;
      }
      const map = new SourceMap(text);
      expect(map.warnings).toEqual([]);
      for (const action of test.testActions ?? []) {
        if (action.actionType === 'checkIgnoreList') {
          for (const source of map.sources) expect(map.isIgnored(source!)).toBe(action.present!.includes(source!));
        } else {
          check(map, action);
        }
      }
    });
  }
});

if (!hasTest426) {
  describe('ECMA-426 conformance (test426)', () => {
    it.skip('skipped: ../shared/test426 is absent', () => {});
  });
}
