/**
 * The scale benchmark's chart as plain SVG text: build time, index size, load time and query p95
 * against the number of posts, log-log, one small panel each, with a dashed "∝ posts" line through
 * the first point and a red ✗ where a size failed. No chart library.
 */
import { MB } from '../engine/measure.js';
import type { ScaleResult } from './report.js';

interface Series {
  title: string;
  unit: string;
  /** Null where the size failed before this could be measured. */
  value: (run: ScaleResult) => number | null;
}

const SERIES: Series[] = [
  { title: 'build time', unit: 's', value: (run) => (run.build.ok && run.build.result !== null ? run.build.result.buildMs / 1000 : null) },
  { title: 'index size on disk', unit: 'MB', value: (run) => (run.build.ok && run.build.result !== null ? run.build.result.generationBytes / MB : null) },
  { title: 'load time (fresh process)', unit: 's', value: (run) => (run.query?.ok === true && run.query.result !== null ? run.query.result.loadMs / 1000 : null) },
  { title: 'query p95', unit: 'ms', value: (run) => (run.query?.ok === true && run.query.result !== null ? run.query.result.p95Ms : null) },
];

const WIDTH = 640;
const PANEL_W = 310;
const PANEL_H = 200;
const TOP = 34;
const PLOT = { left: 52, right: 14, top: 24, bottom: 30 };
const COLORS = { line: '#1f6feb', grid: '#d0d7de', text: '#24292f', muted: '#57606a', fail: '#cf222e', ref: '#8c959f' };

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function postsLabel(posts: number): string {
  return posts >= 1000 ? `${posts / 1000}k` : String(posts);
}

/** Short value label: 3 significant digits at most, no exponent. */
function valueLabel(value: number): string {
  if (value >= 100) return String(Math.round(value));
  if (value >= 10) return value.toFixed(1).replace(/\.0$/, '');
  return value.toPrecision(2).replace(/\.?0+$/, '');
}

/** 1-2-5 ticks inside [low, high]. */
function logTicks(low: number, high: number): number[] {
  const ticks: number[] = [];
  for (let decade = Math.floor(Math.log10(low)); decade <= Math.ceil(Math.log10(high)); decade += 1) {
    for (const m of [1, 2, 5]) {
      const tick = m * 10 ** decade;
      if (tick >= low && tick <= high) ticks.push(tick);
    }
  }
  return ticks;
}

function panel(series: Series, runs: readonly ScaleResult[], originX: number, originY: number): string {
  const x0 = originX + PLOT.left;
  const x1 = originX + PANEL_W - PLOT.right;
  const y0 = originY + PANEL_H - PLOT.bottom;
  const y1 = originY + PLOT.top;
  const sizes = runs.map((run) => run.posts);
  const xLow = Math.log10(Math.min(...sizes) / 1.6);
  const xHigh = Math.log10(Math.max(...sizes) * 1.6);
  const x = (posts: number): number => x0 + ((Math.log10(posts) - xLow) / (xHigh - xLow)) * (x1 - x0);
  const points = runs.map((run) => ({ posts: run.posts, value: series.value(run) }));
  const known = points.filter((p): p is { posts: number; value: number } => p.value !== null && p.value > 0);
  const values = known.map((p) => p.value);
  // The first point's "∝ posts" line spans the whole x range: keep it inside the y range too.
  const first = known[0];
  const refAtMax = first === undefined ? [] : [(first.value * Math.max(...sizes)) / first.posts];
  const yLowValue = values.length === 0 ? 1 : Math.min(...values) / 1.8;
  const yHighValue = values.length === 0 ? 10 : Math.max(...values, ...refAtMax) * 1.8;
  const yLow = Math.log10(yLowValue);
  const yHigh = Math.log10(yHighValue);
  const y = (value: number): number => y0 - ((Math.log10(value) - yLow) / (yHigh - yLow)) * (y0 - y1);
  const parts: string[] = [];
  parts.push(`<text x="${originX + PLOT.left}" y="${originY + 14}" font-size="12" font-weight="600" fill="${COLORS.text}">${escapeXml(`${series.title} (${series.unit})`)}</text>`);
  for (const tick of logTicks(yLowValue, yHighValue)) {
    const ty = y(tick).toFixed(1);
    parts.push(`<line x1="${x0}" y1="${ty}" x2="${x1}" y2="${ty}" stroke="${COLORS.grid}" stroke-width="0.6"/>`);
    parts.push(`<text x="${x0 - 5}" y="${ty}" font-size="10" fill="${COLORS.muted}" text-anchor="end" dominant-baseline="middle">${valueLabel(tick)}</text>`);
  }
  for (const posts of sizes) {
    const tx = x(posts).toFixed(1);
    parts.push(`<line x1="${tx}" y1="${y1}" x2="${tx}" y2="${y0}" stroke="${COLORS.grid}" stroke-width="0.6"/>`);
    parts.push(`<text x="${tx}" y="${y0 + 14}" font-size="10" fill="${COLORS.muted}" text-anchor="middle">${postsLabel(posts)}</text>`);
  }
  parts.push(`<rect x="${x0}" y="${y1}" width="${x1 - x0}" height="${y0 - y1}" fill="none" stroke="${COLORS.muted}" stroke-width="0.8"/>`);
  if (first !== undefined && sizes.length > 1) {
    const last = Math.max(...sizes);
    parts.push(
      `<line x1="${x(first.posts).toFixed(1)}" y1="${y(first.value).toFixed(1)}" x2="${x(last).toFixed(1)}" y2="${y((first.value * last) / first.posts).toFixed(1)}" ` +
        `stroke="${COLORS.ref}" stroke-width="1" stroke-dasharray="4 3"/>`,
    );
  }
  if (known.length > 1) {
    parts.push(`<polyline points="${known.map((p) => `${x(p.posts).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ')}" fill="none" stroke="${COLORS.line}" stroke-width="1.8"/>`);
  }
  for (const p of points) {
    const px = x(p.posts).toFixed(1);
    if (p.value === null || p.value <= 0) {
      parts.push(`<text x="${px}" y="${y0 - 8}" font-size="14" font-weight="700" fill="${COLORS.fail}" text-anchor="middle">✗</text>`);
      parts.push(`<text x="${px}" y="${y0 - 24}" font-size="9" fill="${COLORS.fail}" text-anchor="middle">failed</text>`);
      continue;
    }
    const py = y(p.value);
    parts.push(`<circle cx="${px}" cy="${py.toFixed(1)}" r="3" fill="${COLORS.line}"/>`);
    parts.push(`<text x="${px}" y="${(py - 7).toFixed(1)}" font-size="10" fill="${COLORS.text}" text-anchor="middle">${valueLabel(p.value)}</text>`);
  }
  return parts.join('\n  ');
}

/**
 * The whole SVG document for `runs` (sorted by posts).
 *
 * @example
 * writeFileSync('benchmarks/scale/growth.svg', renderGrowthChart(results, '2026-11-25'));
 */
export function renderGrowthChart(runs: readonly ScaleResult[], caption: string): string {
  const height = TOP + 2 * PANEL_H + 24;
  const panels = SERIES.map((series, i) => panel(series, runs, 6 + (i % 2) * (PANEL_W + 8), TOP + Math.floor(i / 2) * PANEL_H));
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="-apple-system, 'Segoe UI', Helvetica, Arial, sans-serif">`,
    `  <rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    `  <text x="10" y="20" font-size="14" font-weight="600" fill="${COLORS.text}">${escapeXml(`zhsearch at scale: synthetic posts (${caption})`)}</text>`,
    `  ${panels.join('\n  ')}`,
    `  <text x="10" y="${height - 8}" font-size="10" fill="${COLORS.muted}">log-log; x = posts; dashed = grows in proportion to posts from the first point; ✗ = the size failed before this measure</text>`,
    '</svg>',
    '',
  ].join('\n');
}
