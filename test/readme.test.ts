// The README's examples run, and say what they return: every `statement;` followed by a
// `// value` comment that is a JavaScript expression is checked against that value.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, it } from 'vitest';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const usage = readme.slice(readme.indexOf('## Usage'), readme.indexOf('## Symbolication'));
const blocks = [...usage.matchAll(/```js\n([\s\S]*?)```/g)].map((match) => match[1]);
const dist = pathToFileURL(new URL('../dist/index.js', import.meta.url).pathname).href;

function isExpression(text: string): boolean {
  try {
    new Function(`return (${text});`);
    return true;
  } catch {
    return false;
  }
}

// Turns `expr;\n// value` pairs into checks; everything else runs as written.
function instrument(code: string): string {
  const lines = code.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const statement = /^([^/].*?);\s*(?:\/\/.*)?$/.exec(line);
    const comment = /^\/\/ (.*?)(?::\s[^{}[\]]*)?$/.exec(lines[i + 1] ?? '');
    if (statement && comment && !/^(const|let|import|try|}|if)\b/.test(statement[1]) && isExpression(comment[1])) {
      out.push(`check(${JSON.stringify(line)}, () => (${statement[1]}), ${comment[1]});`);
      i++;
    } else {
      out.push(line);
    }
  }
  return out.join('\n').replace(/from 'sourcemap-wasm'/g, `from ${JSON.stringify(dist)}`);
}

it('runs the usage examples and gets the results they show', async () => {
  expect(blocks.length).toBeGreaterThanOrEqual(3);
  const checks: { line: string; actual: unknown; expected: unknown }[] = [];
  (globalThis as Record<string, unknown>).check = (line: string, run: () => unknown, expected: unknown) => {
    checks.push({ line, actual: run(), expected });
  };
  const file = join(mkdtempSync(join(tmpdir(), 'readme-')), 'examples.mjs');
  writeFileSync(file, `console.log = () => {};\n${blocks.map(instrument).join('\n')}`);
  await import(pathToFileURL(file).href);
  for (const { line, actual, expected } of checks) expect(actual, line).toEqual(expected);
  expect(checks.length).toBeGreaterThanOrEqual(8);
});
