import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { Activity } from '../../../server/schemas/contacts.ts';
import { AdminElement } from '../admin-element.ts';
import styles from '../admin-dashboard.styles.ts';

const kinds = ['call', 'meeting', 'email', 'note'] as const;

declare global {
  interface HTMLElementEventMap {
    'leadline-activities-change': CustomEvent<void>;
  }
}

/** The wall-clock time of `ms` in `timeZone`, as a datetime-local value ("2026-03-04T10:30"). */
function zonedLocal(ms: number, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    })
      .formatToParts(ms)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/** The instant at which the wall clock of `timeZone` shows `local` (a datetime-local value). */
function zonedInstant(local: string, timeZone: string): number {
  const wall = Date.parse(`${local}:00Z`);
  let at = wall;
  // Two steps settle the zone's offset (also next to a DST change).
  for (let i = 0; i < 2; i++) at = wall - (Date.parse(`${zonedLocal(at, timeZone)}:00Z`) - at);
  return at;
}

/**
 * A contact's logged activities: log one (kind, subject, outcome, notes, when in the site's time
 * zone, duration), edit or delete one (deleting asks first).
 *
 * @fires leadline-activities-change - after an activity was logged, changed or deleted
 */
export class AdminActivitiesPanel extends AdminElement {
  static override styles = styles;
  @property({ attribute: 'contact-id' }) contactId = '';
  @state() private activities: Activity[] = [];
  /** The activity in the form; null: a new one. */
  @state() private editing: Activity | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    const r = await this.run(() =>
      this.client.get<{ activities: Activity[] }>(`/v1/admin/contacts/${this.contactId}/activities`),
    );
    if (r) this.activities = r.activities;
  }

  private async changed(): Promise<void> {
    this.editing = null;
    await this.load();
    this.dispatchEvent(new CustomEvent('leadline-activities-change', { bubbles: true, composed: true }));
  }

  private get tz() {
    return this.me.site.timeZone;
  }

  private async save(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const el = e.target as HTMLFormElement;
    const d = Object.fromEntries([...new FormData(el).entries()].map(([k, v]) => [k, String(v).trim()]));
    const editing = this.editing;
    // A new activity leaves out what is blank; an edit clears it.
    const text = (v: string | undefined) => (v ? v : editing ? null : undefined);
    const body = {
      kind: d.kind,
      subject: text(d.subject),
      outcome: text(d.outcome),
      body: text(d.body),
      durationMinutes: d.duration ? Number(d.duration) : editing ? null : undefined,
      ...(d.when && { occurredAt: zonedInstant(d.when, this.tz) }),
    };
    const done = await this.run(() =>
      editing
        ? this.client.patch(`/v1/admin/activities/${editing.id}`, body)
        : this.client.post(`/v1/admin/contacts/${this.contactId}/activities`, body),
    );
    if (done !== undefined) (el.reset(), await this.changed());
  }

  private renderForm() {
    const a = this.editing;
    return html`<form class="stack" @submit=${this.save} aria-labelledby="activity-title">
      <h3 id="activity-title">
        ${a ? `${this.a('edit.edit')}: ${this.a(`activity.${a.kind}`)}` : this.a('activity.log')}
      </h3>
      <div class="row">
        <label class="field"
          ><span>${this.a('activity.kind')}</span
          ><select name="kind">
            ${kinds.map((k) => html`<option value=${k} ?selected=${a?.kind === k}>${this.a(`activity.${k}`)}</option>`)}
          </select></label
        >
        <label class="field grow"
          ><span>${this.a('activity.subject')}</span
          ><input name="subject" maxlength="200" dir="auto" .value=${a?.subject ?? ''}
        /></label>
        <label class="field"
          ><span>${this.a('activity.outcome')}</span
          ><input name="outcome" maxlength="200" dir="auto" .value=${a?.outcome ?? ''}
        /></label>
      </div>
      <div class="row">
        <label class="field"
          ><span>${this.a('edit.when')} <span class="muted" dir="ltr">(${this.tz})</span></span>
          <input name="when" type="datetime-local" .value=${a ? zonedLocal(a.occurredAt, this.tz) : ''}
        /></label>
        <label class="field"
          ><span>${this.a('edit.duration')}</span>
          <input
            name="duration"
            type="number"
            min="0"
            max="1440"
            class="w6"
            .value=${a?.durationMinutes?.toString() ?? ''}
        /></label>
      </div>
      <label class="field"
        ><span>${this.a('activity.body')}</span
        ><textarea name="body" maxlength="20000" dir="auto" .value=${a?.body ?? ''}></textarea>
      </label>
      <div class="row">
        <button class="primary">${this.a('common.save')}</button>
        ${a ? html`<button type="button" @click=${() => (this.editing = null)}>${this.a('common.cancel')}</button>` : nothing}
      </div>
    </form>`;
  }

  override render() {
    if (!this.adminMessages) return nothing;
    const name = (a: Activity) => `${this.a(`activity.${a.kind}`)}${a.subject ? ` — ${a.subject}` : ''}`;
    return html`<section class="card" aria-labelledby="activities-title">
      <h3 id="activities-title">${this.a('edit.activities')}</h3>
      ${this.canEdit ? this.renderForm() : nothing}
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      <ul class="plain-list activities">
        ${this.activities.map(
          (a) =>
            html`<li>
              <strong>${this.a(`activity.${a.kind}`)}</strong>${a.subject ? html` — <bdi>${a.subject}</bdi>` : nothing}
              <span class="muted"
                >${this.date(a.occurredAt, true)}${a.durationMinutes != null ? ` · ${this.a('edit.minutes', { n: a.durationMinutes })}` : ''}</span
              >
              ${
                this.canEdit
                  ? html`<button
                        type="button"
                        aria-label="${this.a('edit.edit')}: ${name(a)}"
                        @click=${() => (this.editing = a)}
                      >
                        ${this.a('edit.edit')}
                      </button>
                      ${this.deleteButton(`/v1/admin/activities/${a.id}`, name(a), () => this.changed())}`
                  : nothing
              }
            </li>`,
        )}
      </ul>
    </section>`;
  }
}

if (!customElements.get('leadline-admin-activities'))
  customElements.define('leadline-admin-activities', AdminActivitiesPanel);
