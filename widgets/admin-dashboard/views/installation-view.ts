import { css, html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import type { Installation } from '../../../server/schemas/installation.ts';
import type { Settings } from '../../../server/schemas/settings.ts';
import { AdminElement } from '../admin-element.ts';
import styles from '../admin-dashboard.styles.ts';

/** "Test my site" counts the events of the last few minutes. */
const TEST_LOOKBACK_MS = 5 * 60_000;

/**
 * Owners and reps: the tag to paste, the last event received, a "test my site"
 * check, and the requests the site check refused (origins not allowed, unknown
 * keys on the site's pages). Owners allow a refused origin in one click.
 */
export class AdminInstallationView extends AdminElement {
  static override styles = [
    styles,
    css`
      textarea.code {
        font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
        font-size: 0.85rem;
        resize: vertical;
        overflow-wrap: anywhere;
        /* As tall as the tag where supported; rows="4" elsewhere. */
        field-sizing: content;
        min-block-size: 3.5rem;
      }
      p[role='status']:empty {
        margin-block: 0;
      }
      .break {
        overflow-wrap: anywhere;
      }
      dl {
        display: grid;
        grid-template-columns: auto minmax(0, 1fr);
        gap: 0.3rem 1rem;
        margin: 0;
      }
      dt {
        color: var(--_muted);
      }
      dd {
        margin: 0;
      }
      @media (max-width: 30rem) {
        dl {
          grid-template-columns: minmax(0, 1fr);
        }
        dd + dt {
          margin-block-start: 0.4rem;
        }
      }
    `,
  ];
  @state() private data: Installation | null = null;
  @state() private copyNotice = '';
  @state() private notice = '';
  @state() private test: { state: 'idle' | 'waiting' | 'ok' | 'none'; events?: number } = { state: 'idle' };
  /** How long "Test my site" waits for events, and how often it asks. */
  testWindowMs = 120_000;
  pollMs = 5_000;
  private timer: ReturnType<typeof setTimeout> | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.timer);
  }

  private async load(since?: number): Promise<Installation | undefined> {
    const query = since === undefined ? '' : `?since=${since}`;
    const data = await this.run(() => this.client.get<Installation>(`/v1/admin/installation${query}`));
    if (data) this.data = data;
    return data;
  }

  private async copy(): Promise<void> {
    try {
      await navigator.clipboard.writeText(this.data!.snippet);
      this.copyNotice = this.a('install.copied');
    } catch {
      // No clipboard (an insecure page, a denied permission): select the tag for Ctrl+C.
      const box = this.renderRoot.querySelector<HTMLTextAreaElement>('#snippet')!;
      box.focus();
      box.select();
      this.copyNotice = this.a('install.copyFallback');
    }
  }

  /** Asks every few seconds, for about two minutes, whether events arrived in the last few minutes. */
  private async testSite(): Promise<void> {
    clearTimeout(this.timer);
    const started = Date.now();
    this.test = { state: 'waiting' };
    const poll = async () => {
      const data = await this.load(started - TEST_LOOKBACK_MS);
      if (!data) return void (this.test = { state: 'idle' });
      if (data.eventsSince) return void (this.test = { state: 'ok', events: data.eventsSince });
      if (Date.now() - started >= this.testWindowMs) return void (this.test = { state: 'none' });
      this.timer = setTimeout(poll, this.pollMs);
    };
    await poll();
  }

  private async allow(origin: string): Promise<void> {
    const allowedOrigins = [...this.data!.allowedOrigins, origin];
    const saved = await this.run(() => this.client.patch<Settings>('/v1/admin/settings', { allowedOrigins }));
    if (!saved) return;
    this.notice = this.a('install.allowed', { origin });
    await this.load();
    // The row and its button are gone: keep the keyboard in the section.
    this.renderRoot.querySelector<HTMLElement>('#refused-title')?.focus();
  }

  private testMessage(): string {
    const t = this.test;
    if (t.state === 'waiting') return this.a('install.testing');
    if (t.state === 'ok') return this.a('install.testOk', { n: t.events ?? 0 });
    if (t.state === 'none') return this.a('install.testNone');
    return '';
  }

  override render() {
    if (!this.adminMessages) return nothing;
    const d = this.data;
    if (!d) return html`<p role=${this.error ? 'alert' : 'status'}>${this.error || this.a('common.loading')}</p>`;
    return html`
      ${this.renderTag(d)} ${this.renderLastEvent(d)} ${this.renderRefused(d)} ${this.renderUnknownKeys(d)}
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
    `;
  }

  private renderTag(d: Installation) {
    const origins = d.allowedOrigins.map((o, i) => html`${i ? ', ' : ''}<bdi dir="ltr">${o}</bdi>`);
    return html`<section class="card" aria-labelledby="install-title">
      <h2 id="install-title">${this.a('nav.installation')}</h2>
      <p class="muted">${this.a('install.intro')}</p>
      <label class="field"><span>${this.a('install.snippet')}</span>
        <textarea id="snippet" class="code wfull" readonly rows="4" dir="ltr" spellcheck="false"
          .value=${d.snippet}></textarea>
      </label>
      <div class="row">
        <button class="primary" @click=${this.copy}>${this.a('install.copy')}</button>
        <span class="ok" role="status">${this.copyNotice}</span>
      </div>
      <dl>
        <dt>${this.a('install.apiUrl')}</dt><dd class="break"><code dir="ltr">${d.apiUrl}</code></dd>
        <dt>${this.a('install.siteKey')}</dt><dd class="break"><code dir="ltr">${d.siteKey}</code></dd>
        <dt>${this.a('install.allowedOrigins')}</dt>
        <dd class="break">${d.allowedOrigins.length ? origins : this.a('install.anyOrigin')}</dd>
      </dl>
    </section>`;
  }

  private renderLastEvent(d: Installation) {
    const waiting = this.test.state === 'waiting';
    return html`<section class="card" aria-labelledby="last-title" aria-busy=${waiting ? 'true' : 'false'}>
      <h2 id="last-title">${this.a('install.lastEvent')}</h2>
      ${
        d.lastEvent
          ? html`<dl>
            <dt>${this.a('install.when')}</dt><dd>${this.date(d.lastEvent.at, true)}</dd>
            <dt>${this.a('install.page')}</dt><dd class="break"><bdi dir="ltr">${d.lastEvent.url}</bdi></dd>
          </dl>`
          : html`<p class="muted">${this.a('install.noEvents')}</p>`
      }
      <div class="row">
        <button @click=${this.testSite} ?disabled=${waiting} aria-describedby="test-status">
          ${this.a('install.test')}
        </button>
      </div>
      <p id="test-status" role="status" aria-live="polite" class=${this.test.state === 'ok' ? 'ok' : ''}>
        ${this.testMessage()}
      </p>
    </section>`;
  }

  private renderRefused(d: Installation) {
    const owner = this.userRole === 'owner';
    const allow = (origin: string) =>
      origin === 'null'
        ? nothing
        : html`<button aria-label=${this.a('install.allowOrigin', { origin })} @click=${() => this.allow(origin)}>
            ${this.a('install.allow')}
          </button>`;
    const row = (r: Installation['refusedOrigins'][number]) => html`<tr>
      <td class="break"><bdi dir="ltr">${r.origin}</bdi></td>
      <td>${r.count}</td>
      <td>${this.date(r.lastAt, true)}</td>
      ${owner ? html`<td>${allow(r.origin)}</td>` : nothing}
    </tr>`;
    return html`<section class="card" aria-labelledby="refused-title">
      <h2 id="refused-title" tabindex="-1">${this.a('install.refused')}</h2>
      <p class="muted">${this.a('install.refusedHelp')}</p>
      <p class="ok" role="status">${this.notice}</p>
      ${
        d.refusedOrigins.length
          ? html`<table>
            <thead><tr>
              <th>${this.a('install.origin')}</th><th>${this.a('install.requests')}</th>
              <th>${this.a('install.lastSeen')}</th>
              ${owner ? html`<th><span class="sr">${this.a('install.action')}</span></th>` : nothing}
            </tr></thead>
            <tbody>${d.refusedOrigins.map(row)}</tbody>
          </table>
          ${
            d.refusedOrigins.some((r) => r.origin === 'null')
              ? html`<p class="muted"><bdi dir="ltr">null</bdi>: ${this.a('install.nullOrigin')}</p>`
              : nothing
          }`
          : html`<p class="muted">${this.a('install.noRefused')}</p>`
      }
    </section>`;
  }

  private renderUnknownKeys(d: Installation) {
    const row = (k: Installation['unknownKeys'][number]) => html`<tr>
      <td class="break"><code dir="ltr">${k.key}</code></td>
      <td class="break"><bdi dir="ltr">${k.origin}</bdi></td>
      <td>${k.count}</td>
      <td>${this.date(k.lastAt, true)}</td>
    </tr>`;
    return html`<section class="card" aria-labelledby="keys-title">
      <h2 id="keys-title">${this.a('install.unknownKeys')}</h2>
      <p class="muted">${this.a('install.unknownHelp', { key: d.siteKey })}</p>
      ${
        d.unknownKeys.length
          ? html`<table>
            <thead><tr>
              <th>${this.a('install.key')}</th><th>${this.a('install.origin')}</th>
              <th>${this.a('install.requests')}</th><th>${this.a('install.lastSeen')}</th>
            </tr></thead>
            <tbody>${d.unknownKeys.map(row)}</tbody>
          </table>`
          : html`<p class="muted">${this.a('install.noUnknown')}</p>`
      }
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'leadline-admin-installation': AdminInstallationView;
  }
}

if (!customElements.get('leadline-admin-installation')) {
  customElements.define('leadline-admin-installation', AdminInstallationView);
}
