// The API client: the bearer token, JSON calls, and decisions/goals streamed as server-sent events.

const TOKEN_KEY = "segment-agent-token";

export class ApiError extends Error {
  constructor(status, message, hint = "") {
    super(message);
    this.status = status;
    this.hint = hint;
  }
}

export const token = {
  get: () => localStorage.getItem(TOKEN_KEY) || "",
  set: (value) => localStorage.setItem(TOKEN_KEY, value.trim()),
  clear: () => localStorage.removeItem(TOKEN_KEY),
};

// `serve` prints a link ending in #token=...: keep the token and take it out of the address bar.
export function takeTokenFromAddress() {
  const match = location.hash.match(/token=([^&]+)/);
  if (!match) return;
  token.set(decodeURIComponent(match[1]));
  history.replaceState(null, "", location.pathname + location.search);
}

function headers(json) {
  const out = { Authorization: `Bearer ${token.get()}` };
  if (json) out["Content-Type"] = "application/json";
  return out;
}

async function send(path, init) {
  try {
    return await fetch(path, init);
  } catch {
    throw new ApiError(0, "Cannot reach the server.", "Check that `segment-agent serve` is still running, then retry.");
  }
}

async function failure(response) {
  const data = await response.json().catch(() => ({}));
  return new ApiError(response.status, data.error || `The server answered ${response.status}.`, data.hint || "");
}

export async function api(path, { method = "GET", body } = {}) {
  const response = await send(path, { method, headers: headers(body !== undefined),
    body: body === undefined ? undefined : JSON.stringify(body) });
  if (!response.ok) throw await failure(response);
  return response.json();
}

// POST and read the event stream: `step` events go to onStep, `thread` is the result, `error` throws.
export async function stream(path, body, onStep) {
  const response = await send(path, { method: "POST", body: JSON.stringify(body),
    headers: { ...headers(true), Accept: "text/event-stream" } });
  if (!response.ok) throw await failure(response);
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let cut;
    while ((cut = buffer.indexOf("\n\n")) >= 0) {
      const event = parse(buffer.slice(0, cut));
      buffer = buffer.slice(cut + 2);
      if (!event) continue;
      if (event.name === "step") onStep(event.data);
      else if (event.name === "thread") return event.data;
      else if (event.name === "error") throw new ApiError(event.data.status, event.data.error, event.data.hint);
    }
  }
  throw new ApiError(0, "The connection closed before the agent finished.",
    "Open the conversation again from the list to see where it stands.");
}

function parse(block) {
  let name = "message";
  const data = [];
  for (const line of block.split("\n")) {
    if (line.startsWith("event:")) name = line.slice(6).trim();
    else if (line.startsWith("data:")) data.push(line.slice(5).trim());
  }
  return data.length ? { name, data: JSON.parse(data.join("\n")) } : null;
}
