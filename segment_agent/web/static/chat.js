// The chat: conversations on the left, the selected one in the middle, the goal box at the bottom.

import { api, stream } from "./api.js";
import { approvalCard } from "./card.js";
import { alertBox, el, fill, when } from "./dom.js";

const MAX_GOAL = 2000;
const EXAMPLES = ["High-value customers who are likely to churn", "Lapsed buyers in Texas",
  "Engaged email subscribers with declining engagement"];
const STATUS = { awaiting_approval: "waiting for approval", published: "published", decided: "decided",
  no_segment: "no segment", publish_failed: "publishing failed" };

export function createChat(app) {
  const list = document.getElementById("thread-list");
  const messages = document.getElementById("messages");
  const form = document.getElementById("composer");
  const goal = document.getElementById("goal");
  const send = document.getElementById("send");
  const note = document.getElementById("composer-note");
  const noteText = note.textContent;
  let current = null;
  let busy = false;

  async function refreshList() {
    const threads = await api("/api/threads");
    list.replaceChildren(...threads.map((t) => el("li", { class: t.thread_id === current ? "active" : "",
      "data-thread": t.thread_id, onclick: () => open(t.thread_id) },
      el("span", { class: "goal-line", title: t.goal }, t.goal),
      el("span", { class: "meta" }, `${STATUS[t.status] || t.status} · ${t.owner} · ${when(t.updated_at)}`))));
  }

  function welcome() {
    current = null;
    app.go("");
    messages.replaceChildren(el("div", { class: "welcome" },
      el("h1", {}, "Who do you want to reach?"),
      el("p", {}, "Describe an audience in plain words. The agent picks the right fields among hundreds, " +
        "drafts the segment, counts it, and waits for your approval."),
      el("div", { class: "examples" }, EXAMPLES.map((text) => el("button", { type: "button",
        onclick: () => { goal.value = text; goal.focus(); } }, text)))));
    refreshList().catch(() => {});
    goal.focus();
  }

  async function open(threadId) {
    current = threadId;
    app.go(`#/thread/${threadId}`);
    try {
      render(await api(`/api/threads/${threadId}`));
    } catch (err) {
      messages.replaceChildren(alertBox(err));
    }
    refreshList().catch(() => {});
  }

  function render(detail) {
    const steps = el("ul", { class: "steps" }, detail.events.map((e) => el("li", { class: e.kind }, e.text)));
    const ctx = (p) => ({ threadId: detail.thread_id, entity: detail.entity, me: app.me, destinations: app.destinations,
      pending: detail.pending?.id === p.id, decision: detail.decisions[p.id], published: detail.published[p.id],
      onDecided: () => open(detail.thread_id) });
    fill(messages,
      el("div", { class: "bubble" }, el("span", { class: "by" }, `${detail.owner || "someone"} asked`), detail.goal),
      detail.events.length ? steps : null,
      detail.proposals.map((p) => approvalCard(p, ctx(p))),
      detail.status === "no_segment" ? alertBox({ message: detail.answer || "No segment came out of this goal.",
        hint: "Try a more specific goal, e.g. name a behaviour, a value or a place." }, "warn") : null);
    messages.scrollTop = 0;
  }

  async function submit(event) {
    event.preventDefault();
    if (busy) return;
    const text = goal.value.trim();
    busy = true;
    send.disabled = true;
    const steps = el("ul", { class: "steps" }, el("li", { class: "working" }, "The agent is working…"));
    const bubble = el("div", { class: "bubble" }, el("span", { class: "by" }, `${app.me.name} asked`), text);
    messages.replaceChildren(bubble, steps);
    try {
      const view = await stream("/api/threads", { goal: text },
        (step) => steps.insertBefore(el("li", { class: step.kind }, step.text), steps.lastChild));
      goal.value = "";
      updateNote();
      await open(view.thread_id);
    } catch (err) {
      // A refused goal stays in the box to be fixed; the steps shown so far stay when the run failed midway.
      if (err.status === 400 || err.status === 413) bubble.remove();
      steps.querySelector(".working")?.remove();
      if (!steps.children.length) steps.remove();
      messages.append(alertBox(err));
    } finally {
      busy = false;
      send.disabled = false;
    }
  }

  function updateNote() {
    const over = goal.value.length > MAX_GOAL;
    note.classList.toggle("over", over);
    note.textContent = goal.value.length > MAX_GOAL * 0.75
      ? `${goal.value.length.toLocaleString("en-US")} of ${MAX_GOAL.toLocaleString("en-US")} characters.` : noteText;
  }

  form.addEventListener("submit", submit);
  goal.addEventListener("input", updateNote);
  goal.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey) {
      e.preventDefault();
      form.requestSubmit();
    }
  });
  document.getElementById("new-thread").addEventListener("click", welcome);
  return { open, welcome, refreshList };
}
