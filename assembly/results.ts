import {
  RESULT_SLOTS, RESULT_STATUS, RESULT_ERROR_OFFSET, RESULT_ERROR_LINE, RESULT_ERROR_SEGMENT,
  RESULT_ERROR_SECTION, RESULT_ERROR_FIELD, RESULT_WARNING_COUNT, MAX_WARNINGS, WARNING_SIZE,
} from "./layout";

// The result block and the warning list: static, so JS finds them at fixed addresses.
export const RESULTS: usize = memory.data(RESULT_SLOTS << 2, 16);
export const WARNINGS: usize = memory.data(MAX_WARNINGS * WARNING_SIZE, 16);

@inline export function setResult(slot: i32, value: i32): void {
  store<i32>(RESULTS + (<usize>slot << 2), value);
}

@inline export function getResult(slot: i32): i32 {
  return load<i32>(RESULTS + (<usize>slot << 2));
}

export function fail(code: i32, offset: i32, line: i32, segment: i32, section: i32, field: i32): i32 {
  setResult(RESULT_STATUS, code);
  setResult(RESULT_ERROR_OFFSET, offset);
  setResult(RESULT_ERROR_LINE, line);
  setResult(RESULT_ERROR_SEGMENT, segment);
  setResult(RESULT_ERROR_SECTION, section);
  setResult(RESULT_ERROR_FIELD, field);
  return code;
}

export function warn(code: i32, offset: i32, line: i32, segment: i32, section: i32, field: i32): void {
  const count = getResult(RESULT_WARNING_COUNT);
  if (count < MAX_WARNINGS) {
    const at = WARNINGS + <usize>(count * WARNING_SIZE);
    store<i32>(at, code);
    store<i32>(at, offset, 4);
    store<i32>(at, line, 8);
    store<i32>(at, segment, 12);
    store<i32>(at, section, 16);
    store<i32>(at, field, 20);
  }
  setResult(RESULT_WARNING_COUNT, count + 1);
}
