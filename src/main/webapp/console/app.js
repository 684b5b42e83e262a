// The Queuey web console: sign in, queues, and per queue its messages, live tail, groups and rates.
import { html, render, useState, useEffect } from './vendor/htm/standalone.module.js';
import * as api from './api.js';
import { ErrorBox, Field, useAction } from './ui.js';
import { Messages, LiveTail } from './messages.js';
import { Groups } from './groups.js';
import { QueueStats, AppStats } from './stats.js';

function SignIn({ onSignedIn }) {
  const [app, setApp] = useState('');
  const [key, setKey] = useState('');
  const [token, setToken] = useState('');
  const [remember, setRemember] = useState(false);
  const { error, busy, run, setError } = useAction();
  const submit = (event) => {
    event.preventDefault();
    if (!app.trim() || (!key && !token)) {
      setError({ errors: { credentials: 'An application name and a key or a user token are needed.' } });
      return;
    }
    run(async () => {
      api.signIn(app.trim(), key, token.trim(), remember);
      try {
        // Proves the credentials: a wrong key is a 401 here. A user may not list queues (403).
        await api.call('GET', api.path() + api.query({ limit: 1 }));
        onSignedIn({ canList: true });
      } catch (failed) {
        if (failed.status === 403 && !key) {
          onSignedIn({ canList: false });
          return;
        }
        api.signOut();
        throw failed;
      }
    });
  };
  return html`<main class="signin">
    <h1>Queuey console</h1>
    <form onSubmit=${submit} data-test="signin-form" class="card">
      <${Field} label="Application" id="signin-app">
        <input id="signin-app" name="app" autocomplete="username" required value=${app}
          onInput=${(e) => setApp(e.target.value)} />
      <//>
      <${Field} label="Application key" id="signin-key" hint="Sent as Authorization: Application <key>">
        <input id="signin-key" name="key" type="password" autocomplete="current-password" value=${key}
          onInput=${(e) => setKey(e.target.value)} />
      <//>
      <${Field} label="User token (optional)" id="signin-token" hint="A signed token of a trusted issuer: Bearer <token>">
        <input id="signin-token" name="token" type="password" autocomplete="off" value=${token}
          onInput=${(e) => setToken(e.target.value)} />
      <//>
      <div class="check">
        <input id="signin-remember" type="checkbox" checked=${remember}
          onChange=${(e) => setRemember(e.target.checked)} />
        <label for="signin-remember">Remember in this tab (sessionStorage; gone when the tab closes)</label>
      </div>
      <${ErrorBox} error=${error} test="signin-error" />
      <button type="submit" id="signin-submit" disabled=${busy}>Sign in</button>
    </form>
    <p class="hint">Credentials stay in this page's memory; they are never put in a URL or a cookie.</p>
  </main>`;
}

const EMPTY_QUEUE = { queue_name: '', partitions: '1', type: 'user', consistency: 'strong', principles: '' };

function QueueForm({ initial, onDone, onCancel }) {
  const editing = Boolean(initial);
  const [q, setQ] = useState(
    editing ? { ...initial, partitions: String(initial.partitions), principles: (initial.principles || []).join(',') } : EMPTY_QUEUE,
  );
  const { error, busy, run } = useAction();
  const set = (k) => (e) => setQ({ ...q, [k]: e.target.value });
  const submit = (event) => {
    event.preventDefault();
    run(async () => {
      const fields = { partitions: q.partitions, type: q.type, consistency: q.consistency, principles: q.principles };
      if (editing) {
        // An empty list of principles is sent: PUT replaces the stored ones, so this clears them.
        await api.call('PUT', api.path(initial.queue_name), { body: api.form(fields, ['principles']), type: api.FORM });
        onDone(initial.queue_name);
      } else {
        const made = await api.call('POST', api.path(), {
          body: api.form({ queue_name: q.queue_name, ...fields }),
          type: api.FORM,
        });
        onDone(made.queue_name);
      }
    });
  };
  return html`<form class="card queue-form" onSubmit=${submit} data-test="queue-form">
    <h3>${editing ? 'Update queue ' + initial.queue_name : 'Create a queue'}</h3>
    <div class="grid">
      ${editing
        ? null
        : html`<${Field} label="Name" id="qf-name" hint="1-50 of A-Z a-z 0-9 _ - . (empty: a random name)">
            <input id="qf-name" value=${q.queue_name} onInput=${set('queue_name')} maxlength="50" />
          <//>`}
      <${Field} label="Partitions" id="qf-partitions" hint=${editing ? 'may only grow' : '1-200'}>
        <input id="qf-partitions" type="number" min="1" max="200" value=${q.partitions} onInput=${set('partitions')} />
      <//>
      <${Field} label="Type" id="qf-type">
        <select id="qf-type" value=${q.type} onChange=${set('type')}>
          <option value="user">user</option><option value="public">public (anyone may read)</option>
        </select>
      <//>
      <${Field} label="Consistency" id="qf-consistency">
        <select id="qf-consistency" value=${q.consistency} onChange=${set('consistency')}>
          <option value="weak">weak</option><option value="strong">strong</option>
          <option value="very_strong">very_strong</option>
        </select>
      <//>
      <${Field} label="Principles" id="qf-principles" hint="comma-separated app:NAME, bid:EMAIL, oidc:ISSUER:SUB">
        <input id="qf-principles" value=${q.principles} onInput=${set('principles')} />
      <//>
    </div>
    <${ErrorBox} error=${error} />
    <div class="actions">
      <button type="submit" id="qf-submit" disabled=${busy}>${editing ? 'Save' : 'Create'}</button>
      <button type="button" class="secondary" onClick=${onCancel}>Cancel</button>
    </div>
  </form>`;
}

// One more than a page is asked for, and the API answers at most 1000.
const SEARCH_PAGE = 999;
const SEARCH_PAGES = 20;

function QueueRows({ queues, busy, confirming, setConfirming, remove, onOpen, onEdit }) {
  return html`<div class="table-wrap"><table class="queues" data-test="queue-table">
    <thead><tr><th scope="col">Name</th><th scope="col">Messages</th><th scope="col">Partitions</th>
      <th scope="col">Type</th><th scope="col">Consistency</th><th scope="col">Principles</th>
      <th scope="col">Created</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
    <tbody>
      ${queues.map(
        (q) => html`<tr key=${q.queue_name} data-test="queue-row" data-queue=${q.queue_name}>
          <td><button type="button" class="link" data-test="open-queue" onClick=${() => onOpen(q)}>${q.queue_name}</button></td>
          <td data-test="queue-count">${q.count === undefined ? '—' : q.count}</td><td data-test="queue-partitions">${q.partitions}</td><td>${q.type}</td>
          <td>${q.consistency}</td><td>${(q.principles || []).join(', ')}</td>
          <td>${q.created ? new Date(q.created * 1000).toLocaleString() : ''}</td>
          <td class="row-actions">
            <button type="button" class="secondary" data-test="edit-queue" onClick=${() => onEdit(q)}>Edit</button>
            ${confirming === q.queue_name
              ? html`<span class="confirm" role="group" aria-label="Confirm deletion">Delete ${q.queue_name} and all its messages?
                  <button type="button" class="danger" data-test="confirm-delete-queue" onClick=${() => remove(q.queue_name)}>Delete</button>
                  <button type="button" class="secondary" onClick=${() => setConfirming(null)}>Cancel</button></span>`
              : html`<button type="button" class="danger" data-test="delete-queue" onClick=${() => setConfirming(q.queue_name)}>Delete</button>`}
          </td>
        </tr>`,
      )}
      ${queues.length === 0 ? html`<tr><td colspan="8" class="empty">${busy ? 'Loading…' : 'No queues.'}</td></tr>` : null}
    </tbody>
  </table></div>`;
}

function Queues({ onOpen, canList }) {
  const [limit, setLimit] = useState(25);
  const [offsets, setOffsets] = useState(['']);
  const [page, setPage] = useState({ queues: [], next: null });
  const [search, setSearch] = useState('');
  const [found, setFound] = useState(null);
  const [form, setForm] = useState(null);
  const [confirming, setConfirming] = useState(null);
  const [byName, setByName] = useState('');
  const { error, busy, run } = useAction();
  const offset = offsets[offsets.length - 1];
  const load = () =>
    run(async () => {
      // One more than a page: the extra queue is where the next page starts (offset is inclusive).
      const answer = await api.call(
        'GET',
        api.path() + api.query({ details: true, include_count: true, limit: limit + 1, offset }),
      );
      const queues = answer.queues || [];
      setPage({ queues: queues.slice(0, limit), next: queues.length > limit ? queues[limit].queue_name : null });
    });
  /** Names contain the text: the API has no search, so the pages are walked (without counts). */
  const find = (text) =>
    run(async () => {
      const needle = text.trim().toLowerCase();
      if (!needle) {
        setFound(null);
        return;
      }
      const hits = [];
      let from = '';
      for (let i = 0; i < SEARCH_PAGES; i++) {
        const answer = await api.call('GET', api.path() + api.query({ details: true, limit: SEARCH_PAGE + 1, offset: from }));
        const queues = answer.queues || [];
        hits.push(...queues.slice(0, SEARCH_PAGE).filter((q) => q.queue_name.toLowerCase().includes(needle)));
        if (queues.length <= SEARCH_PAGE) break;
        from = queues[SEARCH_PAGE].queue_name;
      }
      // Counts of the few found, as on a page: offset is inclusive, so each is the first of its page.
      if (hits.length <= 50) {
        await Promise.all(
          hits.map((q) =>
            api
              .call('GET', api.path() + api.query({ details: true, include_count: true, limit: 1, offset: q.queue_name }))
              .then((a) => {
                const one = (a.queues || [])[0];
                if (one && one.queue_name === q.queue_name) q.count = one.count;
              }, () => {}),
          ),
        );
      }
      setFound(hits);
    });
  useEffect(() => {
    if (canList) load();
  }, [offset, limit]);
  const refresh = () => (found ? find(search) : load());
  const remove = (name) =>
    run(async () => {
      await api.call('DELETE', api.path(name));
      setConfirming(null);
      if (found) setFound(found.filter((q) => q.queue_name !== name));
      await load();
    });
  return html`<section aria-labelledby="queues-title" data-test="queues">
    <div class="section-head">
      <h2 id="queues-title">Queues of ${api.app()}</h2>
      <div class="actions">
        ${canList ? html`<button type="button" id="queue-new" onClick=${() => setForm({})}>New queue</button>
          <button type="button" class="secondary" id="queues-refresh" onClick=${refresh} disabled=${busy}>Refresh</button>` : null}
      </div>
    </div>
    ${form ? html`<${QueueForm} initial=${form.queue_name ? form : null} onCancel=${() => setForm(null)}
      onDone=${(name) => { setForm(null); setSearch(name); find(name); }} />` : null}
    <form class="inline" onSubmit=${(e) => { e.preventDefault(); if (byName.trim()) onOpen({ queue_name: byName.trim(), partitions: 1 }); }}>
      <label for="open-by-name">Open a queue by name</label>
      <input id="open-by-name" value=${byName} onInput=${(e) => setByName(e.target.value)} />
      <button type="submit" class="secondary">Open</button>
    </form>
    ${canList
      ? html`<form class="inline" role="search" onSubmit=${(e) => { e.preventDefault(); find(search); }}>
          <label for="queue-search">Search names</label>
          <input id="queue-search" type="search" value=${search} onInput=${(e) => { setSearch(e.target.value); if (!e.target.value) setFound(null); }} />
          <button type="submit" class="secondary" id="queue-search-submit">Search</button>
          ${found ? html`<button type="button" class="secondary" onClick=${() => { setSearch(''); setFound(null); }}>Clear</button>` : null}
          <label for="queue-limit">Per page</label>
          <select id="queue-limit" value=${String(limit)} onChange=${(e) => { setOffsets(['']); setLimit(Number(e.target.value)); }}>
            ${[10, 25, 100, 500].map((n) => html`<option value=${String(n)}>${n}</option>`)}
          </select>
        </form>`
      : html`<p class="hint">Signed in with a user token only: listing queues needs the application key.</p>`}
    <${ErrorBox} error=${error} />
    ${canList
      ? html`${found ? html`<p class="hint" role="status">${found.length} queue(s) named like “${search}”</p>` : null}
        <${QueueRows} queues=${found || page.queues} busy=${busy} confirming=${confirming} setConfirming=${setConfirming}
          remove=${remove} onOpen=${onOpen} onEdit=${setForm} />
        ${found
          ? null
          : html`<nav class="pager" aria-label="Pages of queues">
              <button type="button" class="secondary" disabled=${offsets.length < 2}
                onClick=${() => setOffsets(offsets.slice(0, -1))}>Previous</button>
              <span>Page ${offsets.length}</span>
              <button type="button" class="secondary" disabled=${!page.next}
                onClick=${() => setOffsets([...offsets, page.next])}>Next</button>
            </nav>`}
        <${AppStats} />`
      : null}
  </section>`;
}

const TABS = [
  ['messages', 'Messages'],
  ['tail', 'Live tail'],
  ['groups', 'Consumer groups'],
  ['stats', 'Rates'],
];

function QueueView({ queue, onBack }) {
  const [tab, setTab] = useState('messages');
  const partitions = Number(queue.partitions) || 1;
  return html`<section aria-labelledby="queue-title" data-test="queue-view">
    <div class="section-head">
      <h2 id="queue-title"><button type="button" class="link" onClick=${onBack}>Queues</button> / ${queue.queue_name}</h2>
      <span class="hint">${partitions} partition${partitions > 1 ? 's' : ''}${queue.type ? ', ' + queue.type : ''}</span>
    </div>
    <div role="tablist" class="tabs" aria-label="Queue views">
      ${TABS.map(
        ([id, label]) => html`<button type="button" role="tab" id=${'tab-' + id} data-test=${'tab-' + id}
          aria-selected=${tab === id} aria-controls=${'panel-' + id} onClick=${() => setTab(id)}>${label}</button>`,
      )}
    </div>
    <div role="tabpanel" id=${'panel-' + tab} aria-labelledby=${'tab-' + tab}>
      ${tab === 'messages' ? html`<${Messages} queue=${queue.queue_name} partitions=${partitions} />` : null}
      ${tab === 'tail' ? html`<${LiveTail} queue=${queue.queue_name} partitions=${partitions} />` : null}
      ${tab === 'groups' ? html`<${Groups} queue=${queue.queue_name} />` : null}
      ${tab === 'stats' ? html`<${QueueStats} queue=${queue.queue_name} />` : null}
    </div>
  </section>`;
}

function App() {
  const saved = api.remembered();
  const [session, setSession] = useState(saved ? { canList: !!saved.key } : null);
  const [queue, setQueue] = useState(null);
  if (!session) return html`<${SignIn} onSignedIn=${setSession} />`;
  const signOut = () => {
    api.signOut();
    setQueue(null);
    setSession(null);
  };
  return html`<div class="shell">
    <header class="top">
      <span class="brand">Queuey</span>
      <span class="who" data-test="signed-in-as">${api.app()}</span>
      <button type="button" class="secondary" id="signout" onClick=${signOut}>Sign out</button>
    </header>
    <main>
      ${queue
        ? html`<${QueueView} queue=${queue} onBack=${() => setQueue(null)} />`
        : html`<${Queues} canList=${session.canList} onOpen=${setQueue} />`}
    </main>
  </div>`;
}

const root = document.getElementById('app');
root.textContent = '';
render(html`<${App} />`, root);
