// The page: sign in, then the chat and the segments views, with the address bar keeping the place.

import { ApiError, api, takeTokenFromAddress, token } from "./api.js";
import { createChat } from "./chat.js";
import { el } from "./dom.js";
import { createSegments } from "./segments.js";

// go(hash) records a place the page already shows, so its hashchange is not routed again.
let quiet = null;
const app = {
  me: null,
  destinations: [],
  go(hash) {
    if (location.hash === hash) return;
    quiet = hash;
    location.hash = hash;
  },
};

function show(view) {
  document.getElementById("chat-view").hidden = view !== "chat";
  document.getElementById("segments-view").hidden = view !== "segments";
  document.querySelectorAll(".tab").forEach((t) => t.classList.toggle("active", t.dataset.view === view));
}

function signIn(message = "") {
  document.getElementById("signin").hidden = false;
  document.getElementById("chat-view").hidden = true;
  document.getElementById("segments-view").hidden = true;
  document.getElementById("signin-error").textContent = message;
  document.getElementById("who").replaceChildren();
  document.querySelector(".tabs").hidden = true;
  document.getElementById("token").focus();
}

async function start() {
  takeTokenFromAddress();
  if (!token.get()) return signIn();
  try {
    app.me = await api("/api/me");
    app.destinations = await api("/api/destinations");
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) token.clear();
    return signIn(`${err.message} ${err.hint || ""}`);
  }
  document.getElementById("signin").hidden = true;
  document.querySelector(".tabs").hidden = false;
  document.getElementById("who").replaceChildren(el("span", {}, app.me.name), el("span", { class: "role" }, app.me.role),
    el("button", { type: "button", class: "link", onclick: () => { token.clear(); location.reload(); } }, "Sign out"));
  const chat = createChat(app);
  const segments = createSegments(app);
  document.querySelectorAll(".tab").forEach((tab) => tab.addEventListener("click", () => {
    app.go(tab.dataset.view === "segments" ? "#/segments" : "");
    route();
  }));

  function route() {
    const thread = location.hash.match(/^#\/thread\/([0-9a-f-]+)$/);
    if (location.hash === "#/segments") {
      show("segments");
      segments.load();
    } else {
      show("chat");
      if (thread) chat.open(thread[1]);
      else chat.welcome();
    }
  }
  // Links, the back button and pasted addresses change the hash without reloading the page.
  window.addEventListener("hashchange", () => {
    const expected = quiet;
    quiet = null;
    if (expected === null || location.hash !== expected) route();
  });
  route();
}

document.getElementById("signin-form").addEventListener("submit", (event) => {
  event.preventDefault();
  token.set(document.getElementById("token").value);
  location.reload();
});
start();
