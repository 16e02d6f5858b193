// SPDX-License-Identifier: Apache-2.0
// The Flowmeter dashboard: every transfer the caller may see, live over Server-Sent Events.
//
// Design notes
//
// Safety: names, messages, errors and attributes come from the application and are untrusted.
// They reach the page only through textContent and DOM properties, never through innerHTML, and
// the server's Content-Security-Policy allows this file and the style sheet, nothing inline.
//
// State: `transfers` maps task_id to the latest transfer object the server sent (the snapshot
// first, then the transfer inside each event). The page is drawn from it at most once a frame.
// A transfer whose parent is known is drawn under its parent (a stage's streams, a group's files),
// the others are rows: active ones in id order, finished ones in "Recent", newest first, bounded;
// a row that falls off "Recent" is forgotten with its children, so memory stays bounded.
//
// Events: the stream's messages are unnamed, so one `onmessage` gets every one; what a message is
// stands in its data: `{"event":"snapshot","transfers":[...]}` first, then one message per change,
// `{"event":"download.progress",...,"transfer":{...}}`, whatever the operation's word.
//
// Connection: on any error the stream is closed and opened again after a growing delay, with a
// fresh single-use ticket when a token is set (EventSource cannot send a header); each new stream
// starts with a snapshot, which replaces the state (after a server restart ids start again).
//
// One file, without modules or a build step: the server serves this page as three fixed files
// under a policy that runs only them.
(() => {
  'use strict';

  const RECENT_LIMIT = 50;
  const SPARK_WINDOW_MS = 60_000;
  const SPARK_POINTS = 240;
  const TOKEN_KEY = 'flowmeter.token';
  const FINAL = new Set(['completed', 'failed', 'cancelled']);
  const BYTE_KEYS = ['downloaded_bytes', 'uploaded_bytes', 'bytes_transferred'];
  const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

  const transfers = new Map(); // task_id -> transfer object
  const speeds = new Map(); // task_id -> [{t, v}] of the last minute
  const rows = new Map(); // task_id -> row view
  const cancelling = new Set(); // task_ids whose cancel request is under way

  let source = null; // the open EventSource
  let attempts = 0;
  let retryTimer = 0;
  let generation = 0; // of connect(): a later call wins over one still waiting for its ticket
  let drawPending = false;

  const $ = (id) => document.getElementById(id);

  // ---- DOM helpers: text only ------------------------------------------------------------------

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /** One empty span for each class name. */
  function spans(...classNames) {
    return classNames.map((c) => el('span', c));
  }

  function setText(node, text) {
    const value = readable(text);
    if (node.textContent !== value) node.textContent = value;
  }

  /**
   * `text` with its direction overrides and isolates (U+202A-202E, U+2066-2069) written out as
   * `<U+202E>`: left in, one would reorder what follows it, so `report\u202Etxt.exe` would read
   * `reportexe.txt`. Right-to-left writing needs none of them and shows as it is.
   */
  function readable(text) {
    return (text == null ? '' : String(text)).replace(
      /[\u202A-\u202E\u2066-\u2069]/g,
      (c) => '<U+' + c.charCodeAt(0).toString(16).toUpperCase() + '>');
  }

  /** A class-safe form of a server word (states and kinds are fixed words; be strict anyway). */
  function word(value) {
    return String(value ?? '').toLowerCase().replace(/[^a-z0-9_-]/g, '') || 'unknown';
  }

  function setState(node, state) {
    const cls = 'state state-' + word(state);
    if (node.className !== cls) node.className = cls;
    setText(node, state ?? '');
  }

  function putAt(container, node, i) {
    if (container.children[i] !== node) container.insertBefore(node, container.children[i] ?? null);
  }

  /** Keeps `container`'s children in the order of `items`, one node per key, made once. */
  function syncList(container, items, key, create, update, views) {
    const keep = new Set();
    items.forEach((item, i) => {
      const k = key(item);
      keep.add(k);
      let view = views.get(k);
      if (!view) {
        view = create(item);
        views.set(k, view);
      }
      update(view, item);
      putAt(container, view.node, i);
    });
    for (const [k, view] of views) {
      if (!keep.has(k)) {
        view.node.remove();
        views.delete(k);
      }
    }
  }

  // ---- numbers as people read them -------------------------------------------------------------

  function bytesText(n) {
    if (n == null || !Number.isFinite(n) || n < 0) return '';
    let i = 0;
    let v = n;
    while (v >= 1024 && i < UNITS.length - 1) {
      v /= 1024;
      i++;
    }
    return (i === 0 ? String(v) : v.toFixed(v < 10 ? 2 : v < 100 ? 1 : 0)) + ' ' + UNITS[i];
  }

  function bytesOf(progress) {
    if (!progress) return null;
    for (const k of BYTE_KEYS) if (typeof progress[k] === 'number') return progress[k];
    return null;
  }

  /** "1.5 MiB of 10 MiB", "1.5 MiB" of an unknown total; nothing before the first byte of one. */
  function countText(progress) {
    const done = bytesOf(progress);
    const total = progress.total_bytes;
    if (done == null || (done === 0 && typeof total !== 'number')) return '';
    return bytesText(done) + (typeof total === 'number' ? ' of ' + bytesText(total) : '');
  }

  function speedText(mibPerSecond) {
    if (typeof mibPerSecond !== 'number' || !Number.isFinite(mibPerSecond)) return '';
    if (mibPerSecond < 1) return Math.round(mibPerSecond * 1024) + ' KiB/s';
    return mibPerSecond.toFixed(mibPerSecond < 10 ? 2 : 1) + ' MiB/s';
  }

  function durationText(seconds) {
    if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) return '';
    if (seconds < 10) return seconds.toFixed(1) + ' s';
    const s = Math.round(seconds);
    if (s < 60) return s + ' s';
    if (s < 3600) return Math.floor(s / 60) + ' min ' + (s % 60) + ' s';
    return Math.floor(s / 3600) + ' h ' + Math.floor((s % 3600) / 60) + ' min';
  }

  function percentText(p) {
    return typeof p === 'number' && Number.isFinite(p) ? p.toFixed(p >= 100 || p === 0 ? 0 : 1) + ' %' : '';
  }

  function time(iso) {
    const t = Date.parse(iso ?? '');
    return Number.isNaN(t) ? 0 : t;
  }

  // ---- the bar and the sparkline ---------------------------------------------------------------

  function makeBar(small) {
    const bar = el('div', small ? 'bar small' : 'bar');
    bar.setAttribute('role', 'progressbar');
    bar.setAttribute('aria-valuemin', '0');
    bar.setAttribute('aria-valuemax', '100');
    const fill = el('div', 'fill');
    bar.append(fill);
    return { bar, fill };
  }

  /** Sets the bar to `percentage` (null: unknown, shown as such, never guessed). */
  function updateBar(view, percentage, state) {
    const known = typeof percentage === 'number' && Number.isFinite(percentage);
    const p = known ? Math.max(0, Math.min(100, percentage)) : 0;
    view.bar.classList.toggle('unknown', !known && !FINAL.has(state));
    view.bar.dataset.state = word(state);
    if (known) {
      view.bar.setAttribute('aria-valuenow', String(percentage));
      view.fill.style.width = p + '%';
    } else {
      view.bar.removeAttribute('aria-valuenow');
      view.fill.style.width = '';
    }
  }

  const SVG = 'http://www.w3.org/2000/svg';

  function makeSparkline() {
    const svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('class', 'spark');
    svg.setAttribute('viewBox', '0 0 60 16');
    svg.setAttribute('preserveAspectRatio', 'none');
    svg.setAttribute('aria-hidden', 'true');
    const line = document.createElementNS(SVG, 'polyline');
    svg.append(line);
    return { svg, line };
  }

  function recordSpeed(t) {
    const v = t.progress && t.progress.speed_mbps;
    if (typeof v !== 'number' || !Number.isFinite(v) || FINAL.has(t.state)) return;
    const id = String(t.task_id);
    const now = Date.now();
    let samples = speeds.get(id);
    if (!samples) speeds.set(id, (samples = []));
    samples.push({ t: now, v });
    while (samples.length > SPARK_POINTS || (samples.length && samples[0].t < now - SPARK_WINDOW_MS)) {
      samples.shift();
    }
  }

  /** The speeds of the last minute; until a minute has passed, the time since the first one. */
  function updateSparkline(spark, id) {
    const now = Date.now();
    const samples = (speeds.get(id) ?? []).filter((s) => s.t >= now - SPARK_WINDOW_MS);
    const max = samples.reduce((m, s) => Math.max(m, s.v), 0);
    const span = Math.max(5_000, samples.length ? now - samples[0].t : 0);
    const points = samples
      .map((s) => {
        const x = 60 - ((now - s.t) / span) * 60;
        const y = max > 0 ? 15 - (s.v / max) * 14 : 15;
        return x.toFixed(1) + ',' + y.toFixed(1);
      })
      .join(' ');
    spark.line.setAttribute('points', points);
    spark.svg.classList.toggle('empty', samples.length < 2);
  }

  // ---- one row ---------------------------------------------------------------------------------

  function makeRow(t) {
    const node = el('li', 'row');
    const head = el('div', 'head');
    const [name, op, state] = spans('name', 'op', 'state');
    const cancel = el('button', 'cancel', 'Cancel');
    cancel.type = 'button';
    cancel.addEventListener('click', () => requestCancel(String(t.task_id), cancel));
    head.append(name, op, state, cancel);
    const { bar, fill } = makeBar(false);
    const stats = el('div', 'stats');
    const [pct, bytes, speedBox, speed, eta] = spans('pct', 'bytes', 'speed', 'speed-text', 'eta');
    const spark = makeSparkline();
    speedBox.append(speed, spark.svg);
    stats.append(pct, bytes, speedBox, eta);
    const detail = el('div', 'detail');
    const error = el('div', 'error');
    const count = el('div', 'files-count');
    const stages = el('ol', 'stages');
    const files = el('ul', 'files');
    const children = el('ul', 'children');
    node.append(head, bar, stats, detail, error, count, stages, files, children);
    return {
      node, name, op, state, cancel, bar, fill, pct, bytes, speed, spark, eta, detail, error,
      count, stages, files, children,
      stageViews: new Map(), fileViews: new Map(), childViews: new Map(),
    };
  }

  function updateRow(view, t, kids) {
    const id = String(t.task_id);
    const kind = word(t.kind);
    const active = !FINAL.has(t.state);
    view.node.dataset.id = id;
    view.node.dataset.kind = kind;
    view.node.dataset.state = word(t.state);
    view.node.className = 'row kind-' + kind + (active ? '' : ' finished');
    setText(view.name, t.name);
    view.name.title = readable(t.name);
    setText(view.op, t.operation);
    setState(view.state, t.state);
    view.bar.setAttribute('aria-label', readable(t.name)); // an attribute value, never markup
    view.cancel.hidden = !active;
    if (active) {
      view.cancel.disabled = cancelling.has(id);
      setText(view.cancel, cancelling.has(id) ? 'Cancelling…' : 'Cancel');
    }
    const p = t.progress ?? {};
    updateBar(view, t.state === 'completed' && p.percentage == null ? null : p.percentage, t.state);
    setText(view.pct, percentText(p.percentage));
    const counted = countText(p);
    setText(view.bytes, counted);
    setText(view.speed, active && counted ? speedText(p.speed_mbps) : '');
    updateSparkline(view.spark, id);
    view.spark.svg.classList.toggle('hidden', !active || !counted);
    setText(view.eta, active && typeof p.eta_seconds === 'number' ? 'ETA ' + durationText(p.eta_seconds) : finishedText(t));
    // an operation's step is its running stage, which the list of stages shows already
    const step = Array.isArray(t.stages) ? null : t.step;
    setText(view.detail, [step, t.message].filter((s) => s != null && s !== '').join(': '));
    setText(view.error, errorText(t.error));

    const group = kind === 'group' || Array.isArray(t.files);
    view.count.hidden = !group;
    if (group) {
      const totalFiles = t.total_files ?? (t.files ?? []).length;
      setText(view.count, (t.completed_files ?? 0) + ' of ' + totalFiles + ' files');
    }
    syncList(view.files, group ? groupFiles(t, kids) : [], (f) => String(f.task_id), makeFile, updateFile, view.fileViews);
    const stages = Array.isArray(t.stages) ? t.stages : [];
    syncList(
      view.stages,
      stages.map((s, i) => ({ s, i, streams: streamsOf(t, s, kids) })),
      (x) => x.i + ':' + x.s.name,
      makeStage,
      updateStage,
      view.stageViews,
    );
    // anything else under this row that the stages and files above do not show
    const shown = new Set();
    if (group) for (const f of groupFiles(t, kids)) shown.add(String(f.task_id));
    for (const c of kids.get(id) ?? []) if (c.kind === 'stage') shown.add(String(c.task_id));
    const rest = (kids.get(id) ?? []).filter((c) => !shown.has(String(c.task_id)));
    syncList(view.children, rest, (c) => String(c.task_id), makeChild, updateChild, view.childViews);
  }

  function finishedText(t) {
    if (!FINAL.has(t.state)) return '';
    const took = (time(t.finished_at) - time(t.started_at)) / 1000;
    return t.finished_at && t.started_at && took >= 0 ? 'took ' + durationText(took) : '';
  }

  function errorText(error) {
    if (!error) return '';
    const type = error.type ? String(error.type) : '';
    const message = error.message ? String(error.message) : '';
    return type && message ? type + ': ' + message : type || message;
  }

  // ---- a group's files, an operation's stages and their streams --------------------------------

  /** The group's files: its own list, each with the newer state of the file's own events. */
  function groupFiles(group, kids) {
    const listed = Array.isArray(group.files) ? group.files : [];
    const own = new Map((kids.get(String(group.task_id)) ?? []).map((c) => [String(c.task_id), c]));
    const files = listed.map((f) => {
      const mine = own.get(String(f.task_id));
      own.delete(String(f.task_id));
      return !mine || (FINAL.has(f.state) && !FINAL.has(mine.state)) ? f : fileOf(mine);
    });
    for (const mine of own.values()) if (mine.kind === 'file') files.push(fileOf(mine));
    return files;
  }

  /** A file's own transfer object in the shape of a group's list of files. */
  function fileOf(t) {
    const percentage = t.progress ? t.progress.percentage : null;
    return { task_id: t.task_id, name: t.name, state: t.state, percentage, step: t.step, message: t.message, error: t.error };
  }

  function makeFile() {
    const node = el('li', 'file');
    const [name, step, state, pct, message] = spans('name', 'step', 'state', 'pct', 'message');
    const { bar, fill } = makeBar(true);
    node.append(name, step, state, bar, pct, message);
    return { node, name, step, state, bar, fill, pct, message };
  }

  function updateFile(view, f) {
    view.node.dataset.id = String(f.task_id);
    view.node.dataset.state = word(f.state);
    setText(view.name, f.name);
    view.name.title = readable(f.name);
    setText(view.step, FINAL.has(f.state) ? '' : f.step); // a file that ended says so in its state
    setState(view.state, f.state);
    updateBar(view, f.percentage, f.state);
    setText(view.pct, percentText(f.percentage));
    setText(view.message, [f.message, errorText(f.error)].filter(Boolean).join(' · '));
  }

  // the console's stage boxes: [✓] done, [✗] failed, [-] cancelled, [ ] not begun, [→] running
  const MARKS = { completed: '✓', failed: '✗', cancelled: '-', pending: '○' };

  function stageMark(state) {
    return MARKS[state] ?? '→';
  }

  /** The stage transfer (a child of the operation) of `stage`, and its own children: its streams. */
  function streamsOf(operation, stage, kids) {
    const mine = (kids.get(String(operation.task_id)) ?? []).find((c) => c.kind === 'stage' && c.name === stage.name);
    return mine ? kids.get(String(mine.task_id)) ?? [] : [];
  }

  function makeStage() {
    const node = el('li', 'stage');
    const line = el('div', 'stage-line');
    const [mark, name, pct, took, message] = spans('mark', 'name', 'pct', 'took', 'message');
    line.append(mark, name, pct, took, message);
    const streams = el('ul', 'children');
    node.append(line, streams);
    return { node, mark, name, pct, took, message, streams, streamViews: new Map() };
  }

  function updateStage(view, { s, streams }) {
    view.node.dataset.state = word(s.state);
    view.node.className = 'stage state-' + word(s.state);
    setText(view.mark, stageMark(s.state));
    view.mark.title = String(s.state ?? '');
    setText(view.name, s.name);
    setText(view.pct, s.state === 'pending' ? '' : percentText(s.percentage));
    setText(view.took, s.state === 'pending' ? '' : durationText(s.elapsed_seconds));
    setText(view.message, s.message);
    syncList(view.streams, streams, (c) => String(c.task_id), makeChild, updateChild, view.streamViews);
  }

  function makeChild() {
    const node = el('li', 'child');
    const [name, state, pct, bytes, speed, message] = spans('name', 'state', 'pct', 'bytes', 'speed-text', 'message');
    const { bar, fill } = makeBar(true);
    node.append(name, state, bar, pct, bytes, speed, message);
    return { node, name, state, bar, fill, pct, bytes, speed, message };
  }

  function updateChild(view, c) {
    const p = c.progress ?? {};
    view.node.dataset.id = String(c.task_id);
    view.node.dataset.state = word(c.state);
    setText(view.name, c.name);
    view.name.title = readable(c.name);
    setState(view.state, c.state);
    updateBar(view, p.percentage, c.state);
    setText(view.pct, percentText(p.percentage));
    const counted = countText(p);
    setText(view.bytes, counted);
    setText(view.speed, FINAL.has(c.state) || !counted ? '' : speedText(p.speed_mbps));
    setText(view.message, [c.step, c.message, errorText(c.error)].filter(Boolean).join(' · '));
  }

  // ---- drawing the page ------------------------------------------------------------------------

  function scheduleDraw() {
    if (drawPending) return;
    drawPending = true;
    // a hidden tab gets no frames: draw on a timer there, so Recent stays bounded while unseen
    if (document.hidden) setTimeout(draw, 1000);
    else requestAnimationFrame(draw);
  }

  function draw() {
    drawPending = false;
    const kids = new Map(); // parent id -> children
    const top = [];
    for (const t of transfers.values()) {
      const parent = t.parent_id == null ? null : String(t.parent_id);
      if (parent !== null && transfers.has(parent)) {
        if (!kids.has(parent)) kids.set(parent, []);
        kids.get(parent).push(t);
      } else {
        top.push(t);
      }
    }
    for (const list of kids.values()) list.sort(byId);
    const active = top.filter((t) => !FINAL.has(t.state)).sort(byId);
    const recent = top
      .filter((t) => FINAL.has(t.state))
      .sort((a, b) => time(b.finished_at ?? b.updated_at) - time(a.finished_at ?? a.updated_at) || byId(b, a));
    for (const gone of recent.splice(RECENT_LIMIT)) forget(String(gone.task_id), kids);

    const shown = new Set([...active, ...recent].map((t) => String(t.task_id)));
    for (const [id, view] of rows) {
      if (!shown.has(id)) {
        view.node.remove();
        rows.delete(id);
      }
    }
    place($('active'), active, kids);
    place($('recent'), recent, kids);
    $('active-empty').hidden = active.length > 0;
    $('recent-empty').hidden = recent.length > 0;
    setText($('active-count'), active.length ? '(' + active.length + ')' : '');
    setText($('recent-count'), recent.length ? '(' + recent.length + ')' : '');
    document.title = active.length ? '(' + active.length + ') Flowmeter' : 'Flowmeter';
  }

  /** Puts the rows of `list` in `container`, in order; a row moving between lists keeps its node. */
  function place(container, list, kids) {
    list.forEach((t, i) => {
      const id = String(t.task_id);
      let view = rows.get(id);
      if (!view) rows.set(id, (view = makeRow(t)));
      updateRow(view, t, kids);
      putAt(container, view.node, i);
    });
    while (container.children.length > list.length) container.lastElementChild.remove();
  }

  function byId(a, b) {
    const x = Number(a.task_id);
    const y = Number(b.task_id);
    return Number.isNaN(x) || Number.isNaN(y) ? String(a.task_id).localeCompare(String(b.task_id)) : x - y;
  }

  /** Drops a finished row and everything under it from the page's memory. */
  function forget(id, kids) {
    for (const c of kids.get(id) ?? []) forget(String(c.task_id), kids);
    transfers.delete(id);
    speeds.delete(id);
    cancelling.delete(id);
  }

  // ---- applying what the server says -----------------------------------------------------------

  /** Keeps `t` unless what is held is newer: a final state wins, then the later update. */
  function apply(t) {
    if (!t || t.task_id == null) return;
    const id = String(t.task_id);
    const held = transfers.get(id);
    if (held && held.started_at === t.started_at) {
      if (FINAL.has(held.state) && !FINAL.has(t.state)) return;
      if (!FINAL.has(t.state) && time(t.updated_at) < time(held.updated_at)) return;
    }
    transfers.set(id, t);
    if (FINAL.has(t.state)) cancelling.delete(id);
    recordSpeed(t);
    scheduleDraw();
  }

  /** Every message of the stream: the snapshot first, then one per change. */
  function onMessage(e) {
    const data = parse(e.data);
    if (!data) return;
    if (data.event === 'snapshot') onSnapshot(data);
    else if (data.transfer) apply(data.transfer);
  }

  function onSnapshot(data) {
    if (!Array.isArray(data.transfers)) return;
    const old = new Map(transfers);
    transfers.clear();
    for (const t of data.transfers) {
      const id = String(t.task_id);
      const before = old.get(id);
      if (before && before.started_at !== t.started_at) speeds.delete(id); // another transfer now
      transfers.set(id, t);
      recordSpeed(t);
    }
    for (const id of speeds.keys()) if (!transfers.has(id)) speeds.delete(id);
    for (const id of cancelling) if (!transfers.has(id)) cancelling.delete(id);
    setConnected(true);
    scheduleDraw();
  }

  function parse(text) {
    try {
      return JSON.parse(text);
    } catch {
      return null;
    }
  }

  // ---- the token -------------------------------------------------------------------------------

  function token() {
    try {
      return sessionStorage.getItem(TOKEN_KEY) || '';
    } catch {
      return '';
    }
  }

  function headers() {
    const t = token();
    return t ? { Authorization: 'Bearer ' + t } : {};
  }

  function askToken(why) {
    generation++;
    closeStream();
    clearTimeout(retryTimer);
    try {
      sessionStorage.removeItem(TOKEN_KEY);
    } catch {
      // storage refused (a private window's policy): the token lives as long as the form
    }
    setConnected(false);
    $('banner').hidden = true;
    setText($('connection'), 'Token needed');
    setText($('auth-error'), why);
    $('auth').hidden = false;
    $('token').focus();
  }

  function onTokenSubmit(e) {
    e.preventDefault();
    const value = $('token').value.trim();
    if (!value) return;
    try {
      sessionStorage.setItem(TOKEN_KEY, value);
    } catch {
      setText($('auth-error'), 'This browser does not keep the token for the session.');
      return;
    }
    $('token').value = '';
    $('auth').hidden = true;
    setText($('auth-error'), '');
    attempts = 0;
    connect();
  }

  // ---- the connection --------------------------------------------------------------------------

  function setConnected(on) {
    if (on) {
      attempts = 0;
      $('banner').hidden = true;
      setText($('connection'), 'Live');
      $('connection').className = 'connection live';
    } else {
      $('connection').className = 'connection';
    }
  }

  function closeStream() {
    if (source) {
      source.close();
      source = null;
    }
  }

  async function connect() {
    const mine = ++generation;
    clearTimeout(retryTimer);
    closeStream();
    let url = 'api/progress/stream';
    if (token()) {
      let body = null;
      try {
        const response = await fetch('api/tickets', { method: 'POST', headers: headers(), cache: 'no-store' });
        if (mine !== generation) return;
        if (response.status === 401) return askToken('The server refused this token.');
        body = response.ok ? await response.json().catch(() => null) : null;
      } catch {
        // the server is away: retry below
      }
      if (mine !== generation) return;
      if (!body || typeof body.ticket !== 'string') return lost();
      url += '?ticket=' + encodeURIComponent(body.ticket);
    }
    const stream = new EventSource(url);
    source = stream;
    stream.onmessage = onMessage;
    stream.onerror = () => {
      if (source !== stream) return;
      closeStream();
      setConnected(false);
      if (token()) lost();
      else probe(); // without a token the stream says nothing of why: ask the REST API
    };
  }

  /** After a stream error without a token: a 401 asks for one, anything else retries. */
  async function probe() {
    try {
      const response = await fetch('api/progress?status=active', { cache: 'no-store' });
      if (response.status === 401) return askToken('');
    } catch {
      // the server is away: retry below
    }
    lost();
  }

  /** Says the page is disconnected and tries again after 0.5 s, 1 s, 2 s, ... up to 10 s. */
  function lost() {
    setConnected(false);
    $('banner').hidden = false;
    setText($('connection'), 'Disconnected');
    const delay = Math.min(10_000, 500 * 2 ** Math.min(attempts, 5));
    attempts++;
    clearTimeout(retryTimer);
    retryTimer = setTimeout(connect, delay);
  }

  async function requestCancel(id, button) {
    cancelling.add(id);
    button.disabled = true;
    setText(button, 'Cancelling…');
    let ok = false;
    try {
      const response = await fetch('api/progress/' + encodeURIComponent(id) + '/cancel', {
        method: 'POST',
        headers: headers(),
        cache: 'no-store',
      });
      if (response.status === 401) return askToken('The server refused this token.');
      ok = response.ok;
      const body = ok ? await response.json().catch(() => null) : null;
      if (body && body.transfer) apply(body.transfer);
    } catch {
      ok = false;
    }
    if (!ok) {
      cancelling.delete(id); // the button comes back; the row's state says what happened
      scheduleDraw();
    }
  }

  function start() {
    $('auth').addEventListener('submit', onTokenSubmit);
    setInterval(scheduleDraw, 1000); // the sparklines slide on while nothing changes
    connect();
  }

  start();
})();
