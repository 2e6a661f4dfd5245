import { css, html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import type { AdminKey } from '../locales/admin/admin-en.ts';
import { AdminElement } from './admin-element.ts';
import styles from './admin-dashboard.styles.ts';
import { onLive, type LiveUpdate } from './live.ts';

/** What the bell can show; each kind has a switch. */
const kinds = ['ticket', 'message', 'lead', 'assigned', 'task'] as const;
type Kind = (typeof kinds)[number];
/** Each kind's switch on the server (`inApp` of /v1/admin/me/notifications, beside the email ones). */
const switchOf = {
  ticket: 'new_ticket',
  message: 'customer_reply',
  lead: 'new_lead',
  assigned: 'ticket_assigned',
  task: 'task_due',
} as const satisfies Record<Kind, string>;
type Switches = Partial<Record<(typeof switchOf)[Kind], boolean>>;

interface Item {
  id: string;
  kind: Kind;
  text: string;
  href: string;
  at: number;
  read: boolean;
}

const MAX_ITEMS = 30;

/** The bell item for a live event, when it is one. */
function itemOf(e: LiveUpdate): (Omit<Item, 'text' | 'at' | 'read'> & { vars: Record<string, string> }) | null {
  switch (e.type) {
    case 'ticket.created':
      return {
        id: `t:${e.data.ticketId}`,
        kind: 'ticket',
        href: `#/tickets/${e.data.ticketId}`,
        vars: { tn: e.data.trackingNumber },
      };
    case 'ticket.message':
      return e.data.from === 'visitor'
        ? {
            id: `m:${e.data.messageId}`,
            kind: 'message',
            href: `#/tickets/${e.data.ticketId}`,
            vars: { tn: e.data.trackingNumber },
          }
        : null;
    case 'lead.created':
      return {
        id: `l:${e.data.contactId}:${Date.now()}`,
        kind: 'lead',
        href: `#/contacts/${e.data.contactId}`,
        vars: {},
      };
    case 'notification':
      return {
        id: `a:${e.data.ticketId}:${Date.now()}`,
        kind: 'assigned',
        href: `#/tickets/${e.data.ticketId}`,
        vars: { subject: e.data.subject },
      };
    case 'task.due':
      return { id: `k:${e.data.taskId}`, kind: 'task', href: '#/tasks', vars: { title: e.data.title } };
    default:
      return null;
  }
}

/**
 * The header bell: what happened while the admin was open (new requests,
 * visitors' messages, leads, tickets assigned to me, tasks due), unread ones
 * counted on the bell and in the tab title; a switch per kind, and browser
 * notifications once the user turned them on (the permission is asked on
 * that click). Items are kept for this tab (sessionStorage); the kind
 * switches are the user's, on the server (the server leaves out the
 * `notification` events switched off); the browser-notification choice
 * belongs to this browser (localStorage), like its permission.
 *
 * @tag leadline-admin-bell
 */
export class AdminBell extends AdminElement {
  static override styles = [
    styles,
    css`
      :host {
        position: relative;
        display: inline-block;
      }
      .panel {
        position: absolute;
        inset-inline-end: 0;
        inset-block-start: 2.2rem;
        z-index: 10;
        inline-size: min(22rem, 90vw);
        background: var(--leadline-surface, #fff);
        border: 1px solid var(--_line);
        border-radius: var(--_radius);
        padding: 0.75rem;
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      li {
        padding-block: 0.3rem;
        border-block-end: 1px solid var(--_line);
      }
      li.unread a {
        font-weight: 600;
      }
      fieldset {
        border: 0;
        padding: 0;
        margin-block-start: 0.5rem;
      }
    `,
  ];
  @state() private items: Item[] = [];
  @state() private off = new Set<Kind>();
  @state() private desktop = false;
  @state() private open = false;
  private offLive: (() => void) | undefined;
  private pageTitle = '';

  private get key(): string {
    return `leadline-bell:${this.me?.site.key ?? ''}:${this.me?.user.id ?? ''}`;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.pageTitle = document.title;
    try {
      const saved = JSON.parse(sessionStorage.getItem(this.key) ?? 'null') as { items: Item[] } | null;
      const prefs = JSON.parse(localStorage.getItem(this.key) ?? 'null') as { desktop: boolean } | null;
      this.items = saved?.items ?? [];
      this.desktop = !!prefs?.desktop && typeof Notification !== 'undefined' && Notification.permission === 'granted';
    } catch {
      // Storage refused (sandboxed page): the bell works for this page only.
    }
    this.listen();
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    super.willUpdate(changed);
    if (changed.has('client') && this.isConnected) this.listen();
  }

  private listen(): void {
    this.offLive?.();
    this.offLive = this.client ? onLive(this.client, this.onLive) : undefined;
    if (this.client) void this.loadSwitches();
  }

  private async loadSwitches(): Promise<void> {
    const prefs = await this.client.get<{ inApp: Switches }>('/v1/admin/me/notifications').catch(() => null);
    if (prefs) this.applySwitches(prefs.inApp);
  }

  private applySwitches(on: Switches): void {
    this.off = new Set(kinds.filter((k) => on[switchOf[k]] === false));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.offLive?.();
    document.title = this.pageTitle;
  }

  private onLive = (e: LiveUpdate) => {
    const found = itemOf(e);
    if (!found || this.off.has(found.kind) || this.items.some((i) => i.id === found.id)) return;
    const { vars, ...rest } = found;
    const item: Item = { ...rest, text: this.a(`bell.${found.kind}` as AdminKey, vars), at: Date.now(), read: false };
    this.items = [item, ...this.items].slice(0, MAX_ITEMS);
    this.save();
    if (this.desktop && document.hidden && typeof Notification !== 'undefined' && Notification.permission === 'granted')
      new Notification(this.me.site.name, { body: item.text, tag: item.id });
  };

  private get unread(): number {
    return this.items.filter((i) => !i.read).length;
  }

  private save(): void {
    try {
      sessionStorage.setItem(this.key, JSON.stringify({ items: this.items }));
      localStorage.setItem(this.key, JSON.stringify({ desktop: this.desktop }));
    } catch {
      // As above: this page only.
    }
  }

  protected override updated(): void {
    const n = this.unread;
    document.title = n ? `(${n}) ${this.pageTitle}` : this.pageTitle;
  }

  private toggle(): void {
    this.open = !this.open;
    // Closing the bell after looking marks what it showed as read.
    if (!this.open) ((this.items = this.items.map((i) => ({ ...i, read: true }))), this.save());
  }

  private async switchKind(kind: Kind, on: boolean): Promise<void> {
    const before = this.off;
    const off = new Set(before);
    if (on) off.delete(kind);
    else off.add(kind);
    this.off = off;
    const saved = await this.run(() =>
      this.client.put<{ inApp: Switches }>('/v1/admin/me/notifications', {
        inApp: { [switchOf[kind]]: on },
      }),
    );
    if (saved) this.applySwitches(saved.inApp);
    else this.off = before;
  }

  private async switchDesktop(on: boolean): Promise<void> {
    // The browser asks only now, on the user's own click.
    this.desktop =
      on &&
      typeof Notification !== 'undefined' &&
      (Notification.permission === 'granted' || (await Notification.requestPermission()) === 'granted');
    this.save();
  }

  override render() {
    if (!this.adminMessages) return nothing;
    const n = this.unread;
    const label = n ? this.a('bell.unread', { n }) : this.a('bell.title');
    return html`<button
        aria-expanded=${this.open}
        aria-controls="bell-panel"
        aria-label=${label}
        title=${label}
        @click=${this.toggle}
      >
        🔔${n ? html` <span class="badge">${n}</span>` : nothing}
      </button>
      ${
        this.open
          ? html`<div class="panel" id="bell-panel" role="region" aria-label=${this.a('bell.title')}>
              ${
                this.items.length
                  ? html`<ul>
                      ${this.items.map(
                        (i) =>
                          html`<li class=${i.read ? '' : 'unread'}>
                            <a href=${i.href} @click=${this.toggle}>${i.text}</a>
                            <div class="muted">${this.date(i.at, true)}</div>
                          </li>`,
                      )}
                    </ul>`
                  : html`<p class="muted">${this.a('bell.empty')}</p>`
              }
              ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
              <fieldset>
                <legend>${this.a('bell.show')}</legend>
                ${kinds.map(
                  (k) =>
                    html`<label class="row"
                      ><input
                        type="checkbox"
                        name=${k}
                        .checked=${!this.off.has(k)}
                        @change=${(e: Event) => void this.switchKind(k, (e.target as HTMLInputElement).checked)}
                      />
                      ${this.a(`bell.kind.${k}`)}</label
                    >`,
                )}
                <label class="row"
                  ><input
                    type="checkbox"
                    name="desktop"
                    .checked=${this.desktop}
                    @change=${(e: Event) => void this.switchDesktop((e.target as HTMLInputElement).checked)}
                  />
                  ${this.a('bell.desktop')}</label
                >
              </fieldset>
            </div>`
          : nothing
      }`;
  }
}

if (!customElements.get('leadline-admin-bell')) customElements.define('leadline-admin-bell', AdminBell);

declare global {
  interface HTMLElementTagNameMap {
    'leadline-admin-bell': AdminBell;
  }
}
