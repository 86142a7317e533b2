// The SocialCare agent inbox: plain JavaScript over the sample's HTTP API (/api/...), live through Server-Sent Events.
"use strict";

const $ = (id) => document.getElementById(id);
const state = { me: localStorage.getItem("socialcare.me") || "", agents: [], tickets: [], selected: null, detail: null, demo: false, mode: "reply" };
const channelLabel = { facebook: "f", whatsapp: "W", x: "X" };

async function api(method, path, body) {
  const init = { method, headers: { "Accept": "application/json" } };
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  let data = null;
  try { data = await response.json(); } catch { /* no body */ }
  return { ok: response.ok, status: response.status, data };
}

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function chan(channel) {
  return el("span", { class: `chan ${channelLabel[channel] ? channel : "other"}`, title: channel, text: channelLabel[channel] || channel.slice(0, 1).toUpperCase() });
}

function ago(iso) {
  const seconds = Math.max(0, (Date.now() - new Date(iso).getTime()) / 1000);
  if (seconds < 60) return "just now";
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)} h ago`;
  return new Date(iso).toLocaleDateString();
}

function time(iso) {
  return new Date(iso).toLocaleString([], { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });
}

function until(iso) {
  const minutes = Math.round((new Date(iso).getTime() - Date.now()) / 60000);
  const left = minutes < 60 ? `${Math.max(minutes, 0)} min` : minutes < 2880 ? `${Math.round(minutes / 60)} h` : `${Math.round(minutes / 1440)} days`;
  return `until ${time(iso)} (${left} left)`;
}

function agentName(id) {
  const agent = state.agents.find((a) => a.id === id);
  return agent ? agent.name : id;
}

// ---- the ticket list ------------------------------------------------------------------------------------------------

async function loadTickets() {
  const query = new URLSearchParams();
  for (const [name, id] of [["state", "filter-state"], ["channel", "filter-channel"], ["priority", "filter-priority"]]) {
    if ($(id).value) query.set(name, $(id).value);
  }
  const result = await api("GET", `/api/tickets?${query}`);
  if (!result.ok) return;
  const known = new Set(state.tickets.map((t) => t.id));
  state.tickets = result.data;
  renderTickets(known);
}

function renderTickets(known) {
  const list = $("tickets");
  list.replaceChildren(...state.tickets.map((t) => el("li", {
      class: `ticket${t.id === state.selected ? " selected" : ""}${known && known.size && !known.has(t.id) ? " fresh" : ""}`,
      "data-testid": "ticket-item", "data-ticket-id": t.id, "data-state": t.state, "data-channel": t.channel, "data-priority": t.priority,
      onclick: () => openTicket(t.id),
    },
    chan(t.channel),
    el("span", { class: "name", text: t.customer.name || t.customer.handle || "Customer" }),
    el("span", { class: "when", text: ago(t.updated) }),
    el("span", { class: "subject", "data-testid": "ticket-item-subject", text: t.subject }),
    el("span", { class: "tags" },
      el("span", { class: `tag state-${t.state}`, text: t.state }),
      t.priority !== "Normal" ? el("span", { class: `tag prio-${t.priority}`, text: t.priority }) : null,
      el("span", { class: "tag", text: t.visibility === "Public" ? "public" : "private" }),
      el("span", { class: "tag", text: t.assignee ? agentName(t.assignee) : "queued" }),
      el("span", { class: "tag", text: `${t.messageCount} msg` })))));
  $("count").textContent = `${state.tickets.length} ticket${state.tickets.length === 1 ? "" : "s"}`;
}

// ---- one ticket -----------------------------------------------------------------------------------------------------

async function openTicket(id) {
  state.selected = id;
  history.replaceState(null, "", `#ticket=${encodeURIComponent(id)}`);
  for (const item of document.querySelectorAll(".ticket")) item.classList.toggle("selected", item.dataset.ticketId === id);
  hideError("reply-error");
  hideError("d-error");
  await loadDetail();
}

async function loadDetail() {
  if (!state.selected) return;
  const result = await api("GET", `/api/tickets/${encodeURIComponent(state.selected)}`);
  if (!result.ok) {
    state.detail = null;
    $("detail").classList.add("hidden");
    $("empty").classList.remove("hidden");
    return;
  }
  state.detail = result.data;
  renderDetail(result.data);
}

function renderDetail(t) {
  $("empty").classList.add("hidden");
  $("detail").classList.remove("hidden");
  $("d-channel").replaceWith(Object.assign(chan(t.channel), { id: "d-channel" }));
  $("d-customer").textContent = t.customer.name || "Customer";
  $("d-handle").textContent = t.customer.handle || "";
  $("d-subject").textContent = t.subject;
  $("d-visibility").textContent = t.visibility === "Public" ? `public thread on ${t.channel}` : `private conversation on ${t.channel}`;
  $("d-created").textContent = time(t.created);
  $("d-id").textContent = t.id;

  const survey = t.satisfaction;
  $("d-csat").textContent = !survey ? "" : survey.rating ? `Rated ${survey.rating}/5` : "Satisfaction survey sent";
  $("d-export").href = `/api/customers/${encodeURIComponent(t.customer.id)}/export`;
  loadSuggestions(t.id);
  loadCustomer(t.customer.id);

  $("d-state").replaceChildren(...[t.state, ...t.allowedStates].map((s) => el("option", { value: s, text: s, selected: s === t.state })));
  $("d-priority").value = t.priority;
  $("d-assignee").replaceChildren(
    el("option", { value: "", text: "— queue —", selected: !t.assignee }),
    ...state.agents.map((a) => el("option", { value: a.id, text: a.name, selected: a.id === t.assignee })));

  $("timeline").replaceChildren(...t.messages.map((m) => el("li", {
      class: `msg ${m.visibility === "Internal" ? "Internal" : m.direction}`,
      "data-testid": "message", "data-message-id": m.id, "data-direction": m.direction, "data-visibility": m.visibility, "data-status": m.deliveryStatus,
    },
    el("div", { class: "meta" },
      el("strong", { text: m.author || m.authorKind }),
      m.automation ? el("span", { class: "vis auto", "data-testid": "message-automation", text: automationName(m.automation) }) : null,
      el("span", { class: `vis ${m.visibility}`, "data-testid": "message-visibility", text: m.visibility === "Internal" ? "internal note" : m.visibility.toLowerCase() }),
      el("span", { text: time(m.sentAt) }),
      m.deliveryStatus !== "None" ? el("span", { class: `status ${m.deliveryStatus}`, "data-testid": "message-status", text: m.deliveryStatus.toLowerCase() }) : null),
    el("div", { class: "text", "data-testid": "message-text", text: m.text }),
    m.failure ? el("div", { class: "failure", text: `${m.failure.code}: ${m.failure.reason}` }) : null)));

  $("history").replaceChildren(...t.history.map((h) => el("li", {},
    `${time(h.at)} · ${h.from === h.to ? h.to : `${h.from} → ${h.to}`} · ${h.reason}${h.agent ? ` (${agentName(h.agent)})` : ""}`)));
  renderReplyOptions(t);
}

function renderReplyOptions(t) {
  const o = t.replyOptions;
  const box = $("reply-options");
  const send = $("reply-send");
  const choice = $("visibility-choice");
  box.className = state.mode === "reply" ? "options" : "options hidden";
  if (!o) {
    box.textContent = "This app does not serve this ticket's channel: replies cannot be sent.";
    box.classList.add("blocked");
    send.disabled = true;
    choice.classList.add("hidden");
    return;
  }
  let text;
  switch (o.mode) {
    case "FreeText":
      text = o.until ? `Free text ${until(o.until)}` : "Free text, no time limit";
      if (o.until) box.classList.add("limited");
      break;
    case "TagRequired":
      text = `The standard window closed: a reply goes out with the ${o.tag} tag${o.until ? ` ${until(o.until)}` : ""}`;
      box.classList.add("limited");
      break;
    case "TemplateRequired":
      text = `Only a pre-approved template may be sent now${o.templates.length ? ` (${o.templates.join(", ")})` : ""}`;
      box.classList.add("blocked");
      break;
    case "PublicOnly":
      text = "Only a public reply is possible";
      box.classList.add("limited");
      break;
    default:
      text = "Nothing can be sent on this ticket";
      box.classList.add("blocked");
  }
  box.textContent = `${text} · ${o.reason}${o.maxTextLength ? ` · up to ${o.maxTextLength} characters` : ""}`;
  box.dataset.mode = o.mode;
  send.disabled = o.mode === "Nothing" || o.mode === "TemplateRequired";

  // On a public thread the agent chooses: answer in public, or privately to the comment's author.
  const isPublic = t.visibility === "Public";
  choice.classList.toggle("hidden", !isPublic);
  if (isPublic) {
    const publicInput = choice.querySelector("input[value=public]");
    const privateInput = choice.querySelector("input[value=private]");
    publicInput.disabled = !o.canReplyPublicly;
    privateInput.disabled = !o.canReplyPrivately;
    if (publicInput.disabled && !privateInput.disabled) privateInput.checked = true;
    if (privateInput.disabled && !publicInput.disabled) publicInput.checked = true;
    privateInput.parentElement.title = o.privateReplyUntil ? `Possible ${until(o.privateReplyUntil)}` : "";
  }
  updateCounter();
}

function updateCounter() {
  const max = state.detail && state.detail.replyOptions && state.detail.replyOptions.maxTextLength;
  const length = $("reply-text").value.length;
  $("reply-counter").textContent = max ? `${length} / ${max}` : "";
}

function showError(id, message) {
  const box = $(id);
  box.textContent = message;
  box.classList.remove("hidden");
}

function hideError(id) {
  $(id).classList.add("hidden");
}

async function act(path, body) {
  hideError("d-error");
  const result = await api("POST", `/api/tickets/${encodeURIComponent(state.selected)}/${path}`, body);
  if (!result.ok) showError("d-error", (result.data && result.data.error) || `The change failed (${result.status}).`);
  await Promise.all([loadDetail(), loadTickets()]);
}

async function sendReply() {
  const text = $("reply-text").value.trim();
  if (!text || !state.selected) return;
  hideError("reply-error");
  $("reply-send").disabled = true;
  const body = { text, agentId: state.me || undefined };
  if (state.detail && state.detail.visibility === "Public") {
    body.visibility = document.querySelector("input[name=visibility]:checked").value;
  }
  const result = await api("POST", `/api/tickets/${encodeURIComponent(state.selected)}/replies`, body);
  if (result.status === 202) {
    $("reply-text").value = "";
  } else {
    showError("reply-error", (result.data && result.data.error) || `The reply was not sent (${result.status}).`);
  }
  await loadDetail();
  if (state.detail) renderReplyOptions(state.detail);
}

async function addNote() {
  const text = $("note-text").value.trim();
  if (!text || !state.selected) return;
  hideError("reply-error");
  const result = await api("POST", `/api/tickets/${encodeURIComponent(state.selected)}/notes`, { text, agentId: state.me || undefined });
  if (result.ok) $("note-text").value = "";
  else showError("reply-error", (result.data && result.data.error) || `The note was not added (${result.status}).`);
  await loadDetail();
}

function setMode(mode) {
  state.mode = mode;
  $("tab-reply").classList.toggle("active", mode === "reply");
  $("tab-note").classList.toggle("active", mode === "note");
  $("reply-box").classList.toggle("hidden", mode !== "reply");
  $("reply-options").classList.toggle("hidden", mode !== "reply");
  $("note-box").classList.toggle("hidden", mode !== "note");
}

// ---- canned answers, satisfaction, listening, customers --------------------------------------------------------------

async function loadSuggestions(id) {
  const result = await api("GET", `/api/tickets/${encodeURIComponent(id)}/suggestions`);
  if (state.selected !== id) return;
  const list = result.ok ? result.data : [];
  $("suggestions").replaceChildren(
    ...(list.length ? [el("span", { class: "muted small", text: "Suggested:" })] : []),
    ...list.map((s) => el("button", {
      class: "suggestion", "data-testid": "suggestion", "data-answer": s.name, title: `${s.match} (${Math.round(s.score * 100)}%)`,
      text: s.title, onclick: () => insertAnswer(s.name),
    })));
}

async function loadAnswers() {
  const result = await api("GET", "/api/answers");
  const answers = result.ok ? result.data : [];
  $("canned").replaceChildren(...answers.map((a) => el("option", { value: a.name, text: a.title })));
}

async function insertAnswer(name) {
  if (!state.selected || !name) return;
  hideError("reply-error");
  const result = await api("POST", `/api/tickets/${encodeURIComponent(state.selected)}/answers`, { name, agentId: state.me || undefined, send: false });
  if (!result.ok) {
    showError("reply-error", (result.data && result.data.error) || `The answer could not be prepared (${result.status}).`);
    return;
  }
  const answer = result.data;
  if (answer.problem) showError("reply-error", answer.problem);
  if (answer.text) {
    $("reply-text").value = answer.text;
    updateCounter();
  } else if (answer.template) {
    showError("reply-error", `Only approved templates may be sent now: the answer maps to ${answer.template}.`);
  }
}

async function loadCsat() {
  const result = await api("GET", "/api/metrics");
  if (!result.ok) return;
  const o = result.data.overall;
  $("csat").replaceChildren(o.satisfactionResponses
    ? el("span", {}, "CSAT ", el("strong", { "data-testid": "csat-score", text: `${Math.round(o.satisfactionScore * 100)}%` }),
      ` · average ${o.satisfactionAverage.toFixed(1)}/5 from ${o.satisfactionResponses} rating${o.satisfactionResponses === 1 ? "" : "s"}`,
      ` (${Math.round(o.satisfactionResponseRate * 100)}% of ${o.satisfactionSurveys} asked)`,
      o.automaticReplies ? ` · ${o.automaticReplies} automatic answer${o.automaticReplies === 1 ? "" : "s"}` : "")
    : el("span", { text: "CSAT: no ratings yet" }));
}

async function loadMentions() {
  const result = await api("GET", "/api/listening");
  if (!result.ok) return;
  $("mentions").replaceChildren(...result.data.map((p) => {
    const input = el("input", { type: "text", placeholder: "Reply in public…", "data-testid": "mention-reply" });
    return el("li", { class: `mention${p.sentiment <= -0.4 ? " unhappy" : ""}`, "data-testid": "mention", "data-post-id": p.id },
      el("div", { class: "meta", text: `${chanName(p.channel)} · ${p.author} · ${p.reason}${p.rule ? ` · rule ${p.rule}` : ""} · sentiment ${p.sentiment.toFixed(2)}` }),
      el("div", { "data-testid": "mention-text", text: p.text }),
      p.ticketId
        ? el("a", { href: `#ticket=${encodeURIComponent(p.ticketId)}`, "data-testid": "mention-ticket", onclick: () => openTicket(p.ticketId), text: "Open the ticket" })
        : [input, el("button", { "data-testid": "mention-engage", text: "Engage", onclick: () => engage(p.id, input.value) })]);
  }));
}

function automationName(kind) {
  return { Answer: "automatic answer", OutOfHours: "out-of-hours notice", SatisfactionSurvey: "satisfaction survey", SatisfactionThanks: "thanks for the rating" }[kind] || "automatic";
}

function chanName(channel) {
  return { facebook: "Facebook", whatsapp: "WhatsApp", x: "X" }[channel] || channel;
}

async function engage(postId, text) {
  const result = await api("POST", `/api/listening/${encodeURIComponent(postId)}/engage`, { text, agentId: state.me || undefined });
  await Promise.all([loadMentions(), loadTickets()]);
  if (result.ok) await openTicket(result.data.ticketId);
  else if (result.data && result.data.error) alert(result.data.error);
}

// The customer behind the open ticket: their channel identities, who linked, unlinked or merged what, and why.
async function loadCustomer(id) {
  const result = await api("GET", `/api/customers/${encodeURIComponent(id)}`);
  if (!result.ok || !state.detail || state.detail.customer.id !== id) return;
  const c = result.data;
  state.customer = c;
  const merged = $("c-merged");
  merged.classList.toggle("hidden", !c.mergedInto);
  merged.replaceChildren(...(c.mergedInto
    ? [`Merged into ${customerName(c.mergedInto)}; their identities are there now. `,
      el("button", { class: "link", "data-testid": "customer-unmerge", text: "Undo merge", onclick: () => changeCustomer(c.id, "unmerge", {}) })]
    : []));
  $("c-identities").replaceChildren(...(c.identities.length
    ? c.identities.map((i) => el("li", { "data-testid": "customer-identity", "data-channel": i.channel, "data-user-key": i.userKey },
      el("span", { text: `${chanName(i.channel)} · ${i.name || i.userKey} ` }),
      el("span", { class: "muted", text: i.userKey }),
      c.identities.length > 1
        ? el("button", { class: "link", "data-testid": "identity-unlink", text: "Unlink",
          onclick: () => changeCustomer(c.id, "unlink", { channel: i.channel, account: i.account, userKey: i.userKey }) })
        : null))
    : [el("li", { class: "muted", text: c.erased ? "Erased: no identities are kept." : "No identities." })]));
  $("c-history").replaceChildren(...c.history.slice().reverse().map((h) => el("li", { "data-testid": "customer-history-entry", "data-action": h.action },
    `${time(h.at)} · ${describeLink(h)} · by ${agentName(h.actor)} · ${h.reason}`,
    h.action === "MergedFrom" && h.otherCustomer && !c.history.some((later) => later.action === "MergeUndone" && later.otherCustomer === h.otherCustomer && later.at >= h.at)
      ? el("button", { class: "link", "data-testid": "customer-undo-merge", text: " Undo", onclick: () => changeCustomer(h.otherCustomer, "unmerge", {}) })
      : null)));
  const others = new Map();
  for (const t of state.tickets) if (t.customer.id !== c.id && !others.has(t.customer.id)) others.set(t.customer.id, t.customer.name || t.customer.handle || t.customer.id);
  $("c-merge-into").replaceChildren(el("option", { value: "", text: "— another customer —" }),
    ...[...others].map(([value, text]) => el("option", { value, text })));
}

function customerName(id) {
  const t = state.tickets.find((x) => x.customer.id === id);
  return t ? (t.customer.name || t.customer.handle || id) : id;
}

function describeLink(h) {
  const who = h.identities.map((i) => `${chanName(i.channel)} ${i.name || i.userKey}`).join(", ");
  switch (h.action) {
    case "Linked": return `linked ${who}`;
    case "Unlinked": return `unlinked ${who}`;
    case "MergedInto": return `merged into ${customerName(h.otherCustomer)}`;
    case "MergedFrom": return `${customerName(h.otherCustomer)} merged in${who ? ` (${who})` : ""}`;
    case "MergeUndone": return `merge with ${customerName(h.otherCustomer)} undone`;
    default: return h.action;
  }
}

async function changeCustomer(id, action, body) {
  hideError("d-error");
  const reason = $("c-reason").value.trim();
  const result = await api("POST", `/api/customers/${encodeURIComponent(id)}/${action}`, { ...body, reason: reason || undefined, agentId: state.me || undefined });
  if (!result.ok) showError("d-error", (result.data && result.data.error) || `The change failed (${result.status}).`);
  else $("c-reason").value = "";
  if (state.detail) await loadCustomer(state.detail.customer.id);
}

async function linkIdentity() {
  if (!state.detail) return;
  const userKey = $("c-link-key").value.trim();
  if (!userKey) { showError("d-error", "Give the user id of the identity on its network."); return; }
  await changeCustomer(state.detail.customer.id, "links", { channel: $("c-link-channel").value, userKey });
  if ($("d-error").classList.contains("hidden")) $("c-link-key").value = "";
}

async function mergeCustomer() {
  if (!state.detail) return;
  const into = $("c-merge-into").value;
  if (!into) { showError("d-error", "Choose the customer to merge into."); return; }
  await changeCustomer(state.detail.customer.id, "merge", { into });
}

async function eraseCustomer() {
  if (!state.detail) return;
  if (!confirm("Erase everything held about this customer? Their messages are redacted and cannot be restored.")) return;
  const result = await api("POST", `/api/customers/${encodeURIComponent(state.detail.customer.id)}/erase`, { agentId: state.me || undefined });
  if (!result.ok) showError("d-error", (result.data && result.data.error) || `The erasure failed (${result.status}).`);
  await Promise.all([loadDetail(), loadTickets()]);
}

// ---- what the emulated networks received (demo mode) ------------------------------------------------------------

async function loadEmulator() {
  if (!state.demo) return;
  const result = await api("GET", "/emulator/requests");
  if (!result.ok) return;
  const recent = result.data.slice(-30).reverse();
  $("emulator-requests").replaceChildren(...recent.map((r) => el("li", { "data-testid": "emulator-request" },
    el("div", { class: "line" },
      el("span", { class: `code ${r.statusCode < 400 ? "ok" : "bad"}`, text: r.statusCode }), ` ${r.network} ${r.method} ${r.path}`),
    el("div", { class: "muted", text: time(r.receivedAt) }),
    r.body ? el("div", { class: "body", text: r.body }) : null)));
}

// ---- live updates -----------------------------------------------------------------------------------------------

let listTimer = null;
let detailTimer = null;
function schedule(detail) {
  clearTimeout(listTimer);
  listTimer = setTimeout(() => { loadTickets(); loadEmulator(); loadCsat(); loadMentions(); }, 200);
  if (detail) {
    clearTimeout(detailTimer);
    detailTimer = setTimeout(loadDetail, 150);
  }
}

function connect() {
  const source = new EventSource("/api/events");
  source.addEventListener("open", () => { $("live").textContent = "live"; $("live").className = "live on"; });
  source.addEventListener("error", () => { $("live").textContent = "reconnecting…"; $("live").className = "live off"; });
  source.addEventListener("ticket", (event) => {
    const change = JSON.parse(event.data);
    schedule(change.ticketId === state.selected);
  });
}

// ---- start ------------------------------------------------------------------------------------------------------

async function start() {
  const [info, agents] = await Promise.all([api("GET", "/api/info"), api("GET", "/api/agents")]);
  state.demo = info.ok && info.data.demo;
  const channels = info.ok ? info.data.channels : [];
  $("c-link-channel").replaceChildren(...channels.map((c) => el("option", { value: c, text: chanName(c) })));
  $("mode-badge").classList.toggle("hidden", !state.demo);
  $("network-pane").classList.toggle("hidden", !state.demo);
  state.agents = agents.ok ? agents.data : [];
  if (!state.agents.some((a) => a.id === state.me)) state.me = state.agents.length ? state.agents[0].id : "";
  $("me").replaceChildren(...state.agents.map((a) => el("option", { value: a.id, text: a.name, selected: a.id === state.me })));

  $("me").addEventListener("change", () => { state.me = $("me").value; localStorage.setItem("socialcare.me", state.me); });
  for (const id of ["filter-state", "filter-channel", "filter-priority"]) $(id).addEventListener("change", loadTickets);
  $("d-state").addEventListener("change", () => act("state", { state: $("d-state").value, agentId: state.me || undefined }));
  $("d-priority").addEventListener("change", () => act("priority", { priority: $("d-priority").value, agentId: state.me || undefined }));
  $("d-assignee").addEventListener("change", () => act("assignee", { agentId: $("d-assignee").value || null }));
  $("reply-send").addEventListener("click", sendReply);
  $("note-add").addEventListener("click", addNote);
  $("reply-text").addEventListener("input", updateCounter);
  $("reply-text").addEventListener("keydown", (e) => { if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) sendReply(); });
  $("tab-reply").addEventListener("click", () => setMode("reply"));
  $("tab-note").addEventListener("click", () => setMode("note"));
  $("canned-insert").addEventListener("click", () => insertAnswer($("canned").value));
  $("d-erase").addEventListener("click", eraseCustomer);
  $("c-link").addEventListener("click", linkIdentity);
  $("c-merge").addEventListener("click", mergeCustomer);

  connect();
  await Promise.all([loadAnswers(), loadCsat(), loadMentions()]);
  await loadTickets();
  await loadEmulator();
  const match = /#ticket=([^&]+)/.exec(location.hash);
  if (match) await openTicket(decodeURIComponent(match[1]));

  // A safety net besides the live stream: refresh now and then, and keep the "… ago" labels current.
  setInterval(() => schedule(false), 15000);
}

start();
