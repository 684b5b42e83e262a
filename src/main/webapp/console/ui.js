// Small shared pieces: error display, message bodies (always text, never HTML), sparklines.
import { html, useState } from './vendor/htm/standalone.module.js';

/** An API error as the API states it: each error_msg key with its message. */
export function ErrorBox({ error, test = 'error' }) {
  if (!error) return null;
  const errors = error.errors || { error: String(error.message || error) };
  return html`<div class="error" role="alert" data-test=${test}>
    ${error.status ? html`<span class="status">HTTP ${error.status}</span>` : null}
    <ul>
      ${Object.entries(errors).map(
        ([key, message]) => html`<li><code class="error-key">${key}</code> ${String(message)}</li>`,
      )}
    </ul>
  </div>`;
}

/** Runs an async action, keeping its error and a busy flag. */
export function useAction() {
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const run = async (action) => {
    setBusy(true);
    setError(null);
    try {
      return await action();
    } catch (failed) {
      setError(failed);
      return undefined;
    } finally {
      setBusy(false);
    }
  };
  return { error, busy, run, setError };
}

const TRUNCATE_AT = 2000;

function pretty(body) {
  const text = String(body);
  const start = text.trimStart()[0];
  if (start !== '{' && start !== '[') return null;
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch (ignored) {
    return null;
  }
}

/**
 * A message body. Bodies come from whoever may post: they are only ever text nodes (preact sets
 * textContent), JSON pretty-printed unless raw is asked for, long ones cut until "show full".
 */
export function Body({ body }) {
  const [raw, setRaw] = useState(false);
  const [full, setFull] = useState(false);
  const [copied, setCopied] = useState(false);
  const formatted = pretty(body);
  const text = raw || formatted === null ? String(body) : formatted;
  const cut = !full && text.length > TRUNCATE_AT;
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(String(body));
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch (ignored) {
      setCopied(false);
    }
  };
  return html`<div class="body">
    <pre class="body-text" data-test="message-body">${cut ? text.slice(0, TRUNCATE_AT) : text}</pre>
    <div class="body-tools">
      ${cut
        ? html`<button type="button" class="link" onClick=${() => setFull(true)}>
            Show full (${text.length} characters)</button>`
        : null}
      ${formatted !== null
        ? html`<button type="button" class="link" aria-pressed=${raw} onClick=${() => setRaw(!raw)}>
            ${raw ? 'Pretty' : 'Raw'}</button>`
        : null}
      <button type="button" class="link" onClick=${copy}>${copied ? 'Copied' : 'Copy'}</button>
    </div>
  </div>`;
}

/** A line chart of one or two series, drawn as SVG polylines; colours come from CSS classes. */
export function Sparkline({ series, keys, label, test, width = 300, height = 60 }) {
  const points = series || [];
  const max = Math.max(1, ...points.flatMap((p) => keys.map((k) => Number(p[k]) || 0)));
  const step = points.length > 1 ? width / (points.length - 1) : width;
  const line = (key) =>
    points
      .map((p, i) => (i * step).toFixed(1) + ',' + (height - 2 - ((Number(p[key]) || 0) / max) * (height - 4)).toFixed(1))
      .join(' ');
  return html`<svg class="spark" data-test=${test} viewBox=${'0 0 ' + width + ' ' + height}
      preserveAspectRatio="none" role="img" aria-label=${label}>
    <title>${label}</title>
    ${keys.map((k) => html`<polyline class=${'line line-' + k} points=${line(k)} fill="none" />`)}
  </svg>`;
}

export function Field({ label, id, children, hint }) {
  return html`<div class="field">
    <label for=${id}>${label}</label>
    ${children}
    ${hint ? html`<small class="hint">${hint}</small>` : null}
  </div>`;
}
