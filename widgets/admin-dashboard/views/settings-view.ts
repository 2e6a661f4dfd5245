import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import type { Settings } from '../../../server/schemas/settings.ts';
import type { Delivery, Webhook, WebhookEventType } from '../../../server/schemas/webhooks.ts';
import { AdminElement } from '../admin-element.ts';
import styles from '../admin-dashboard.styles.ts';

/** Every webhook event, in the picker's order (the type makes a missing one a compile error). */
const webhookEvents = Object.keys({
  'lead.created': 1,
  'contact.stage_changed': 1,
  'ticket.created': 1,
  'ticket.replied': 1,
  'ticket.solved': 1,
  'company.created': 1,
  'deal.created': 1,
  'deal.stage_changed': 1,
  'deal.won': 1,
  'deal.lost': 1,
  'survey.answered': 1,
} satisfies Record<WebhookEventType, 1>);

interface AuditEntry {
  id: number;
  userName: string | null;
  action: string;
  target: string | null;
  at: number;
}

/** Owner settings, webhooks with their delivery log, and the audit log. */
export class AdminSettingsView extends AdminElement {
  static override styles = styles;
  @state() private settings: Settings | null = null;
  @state() private webhooks: Webhook[] = [];
  @state() private deliveries: Record<number, Delivery[]> = {};
  @state() private secret = '';
  @state() private audit: AuditEntry[] = [];
  @state() private emails: {
    id: number;
    template: string;
    to: string;
    status: string;
    attempts: number;
    lastError: string | null;
    createdAt: number;
  }[] = [];

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    await this.run(async () => {
      const [s, w, a, m] = await Promise.all([
        this.client.get<Settings>('/v1/admin/settings'),
        this.client.get<{ webhooks: Webhook[] }>('/v1/admin/webhooks'),
        this.client.get<{ entries: AuditEntry[] }>('/v1/admin/audit-log?limit=50'),
        this.client.get<{ emails: AdminSettingsView['emails'] }>('/v1/admin/emails'),
      ]);
      this.emails = m.emails;
      this.settings = s;
      this.webhooks = w.webhooks;
      this.audit = a.entries;
    });
  }

  /** A select of the values Intl lists (time zones, ISO 4217 currencies), keeping the stored one if it is not listed. */
  private picker(name: 'timeZone' | 'currency', label: string, value: string) {
    const values = Intl.supportedValuesOf(name);
    const all = values.includes(value) ? values : [value, ...values];
    const currencyName = new Intl.DisplayNames(this.activeLocale, { type: 'currency' });
    return html`<label class="field"><span>${label}</span><select name=${name} required dir="ltr">
      ${all.map((v) => html`<option value=${v} ?selected=${v === value}>${name === 'currency' ? `${v} · ${currencyName.of(v)}` : v}</option>`)}
    </select></label>`;
  }

  private async save(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const d = Object.fromEntries(new FormData(form).entries()) as Record<string, string>;
    const list = (v = '') =>
      v
        .split(/[\s,]+/)
        .map((x) => x.trim())
        .filter(Boolean);
    const saved = await this.run(() =>
      this.client.patch<Settings>('/v1/admin/settings', {
        name: d.name,
        timeZone: d.timeZone,
        currency: (d.currency ?? '').toUpperCase(),
        allowedOrigins: list(d.origins),
        retentionDays: Number(d.retention),
        affiliateParams: list(d.affiliateParams),
        emailFrom: d.emailFrom || null,
        adminUrl: d.adminUrl || null,
        rateLimits: Object.fromEntries(
          (['leads', 'tickets', 'messages', 'feedback', 'events'] as const).map((k) => [k, Number(d[`limit-${k}`])]),
        ),
        turnstileSiteKey: d.turnstileSiteKey || null,
        lostReasons: (d.lostReasons ?? '')
          .split('\n')
          .map((r) => r.trim())
          .filter(Boolean),
        // The secret is write-only: empty leaves it as it is; "clear" removes it.
        ...(d.turnstileSecret
          ? { turnstileSecret: d.turnstileSecret }
          : d.turnstileClear
            ? { turnstileSecret: null }
            : {}),
      }),
    );
    if (!saved) return;
    // Never keep a secret on screen once it is stored.
    for (const name of ['turnstileSecret', 'turnstileClear']) {
      const input = form.elements.namedItem(name) as HTMLInputElement | null;
      if (input) ((input.value = ''), (input.checked = false));
    }
    ((this.settings = saved), this.toast(this.a('common.saved'), e.submitter), await this.load());
  }

  private async addWebhook(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const el = e.target as HTMLFormElement;
    const d = Object.fromEntries(new FormData(el).entries()) as Record<string, string>;
    const made = await this.run(() =>
      this.client.post<Webhook & { secret: string }>('/v1/admin/webhooks', {
        url: d.url,
        events: d.events ? [d.events] : ['*'],
      }),
    );
    if (made) ((this.secret = made.secret), el.reset(), await this.load());
  }

  private async showDeliveries(id: number): Promise<void> {
    const r = await this.run(() => this.client.get<{ deliveries: Delivery[] }>(`/v1/admin/webhooks/${id}/deliveries`));
    if (r) this.deliveries = { ...this.deliveries, [id]: r.deliveries };
  }

  override render() {
    if (!this.adminMessages) return nothing;
    const s = this.settings;
    if (!s) return html`<p role=${this.error ? 'alert' : 'status'}>${this.error || this.a('common.loading')}</p>`;
    return html`
      <form class="card" @submit=${this.save} aria-labelledby="settings-title">
        <h2 id="settings-title">${this.a('nav.settings')}</h2>
        <div class="row">
          <label class="field"><span>${this.a('settings.name')}</span><input name="name" required .value=${s.name} /></label>
          ${this.picker('timeZone', this.a('settings.timeZone'), s.timeZone)}
          ${this.picker('currency', this.a('purchase.currency'), s.currency)}
        </div>
        <label class="field"><span>${this.a('settings.origins')}</span><input name="origins" dir="ltr" .value=${s.allowedOrigins.join(' ')} /></label>
        <div class="row">
          <label class="field"><span>${this.a('settings.retention')}</span><input name="retention" type="number" min="0" max="3650" .value=${String(s.retentionDays)} /></label>
          <label class="field"><span>${this.a('settings.affiliateParams')}</span><input name="affiliateParams" dir="ltr" .value=${s.affiliateParams.join(' ')} /></label>
          <label class="field"><span>${this.a('settings.emailFrom')}</span><input name="emailFrom" type="email" dir="ltr" .value=${s.emailFrom ?? ''} /></label>
          <label class="field"><span>${this.a('settings.adminUrl')}</span><input name="adminUrl" type="url" dir="ltr" .value=${s.adminUrl ?? ''} /></label>
        </div>
        <label class="field"><span>${this.a('settings.lostReasons')}</span><textarea name="lostReasons" rows="4" maxlength="5100" .value=${s.lostReasons.join('\n')}></textarea></label>
        <p class="muted">${this.a('settings.scriptOptions')} <code dir="ltr">data-consent="required" data-vitals="0.1"</code></p>
        <fieldset class="row"><legend>${this.a('settings.limits')}</legend>
          ${(['leads', 'tickets', 'messages', 'feedback', 'events'] as const).map(
            (k) =>
              html`<label class="field"><span>${this.a(`settings.limit.${k}`)}</span><input name="limit-${k}" type="number" required min=${k === 'events' ? 0 : 1} max="10000000" class="w7" .value=${String(s.rateLimits[k])} /></label>`,
          )}
        </fieldset>
        <fieldset class="row"><legend>${this.a('settings.turnstile')}</legend>
          <label class="field"><span>${this.a('settings.turnstileSiteKey')}</span><input name="turnstileSiteKey" dir="ltr" .value=${s.turnstileSiteKey ?? ''} /></label>
          <label class="field"><span>${this.a(s.turnstileSecretSet ? 'settings.turnstileSecretSet' : 'settings.turnstileSecret')}</span><input name="turnstileSecret" type="password" autocomplete="off" dir="ltr" /></label>
          ${s.turnstileSecretSet ? html`<label><input type="checkbox" name="turnstileClear" /> ${this.a('settings.turnstileClear')}</label>` : nothing}
        </fieldset>
        <div class="row"><button class="primary">${this.a('common.save')}</button></div>
      </form>
      <section class="card" aria-labelledby="webhooks-title">
        <h2 id="webhooks-title">${this.a('settings.webhooks')}</h2>
        <form class="row" @submit=${this.addWebhook}>
          <label class="field grow"><span>${this.a('settings.webhookUrl')}</span><input name="url" type="url" required dir="ltr" /></label>
          <label class="field"><span>${this.a('settings.webhookEvents')}</span><select name="events"><option value="">${this.a('common.all')}</option>
            ${webhookEvents.map((v) => html`<option value=${v}>${v}</option>`)}</select></label>
          <button class="primary">${this.a('common.add')}</button>
        </form>
        ${this.secret ? html`<p role="status">${this.a('settings.secret')} <code dir="ltr">${this.secret}</code></p>` : nothing}
        <ul>${this.webhooks.map(
          (w) => html`<li><span dir="ltr">${w.url}</span> <span class="muted">${w.events.join(', ')}</span>
          <button @click=${() => this.showDeliveries(w.id)}>${this.a('settings.deliveries')}</button>
          ${this.deleteButton(`/v1/admin/webhooks/${w.id}`, w.url, () => this.load())}
          ${
            this.deliveries[w.id]
              ? html`<table><tbody>${this.deliveries[w.id]!.map(
                  (
                    d,
                  ) => html`<tr><td>${d.eventType}</td><td>${d.status}</td><td>${d.lastStatus ?? d.lastError ?? ''}</td><td>${this.date(d.createdAt, true)}</td>
            <td>${d.status !== 'delivered' ? html`<button @click=${() => this.run(() => this.client.post(`/v1/admin/deliveries/${d.id}/retry`, {})).then(() => this.showDeliveries(w.id))}>${this.a('common.retry')}</button>` : nothing}</td></tr>`,
                )}</tbody></table>`
              : nothing
          }</li>`,
        )}</ul>
      </section>
      <section class="card" aria-labelledby="emails-title">
        <h2 id="emails-title">${this.a('settings.emails')}</h2>
        ${this.me.emailEnabled ? nothing : html`<p class="muted" role="note">${this.a('notify.off')}</p>`}
        ${
          this.emails.length
            ? html`<table><thead><tr><th>${this.a('tickets.updated')}</th><th>${this.a('settings.what')}</th><th>${this.a('contact.email')}</th><th>${this.a('tickets.status')}</th></tr></thead>
              <tbody>${this.emails.map((m) => html`<tr><td>${this.date(m.createdAt, true)}</td><td dir="ltr">${m.template}</td><td dir="ltr">${m.to}</td><td>${m.status}${m.lastError ? html` <span class="muted">(${m.attempts}: ${m.lastError})</span>` : nothing}</td></tr>`)}</tbody></table>`
            : html`<p class="muted">${this.a('settings.noEmails')}</p>`
        }
      </section>
      <section class="card" aria-labelledby="audit-title">
        <h2 id="audit-title">${this.a('settings.audit')}</h2>
        ${
          this.audit.length
            ? html`<table><thead><tr><th>${this.a('tickets.updated')}</th><th>${this.a('settings.who')}</th><th>${this.a('settings.what')}</th><th>${this.a('settings.target')}</th></tr></thead>
              <tbody>${this.audit.map((a) => html`<tr><td>${this.date(a.at, true)}</td><td>${this.bdi(a.userName)}</td><td dir="ltr">${a.action}</td><td dir="ltr" class="muted">${a.target ?? ''}</td></tr>`)}</tbody></table>`
            : html`<p class="muted">${this.a('settings.noAudit')}</p>`
        }
      </section>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
    `;
  }
}

if (!customElements.get('leadline-admin-settings')) customElements.define('leadline-admin-settings', AdminSettingsView);
