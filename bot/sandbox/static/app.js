// The sandbox page: whose phone is shown, what they do, and polling for what the bot did.
// Every action is one POST that injects an update; the chat then arrives by polling.
"use strict";

const POLL_MS = 500;
const $ = (id) => document.getElementById(id);
const state = {
  info: null,
  person: null, // the cast member whose phone is shown
  signature: "", // the chat as last drawn, to redraw only on change
  messages: [],
  seenNotice: new Map(), // person id -> serial of the last button pop-up shown
  pending: new Map(), // poll id -> options ticked in a several-answers poll
  timer: null,
  forceBottom: true,
};

async function api(path, body) {
  const options = body === undefined ? {} : {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  };
  const response = await fetch(path, options);
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(data.error || `${response.status} ${response.statusText}`);
  return data;
}

function formatter(options) {
  return new Intl.DateTimeFormat("en-GB", { timeZone: state.info.clock.zone, ...options });
}

function toast(text) {
  const box = $("toast");
  box.textContent = text;
  box.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { box.hidden = true; }, 2600);
}

// ---- acting as the current person -------------------------------------------------------

async function act(path, body) {
  try {
    await api(`/api/people/${state.person.id}/${path}`, body);
    state.forceBottom = true;
  } catch (error) {
    toast(error.message);
  }
  refreshSoon();
}

const sendText = (text) => act("text", { text });

function sendCommandMenuItem(command) {
  $("commands-menu").hidden = true;
  sendText(`/${command}`);
}

function joinExample(code) {
  const project = state.info.projects[0];
  const invite = typeof code === "string" ? code : project && project.invite_code;
  if (invite) sendText(`/start ${invite}`);
}

// ---- drawing ----------------------------------------------------------------------------

function avatar(person) {
  const node = TandemRender.el("span", "avatar", person.name[0]);
  node.style.background = person.colour;
  return node;
}

function drawPeople(people) {
  const list = $("people-list");
  list.replaceChildren(...people.map((person) => {
    const item = TandemRender.el("li");
    const button = TandemRender.el("button", "person");
    button.type = "button";
    button.dataset.person = person.id;
    if (person.id === state.person.id) button.classList.add("current");
    const info = TandemRender.el("span", "info");
    const name = TandemRender.el("div", "name", person.name);
    name.append(TandemRender.el("span", "role", person.role));
    const preview = person.preview || "No messages yet";
    info.append(name, TandemRender.words("div", "preview", preview));
    button.append(avatar(person), info);
    if (person.unread > 0) button.append(TandemRender.el("span", "badge", person.unread));
    item.append(button);
    return item;
  }));
}

function drawChat(chat) {
  $("bot-status").textContent = chat.typing ? "typing…" : "bot";
  $("bot-status").classList.toggle("typing", chat.typing);
  const notice = chat.notice;
  const seen = state.seenNotice.get(state.person.id);
  if (notice && seen !== undefined && notice.serial > seen) toast(notice.text);
  state.seenNotice.set(state.person.id, notice ? notice.serial : 0);

  const signature = JSON.stringify([chat.messages, [...state.pending].map(([k, v]) => [k, [...v]])]);
  if (signature === state.signature) return;
  state.signature = signature;
  state.messages = chat.messages;
  const box = $("chat");
  const atBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 60;
  const time = formatter({ hour: "2-digit", minute: "2-digit" });
  const day = formatter({ weekday: "long", day: "numeric", month: "long" });
  const ctx = {
    botUsername: state.info.bot.username,
    pending: state.pending,
    time: (seconds) => time.format(new Date(seconds * 1000)),
  };
  const nodes = [];
  let lastDay = "";
  for (const m of chat.messages) {
    const label = day.format(new Date(m.date * 1000));
    if (label !== lastDay) nodes.push(TandemRender.el("div", "day", label));
    lastDay = label;
    nodes.push(TandemRender.message(m, ctx));
  }
  $("messages").replaceChildren(...nodes);
  const empty = chat.messages.length === 0;
  $("empty").hidden = !empty;
  $("join-bar").hidden = !empty || state.info.projects.length === 0;
  if (atBottom || state.forceBottom) box.scrollTop = box.scrollHeight;
  state.forceBottom = false;
}

function drawViewer() {
  const viewer = $("viewer");
  viewer.replaceChildren(TandemRender.el("span", "", `as ${state.person.name}`), avatar(state.person));
}

// ---- polling ----------------------------------------------------------------------------

async function refresh() {
  clearTimeout(state.timer);
  try {
    const seen = document.hidden ? 0 : 1;
    const data = await api(`/api/poll/${state.person.id}?seen=${seen}`);
    drawPeople(data.people);
    drawClock(data.clock);
    drawChat(data.chat);
  } catch (error) {
    $("bot-status").textContent = "waiting for network…";
  }
  state.timer = setTimeout(refresh, POLL_MS);
}

// Right after an action the bot answers within milliseconds: look sooner than the next tick.
function refreshSoon() {
  clearTimeout(state.timer);
  state.timer = setTimeout(refresh, 120);
}

function choosePerson(id) {
  state.person = state.info.people.find((p) => p.id === id) || state.info.people[0];
  history.replaceState(null, "", `#${state.person.key}`);
  state.signature = "";
  state.forceBottom = true;
  drawViewer();
  drawPhone();
  refresh();
}

// ---- wiring -----------------------------------------------------------------------------

function onChatClick(event) {
  const target = event.target.closest("button, a");
  if (!target) return;
  const data = target.dataset;
  if (data.start) {
    event.preventDefault();
    sendText(`/start ${data.start}`);
  } else if (data.outside) {
    event.preventDefault();
    toast("That link leads out of the sandbox.");
  } else if (data.press) {
    act("press", { message_id: Number(data.message), data: data.press });
  } else if (data.url) {
    const code = TandemRender.deepLinkCode(data.url, state.info.bot.username);
    if (code) sendText(`/start ${code}`);
    else toast("That button opens a web page outside the sandbox.");
  } else if (data.poll) {
    const index = Number(data.option);
    const poll = findPoll(data.poll);
    if (poll && poll.multiple) {
      const picked = state.pending.get(data.poll) || new Set();
      if (picked.has(index)) picked.delete(index); else picked.add(index);
      state.pending.set(data.poll, picked);
      state.signature = "";
      refreshSoon();
    } else {
      act("vote", { poll_id: data.poll, options: [index] });
    }
  } else if (data.submit) {
    const picked = [...(state.pending.get(data.submit) || [])].sort();
    state.pending.delete(data.submit);
    act("vote", { poll_id: data.submit, options: picked });
  } else if (data.retract) {
    act("vote", { poll_id: data.retract, options: [] });
  }
}

function findPoll(id) {
  const message = state.messages.find((m) => m.poll && m.poll.id === id);
  return message ? message.poll : null;
}

function updateSendIcon() {
  const idle = $("text").value.trim() === "";
  $("send-button").classList.toggle("idle", idle);
  $("send-button").setAttribute("aria-label", idle ? "Record a voice message" : "Send");
}

function sendComposed(voiceIfEmpty) {
  const text = $("text").value.trim();
  if (text) sendText(text);
  else if (voiceIfEmpty) act("voice", { duration: 4 });
  $("text").value = "";
  updateSendIcon();
}

function wire() {
  $("chat").addEventListener("click", onChatClick);
  $("people-list").addEventListener("click", (event) => {
    const button = event.target.closest("[data-person]");
    if (button) choosePerson(Number(button.dataset.person));
  });
  // Enter sends what was typed; the round button sends it too, or, with nothing typed,
  // it is the microphone and sends a voice note, as in Telegram.
  $("send-form").addEventListener("submit", (event) => {
    event.preventDefault();
    sendComposed(false);
  });
  $("send-button").addEventListener("click", () => sendComposed(true));
  $("text").addEventListener("input", updateSendIcon);
  $("attach-button").addEventListener("click", () => {
    $("attach-menu").hidden = !$("attach-menu").hidden;
    $("commands-menu").hidden = true;
  });
  $("attach-menu").addEventListener("click", (event) => {
    const kind = event.target.closest("[data-attach]")?.dataset.attach;
    if (!kind) return;
    $("attach-menu").hidden = true;
    const caption = $("text").value.trim(); // typed text goes with the photo as its caption
    $("text").value = "";
    updateSendIcon();
    act(kind, kind === "photo" ? { caption } : { duration: 4 });
  });
  $("menu-button").addEventListener("click", () => {
    $("commands-menu").hidden = !$("commands-menu").hidden;
    $("attach-menu").hidden = true;
  });
  $("commands-menu").addEventListener("click", (event) => {
    const command = event.target.closest("[data-command]")?.dataset.command;
    if (command) sendCommandMenuItem(command);
  });
  $("join-bar-button").addEventListener("click", () => joinExample());
  $("projects").addEventListener("click", (event) => {
    const target = event.target.closest("[data-code], [data-start]");
    if (!target) return;
    event.preventDefault();
    joinExample(target.dataset.code || target.dataset.start);
  });
  document.querySelector(".jumps").addEventListener("click", (event) => {
    const to = event.target.closest("[data-jump]")?.dataset.jump;
    if (to) jump(to);
  });
  updateSendIcon();
}

async function start() {
  state.info = await api("/api/info");
  drawStatic();
  wire();
  const key = location.hash.slice(1);
  const chosen = state.info.people.find((p) => p.key === key) || state.info.people[0];
  choosePerson(chosen.id);
}

start().catch((error) => { document.body.textContent = `The sandbox is not answering: ${error}`; });
