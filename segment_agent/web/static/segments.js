// The segments page: what is published, how big, refreshed when, its history and its profile.

import { api } from "./api.js";
import { chartSlot } from "./card.js";
import { alertBox, el, number, toast, when } from "./dom.js";

export function createSegments(app) {
  const body = document.querySelector("#segments-table tbody");
  const empty = document.getElementById("segments-empty");
  const detail = document.getElementById("segment-detail");
  let selected = null;

  async function load() {
    try {
      const segments = await api("/api/segments");
      empty.hidden = segments.length > 0;
      body.replaceChildren(...segments.map(row));
      if (selected) await show(selected);
    } catch (err) {
      detail.replaceChildren(alertBox(err));
    }
  }

  function row(s) {
    const refresh = app.me.can_approve && s.dynamic
      ? el("button", { type: "button", onclick: (e) => { e.stopPropagation(); refreshOne(s.id, e.target); } }, "Refresh")
      : null;
    return el("tr", { class: s.id === selected ? "selected" : "", "data-segment": s.id, onclick: () => show(s.id) },
      el("td", { class: "name" }, s.name, el("span", { class: "id" }, s.id)),
      el("td", { class: "num" }, number(s.size)), el("td", { class: "num" }, s.version),
      el("td", {}, s.owner), el("td", {}, s.approver), el("td", {}, when(s.refreshed_at)), el("td", {}, refresh));
  }

  async function refreshOne(id, button) {
    button.disabled = true;
    try {
      const drift = await api(`/api/segments/${id}/refresh`, { method: "POST" });
      const net = drift.net > 0 ? `+${number(drift.net)}` : number(drift.net);
      toast(`Refreshed: ${number(drift.before)} → ${number(drift.after)} members (${net}).`);
      await load();
    } catch (err) {
      toast(`${err.message} ${err.hint || ""}`, true);
      button.disabled = false;
    }
  }

  async function show(id) {
    selected = id;
    body.querySelectorAll("tr").forEach((tr) => tr.classList.toggle("selected", tr.dataset.segment === id));
    const s = await api(`/api/segments/${id}`);
    detail.replaceChildren(el("article", { class: "card" },
      el("div", { class: "card-head" }, el("h2", {}, s.name), el("span", { class: "chip published" },
        s.dynamic ? "dynamic" : "static")),
      el("p", { class: "goal" }, s.goal ? `For the goal: ${s.goal}` : s.description),
      el("div", { class: "tiles" },
        el("div", { class: "tile" }, el("span", { class: "big" }, number(s.size)), el("span", { class: "small" }, "members now")),
        el("div", { class: "tile" }, el("span", { class: "big" }, `v${s.version}`),
          el("span", { class: "small" }, `refreshed ${when(s.refreshed_at)}`))),
      el("p", { class: "note" }, `Owner ${s.owner} · approved by ${s.approver} on ${when(s.approved_at)} · proposal ${s.proposal_hash.slice(0, 12)}`),
      el("h3", {}, "Segment vs all customers"), chartSlot(`/api/segments/${s.id}/compare`),
      el("h3", {}, "Membership history"), history(s.history),
      el("details", { class: "sql" }, el("summary", {}, "SQL"), el("pre", {}, s.sql))));
  }

  function history(drifts) {
    if (!drifts.length) return el("p", { class: "note" }, "No snapshots yet.");
    return el("table", { class: "grid" },
      el("thead", {}, el("tr", {}, ["When", "Version", "Before", "After", "Added", "Removed"].map((h) =>
        el("th", { class: h === "When" ? "" : "num" }, h)))),
      el("tbody", {}, drifts.map((d) => el("tr", {}, el("td", {}, when(d.at)), el("td", { class: "num" }, d.version),
        el("td", { class: "num" }, number(d.before)), el("td", { class: "num" }, number(d.after)),
        el("td", { class: "num" }, d.added ? `+${number(d.added)}` : "0"), el("td", { class: "num" }, d.removed ? `−${number(d.removed)}` : "0")))));
  }

  document.getElementById("reload-segments").addEventListener("click", load);
  return { load, show };
}
