// Small multiples: for each key field, the segment's share per bucket next to the whole base's.

import { el, svg } from "./dom.js";

const WIDTH = 400, LABEL = 130, BAR = 200, ROW = 26, TOP = 4;
const SEGMENT = "#0f766e", BASE = "#b8c0cc";

export function comparisonChart(fields, what = "this segment") {
  if (!fields.length) return el("p", { class: "note" }, "No profile fields of the customer table to compare.");
  return el("div", { class: "chart" },
    el("div", { class: "legend" },
      el("span", {}, el("span", { class: "swatch", style: `background:${SEGMENT}` }), capital(what)),
      el("span", {}, el("span", { class: "swatch", style: `background:${BASE}` }), "All customers")),
    el("div", { class: "grid-fields" }, fields.map(fieldChart)));
}

function fieldChart(field) {
  const top = Math.max(0.0001, ...field.buckets.flatMap((b) => [b.segment, b.base]));
  const height = TOP + ROW * field.buckets.length;
  const graph = svg("svg", { width: WIDTH, height, viewBox: `0 0 ${WIDTH} ${height}`, role: "img",
    "aria-label": `${field.field}: segment versus all customers` });
  field.buckets.forEach((bucket, i) => {
    const y = TOP + i * ROW;
    graph.append(svg("text", { x: LABEL - 6, y: y + 15, "text-anchor": "end" }, clip(bucket.label, 22)));
    graph.append(bar(y + 2, bucket.segment, top, SEGMENT));
    graph.append(bar(y + 12, bucket.base, top, BASE));
    graph.append(svg("text", { x: LABEL + 4 + BAR * bucket.segment / top, y: y + 10 }, pct(bucket.segment)));
    graph.append(svg("text", { x: LABEL + 4 + BAR * bucket.base / top, y: y + 20, class: "muted" }, pct(bucket.base)));
  });
  const title = field.field.split(".").pop().replaceAll("_", " ");
  return el("figure", { style: "margin:0" },
    el("figcaption", { class: "field-title", title: field.description }, title,
      field.unit ? el("span", { class: "note" }, ` (${field.unit})`) : null),
    graph);
}

function bar(y, share, top, color) {
  return svg("rect", { x: LABEL, y, height: 8, rx: 2, fill: color, width: Math.max(1, BAR * share / top) },
    svg("title", {}, pct(share)));
}

const pct = (x) => `${Math.round(100 * x)}%`;
const clip = (text, n) => (text.length > n ? `${text.slice(0, n - 1)}…` : text);
const capital = (text) => text.charAt(0).toUpperCase() + text.slice(1);
