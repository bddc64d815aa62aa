// Units, ratios, and a report made of blocks that renders both as plain text (stdout) and as
// Markdown (RESULTS.md).

export const NA = 'n/a';

function sig(value, digits = 3) {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const magnitude = Math.floor(Math.log10(Math.abs(value)));
  const decimals = Math.max(0, digits - 1 - magnitude);
  return value.toFixed(Math.min(decimals, 6));
}

/** A duration given in milliseconds. */
export function time(ms) {
  if (ms === undefined || ms === null || Number.isNaN(ms)) return NA;
  if (ms < 1e-3) return `${sig(ms * 1e6)} ns`;
  if (ms < 1) return `${sig(ms * 1e3)} µs`;
  if (ms < 1000) return `${sig(ms)} ms`;
  return `${sig(ms / 1000)} s`;
}

export function ns(value) {
  return value === undefined || value === null ? NA : `${sig(value)} ns`;
}

export function bytes(n) {
  if (n === undefined || n === null || Number.isNaN(n)) return NA;
  const abs = Math.abs(n);
  if (abs < 1024) return `${sig(n)} B`;
  if (abs < 1024 ** 2) return `${sig(n / 1024)} KiB`;
  if (abs < 1024 ** 3) return `${sig(n / 1024 ** 2)} MiB`;
  return `${sig(n / 1024 ** 3)} GiB`;
}

export function number(n, digits = 3) {
  return n === undefined || n === null || Number.isNaN(n) ? NA : sig(n, digits);
}

export function integer(n) {
  return n === undefined || n === null ? NA : Math.round(n).toLocaleString('en-US');
}

export function percent(n) {
  return n === undefined || n === null || Number.isNaN(n) ? NA : `±${n < 10 ? n.toFixed(1) : n.toFixed(0)}%`;
}

/**
 * Ours against a peer, for a figure where lower is better (a time, bytes): "6.2x faster".
 * `better`/`worse` name the direction ("faster"/"slower", "smaller"/"larger").
 */
export function ratio(oursValue, peerValue, better = 'faster', worse = 'slower') {
  if (!(oursValue > 0) || !(peerValue > 0)) return NA;
  const r = peerValue / oursValue;
  return r >= 1 ? `${sig(r, 2)}x ${better}` : `${sig(1 / r, 2)}x ${worse}`;
}

// ---------------------------------------------------------------------------------------------

export class Report {
  blocks = [];

  heading(text, level = 2) {
    this.blocks.push({ type: 'heading', text, level });
    return this;
  }

  para(text) {
    this.blocks.push({ type: 'para', text });
    return this;
  }

  list(items) {
    if (items.length) this.blocks.push({ type: 'list', items });
    return this;
  }

  /** `align`: one of 'l' | 'r' per column (default: first left, others right). */
  table(headers, rows, align) {
    this.blocks.push({ type: 'table', headers, rows, align: align ?? headers.map((_, i) => (i === 0 ? 'l' : 'r')) });
    return this;
  }

  code(text) {
    this.blocks.push({ type: 'code', text });
    return this;
  }

  append(other) {
    this.blocks.push(...other.blocks);
    return this;
  }

  text() {
    return this.blocks.map(textBlock).join('\n');
  }

  markdown() {
    return this.blocks.map(markdownBlock).join('\n');
  }
}

function textBlock(block) {
  switch (block.type) {
    case 'heading':
      return block.level <= 2
        ? `\n${block.text}\n${(block.level === 1 ? '=' : '-').repeat(Math.min(100, block.text.length))}`
        : `\n${block.text}`;
    case 'para':
      return `${block.text}`;
    case 'list':
      return block.items.map((item) => `  - ${item}`).join('\n');
    case 'code':
      return block.text.split('\n').map((line) => `    ${line}`).join('\n');
    case 'table': {
      const cells = [block.headers, ...block.rows].map((row) => row.map((c) => String(c ?? '')));
      const widths = block.headers.map((_, i) => Math.max(...cells.map((row) => [...(row[i] ?? '')].length)));
      const pad = (cell, i) => {
        const gap = ' '.repeat(widths[i] - [...cell].length);
        return block.align[i] === 'r' ? gap + cell : cell + gap;
      };
      const lines = cells.map((row) => '  ' + row.map(pad).join('  ').trimEnd());
      lines.splice(1, 0, '  ' + widths.map((w) => '-'.repeat(w)).join('  '));
      return lines.join('\n');
    }
    default:
      throw new Error(`unknown block ${block.type}`);
  }
}

function escapeCell(cell) {
  return String(cell ?? '').replace(/\|/g, '\\|');
}

function markdownBlock(block) {
  switch (block.type) {
    case 'heading':
      return `\n${'#'.repeat(block.level)} ${block.text}\n`;
    case 'para':
      return `${block.text}\n`;
    case 'list':
      return block.items.map((item) => `- ${item}`).join('\n') + '\n';
    case 'code':
      return '```\n' + block.text + '\n```\n';
    case 'table': {
      const row = (cells) => `| ${cells.map(escapeCell).join(' | ')} |`;
      const rule = `|${block.align.map((a) => (a === 'r' ? '---:' : ':---')).join('|')}|`;
      return [row(block.headers), rule, ...block.rows.map(row)].join('\n') + '\n';
    }
    default:
      throw new Error(`unknown block ${block.type}`);
  }
}
