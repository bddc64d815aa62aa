// Run by Deno and Bun (test/runtimes.test.ts), never by Node: exercise() over the package's
// dist/ in that runtime, on each map named on the command line, printed as one JSON object.
//   <runtime> test/runtimes/summaries.ts <url base> <map file>...
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

type Library = typeof import('../../src/index.js');
type Exercise = typeof import('../browser/exercise.js');

// Strings, so that TypeScript does not resolve them: dist/ is the build's, and Deno wants the
// exercise's own .ts name.
const DIST_ENTRY: string = new URL('../../dist/index.js', import.meta.url).href;
const EXERCISE: string = new URL('../browser/exercise.ts', import.meta.url).href;

const lib = (await import(DIST_ENTRY)) as Library;
const { exercise, exerciseError } = (await import(EXERCISE)) as Exercise;
const [urlBase, ...files] = process.argv.slice(2);
const summaries = Object.fromEntries(files.map((file) => [basename(file), exercise(lib, new Uint8Array(readFileSync(file)), `${urlBase}${basename(file)}`)]));
process.stdout.write(JSON.stringify({ summaries, error: exerciseError(lib) }));
