// The approval card: everything needed to decide on one segment, and the decision buttons.

import { api, stream } from "./api.js";
import { comparisonChart } from "./chart.js";
import { alertBox, append, el, fill, number, percent } from "./dom.js";

const DONE = { approve: "Approved", edit: "Edited", reject: "Rejected" };

// ctx: { threadId, entity, me, destinations, pending, decision, published, onDecided(view) }
export function approvalCard(proposal, ctx) {
  const card = el("article", { class: ctx.pending ? "card pending" : "card decided", "data-proposal": proposal.id });
  const counts = proposal.counts || {};
  append(card, [
    el("div", { class: "card-head" }, el("h2", {}, proposal.name), statusChip(ctx)),
    el("p", { class: "goal" }, proposal.description && proposal.description !== proposal.name
      ? proposal.description : `For the goal: ${proposal.goal}`),
    tiles(counts),
    proposal.edit_errors ? alertBox({ message: "Your edit was not applied; this is still the previous version.",
      hint: proposal.edit_errors.map((e) => `${e.what}${e.hint ? ` (${e.hint})` : ""}`).join(" · ") }) : null,
    (proposal.warnings || []).map((w) => alertBox({ message: w.message }, "warn")),
    section("Who is in it", rulesList(proposal.rules || [])),
    section("Segment vs all customers", chartSlot(`/api/threads/${ctx.threadId}/proposals/${proposal.id}/compare`)),
    section("Fields chosen and why", fieldsTable((proposal.fields || []).filter((f) => f.field !== ctx.entity))),
    proposal.assumptions?.length ? section("Assumptions", el("ul", { class: "rules" },
      proposal.assumptions.map((a) => el("li", {}, a)))) : null,
    overlap(counts.overlap || {}),
    proposal.sample?.length ? section("Sample members (masked)", sampleTable(proposal.sample)) : null,
    sqlBlock(proposal),
    ctx.pending ? actions(card, proposal, ctx) : outcome(ctx),
  ]);
  return card;
}

export function chartSlot(url, what) {
  const slot = el("div", { class: "chart-slot" }, el("p", { class: "note" }, "Comparing with all customers…"));
  api(url).then((fields) => slot.replaceChildren(comparisonChart(fields, what)))
    .catch((err) => slot.replaceChildren(el("p", { class: "note" }, `No chart: ${err.message}`)));
  return slot;
}

function statusChip(ctx) {
  if (ctx.pending) return el("span", { class: "chip waiting" }, "Waiting for approval");
  if (ctx.published?.status === "published" || ctx.published?.status === "already_published") {
    return el("span", { class: "chip published" }, "Published");
  }
  return ctx.decision ? el("span", { class: `chip ${ctx.decision.action}` }, DONE[ctx.decision.action]) : null;
}

function tiles(counts) {
  const reach = Object.entries(counts.reachable || {});
  return el("div", { class: "tiles" },
    tile(number(counts.count), `members of ${number(counts.base)}`),
    tile(percent(counts.share), "of all customers"),
    reach.map(([channel, n]) => tile(number(n), `reachable by ${channel}`)));
}

const tile = (big, small) => el("div", { class: "tile" }, el("span", { class: "big" }, big), el("span", { class: "small" }, small));
const section = (title, body) => el("section", {}, el("h3", {}, title), body);

// The rules come indented two spaces per nesting level, groups as headers ending in ':' ("any of:").
function rulesList(rules) {
  return el("ul", { class: "rules" }, rules.map((rule) => {
    const depth = (rule.length - rule.trimStart().length) / 2;
    const text = rule.trim();
    return el("li", { class: text.endsWith(":") ? "group" : "", style: `margin-left:${depth * 1.2}rem` }, text);
  }));
}

function fieldsTable(fields) {
  return el("table", { class: "fields" }, el("tbody", {}, fields.map((f) => el("tr", {},
    el("td", {}, f.field),
    el("td", {}, f.why, f.rejected?.length ? el("div", { class: "rejected" },
      "Not chosen: ", f.rejected.map((r) => `${r.field} (${r.why_not || "less suitable"})`).join("; ")) : null)))));
}

function overlap(found) {
  const entries = Object.entries(found);
  if (!entries.length) return null;
  return section("Overlap with published segments", el("ul", { class: "rules" }, entries.map(([id, o]) =>
    el("li", {}, `${id}: ${number(o.shared)} shared members (${percent(o.share)} of this segment)`))));
}

function sampleTable(rows) {
  const columns = Object.keys(rows[0]);
  return el("table", { class: "sample" },
    el("thead", {}, el("tr", {}, columns.map((c) => el("th", {}, c)))),
    el("tbody", {}, rows.map((row) => el("tr", {}, columns.map((c) => el("td", {}, row[c] ?? ""))))));
}

function sqlBlock(proposal) {
  const code = el("pre", {}, proposal.sql);
  const dialects = Object.keys(proposal.dialects || {});
  const pick = dialects.length ? el("select", { "aria-label": "SQL dialect", onchange: (e) => {
    code.textContent = e.target.value === "duckdb" ? proposal.sql : proposal.dialects[e.target.value];
  } }, ["duckdb", ...dialects].map((d) => el("option", { value: d }, d))) : null;
  // Drafted from SQL (no structured spec), the SQL is the definition: show it open.
  return el("details", { class: "sql", open: !proposal.spec }, el("summary", {}, "SQL"),
    el("div", { class: "dialects" }, pick), code);
}

function outcome(ctx) {
  if (!ctx.decision) return null;
  const who = `${DONE[ctx.decision.action]} by ${ctx.decision.user}`;
  const published = ctx.published;
  if (!published) return el("div", { class: "outcome note" }, `${who}.`);
  const ok = ["published", "already_published"].includes(published.status);
  return el("div", { class: "outcome" }, alertBox({ message: `${who}. ${published.message}` }, ok ? "ok" : "warn"),
    ok ? el("button", { type: "button", class: "link",
      onclick: () => document.querySelector(".tab[data-view=segments]").click() }, "See it in Segments") : null);
}

function actions(card, proposal, ctx) {
  const status = el("div", { class: "card-status" });
  const panel = el("div");
  const close = () => panel.replaceChildren();
  const boxes = ctx.destinations.map((d) => el("label", {},
    el("input", { type: "checkbox", name: "destination", value: d.name, checked: d.name === "registry" }),
    ` ${d.name}${d.channel && d.channel !== "none" ? ` (${d.channel})` : ""}`));
  const approve = el("button", { type: "button", class: "primary", "data-action": "approve", disabled: !ctx.me.can_approve },
    "Approve");
  const buttons = [approve,
    el("button", { type: "button", "data-action": "edit", onclick: () => panel.replaceChildren(editor(proposal, decide, close)) },
      "Edit criteria or SQL"),
    el("button", { type: "button", class: "danger", "data-action": "reject",
      onclick: () => panel.replaceChildren(feedback(decide, close)) }, "Reject")];

  async function decide(body) {
    card.querySelectorAll(".actions button, .actions input, .actions textarea").forEach((b) => { b.disabled = true; });
    const steps = el("ul", { class: "steps" }, el("li", { class: "working" }, "Working…"));
    status.replaceChildren(steps);
    try {
      const view = await stream(`/api/threads/${ctx.threadId}/decisions`,
        { proposal_id: proposal.id, proposal_hash: proposal.hash, ...body },
        (step) => steps.insertBefore(el("li", { class: step.kind }, step.text), steps.lastChild));
      ctx.onDecided(view);
    } catch (err) {
      // 409: the card was decided or changed elsewhere, so it stays locked; other errors can be fixed and retried.
      const stale = err.status === 409;
      fill(status, alertBox(err, stale ? "warn" : ""),
        stale ? el("button", { type: "button", onclick: () => ctx.onDecided(null) }, "Show the current card") : null);
      if (!stale) {
        card.querySelectorAll(".actions button, .actions input, .actions textarea").forEach((b) => {
          b.disabled = b === approve && !ctx.me.can_approve;
        });
      }
      status.scrollIntoView({ block: "nearest" });
    }
  }

  approve.addEventListener("click", () => {
    const chosen = boxes.map((b) => b.querySelector("input")).filter((i) => i.checked).map((i) => i.value);
    if (!chosen.length) {
      status.replaceChildren(alertBox({ message: "Choose at least one destination to publish to." }, "warn"));
      return;
    }
    decide({ action: "approve", destinations: chosen });
  });
  return el("div", { class: "actions" },
    el("div", { class: "destinations" }, el("span", { class: "label" }, "Publish to:"), boxes),
    el("div", { class: "buttons" }, buttons,
      ctx.me.can_approve ? null : el("span", { class: "why" }, "Only approvers can approve; you can edit or reject.")),
    panel, status);
}

function editor(proposal, decide, close) {
  const criteria = proposal.spec?.criteria ? JSON.stringify(proposal.spec.criteria, null, 2) : null;
  let mode = "sql";
  const text = el("textarea", { "aria-label": "Edited SQL", spellcheck: "false" }, proposal.sql);
  const problem = el("p", { class: "error" });
  const tab = (name, label) => el("button", { type: "button", class: name === mode ? "on" : "", onclick: (e) => {
    mode = name;
    text.value = name === "sql" ? proposal.sql : criteria;
    text.setAttribute("aria-label", name === "sql" ? "Edited SQL" : "Edited criteria (JSON)");
    e.target.parentNode.querySelectorAll("button").forEach((b) => b.classList.toggle("on", b === e.target));
  } }, label);
  const apply = () => {
    if (mode === "sql") return decide({ action: "edit", sql: text.value });
    try {
      decide({ action: "edit", criteria: JSON.parse(text.value) });
    } catch (err) {
      problem.textContent = `The criteria are not valid JSON: ${err.message}`;
    }
  };
  return el("div", { class: "editor" },
    el("div", { class: "switch" }, tab("sql", "SQL"), criteria ? tab("criteria", "Criteria") : null),
    text, problem,
    el("div", { class: "buttons" }, el("button", { type: "button", class: "primary", onclick: apply }, "Apply edit and recount"),
      el("button", { type: "button", onclick: close }, "Cancel")));
}

function feedback(decide, close) {
  const text = el("textarea", { "aria-label": "What should change?",
    placeholder: "What should change? The agent redrafts from your words. Leave empty to just reject." });
  return el("div", { class: "editor" }, text,
    el("div", { class: "buttons" },
      el("button", { type: "button", class: "danger", onclick: () => decide({ action: "reject", feedback: text.value }) },
        "Reject"),
      el("button", { type: "button", onclick: close }, "Cancel")));
}
