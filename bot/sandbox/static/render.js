// Draws chat messages as Telegram does. Pure DOM building: no handlers here; app.js
// listens on the chat for clicks on the data-* attributes these nodes carry.
"use strict";

const TandemRender = (() => {
  const URL_PATTERN = /https?:\/\/[^\s<>"]+[^\s<>".,;:!?)\]'»”]/g;
  const COMMAND_PATTERN = /(^|[^\w/])(\/[A-Za-z][A-Za-z0-9_]*)/g;

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  // Words someone wrote: laid out in their own direction (Arabic right to left, Latin left
  // to right), whatever the page's, as Telegram does per message.
  function words(tag, className, text) {
    const node = el(tag, className, text);
    node.dir = "auto";
    return node;
  }

  // A t.me link that starts this bot: clicking it sends /start CODE, as Telegram does.
  function deepLinkCode(href, botUsername) {
    const match = /^https?:\/\/t\.me\/([A-Za-z0-9_]+)\?start=([A-Za-z0-9_-]+)$/.exec(href);
    if (!match || match[1].toLowerCase() !== botUsername.toLowerCase()) return null;
    return match[2];
  }

  function link(href, label, ctx) {
    const a = el("a", "", label);
    a.href = href;
    const code = deepLinkCode(href, ctx.botUsername);
    if (code) {
      a.dataset.start = code;
      a.className = "deeplink";
    } else if (/^https?:\/\/t\.me\//.test(href)) {
      a.dataset.outside = "1";
    } else {
      a.target = "_blank";
      a.rel = "noopener noreferrer";
    }
    return a;
  }

  // A /command or a link inside right-to-left text keeps its own left-to-right order
  // (isolated, so "/pause" never shows as "pause/" after an Arabic word).
  function commandsKept(piece) {
    const frag = document.createDocumentFragment();
    let last = 0;
    for (const found of piece.matchAll(COMMAND_PATTERN)) {
      const at = found.index + found[1].length;
      frag.append(piece.slice(last, at), el("bdi", "", found[2]));
      last = at + found[2].length;
    }
    frag.append(piece.slice(last));
    return frag;
  }

  function linkified(piece, ctx) {
    const frag = document.createDocumentFragment();
    let last = 0;
    for (const found of piece.matchAll(URL_PATTERN)) {
      frag.append(commandsKept(piece.slice(last, found.index)));
      const a = link(found[0], found[0], ctx);
      a.dir = "ltr";
      frag.append(a);
      last = found.index + found[0].length;
    }
    frag.append(commandsKept(piece.slice(last)));
    return frag;
  }

  const WRAPPERS = {
    bold: "b", italic: "i", underline: "u", strikethrough: "s", code: "code",
    pre: "code", spoiler: "span", blockquote: "blockquote",
  };

  // Entity offsets count UTF-16 units, which is what JavaScript strings index by.
  function formatted(text, entities, ctx) {
    const frag = document.createDocumentFragment();
    const cuts = new Set([0, text.length]);
    for (const e of entities) {
      cuts.add(e.offset);
      cuts.add(e.offset + e.length);
    }
    const points = [...cuts].filter((p) => p >= 0 && p <= text.length).sort((a, b) => a - b);
    for (let i = 0; i < points.length - 1; i += 1) {
      const [from, to] = [points[i], points[i + 1]];
      const piece = text.slice(from, to);
      const active = entities.filter((e) => e.offset <= from && e.offset + e.length >= to);
      const href = active.find((e) => e.type === "text_link" || e.type === "url");
      let node = href ? link(href.url || piece, piece, ctx) : linkified(piece, ctx);
      for (const e of active) {
        const tag = WRAPPERS[e.type];
        if (!tag) continue;
        const wrap = el(tag);
        wrap.append(node);
        node = wrap;
      }
      frag.append(node);
    }
    return frag;
  }

  function keyboard(m) {
    const box = el("div", "keyboard");
    for (const row of m.buttons) {
      const line = el("div", "kb-row");
      for (const b of row) {
        const button = words("button", "", b.url ? `${b.text} ↗` : b.text);
        button.type = "button";
        button.dataset.message = m.id;
        if (b.data) button.dataset.press = b.data;
        if (b.url) button.dataset.url = b.url;
        line.append(button);
      }
      box.append(line);
    }
    return box;
  }

  function votes(count) {
    if (!count) return "No votes yet";
    return count === 1 ? "1 vote" : `${count} votes`;
  }

  function poll(m, ctx) {
    const p = m.poll;
    const box = el("div", "poll");
    box.append(words("div", "poll-question", p.question));
    const kind = p.quiz ? "Quiz" : p.anonymous ? "Anonymous Poll" : "Public Poll";
    box.append(el("div", "poll-kind", p.closed ? "Final results" : kind));
    const answered = p.mine.length > 0 || p.closed;
    const picked = ctx.pending.get(p.id) || new Set();
    p.options.forEach((option, index) => {
      const row = words("button", "poll-option");
      row.type = "button";
      if (answered) {
        row.classList.add("result");
        const line = el("div", "line");
        line.append(el("span", "percent", `${option.percent}%`));
        line.append(words("span", "", option.text));
        if (p.mine.includes(index)) line.append(el("span", "tick", "✓"));
        const track = el("div", "track");
        const bar = el("div", "bar");
        bar.style.width = `${option.percent}%`;
        track.append(bar);
        row.append(line, track);
      } else {
        row.dataset.poll = p.id;
        row.dataset.option = index;
        if (p.multiple) row.classList.add("multi");
        if (picked.has(index)) row.classList.add("picked");
        const choose = el("div", "choose");
        choose.append(el("span", "circle"), words("span", "", option.text));
        row.append(choose);
      }
      box.append(row);
    });
    const footer = el("div", "poll-footer");
    footer.append(el("span", "count", votes(p.total)));
    if (!p.closed && p.mine.length > 0) {
      const retract = el("button", "", "Retract vote");
      retract.type = "button";
      retract.dataset.retract = p.id;
      footer.append(retract);
    } else if (!answered && p.multiple) {
      const send = el("button", "", "Vote");
      send.type = "button";
      send.dataset.submit = p.id;
      send.disabled = picked.size === 0;
      footer.append(send);
    }
    box.append(footer);
    return box;
  }

  function voice(m) {
    const box = el("div", "voice");
    box.append(el("span", "play", "▶"));
    const wave = el("span", "wave");
    for (let i = 0; i < 26; i += 1) {
      const bar = el("i");
      bar.style.height = `${4 + ((m.id * 7 + i * 13) % 19)}px`;
      wave.append(bar);
    }
    const seconds = m.voice.duration || 0;
    const length = el("span", "length", `0:${String(seconds).padStart(2, "0")}`);
    box.append(wave, length);
    return box;
  }

  function documentLink(m) {
    const d = m.document;
    const a = el("a", "document");
    a.href = d.url;
    a.target = "_blank";
    a.rel = "noopener";
    const size = d.size < 1024 ? `${d.size} B` : `${(d.size / 1024).toFixed(1)} KB`;
    const kind = (d.name.split(".").pop() || "").toUpperCase();
    const label = el("span");
    label.append(words("div", "doc-name", d.name), el("div", "doc-size", `${size} · ${kind}`));
    a.append(el("span", "doc-icon", "⤓"), label);
    return a;
  }

  function message(m, ctx) {
    const row = el("div", m.mine ? "row mine" : "row theirs");
    row.dataset.id = m.id;
    const bubble = el("div", "bubble");
    if (m.reply_to) bubble.append(words("div", "reply-to", m.reply_to));
    if (m.photo) {
      const img = el("img", m.photo.sample ? "photo sample" : "photo");
      img.src = m.photo.sample ? "/static/sample-photo.svg" : m.photo.url;
      img.alt = m.photo.sample ? "A sample photo" : "Picture from the bot";
      bubble.append(img);
    }
    if (m.document) bubble.append(documentLink(m));
    if (m.voice) bubble.append(voice(m));
    if (m.poll) bubble.append(poll(m, ctx));
    if (m.sticker) bubble.append(el("div", "text", m.sticker.emoji));
    if (m.text && !m.poll) {
      const text = words("div", "text");
      text.append(formatted(m.text, m.entities || [], ctx));
      bubble.append(text);
    }
    const stamp = `${m.edited ? "edited " : ""}${ctx.time(m.date)}${m.mine ? " ✓✓" : ""}`;
    bubble.append(el("span", "meta", stamp));
    row.append(bubble);
    if (m.buttons.length) row.append(keyboard(m));
    return row;
  }

  return { el, words, link, message, deepLinkCode };
})();
