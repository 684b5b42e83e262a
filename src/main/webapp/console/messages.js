// Reading (never consuming), rewinding, posting, deleting and following a queue's messages.
import { html, useState, useEffect, useRef } from './vendor/htm/standalone.module.js';
import * as api from './api.js';
import { Body, ErrorBox, Field, useAction } from './ui.js';

function allPartitions(n) {
  return Array.from({ length: n }, (_, i) => i + 1).join(',');
}

function MessageList({ messages, selected, onToggle, test = 'message-list' }) {
  if (messages.length === 0) return html`<p class="empty" data-test=${test + '-empty'}>No messages.</p>`;
  return html`<ol class="messages" data-test=${test}>
    ${messages.map(
      (m) => html`<li key=${m.partition + ':' + m.message_id} class="message" data-test="message" data-id=${m.message_id}>
        <div class="meta">
          ${onToggle
            ? html`<input type="checkbox" id=${'sel-' + m.message_id} aria-label=${'Select ' + m.message_id}
                checked=${selected.has(m.partition + ':' + m.message_id)} onChange=${() => onToggle(m)} />`
            : null}
          <code class="id" data-test="message-id">${m.message_id}</code>
          <span title=${m.timestamp}>${api.dateOf(m.timestamp)}</span>
          <span class="badge">partition ${m.partition}</span>
        </div>
        <${Body} body=${m.body} />
      </li>`,
    )}
  </ol>`;
}

function PostForm({ queue, partitions, onPosted }) {
  const [batch, setBatch] = useState(false);
  const [body, setBody] = useState('');
  const [type, setType] = useState('text/plain; charset=utf-8');
  const [ttl, setTtl] = useState('');
  const [partition, setPartition] = useState('');
  const [posted, setPosted] = useState(null);
  const { error, busy, run, setError } = useAction();
  const submit = (event) => {
    event.preventDefault();
    run(async () => {
      let answer;
      if (batch) {
        let list;
        try {
          list = JSON.parse(body);
        } catch (bad) {
          setError({ errors: { batch: 'Not JSON: ' + bad.message } });
          return;
        }
        if (!Array.isArray(list)) list = list && Array.isArray(list.messages) ? list.messages : null;
        if (!list) {
          setError({ errors: { batch: 'A JSON list of messages is needed: ["text", {"body": "...", "ttl": 60, "partition": 1}]' } });
          return;
        }
        const messages = list.map((m) => (typeof m === 'string' ? { body: m } : m));
        answer = await api.call('POST', api.path(queue), { body: JSON.stringify({ messages }), type: 'application/json' });
      } else {
        const headers = {};
        if (ttl) headers['X-TTL'] = ttl;
        if (partition) headers['X-Partition'] = partition;
        answer = await api.call('POST', api.path(queue), { body, type, headers });
      }
      setPosted(answer.messages || []);
      setBody('');
      onPosted();
    });
  };
  return html`<form class="card" onSubmit=${submit} data-test="post-form">
    <h3>Post</h3>
    <div class="check">
      <input id="post-batch" type="checkbox" checked=${batch} onChange=${(e) => setBatch(e.target.checked)} />
      <label for="post-batch">A batch (a JSON list of bodies or of {"body", "ttl", "partition"})</label>
    </div>
    <${Field} label=${batch ? 'Messages (JSON list)' : 'Body'} id="post-body">
      <textarea id="post-body" rows="4" value=${body} onInput=${(e) => setBody(e.target.value)}></textarea>
    <//>
    ${batch
      ? null
      : html`<div class="grid">
          <${Field} label="Content type" id="post-type">
            <select id="post-type" value=${type} onChange=${(e) => setType(e.target.value)}>
              <option value="text/plain; charset=utf-8">text/plain</option>
              <option value="application/json">application/json</option>
            </select>
          <//>
          <${Field} label="TTL (seconds)" id="post-ttl" hint="default 3 days">
            <input id="post-ttl" type="number" min="1" value=${ttl} onInput=${(e) => setTtl(e.target.value)} />
          <//>
          <${Field} label="Partition" id="post-partition" hint=${'1-' + partitions + '; empty: random'}>
            <input id="post-partition" type="number" min="1" max=${partitions} value=${partition} onInput=${(e) => setPartition(e.target.value)} />
          <//>
        </div>`}
    <${ErrorBox} error=${error} />
    <button type="submit" id="post-submit" disabled=${busy}>Post</button>
    ${posted
      ? html`<p class="ok" role="status" data-test="posted">Posted ${posted.length}: ${posted.map((p) => p.partition + ':' + p.key).join(', ')}</p>`
      : null}
  </form>`;
}

/** Browse: peek at messages from a point in time or a message id; reads never consume. */
export function Messages({ queue, partitions }) {
  const [parts, setParts] = useState(allPartitions(partitions));
  const [order, setOrder] = useState('ascending');
  const [limit, setLimit] = useState('50');
  const [from, setFrom] = useState('start');
  const [when, setWhen] = useState('');
  const [sinceId, setSinceId] = useState('');
  const [ids, setIds] = useState('');
  const [messages, setMessages] = useState([]);
  const [selected, setSelected] = useState(new Set());
  const [confirming, setConfirming] = useState(false);
  const { error, busy, run, setError } = useAction();
  const read = () =>
    run(async () => {
      let since;
      if (from === 'time') {
        since = api.timestampOf(when);
        if (!since) {
          setError({ errors: { since: 'Pick a date and time.' } });
          return;
        }
      } else if (from === 'id') {
        since = sinceId.trim();
      }
      const answer = await api.call('GET', api.path(queue) + api.query({ partitions: parts, order, limit, since }));
      setMessages(answer.messages || []);
      setSelected(new Set());
    });
  const fetchIds = (event) => {
    event.preventDefault();
    run(async () => {
      const list = ids.split(/[\s,]+/).filter(Boolean).join(',');
      const answer = await api.call('GET', api.path(queue, list));
      setMessages(answer.messages || []);
      setSelected(new Set());
    });
  };
  const remove = () =>
    run(async () => {
      await api.call('DELETE', api.path(queue, [...selected].join(',')));
      setConfirming(false);
      const gone = selected;
      setMessages(messages.filter((m) => !gone.has(m.partition + ':' + m.message_id)));
      setSelected(new Set());
    });
  useEffect(() => { read(); }, [queue]);
  const toggle = (m) => {
    const next = new Set(selected);
    const k = m.partition + ':' + m.message_id;
    next.has(k) ? next.delete(k) : next.add(k);
    setSelected(next);
  };
  return html`<div class="messages-view">
    <form class="card" data-test="browse-form" onSubmit=${(e) => { e.preventDefault(); read(); }}>
      <h3>Browse (peek: reading never consumes)</h3>
      <div class="grid">
        <${Field} label="Partitions" id="browse-partitions" hint="comma-separated">
          <input id="browse-partitions" value=${parts} onInput=${(e) => setParts(e.target.value)} />
        <//>
        <${Field} label="Order" id="browse-order">
          <select id="browse-order" value=${order} onChange=${(e) => setOrder(e.target.value)}>
            <option value="ascending">oldest first</option><option value="descending">newest first</option>
          </select>
        <//>
        <${Field} label="Limit (per partition)" id="browse-limit">
          <input id="browse-limit" type="number" min="1" max="1000" value=${limit} onInput=${(e) => setLimit(e.target.value)} />
        <//>
        <${Field} label="From" id="browse-from">
          <select id="browse-from" value=${from} onChange=${(e) => setFrom(e.target.value)}>
            <option value="start">the start (or end)</option>
            <option value="time">a date and time (rewind)</option>
            <option value="id">a message id</option>
          </select>
        <//>
        ${from === 'time'
          ? html`<${Field} label="Since (local time)" id="browse-when">
              <input id="browse-when" type="datetime-local" step="1" value=${when} onInput=${(e) => setWhen(e.target.value)} />
            <//>`
          : null}
        ${from === 'id'
          ? html`<${Field} label="Since message id" id="browse-since-id">
              <input id="browse-since-id" value=${sinceId} onInput=${(e) => setSinceId(e.target.value)} />
            <//>`
          : null}
      </div>
      <button type="submit" id="browse-submit" disabled=${busy}>Read</button>
    </form>
    <form class="inline" onSubmit=${fetchIds}>
      <label for="fetch-ids">Fetch by id</label>
      <input id="fetch-ids" placeholder="id or partition:id, comma-separated" value=${ids} onInput=${(e) => setIds(e.target.value)} />
      <button type="submit" class="secondary" id="fetch-submit">Fetch</button>
    </form>
    <${ErrorBox} error=${error} />
    <div class="inline">
      <span>${messages.length} shown, ${selected.size} selected</span>
      ${confirming
        ? html`<span class="confirm" role="group" aria-label="Confirm deletion">Delete ${selected.size} message(s)?
            <button type="button" class="danger" id="confirm-delete-messages" onClick=${remove}>Delete</button>
            <button type="button" class="secondary" onClick=${() => setConfirming(false)}>Cancel</button></span>`
        : html`<button type="button" class="danger" id="delete-messages" disabled=${selected.size === 0}
            onClick=${() => setConfirming(true)}>Delete selected</button>`}
    </div>
    <${MessageList} messages=${messages} selected=${selected} onToggle=${toggle} />
    <${PostForm} queue=${queue} partitions=${partitions} onPosted=${read} />
  </div>`;
}

const POLL_MS = 1000;
const MAX_BACKOFF_MS = 30000;
const KEEP_ROWS = 500;
const ROWS_PER_FRAME = 50;
const PAGE = 100;

/**
 * Follows new messages: polls with since = the newest id seen (inclusive, so that one is dropped),
 * at most once a second, adds at most ROWS_PER_FRAME rows per animation frame, keeps KEEP_ROWS,
 * backs off exponentially while the server cannot be reached, and does not poll while the page is
 * hidden (another tab, a minimised window): it catches up from the same id when shown again.
 */
export function LiveTail({ queue, partitions }) {
  const [rows, setRows] = useState([]);
  const [paused, setPaused] = useState(false);
  const [status, setStatus] = useState({ state: 'starting' });
  const [error, setError] = useState(null);
  const state = useRef({
    cursor: null, seen: new Set(), pending: [], timer: 0, frame: 0, failures: 0, stopped: false, hidden: false,
  });

  useEffect(() => {
    const s = state.current;
    s.stopped = false;
    const parts = allPartitions(partitions);
    const drain = () => {
      s.frame = 0;
      if (s.pending.length === 0) return;
      const batch = s.pending.splice(0, ROWS_PER_FRAME);
      setRows((old) => {
        const all = old.concat(batch);
        return all.length > KEEP_ROWS ? all.slice(all.length - KEEP_ROWS) : all;
      });
      if (s.pending.length > 0) s.frame = requestAnimationFrame(drain);
    };
    const take = (messages) => {
      const fresh = messages.filter((m) => !s.seen.has(m.partition + ':' + m.message_id)).sort(api.byTime);
      for (const m of fresh) {
        s.seen.add(m.partition + ':' + m.message_id);
        if (s.cursor === null || api.byTime(m, s.cursor) > 0) s.cursor = m;
      }
      if (s.seen.size > KEEP_ROWS * 4) s.seen = new Set([...s.seen].slice(-KEEP_ROWS * 2));
      s.pending.push(...fresh);
      if (s.pending.length > KEEP_ROWS) s.pending.splice(0, s.pending.length - KEEP_ROWS);
      if (!s.frame && s.pending.length) s.frame = requestAnimationFrame(drain);
    };
    const poll = async () => {
      s.timer = 0;
      if (s.stopped) return;
      if (document.hidden) {
        s.hidden = true;
        setStatus({ state: 'hidden' });
        return;
      }
      try {
        const params = { partitions: parts, limit: PAGE, order: 'ascending' };
        if (s.cursor) params.since = s.cursor.message_id;
        const answer = await api.call('GET', api.path(queue) + api.query(params));
        if (s.stopped) return;
        s.failures = 0;
        setError(null);
        setStatus({ state: 'live' });
        take(answer.messages || []);
        s.timer = setTimeout(poll, POLL_MS);
      } catch (failed) {
        if (s.stopped) return;
        if (failed.unreachable) {
          s.failures += 1;
          const delay = Math.min(MAX_BACKOFF_MS, POLL_MS * 2 ** s.failures);
          setStatus({ state: 'retrying', seconds: Math.round(delay / 1000) });
          setError(failed);
          s.timer = setTimeout(poll, delay);
        } else {
          setStatus({ state: 'stopped' });
          setError(failed);
        }
      }
    };
    const start = async () => {
      if (s.cursor === null && s.seen.size === 0) {
        // The newest few first, then only what comes after them.
        try {
          const answer = await api.call('GET', api.path(queue) + api.query({ partitions: parts, limit: 20, order: 'descending' }));
          if (s.stopped) return;
          take(answer.messages || []);
        } catch (ignored) {
          // poll() reports it.
        }
      }
      poll();
    };
    const shown = () => {
      if (!document.hidden && s.hidden && !s.stopped) {
        s.hidden = false;
        poll();
      }
    };
    document.addEventListener('visibilitychange', shown);
    if (!paused) start();
    else setStatus({ state: 'paused' });
    return () => {
      document.removeEventListener('visibilitychange', shown);
      s.stopped = true;
      s.hidden = false;
      clearTimeout(s.timer);
      cancelAnimationFrame(s.frame);
      s.timer = 0;
      s.frame = 0;
    };
  }, [queue, partitions, paused]);

  const label = {
    starting: 'Connecting…',
    live: 'Live',
    paused: 'Paused',
    hidden: 'Paused while the page is hidden',
    retrying: 'Server unreachable, retrying in ' + status.seconds + ' s',
    stopped: 'Stopped',
  }[status.state];
  const shown = rows.slice().reverse();
  return html`<div class="tail">
    <div class="inline">
      <span class=${'indicator indicator-' + status.state} data-test="live-indicator" role="status" aria-live="polite">
        <span class="dot" aria-hidden="true"></span> ${label}</span>
      <button type="button" id="tail-pause" aria-pressed=${paused} onClick=${() => setPaused(!paused)}>
        ${paused ? 'Resume' : 'Pause'}</button>
      <button type="button" class="secondary" onClick=${() => setRows([])}>Clear</button>
      <span class="hint">newest first, ${rows.length} kept (at most ${KEEP_ROWS}); polls once a second</span>
    </div>
    <${ErrorBox} error=${error} test="tail-error" />
    <${MessageList} messages=${shown} test="tail-list" />
  </div>`;
}
