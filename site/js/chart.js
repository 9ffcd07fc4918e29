// The what-if chart as plain SVG text: stacked areas (wages, other income, each benefit) under the line
// of total resources, the cliffs marked, the current situation marked. Pure: data in, markup out; the
// page inserts it and shows the same data as a table for screen readers and keyboard users.

export const COLORS = {
  wages: '#929292',
  other: '#C1C1FB',
  total: '#000091',
  cliff: '#CE0500',
  current: '#161616',
  benefits: ['#18753C', '#B34000', '#6A6AF4', '#A558A0', '#009081', '#C3992A', '#3558A2', '#E4794A', '#7D4E5B'],
};

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

// A "nice" step for about `count` ticks over [0, max].
export function niceStep(max, count = 5) {
  if (max <= 0) return 1;
  const raw = max / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / mag;
  const nice = norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 2.5 ? 2.5 : norm <= 5 ? 5 : 10;
  return nice * mag;
}

// series: [{key, label, color}] stacked in this order, values from point.benefits[key] (or wages/other).
// options: {title, xLabel, yLabel, formatX(x), formatY(y), xTicks: [{x, label}], cliffs, current, cliffLabel, currentLabel}
// The drawing is made at the size it is shown (options.width, in CSS pixels), so its text keeps a
// readable size on a phone.
export function renderChart(points, series, options) {
  const W = Math.round(Math.max(300, Math.min(900, options.width ?? 760)));
  const H = W < 560 ? Math.round(W * 0.9) : 420;
  const m = { top: 36, right: W < 560 ? 16 : 24, bottom: 64, left: W < 560 ? 64 : 84 };
  const iw = W - m.left - m.right;
  const ih = H - m.top - m.bottom;
  const xMax = points.length ? points[points.length - 1].wages : 1;
  const yMaxRaw = Math.max(1, ...points.map((p) => p.total));
  const yStep = niceStep(yMaxRaw, 5);
  const yMax = Math.ceil(yMaxRaw / yStep) * yStep;
  const sx = (x) => m.left + (xMax > 0 ? (x / xMax) * iw : 0);
  const sy = (y) => m.top + ih - (y / yMax) * ih;
  const f = (n) => Math.round(n * 10) / 10;
  const out = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="whatif-svg-title" class="whatif-svg">`,
  );
  out.push(`<title id="whatif-svg-title">${esc(options.title)}</title>`);
  // grid and y axis
  for (let y = 0; y <= yMax + 1e-9; y += yStep) {
    out.push(`<line x1="${m.left}" x2="${m.left + iw}" y1="${f(sy(y))}" y2="${f(sy(y))}" class="grid"/>`);
    out.push(
      `<text x="${m.left - 8}" y="${f(sy(y) + 4)}" text-anchor="end" class="tick">${esc(options.formatY(y))}</text>`,
    );
  }
  for (const t of options.xTicks ?? []) {
    out.push(`<line x1="${f(sx(t.x))}" x2="${f(sx(t.x))}" y1="${m.top + ih}" y2="${m.top + ih + 5}" class="axis"/>`);
    out.push(`<text x="${f(sx(t.x))}" y="${m.top + ih + 20}" text-anchor="middle" class="tick">${esc(t.label)}</text>`);
  }
  // stacked areas
  const base = points.map(() => 0);
  for (const s of series) {
    const top = points.map((p, i) => base[i] + (s.value(p) || 0));
    if (top.some((v, i) => v > base[i])) {
      const upper = points.map((p, i) => `${f(sx(p.wages))},${f(sy(top[i]))}`);
      const lower = points.map((p, i) => `${f(sx(p.wages))},${f(sy(base[i]))}`).reverse();
      out.push(
        `<polygon points="${upper.join(' ')} ${lower.join(' ')}" fill="${s.color}" class="area"><title>${esc(s.label)}</title></polygon>`,
      );
    }
    for (let i = 0; i < base.length; i += 1) base[i] = top[i];
  }
  // total line
  const line = points.map((p) => `${f(sx(p.wages))},${f(sy(p.total))}`).join(' ');
  out.push(`<polyline points="${line}" fill="none" stroke="${COLORS.total}" stroke-width="3" class="total"/>`);
  // cliffs
  for (const c of options.cliffs ?? []) {
    const x = f(sx(c.to));
    out.push(
      `<line x1="${x}" x2="${x}" y1="${m.top}" y2="${m.top + ih}" stroke="${COLORS.cliff}" stroke-width="2" stroke-dasharray="6 4" class="cliff"/>`,
    );
    out.push(
      `<path d="M ${x - 7} ${m.top} L ${x + 7} ${m.top} L ${x} ${m.top + 12} Z" fill="${COLORS.cliff}" class="cliff-marker"><title>${esc(options.cliffLabel)}</title></path>`,
    );
  }
  // current situation
  if (options.current !== undefined && options.current !== null && options.current <= xMax) {
    const x = f(sx(options.current));
    out.push(
      `<line x1="${x}" x2="${x}" y1="${m.top}" y2="${m.top + ih}" stroke="${COLORS.current}" stroke-width="1.5" stroke-dasharray="2 3" class="current"/>`,
    );
    out.push(`<text x="${x + 4}" y="${m.top + 14}" class="current-label">${esc(options.currentLabel)}</text>`);
  }
  // axes and labels
  out.push(`<line x1="${m.left}" x2="${m.left + iw}" y1="${m.top + ih}" y2="${m.top + ih}" class="axis"/>`);
  out.push(`<line x1="${m.left}" x2="${m.left}" y1="${m.top}" y2="${m.top + ih}" class="axis"/>`);
  out.push(
    `<text x="${m.left + iw / 2}" y="${H - 12}" text-anchor="middle" class="axis-label">${esc(options.xLabel)}</text>`,
  );
  // the y axis' title above it, horizontal: readable, and never over the tick labels
  out.push(`<text x="${m.left}" y="14" text-anchor="start" class="axis-label">${esc(options.yLabel)}</text>`);
  out.push('</svg>');
  return out.join('');
}
