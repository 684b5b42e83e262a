// Rates from the stats endpoints: posted and read per second over the last window, as sparklines.
import { html, useState, useEffect } from './vendor/htm/standalone.module.js';
import * as api from './api.js';
import { ErrorBox, Sparkline, useAction } from './ui.js';

const REFRESH_MS = 10000;

function useStats(url) {
  const [stats, setStats] = useState(null);
  const { error, run } = useAction();
  useEffect(() => {
    let timer = 0;
    let stopped = false;
    const load = async () => {
      await run(async () => {
        const answer = await api.call('GET', url);
        if (!stopped) setStats(answer);
      });
      if (!stopped) timer = setTimeout(load, REFRESH_MS);
    };
    load();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [url]);
  return { stats, error };
}

function rate(n) {
  if (n === undefined || n === null) return '—';
  const r = Number(n);
  return (r !== 0 && r < 0.1 ? r.toFixed(3) : r.toFixed(2)) + '/s';
}

function Rates({ stats, test }) {
  const total = (key) => (stats.series || []).reduce((sum, p) => sum + (Number(p[key]) || 0), 0);
  return html`<div class="rates" data-test=${test}>
    <div class="figures">
      <span class="figure"><span class="legend legend-posted" aria-hidden="true"></span>
        posted <strong data-test="rate-posted" data-total=${String(total('posted'))}>${rate(stats.posted_per_second)}</strong></span>
      <span class="figure"><span class="legend legend-read" aria-hidden="true"></span>
        read <strong data-test="rate-read" data-total=${String(total('read'))}>${rate(stats.read_per_second)}</strong></span>
      <span class="hint">over ${stats.window_seconds} s, in steps of ${stats.interval_seconds} s (this instance); ${total('posted')} posted, ${total('read')} read</span>
    </div>
    <${Sparkline} series=${stats.series} keys=${['posted', 'read']} test="stats-chart"
      label=${'Messages posted and read per ' + stats.interval_seconds + ' s over the last ' + stats.window_seconds + ' s'} />
  </div>`;
}

export function QueueStats({ queue }) {
  const { stats, error } = useStats(api.path(queue, 'stats'));
  return html`<div class="card" data-test="queue-stats">
    <h3>Rates of ${queue}</h3>
    <${ErrorBox} error=${error} />
    ${stats ? html`<${Rates} stats=${stats} test="queue-rates" />` : error ? null : html`<p>Loading…</p>`}
  </div>`;
}

export function AppStats() {
  const { stats, error } = useStats(api.path('~stats'));
  return html`<div class="card" data-test="app-stats">
    <h3>Rates of ${api.app()}</h3>
    <${ErrorBox} error=${error} />
    ${stats
      ? html`<${Rates} stats=${stats} test="app-rates" />
          ${(stats.queues || []).length
            ? html`<div class="table-wrap"><table>
                <thead><tr><th scope="col">Busiest queues</th><th scope="col">Posted</th><th scope="col">Read</th></tr></thead>
                <tbody>${stats.queues.map((q) => html`<tr key=${q.queue_name}><td>${q.queue_name}</td>
                  <td>${rate(q.posted_per_second)}</td><td>${rate(q.read_per_second)}</td></tr>`)}</tbody>
              </table></div>`
            : null}`
      : null}
  </div>`;
}
