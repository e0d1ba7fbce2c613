// The panels beside the phone: the sandbox clock with its jumps, and the shortcuts.
"use strict";

function drawClock(clock) {
  const now = new Date(clock.timestamp * 1000);
  $("clock").textContent = formatter({
    weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit",
  }).format(now);
  const hours = Math.round(clock.offset / 3600);
  const days = Math.floor(hours / 24);
  const ahead = [days && `${days} d`, hours % 24 && `${hours % 24} h`].filter(Boolean).join(" ");
  $("clock-ahead").textContent = clock.offset >= 60
    ? `${ahead || "< 1 h"} ahead of real time · ${clock.zone}` : `Real time · ${clock.zone}`;
}

async function jump(to) {
  const result = $("jump-result");
  try {
    const data = await api("/api/clock", { to });
    drawClock(data.clock);
    result.textContent = describeJump(data.jump);
  } catch (error) {
    result.textContent = error.message;
  }
  refreshSoon();
}

function describeJump(report) {
  if (!report) {
    return "No diary is running yet: as a resident, join, then choose “Keep a diary” (or send /diary).";
  }
  const when = formatter({ weekday: "short", hour: "2-digit", minute: "2-digit" });
  const sent = [];
  if (report.prompts) sent.push(`${report.prompts} diary prompt${report.prompts > 1 ? "s" : ""}`);
  if (report.nudges) sent.push(`${report.nudges} reminder${report.nudges > 1 ? "s" : ""}`);
  const now = `Now ${when.format(new Date(report.to))}.`;
  if (sent.length) return `${now} Sent ${sent.join(" and ")}.`;
  if (report.moments) {
    return `${now} Nothing was due for anyone (paused, answered already, or at the weekly message cap).`;
  }
  return `${now} No diary prompt or reminder fell in that time.`;
}

function drawStatic() {
  $("bot-name").textContent = state.info.bot.name;
  const coordinator = state.info.people.find((p) => p.role === "coordinator");
  $("coordinator-name").textContent = coordinator ? coordinator.name : "the coordinator";
  const ctx = { botUsername: state.info.bot.username };
  $("projects").replaceChildren(...state.info.projects.map((project) => {
    const box = TandemRender.el("div", "project");
    const button = TandemRender.el("button", "shortcut", "Join the example project");
    button.type = "button";
    button.dataset.code = project.invite_code;
    button.append(TandemRender.el("small", "", `${project.title} · code ${project.invite_code}`));
    const invite = TandemRender.el("p", "note", "Or tap its invite link, as a resident would: ");
    invite.append(TandemRender.link(project.link, project.link, ctx));
    box.append(button, invite);
    return box;
  }));
  if (!state.info.projects.length) {
    $("projects").textContent = "No projects in PROJECTS_DIR: add a project file to join one.";
  }
}

// The current person's phone: the bot menu their app shows (published in their language).
// Bubbles keep Telegram's sides (theirs left, yours right) in any language; each text inside
// takes its own direction (dir="auto"), so Arabic reads right to left and Latin left to right.
function drawPhone() {
  const person = state.person;
  const commands = state.info.menus[person.id] || state.info.commands;
  $("commands-menu").replaceChildren(...commands.map((c) => {
    const button = TandemRender.el("button");
    button.type = "button";
    button.dataset.command = c.command;
    button.append(
      TandemRender.el("span", "command", `/${c.command}`),
      TandemRender.words("span", "", c.description),
    );
    return button;
  }));
  $("chat").lang = person.language;
}
