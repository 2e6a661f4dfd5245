import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import type { Task } from '../../../server/schemas/sales.ts';
import { AdminElement } from '../admin-element.ts';
import styles from '../admin-dashboard.styles.ts';
import { onLive } from '../live.ts';

/** "My tasks": open follow-ups, overdue first and highlighted. */
export class AdminTasksView extends AdminElement {
  static override styles = styles;
  @state() private tasks: Task[] | null = null;
  @state() private prefs: Record<string, boolean> | null = null;

  private offLive: (() => void) | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
    // A task falling due turns overdue in the list without reload.
    this.offLive = onLive(this.client, (e) => e.type === 'task.due' && void this.load());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.offLive?.();
  }

  private async load(): Promise<void> {
    const r = await this.run(() => this.client.get<{ tasks: Task[] }>('/v1/admin/tasks?assignee=me&status=open'));
    if (r) this.tasks = r.tasks;
    this.prefs = await this.client.get<Record<string, boolean>>('/v1/admin/me/notifications').catch(() => null);
  }

  private async toggle(kind: string, on: boolean): Promise<void> {
    const r = await this.run(() =>
      this.client.request<Record<string, boolean>>('PUT', '/v1/admin/me/notifications', { [kind]: on }),
    );
    if (r) this.prefs = r;
  }

  private async done(t: Task): Promise<void> {
    await this.run(() => this.client.patch(`/v1/admin/tasks/${t.id}`, { done: true }));
    await this.load();
  }

  override render() {
    if (!this.adminMessages) return nothing;
    return html`<section class="card mb" aria-labelledby="my-tasks">
      <h2 id="my-tasks">${this.a('nav.tasks')}</h2>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${
        !this.tasks
          ? html`<p role="status">${this.a('common.loading')}</p>`
          : !this.tasks.length
            ? html`<p role="status">${this.a('tasks.empty')}</p>`
            : html`<table>
              <thead><tr><th>${this.a('tasks.done')}</th><th>${this.a('tasks.title')}</th><th>${this.a('tasks.contact')}</th><th>${this.a('tasks.due')}</th></tr></thead>
              <tbody>${this.tasks.map(
                (t) => html`<tr class=${t.overdue ? 'overdue-row' : ''}>
                  <td><input type="checkbox" aria-label="${this.a('tasks.done')}: ${t.title}" ?disabled=${!this.canEdit} @change=${() => this.done(t)} /></td>
                  <td dir="auto">${t.title}</td>
                  <td><a href="#/contacts/${t.contactId}" dir="auto">${t.contactName ?? '—'}</a></td>
                  <td class=${t.overdue ? 'overdue' : ''}>${t.overdue ? html`${this.a('tasks.overdue')} · ` : nothing}<time>${this.date(t.dueAt)}</time></td>
                </tr>`,
              )}</tbody>
            </table>`
      }
    </section>
    <section class="card" aria-labelledby="notify-title">
      <h2 id="notify-title">${this.a('notify.title')}</h2>
      ${this.me.emailEnabled ? nothing : html`<p class="muted" role="note">${this.a('notify.off')}</p>`}
      ${
        this.prefs
          ? html`<fieldset class="row"><legend class="sr">${this.a('notify.title')}</legend>
            ${(
              ['new_lead', 'new_ticket', 'ticket_assigned', 'customer_reply', 'task_due', 'daily_digest'] as const
            ).map(
              (k) =>
                html`<label><input type="checkbox" .checked=${this.prefs![k] ?? false} ?disabled=${!this.me.emailEnabled} @change=${(e: Event) => this.toggle(k, (e.target as HTMLInputElement).checked)} /> ${this.a(`notify.${k}`)}</label>`,
            )}</fieldset>`
          : nothing
      }
    </section>`;
  }
}

if (!customElements.get('leadline-admin-tasks')) customElements.define('leadline-admin-tasks', AdminTasksView);
