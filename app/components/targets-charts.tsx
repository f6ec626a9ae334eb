// Server-rendered SVG for the target dashboard: the monthly trend and the
// commune map. Plain markup, no client JavaScript; each has a text
// alternative (a table, per-commune <title>s).
import { formatDate } from "~/lib/dates";

export interface TrendPoint {
  date: string;
  percent: number;
}

const W = 640;
const H = 220;
const PAD = { left: 40, right: 12, top: 12, bottom: 28 };

export function TrendChart({ points, target, title, fmt }: { points: TrendPoint[]; target: number; title: string; fmt: (n: number) => string }) {
  if (!points.length) return null;
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  const x = (i: number) => PAD.left + (points.length === 1 ? innerW / 2 : (i / (points.length - 1)) * innerW);
  const y = (p: number) => PAD.top + innerH - (Math.max(0, Math.min(100, p)) / 100) * innerH;
  const line = points.map((p, i) => `${x(i).toFixed(1)},${y(p.percent).toFixed(1)}`).join(" ");
  // A label at each January (or the first point), so years read along the axis.
  const years = points.map((p, i) => ({ i, year: p.date.slice(0, 4), jan: i === 0 || p.date.slice(5, 7) === "01" })).filter((p) => p.jan);
  return (
    <svg viewBox={`0 0 ${W} ${H}`} className="trend-chart" role="img" aria-labelledby="trend-title">
      <title id="trend-title">{title}</title>
      {[0, 25, 50, 75, 100].map((p) => (
        <g key={p}>
          <line x1={PAD.left} x2={W - PAD.right} y1={y(p)} y2={y(p)} className="grid" />
          <text x={PAD.left - 6} y={y(p) + 4} textAnchor="end" className="axis">
            {p}%
          </text>
        </g>
      ))}
      {years.map((yr) => (
        <text key={yr.i} x={x(yr.i)} y={H - 8} textAnchor="middle" className="axis">
          {yr.year}
        </text>
      ))}
      <line x1={PAD.left} x2={W - PAD.right} y1={y(target)} y2={y(target)} className="target-line" />
      <text x={W - PAD.right} y={y(target) - 4} textAnchor="end" className="axis target-label">
        {fmt(target)}%
      </text>
      <polyline points={line} className="trend-line" fill="none" />
      {points.length ? <circle cx={x(points.length - 1)} cy={y(points[points.length - 1]!.percent)} r={4} className="trend-dot" /> : null}
    </svg>
  );
}

/** Five classes of "share trained", the last one at or above the target. */
export function shareClasses(target: number) {
  const step = target / 4;
  return [
    { from: 0, to: step, color: "#f1e4d3" },
    { from: step, to: step * 2, color: "#d9c4a0" },
    { from: step * 2, to: step * 3, color: "#9fc2b5" },
    { from: step * 3, to: target, color: "#4f9a8b" },
    { from: target, to: 100, color: "#0b5d54" },
  ];
}

export function colorFor(percent: number | null, target: number) {
  if (percent === null) return "#e6e6e6";
  const classes = shareClasses(target);
  return (classes.find((c, i) => percent < c.to || i === classes.length - 1) ?? classes[classes.length - 1]!).color;
}

export interface MapUnit {
  unitId: number;
  d: string;
  name: string;
  percent: number | null;
  href: string;
  label: string;
}

export function CommuneMap({ units, target, title, legendTitle, noStaff, fmt }: { units: MapUnit[]; target: number; title: string; legendTitle: string; noStaff: string; fmt: (n: number) => string }) {
  return (
    <figure className="commune-map">
      {/* Not role="img": the communes inside are links, each named by its <title>. */}
      <svg viewBox="0 0 560 520" role="group" aria-labelledby="map-title">
        <title id="map-title">{title}</title>
        {units.map((u) => (
          <a key={u.unitId} href={u.href} aria-label={u.label}>
            <path d={u.d} fill={colorFor(u.percent, target)}>
              <title>{u.label}</title>
            </path>
          </a>
        ))}
      </svg>
      <figcaption>
        <strong>{legendTitle}</strong>
        <ul className="legend">
          {shareClasses(target).map((c, i, all) => (
            <li key={i}>
              <span className="swatch" style={{ background: c.color }} aria-hidden="true" />
              {i === all.length - 1 ? `≥ ${fmt(c.from)}%` : `${fmt(c.from)}% – < ${fmt(c.to)}%`}
            </li>
          ))}
          <li>
            <span className="swatch" style={{ background: "#e6e6e6" }} aria-hidden="true" />
            {noStaff}
          </li>
        </ul>
      </figcaption>
    </figure>
  );
}

export function dateLabel(iso: string) {
  return formatDate(iso);
}
