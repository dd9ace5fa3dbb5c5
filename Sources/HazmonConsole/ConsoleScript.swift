/// The console's script: login, API calls, the live stream with reconnect, and rendering (no framework).
///
/// Data is inserted with `textContent` only, never as HTML, so alarm messages and reasons cannot inject markup.
enum ConsoleScript {
    static let js = #"""
"use strict";
const I18N = {
  zh: { title: "重大危险源监测预警", disconnected: "未连接", live: "实时", reconnecting: "重连中…", logout: "退出",
    login: "请输入访问令牌", enter: "进入", tokenHint: "令牌仅保存在本标签页（sessionStorage），关闭即清除。",
    alarms: "实时报警", priority: "级别", time: "时间", enterprise: "企业", tag: "位号", condition: "条件",
    value: "值 / 限值", state: "状态", message: "描述", noAlarms: "无活动报警", risk: "企业风险", inspections: "检查任务",
    noTasks: "无检查任务", trend: "趋势", shelveTitle: "搁置报警", reason: "原因", duration: "时长", cancel: "取消",
    shelve: "搁置", unshelve: "取消搁置", ack: "确认", closeTitle: "关闭检查任务", hazardConfirmed: "确认存在隐患",
    note: "检查记录", closeTask: "关闭任务", critical: "紧急", high: "高", medium: "中", low: "低",
    unack: "未确认", ackd: "已确认", rtn_unack: "已恢复未确认", normal: "正常", shelved: "已搁置", suppressed: "已抑制",
    out_of_service: "停用", chattering: "振荡", flood: "报警泛滥", floodIn: "报警泛滥：", score: "分", due: "期限",
    overdue: "已超期", open: "待处理", acknowledged: "已接收", in_progress: "处理中", closed: "已关闭", cancelled: "已撤销",
    start: "开始处理", accept: "接收", close: "关闭", cancelTask: "撤销", assignee: "负责人", tokenBad: "令牌无效",
    limits: "限值", quality: "质量", trigger: "触发", activeAlarms: "活动报警", noSamples: "无数据" },
  en: { title: "Major Hazard Monitoring", disconnected: "Disconnected", live: "Live", reconnecting: "Reconnecting…",
    logout: "Log out", login: "Enter your access token", enter: "Enter",
    tokenHint: "The token stays in this tab only (sessionStorage) and is cleared when it closes.",
    alarms: "Live alarms", priority: "Priority", time: "Time", enterprise: "Enterprise", tag: "Tag",
    condition: "Condition", value: "Value / limit", state: "State", message: "Message", noAlarms: "No active alarms",
    risk: "Enterprise risk", inspections: "Inspection tasks", noTasks: "No inspection tasks", trend: "Trend",
    shelveTitle: "Shelve alarm", reason: "Reason", duration: "Duration", cancel: "Cancel", shelve: "Shelve",
    unshelve: "Unshelve", ack: "Ack", closeTitle: "Close inspection task", hazardConfirmed: "Hazard confirmed",
    note: "Findings", closeTask: "Close task", critical: "Critical", high: "High", medium: "Medium", low: "Low",
    unack: "Unacked", ackd: "Acked", rtn_unack: "Returned, unacked", normal: "Normal", shelved: "shelved",
    suppressed: "suppressed", out_of_service: "out of service", chattering: "chattering", flood: "Alarm flood",
    floodIn: "Alarm flood: ", score: "pts", due: "Due", overdue: "Overdue", open: "Open", acknowledged: "Acknowledged",
    in_progress: "In progress", closed: "Closed", cancelled: "Cancelled", start: "Start", accept: "Accept",
    close: "Close", cancelTask: "Cancel", assignee: "Assignee", tokenBad: "Invalid token", limits: "Limits",
    quality: "Quality", trigger: "Trigger", activeAlarms: "Active alarms", noSamples: "No data" },
};
const RANK = { critical: 0, high: 1, medium: 2, low: 3 };
const COLORS = { red: "#d32f2f", orange: "#f57c00", yellow: "#fbc02d", blue: "#1976d2" };
const S = {
  lang: localStorage.getItem("hazmon.lang") || "zh",
  token: sessionStorage.getItem("hazmon.token"),
  me: null, alarms: new Map(), tasks: new Map(), enterprises: new Map(), floods: new Map(),
  lastSeq: null, source: null, retry: null, tag: null, shelveId: null, closeId: null,
};
const $ = (sel) => document.querySelector(sel);
const t = (key) => (I18N[S.lang][key] ?? key);

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "class") node.className = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (k === "dataset") Object.assign(node.dataset, v);
    else node.setAttribute(k, v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) node.append(c instanceof Node ? c : String(c));
  return node;
}

function fmtTime(iso) {
  if (!iso) return "—";
  const d = new Date(iso), now = new Date();
  const hms = d.toLocaleTimeString(S.lang === "zh" ? "zh-CN" : "en-GB", { hour12: false });
  return d.toDateString() === now.toDateString() ? hms : `${d.getMonth() + 1}-${d.getDate()} ${hms}`;
}
function fmtNum(x) { return x === null || x === undefined ? "—" : (typeof x === "number" ? +x.toFixed(3) : String(x)); }
function alarmPath(a) { return [a.enterprise, a.tag, a.condition].map(encodeURIComponent).join("/"); }

// ---- API ----
async function api(path, options = {}) {
  const headers = Object.assign({ Authorization: `Bearer ${S.token}` }, options.body ? { "Content-Type": "application/json" } : {});
  const response = await fetch(path, Object.assign({}, options, { headers }));
  const body = await response.json().catch(() => null);
  if (response.status === 401) { logout(t("tokenBad")); throw new Error(t("tokenBad")); }
  if (!response.ok) throw new Error(body && body.error ? body.error.message : `HTTP ${response.status}`);
  return body;
}

async function login(token) {
  S.token = token;
  try {
    S.me = await api("/api/v1/me");
  } catch (e) { $("#login-error").textContent = e.message; S.token = null; return; }
  sessionStorage.setItem("hazmon.token", token);
  $("#login").hidden = true; $("#main").hidden = false; $("#logout").hidden = false;
  $("#whoami").textContent = `${S.me.name} (${S.me.role})`;
  await loadAll();
  connect();
}

function logout(message) {
  sessionStorage.removeItem("hazmon.token");
  S.token = null; S.me = null;
  if (S.source) S.source.close();
  clearTimeout(S.retry);
  $("#main").hidden = true; $("#login").hidden = false; $("#logout").hidden = true; $("#whoami").textContent = "";
  $("#login-error").textContent = message || "";
  setConn(false);
}

async function loadAll() {
  const [alarms, tasks, enterprises] = await Promise.all([
    api("/api/v1/alarms"), api("/api/v1/inspections"), api("/api/v1/enterprises")]);
  S.alarms = new Map(alarms.alarms.map((a) => [a.id, a]));
  S.tasks = new Map(tasks.inspections.map((x) => [x.id, x]));
  S.enterprises = new Map(enterprises.enterprises.map((x) => [x.id, x]));
  renderAll();
}

// ---- live stream ----
function setConn(on, text) {
  const c = $("#conn");
  c.className = "conn " + (on ? "on" : "off");
  c.textContent = text || t(on ? "live" : "disconnected");
}

function connect() {
  if (!S.token) return;
  if (S.source) S.source.close();
  let url = `/api/v1/stream?token=${encodeURIComponent(S.token)}`;
  if (S.lastSeq !== null) url += `&last_event_id=${S.lastSeq}`;
  const source = new EventSource(url);
  S.source = source;
  const handle = (fn) => (e) => {
    if (e.lastEventId) S.lastSeq = Number(e.lastEventId);
    try { fn(JSON.parse(e.data)); } catch (err) { console.error(err); }
  };
  source.addEventListener("alarm", handle(applyAlarm));
  source.addEventListener("flood", handle(applyFlood));
  source.addEventListener("inspection", handle((x) => { S.tasks.set(x.id, x); renderTasks(); }));
  source.addEventListener("risk", handle(applyRisk));
  source.onopen = () => setConn(true);
  source.onerror = () => {
    // EventSource retries by itself (sending Last-Event-ID) while CONNECTING; once CLOSED (an HTTP error)
    // we open a new one, resuming from the last seq seen.
    setConn(false, t("reconnecting"));
    if (source.readyState === EventSource.CLOSED) { clearTimeout(S.retry); S.retry = setTimeout(connect, 3000); }
  };
}

function applyAlarm(a) {
  if (a.condition === "FLOOD") return applyFlood(a);
  if (a.state === "normal" && !a.shelved && !a.suppressed && !a.out_of_service) S.alarms.delete(a.id);
  else S.alarms.set(a.id, a);
  renderAlarms();
  if (S.tag && S.tag.enterprise === a.enterprise && S.tag.tag === a.tag) loadTag(a.enterprise, a.tag);
}
function applyFlood(f) {
  if (f.transition === "flood_end") S.floods.delete(f.enterprise); else S.floods.set(f.enterprise, f);
  renderFlood();
}
function applyRisk(r) {
  const e = S.enterprises.get(r.enterprise) || { id: r.enterprise, name: r.enterprise_name || r.enterprise };
  e.risk = r; S.enterprises.set(r.enterprise, e); renderRisk();
}

// ---- rendering ----
function renderAll() { applyLang(); renderAlarms(); renderRisk(); renderTasks(); renderFlood(); }

function canOperate() { return S.me && (S.me.role === "operator" || S.me.role === "admin"); }
function canInspect() { return S.me && (S.me.role === "inspector" || S.me.role === "admin"); }

function renderAlarms() {
  const list = [...S.alarms.values()].sort((a, b) =>
    (RANK[a.priority] - RANK[b.priority]) || (Date.parse(b.activated_at || b.ts) - Date.parse(a.activated_at || a.ts)));
  const rows = list.map((a) => {
    const unacked = a.state === "unack" || a.state === "rtn_unack";
    const flags = ["shelved", "suppressed", "out_of_service", "chattering"].filter((f) => a[f]).map((f) => el("span", { class: "flag" }, t(f)));
    const actions = [];
    if (canOperate()) {
      if (unacked) actions.push(el("button", { class: "ack-btn primary", type: "button", onclick: () => ack(a) }, t("ack")));
      if (a.shelved) actions.push(el("button", { class: "unshelve-btn", type: "button", onclick: () => unshelve(a) }, t("unshelve")));
      else actions.push(el("button", { class: "shelve-btn", type: "button", onclick: () => openShelve(a) }, t("shelve")));
    }
    return el("tr", { class: `alarm-row c-${a.color}${unacked ? " unacked" : ""}${a.shelved ? " shelved" : ""}`, dataset: { id: a.id, state: a.state } },
      el("td", {}, el("span", { class: `badge p-${a.color}` }, t(a.priority))),
      el("td", { title: a.ts }, fmtTime(a.activated_at || a.ts)),
      el("td", {}, a.enterprise),
      el("td", {}, a.tag === "*" ? "*" : el("a", { class: "tag-link", onclick: () => loadTag(a.enterprise, a.tag) }, a.tag)),
      el("td", {}, a.condition),
      el("td", {}, `${fmtNum(a.value)} / ${fmtNum(a.limit)} ${a.unit || ""}`),
      el("td", { class: "alarm-state" }, t(a.state === "ack" ? "ackd" : a.state), flags),
      el("td", { class: "msg", title: a.message }, a.message),
      el("td", {}, actions));
  });
  $("#alarms tbody").replaceChildren(...rows);
  $("#alarm-count").textContent = String(list.length);
  $("#no-alarms").hidden = list.length > 0;
}

function renderFlood() {
  const banner = $("#flood-banner");
  const floods = [...S.floods.values()];
  banner.hidden = floods.length === 0;
  banner.textContent = floods.length ? t("floodIn") + floods.map((f) => `${f.enterprise} — ${f.message}`).join("；") : "";
}

function renderRisk() {
  const cards = [...S.enterprises.values()].sort((a, b) => ((a.risk?.score ?? 101) - (b.risk?.score ?? 101))).map((e) => {
    const r = e.risk;
    if (!r) return el("div", { class: "card", dataset: { enterprise: e.id } }, el("div", { class: "name" }, e.name), "—");
    // Points are deductions (≥ 0, Alerts/risk-score.schema.json): the largest cost the most.
    const top = [...(r.factors || [])].filter((f) => f.points > 0).sort((x, y) => y.points - x.points).slice(0, 3);
    return el("div", { class: `card g-${r.grade}`, dataset: { enterprise: e.id } },
      el("div", { class: "name", title: e.id }, e.name || e.id),
      el("div", {}, el("span", { class: "score" }, fmtNum(r.score)), " ", t("score"),
        el("span", { class: `badge p-${r.grade}` }, r.class)),
      el("div", { class: "cls" }, `${r.class_label || ""} · ${r.inspection_frequency || ""}`),
      (r.forced_red && r.forced_red.length) ? el("div", { class: "overdue" }, r.forced_red.join("; ")) : null,
      el("ol", {}, top.map((f) => el("li", { title: f.explanation }, `−${fmtNum(f.points)} ${f.explanation}`))));
  });
  $("#risk-cards").replaceChildren(...cards);
}

const NEXT = { open: ["acknowledged", "cancelled"], acknowledged: ["in_progress", "cancelled"], in_progress: ["closed", "cancelled"] };
const NEXT_LABEL = { acknowledged: "accept", in_progress: "start", closed: "close", cancelled: "cancelTask" };
function renderTasks() {
  const active = [...S.tasks.values()].sort((a, b) => (b.overdue - a.overdue) || (Date.parse(a.due_at) - Date.parse(b.due_at)));
  const rows = active.map((x) => {
    const buttons = canInspect() ? (NEXT[x.status] || []).map((s) => el("button", { class: `task-btn small`, type: "button",
      dataset: { next: s }, onclick: () => (s === "closed" ? openClose(x) : patchTask(x.id, { status: s })) }, t(NEXT_LABEL[s]))) : [];
    return el("tr", { class: "task-row", dataset: { id: x.id, status: x.status } },
      el("td", {}, el("span", { class: `badge p-${{ critical: "red", high: "orange", medium: "yellow", low: "blue" }[x.priority] || "blue"}` }, t(x.priority))),
      el("td", { title: `${t("trigger")}: ${x.trigger}` }, `${x.enterprise} ${x.hazard_source || ""}`, el("br"), el("small", {}, x.trigger)),
      el("td", {}, el("span", { class: "st" }, t(x.status)), x.assignee ? el("small", {}, ` ${x.assignee}`) : null),
      el("td", { class: x.overdue ? "overdue" : "" }, `${t("due")} ${fmtTime(x.due_at)}`, x.overdue ? el("div", {}, t("overdue")) : null),
      el("td", {}, buttons));
  });
  $("#inspections tbody").replaceChildren(...rows);
  $("#no-tasks").hidden = rows.length > 0;
}

// ---- actions ----
async function act(fn) {
  $("#action-error").textContent = "";
  try { await fn(); } catch (e) { $("#action-error").textContent = e.message; }
}
function ack(a) { return act(async () => applyAlarm(await api(`/api/v1/alarms/${alarmPath(a)}/ack`, { method: "POST" }))); }
function unshelve(a) { return act(async () => applyAlarm(await api(`/api/v1/alarms/${alarmPath(a)}/unshelve`, { method: "POST" }))); }
function openShelve(a) {
  S.shelveId = a.id; $("#shelve-target").textContent = a.id; $("#shelve-reason").value = "";
  $("#shelve-dialog").showModal();
}
function patchTask(id, body) {
  return act(async () => { const x = await api(`/api/v1/inspections/${encodeURIComponent(id)}`, { method: "PATCH", body: JSON.stringify(body) });
    S.tasks.set(x.id, x); renderTasks(); });
}
function openClose(x) {
  S.closeId = x.id; $("#close-target").textContent = x.id; $("#close-note").value = ""; $("#close-confirmed").checked = false;
  $("#close-dialog").showModal();
}

// ---- tag trend ----
async function loadTag(enterprise, tag) {
  await act(async () => {
    const v = await api(`/api/v1/tags/${encodeURIComponent(enterprise)}/${encodeURIComponent(tag)}`);
    S.tag = { enterprise, tag };
    $("#tag-panel").hidden = false; $("#main").classList.add("with-tag");
    $("#tag-title").textContent = `${enterprise} / ${tag}`;
    const limits = Object.entries(v.limits).map(([k, x]) => `${k} ${fmtNum(x)}`).join("  ");
    $("#tag-info").textContent = `${fmtNum(v.value)} ${v.unit} · ${t("quality")} ${v.quality || "—"} · ${fmtTime(v.ts)} · ${t("limits")}: ${limits || "—"} · ${t("activeAlarms")}: ${v.active_alarms.length}`;
    $("#tag-chart").replaceChildren(trendSVG(v));
  });
}

function svg(tag, attrs, ...children) {
  const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const c of children) node.append(c);
  return node;
}

function trendSVG(v) {
  const W = 1000, H = 220, L = 50, R = 10, T = 10, B = 22;
  const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, preserveAspectRatio: "none", class: "trend" });
  const points = v.samples.filter((s) => s[1] !== null).map((s) => [Date.parse(s[0]), s[1]]);
  if (points.length === 0) { root.append(svg("text", { x: W / 2, y: H / 2, fill: "#8b9bab", "text-anchor": "middle" }, t("noSamples"))); return root; }
  // The window runs to the tag's latest time, so an alarm that began after the last kept sample still shows.
  const t0 = points[0][0], t1 = Math.max(points[points.length - 1][0], v.ts ? Date.parse(v.ts) : 0, t0 + 1);
  let lo = Math.min(...points.map((p) => p[1])), hi = Math.max(...points.map((p) => p[1]));
  // Limits far from the data (an L limit under a high-running trend) would flatten it: only nearby ones
  // widen the scale; the info line lists them all.
  const near = Math.max(hi - lo, Math.abs(hi) * 0.1, 1e-6);
  const limits = Object.entries(v.limits).filter(([, val]) => val >= lo - near && val <= hi + near);
  for (const [, val] of limits) { lo = Math.min(lo, val); hi = Math.max(hi, val); }
  if (hi === lo) { hi += 1; lo -= 1; }
  const pad = (hi - lo) * 0.08; lo -= pad; hi += pad;
  const x = (ms) => L + (W - L - R) * (ms - t0) / (t1 - t0);
  const y = (val) => T + (H - T - B) * (hi - val) / (hi - lo);
  for (const a of v.active_alarms) {  // alarm spans: from activation to now (or the end of the window)
    const start = Math.max(Date.parse(a.activated_at || a.ts), t0);
    if (start > t1) continue;
    root.append(svg("rect", { x: x(start), y: T, width: Math.max(x(t1) - x(start), 2), height: H - T - B, fill: COLORS[a.color] || "#888", "fill-opacity": 0.18, class: "alarm-span" }));
  }
  for (const [name, val] of limits) {
    const color = name === "HH" || name === "LL" ? COLORS.red : COLORS.orange;
    root.append(svg("line", { x1: L, x2: W - R, y1: y(val), y2: y(val), stroke: color, "stroke-dasharray": "6 4", "stroke-width": 1.5, class: "limit-line" }));
    root.append(svg("text", { x: W - R - 4, y: y(val) - 3, fill: color, "font-size": 12, "text-anchor": "end" }, `${name} ${fmtNum(val)}`));
  }
  root.append(svg("polyline", { points: points.map((p) => `${x(p[0]).toFixed(1)},${y(p[1]).toFixed(1)}`).join(" "), fill: "none", stroke: "#4fc3f7", "stroke-width": 2, class: "trend-line" }));
  for (const [val, label] of [[hi, fmtNum(hi)], [lo, fmtNum(lo)]]) root.append(svg("text", { x: 4, y: y(val) + 12, fill: "#8b9bab", "font-size": 11 }, label));
  root.append(svg("text", { x: L, y: H - 6, fill: "#8b9bab", "font-size": 11 }, fmtTime(new Date(t0).toISOString())));
  root.append(svg("text", { x: W - R, y: H - 6, fill: "#8b9bab", "font-size": 11, "text-anchor": "end" }, fmtTime(new Date(t1).toISOString())));
  return root;
}

// ---- language ----
function applyLang() {
  document.documentElement.lang = S.lang === "zh" ? "zh-CN" : "en";
  for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
  $("#lang-switch").textContent = S.lang === "zh" ? "English" : "中文";
  document.title = `hazmon — ${t("title")}`;
}

document.addEventListener("DOMContentLoaded", () => {
  $("#lang-switch").addEventListener("click", () => {
    S.lang = S.lang === "zh" ? "en" : "zh"; localStorage.setItem("hazmon.lang", S.lang);
    renderAll(); if (S.source) setConn(S.source.readyState === EventSource.OPEN);
    if (S.tag) loadTag(S.tag.enterprise, S.tag.tag);
  });
  $("#login-form").addEventListener("submit", (e) => { e.preventDefault(); login($("#token-input").value.trim()); });
  $("#logout").addEventListener("click", () => logout());
  $("#tag-close").addEventListener("click", () => { $("#tag-panel").hidden = true; $("#main").classList.remove("with-tag"); S.tag = null; });
  $("#shelve-cancel").addEventListener("click", () => $("#shelve-dialog").close());
  $("#shelve-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const a = S.alarms.get(S.shelveId); $("#shelve-dialog").close();
    if (!a) return;
    act(async () => applyAlarm(await api(`/api/v1/alarms/${alarmPath(a)}/shelve`, { method: "POST",
      body: JSON.stringify({ reason: $("#shelve-reason").value, duration: $("#shelve-duration").value }) })));
  });
  $("#close-cancel").addEventListener("click", () => $("#close-dialog").close());
  $("#close-form").addEventListener("submit", (e) => {
    e.preventDefault(); $("#close-dialog").close();
    patchTask(S.closeId, { status: "closed", findings: { hazard_confirmed: $("#close-confirmed").checked, note: $("#close-note").value } });
  });
  applyLang();
  if (S.token) login(S.token);
});
"""#
}
