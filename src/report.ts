import { SourceMapError, type SourceMapProblem, type SourceMapWarning } from './errors.js';

/**
 * Collects the problems ECMA-426 lets a consumer "optionally report": thrown when strict,
 * kept as warnings (and the spec's fallback value used) when lenient.
 */
export class Reporter {
  readonly warnings: SourceMapWarning[] = [];
  constructor(readonly lenient: boolean) {}

  /** `fallback` says what lenient mode does instead, e.g. "the section is skipped". */
  optional(problem: SourceMapProblem, fallback?: string): void {
    if (!this.lenient) throw new SourceMapError(problem);
    this.warnings.push(fallback ? { ...problem, message: `${problem.message}; ${fallback}` } : problem);
  }
}

export function fatal(problem: SourceMapProblem): never {
  throw new SourceMapError(problem);
}
