// Consumer groups: list with their stats, create, seek, and claim / ack / release by hand.
import { html, useState, useEffect } from './vendor/htm/standalone.module.js';
import * as api from './api.js';
import { Body, ErrorBox, Field, useAction } from './ui.js';

const NEW_GROUP = { group_name: '', mode: 'at_least_once', visibility: '30', max_deliveries: '0', dead_letter_queue: '', ordered: false, start: 'earliest' };

function GroupForm({ queue, onDone, onCancel }) {
  const [g, setG] = useState(NEW_GROUP);
  const { error, busy, run } = useAction();
  const set = (k) => (e) => setG({ ...g, [k]: e.target.value });
  const submit = (event) => {
    event.preventDefault();
    run(async () => {
      await api.call('POST', api.path(queue, 'groups'), {
        body: api.form({ ...g, ordered: g.ordered ? 'true' : 'false' }),
        type: api.FORM,
      });
      onDone();
    });
  };
  return html`<form class="card" onSubmit=${submit} data-test="group-form">
    <h3>Create a consumer group</h3>
    <div class="grid">
      <${Field} label="Name" id="gf-name" hint="empty: a random name">
        <input id="gf-name" value=${g.group_name} onInput=${set('group_name')} maxlength="50" />
      <//>
      <${Field} label="Mode" id="gf-mode">
        <select id="gf-mode" value=${g.mode} onChange=${set('mode')}>
          <option value="at_most_once">at_most_once</option>
          <option value="at_least_once">at_least_once</option>
          <option value="exactly_once">exactly_once</option>
        </select>
      <//>
      <${Field} label="Visibility (s)" id="gf-visibility">
        <input id="gf-visibility" type="number" min="1" max="43200" value=${g.visibility} onInput=${set('visibility')} />
      <//>
      <${Field} label="Max deliveries" id="gf-max" hint="0: unlimited">
        <input id="gf-max" type="number" min="0" max="1000" value=${g.max_deliveries} onInput=${set('max_deliveries')} />
      <//>
      <${Field} label="Dead-letter queue" id="gf-dlq">
        <input id="gf-dlq" value=${g.dead_letter_queue} onInput=${set('dead_letter_queue')} />
      <//>
      <${Field} label="Start" id="gf-start" hint="earliest, latest, a timestamp or a message id">
        <input id="gf-start" value=${g.start} onInput=${set('start')} />
      <//>
    </div>
    <div class="check">
      <input id="gf-ordered" type="checkbox" checked=${g.ordered} onChange=${(e) => setG({ ...g, ordered: e.target.checked })} />
      <label for="gf-ordered">Ordered (strict order per partition)</label>
    </div>
    <${ErrorBox} error=${error} />
    <div class="actions">
      <button type="submit" id="gf-submit" disabled=${busy}>Create</button>
      <button type="button" class="secondary" onClick=${onCancel}>Cancel</button>
    </div>
  </form>`;
}

function age(seconds) {
  if (seconds === null || seconds === undefined) return '—';
  const s = Number(seconds);
  if (s < 120) return s.toFixed(s < 10 ? 1 : 0) + ' s';
  if (s < 7200) return (s / 60).toFixed(0) + ' min';
  return (s / 3600).toFixed(1) + ' h';
}

/** One group opened: seek, claim, and ack or release what was claimed. */
function GroupTools({ queue, group, onChanged }) {
  const [max, setMax] = useState('10');
  const [visibility, setVisibility] = useState('');
  const [claimed, setClaimed] = useState([]);
  const [chosen, setChosen] = useState(new Set());
  const [seekTo, setSeekTo] = useState('earliest');
  const [result, setResult] = useState(null);
  const [confirming, setConfirming] = useState(false);
  const { error, busy, run } = useAction();
  const base = (...rest) => api.path(queue, 'groups', group.group_name, ...rest);
  const claim = () =>
    run(async () => {
      const answer = await api.call('POST', base('claim'), { body: api.form({ max, visibility }), type: api.FORM });
      const got = answer.messages || [];
      setClaimed(got);
      setChosen(new Set(got.map((m) => m.receipt).filter(Boolean)));
      setResult('Claimed ' + got.length);
      onChanged();
    });
  const settle = (action) =>
    run(async () => {
      const answer = await api.call('POST', base(action), { body: JSON.stringify({ receipts: [...chosen] }) });
      const failed = Object.entries(answer.failed || {});
      setResult(action + ': ' + answer.done + ' done' + (failed.length ? ', failed ' + failed.map(([r, why]) => r + ' ' + why).join(', ') : ''));
      setClaimed(claimed.filter((m) => !chosen.has(m.receipt)));
      setChosen(new Set());
      onChanged();
    });
  const seek = () =>
    run(async () => {
      const fields = seekTo === 'earliest' || seekTo === 'latest' ? { position: seekTo } : { since: seekTo };
      await api.call('POST', base('seek'), { body: api.form(fields), type: api.FORM });
      setResult('Seeked to ' + seekTo);
      onChanged();
    });
  const remove = () =>
    run(async () => {
      await api.call('DELETE', base());
      onChanged(true);
    });
  const id = group.group_name.replace(/[^A-Za-z0-9_-]/g, '_');
  return html`<div class="card group-tools" data-test="group-tools">
    <h3>Group ${group.group_name}</h3>
    <div class="inline">
      <label for=${'claim-max-' + id}>Claim max</label>
      <input id=${'claim-max-' + id} type="number" min="1" max="1000" value=${max} onInput=${(e) => setMax(e.target.value)} class="narrow" />
      <label for=${'claim-vis-' + id}>visibility (s)</label>
      <input id=${'claim-vis-' + id} type="number" min="1" value=${visibility} placeholder=${String(group.visibility)} onInput=${(e) => setVisibility(e.target.value)} class="narrow" />
      <button type="button" data-test="claim" onClick=${claim} disabled=${busy}>Claim</button>
      <button type="button" class="secondary" data-test="ack" onClick=${() => settle('ack')} disabled=${busy || chosen.size === 0}>Ack selected</button>
      <button type="button" class="secondary" data-test="release" onClick=${() => settle('release')} disabled=${busy || chosen.size === 0}>Release selected</button>
    </div>
    <div class="inline">
      <label for=${'seek-' + id}>Seek to</label>
      <input id=${'seek-' + id} value=${seekTo} onInput=${(e) => setSeekTo(e.target.value)} placeholder="earliest, latest, timestamp or id" />
      <button type="button" class="secondary" data-test="seek" onClick=${seek} disabled=${busy}>Seek</button>
      ${confirming
        ? html`<span class="confirm" role="group" aria-label="Confirm deletion">Delete group ${group.group_name}?
            <button type="button" class="danger" onClick=${remove}>Delete</button>
            <button type="button" class="secondary" onClick=${() => setConfirming(false)}>Cancel</button></span>`
        : html`<button type="button" class="danger" onClick=${() => setConfirming(true)}>Delete group</button>`}
    </div>
    <${ErrorBox} error=${error} />
    ${result ? html`<p class="ok" role="status" data-test="group-result">${result}</p>` : null}
    ${claimed.length
      ? html`<ol class="messages" data-test="claimed">
          ${claimed.map(
            (m) => html`<li class="message" key=${m.receipt || m.message_id}>
              <div class="meta">
                ${m.receipt
                  ? html`<input type="checkbox" aria-label=${'Select receipt of ' + m.message_id} checked=${chosen.has(m.receipt)}
                      onChange=${() => { const n = new Set(chosen); n.has(m.receipt) ? n.delete(m.receipt) : n.add(m.receipt); setChosen(n); }} />`
                  : null}
                <code class="id">${m.message_id}</code>
                <span class="badge">partition ${m.partition}</span>
                <span class="badge">deliveries ${m.deliveries}</span>
                <span>lease until ${m.lease_expires ? api.dateOf(m.lease_expires) : '—'}</span>
              </div>
              <div class="receipt">receipt <code data-test="receipt">${m.receipt === null ? 'none (at_most_once)' : m.receipt}</code></div>
              <${Body} body=${m.body} />
            </li>`,
          )}
        </ol>`
      : null}
  </div>`;
}

export function Groups({ queue }) {
  const [groups, setGroups] = useState([]);
  const [creating, setCreating] = useState(false);
  const [open, setOpen] = useState(null);
  const { error, busy, run } = useAction();
  const load = () =>
    run(async () => {
      const answer = await api.call('GET', api.path(queue, 'groups'));
      const list = answer.groups || [];
      // The stats come with one group each; a few at a time.
      const withStats = [];
      for (let i = 0; i < list.length; i += 8) {
        const chunk = await Promise.all(
          list.slice(i, i + 8).map((g) => api.call('GET', api.path(queue, 'groups', g.group_name)).catch(() => g)),
        );
        withStats.push(...chunk);
      }
      setGroups(withStats);
    });
  useEffect(() => { load(); }, [queue]);
  const current = open && groups.find((g) => g.group_name === open);
  return html`<div class="groups" data-test="groups">
    <div class="inline">
      <button type="button" id="group-new" onClick=${() => setCreating(true)}>New group</button>
      <button type="button" class="secondary" id="groups-refresh" onClick=${load} disabled=${busy}>Refresh</button>
    </div>
    ${creating ? html`<${GroupForm} queue=${queue} onCancel=${() => setCreating(false)} onDone=${() => { setCreating(false); load(); }} />` : null}
    <${ErrorBox} error=${error} />
    <div class="table-wrap"><table data-test="group-table">
      <thead><tr><th scope="col">Group</th><th scope="col">Mode</th><th scope="col">Lag</th><th scope="col">In flight</th>
        <th scope="col">Dead</th><th scope="col">Oldest unacked</th><th scope="col">Visibility</th><th scope="col">Max deliveries</th>
        <th scope="col">Dead-letter queue</th><th scope="col">Ordered</th></tr></thead>
      <tbody>
        ${groups.map(
          (g) => html`<tr key=${g.group_name} data-test="group-row" data-group=${g.group_name}>
            <td><button type="button" class="link" data-test="open-group" aria-expanded=${open === g.group_name}
              onClick=${() => setOpen(open === g.group_name ? null : g.group_name)}>${g.group_name}</button></td>
            <td>${g.mode}</td>
            <td data-test="group-lag" data-lag=${g.stats ? String(g.stats.lag_seconds) : ''}>${g.stats ? age(g.stats.lag_seconds) : '?'}</td>
            <td data-test="group-in-flight">${g.stats ? g.stats.in_flight : '?'}</td>
            <td data-test="group-dead">${g.stats ? g.stats.dead : '?'}</td>
            <td>${g.stats ? age(g.stats.oldest_unacked_age) : '?'}</td>
            <td>${g.visibility} s</td><td>${g.max_deliveries || 'unlimited'}</td>
            <td>${g.dead_letter_queue || '—'}</td><td>${g.ordered ? 'yes' : 'no'}</td>
          </tr>`,
        )}
        ${groups.length === 0 ? html`<tr><td colspan="10" class="empty">${busy ? 'Loading…' : 'No groups.'}</td></tr>` : null}
      </tbody>
    </table></div>
    ${current
      ? html`<${GroupTools} key=${current.group_name} queue=${queue} group=${current}
          onChanged=${(gone) => { if (gone === true) setOpen(null); load(); }} />`
      : null}
  </div>`;
}
