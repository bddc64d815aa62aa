// Draws bench/chart.svg from bench/results.json (written by bench/run.mjs): decode
// throughput and cold time per map, ours beside each peer. Run on its own to redraw.
import { readFileSync, writeFileSync } from 'node:fs';

const root = new URL('../', import.meta.url);
const figures = JSON.parse(readFileSync(new URL('bench/results.json', root), 'utf8'));
const colors = { ours: '#d62728', codec: '#9467bd', 'trace-mapping': '#1f77b4', 'source-map-07': '#ff7f0e', 'source-map-08': '#ffbb78', 'source-map-js': '#2ca02c', 'JSON.parse': '#7f7f7f' };
const palette = Object.values(colors);
const colorOf = (id, i) => colors[id] ?? palette[i % palette.length];
const escape = (text) => String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;');

// One panel: a group of horizontal bars per map, one bar per series, on a log scale.
function panel(title, unit, better, series, valueOf, top) {
  const width = 460;
  const label = 190;
  const bar = 7;
  const rows = figures.maps.filter((map) => series.some((s) => valueOf(map, s.id) > 0));
  const values = rows.flatMap((map) => series.map((s) => valueOf(map, s.id))).filter((v) => v > 0);
  const min = Math.min(...values) / 2;
  const max = Math.max(...values) * 1.5;
  const x = (v) => label + ((Math.log(v) - Math.log(min)) / (Math.log(max) - Math.log(min))) * (width - label - 60);
  let y = top + 34;
  const parts = [`<text x="0" y="${top + 14}" font-weight="bold">${escape(title)}</text>`,
    `<text x="0" y="${top + 28}" fill="#555">${escape(`${unit}, log scale, ${better} is better`)}</text>`];
  for (const map of rows) {
    parts.push(`<text x="0" y="${y + (series.length * bar) / 2 + 4}">${escape(map.name.replace(/\.map$/, ''))}</text>`);
    series.forEach((s, i) => {
      const v = valueOf(map, s.id);
      if (!(v > 0)) return;
      parts.push(`<rect x="${label}" y="${y + i * bar}" width="${(x(v) - label).toFixed(1)}" height="${bar - 1}" fill="${colorOf(s.id, i)}"/>`);
      parts.push(`<text x="${(x(v) + 3).toFixed(1)}" y="${y + i * bar + bar - 1}" font-size="8" fill="#333">${v >= 100 ? v.toFixed(0) : v.toPrecision(2)}</text>`);
    });
    y += series.length * bar + 8;
  }
  return { svg: parts.join('\n'), height: y - top };
}

const decodeSeries = figures.libraries;
const coldSeries = [{ id: 'JSON.parse', name: 'JSON.parse alone' }, ...figures.libraries.filter((lib) => figures.maps.some((m) => m.coldMs[lib.id] > 0))];
const decode = panel('decode: parsed JSON -> ready for lookup', 'MB/s of mappings', 'longer', decodeSeries, (m, id) => m.decodeMBps[id], 0);
const cold = panel('cold: .map bytes -> first lookup', 'milliseconds', 'shorter', coldSeries, (m, id) => m.coldMs[id], 0);
const legendItems = [...new Map([...decodeSeries, ...coldSeries].map((s) => [s.id, s.name])).entries()];
const legend = legendItems.map(([id, name], i) =>
  `<rect x="${(i % 4) * 235}" y="${Math.floor(i / 4) * 16}" width="10" height="10" fill="${colorOf(id, i)}"/><text x="${(i % 4) * 235 + 14}" y="${Math.floor(i / 4) * 16 + 9}">${escape(name)}</text>`).join('\n');
const height = Math.max(decode.height, cold.height) + 20 + Math.ceil(legendItems.length / 4) * 16;
const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="960" height="${height + 30}" font-family="sans-serif" font-size="11">
<rect width="100%" height="100%" fill="white"/>
<g transform="translate(10,10)">${legend}</g>
<g transform="translate(10,${20 + Math.ceil(legendItems.length / 4) * 16})">${decode.svg}</g>
<g transform="translate(490,${20 + Math.ceil(legendItems.length / 4) * 16})">${cold.svg}</g>
<text x="10" y="${height + 24}" fill="#777" font-size="9">${escape(`npm run bench, ${figures.date.slice(0, 10)}, Node ${figures.node}; all libraries in one process`)}</text>
</svg>
`;
writeFileSync(new URL('bench/chart.svg', root), svg);
console.log('wrote bench/chart.svg');
