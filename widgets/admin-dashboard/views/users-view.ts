import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import type { User } from '../../../server/schemas/sales.ts';
import type { Role } from '../../../server/schemas/users.ts';
import { AdminElement } from '../admin-element.ts';
import styles from '../admin-dashboard.styles.ts';

interface TokenInfo {
  id: number;
  userId: number;
  userName: string;
  role: Role;
  label: string | null;
  createdAt: number;
  expiresAt: number | null;
  lastUsedAt: number | null;
}
const roles: Role[] = ['owner', 'rep', 'viewer', 'integration'];

type Confirming = { user: User; action: 'reset' | 'signout' };

/** Owners: users and roles, invite links, resetting sign-in and ending sessions, tokens to revoke. */
export class AdminUsersView extends AdminElement {
  static override styles = styles;
  @state() private users: User[] | null = null;
  @state() private tokens: TokenInfo[] = [];
  @state() private invite: { name: string; link: string } | null = null;
  @state() private done = '';

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    await this.run(async () => {
      const [u, t] = await Promise.all([
        this.client.get<{ users: User[] }>('/v1/admin/users'),
        this.client.get<{ tokens: TokenInfo[] }>('/v1/admin/tokens'),
      ]);
      this.users = u.users;
      this.tokens = t.tokens;
    });
  }

  private async add(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const el = e.target as HTMLFormElement;
    const d = Object.fromEntries(new FormData(el).entries());
    const r = await this.run(() => this.client.post<{ user: User; invite: string }>('/v1/admin/users', d));
    if (r) {
      this.invite = { name: r.user.name, link: `${location.href.split('#')[0]}#invite=${r.invite}` };
      el.reset();
      await this.load();
    }
  }

  private async removeUser(u: User): Promise<void> {
    if (!(await this.confirmed(this.a('edit.removeUser', { name: u.name }), this.a('users.remove')))) return;
    await this.run(() => this.client.del(`/v1/admin/users/${u.id}`));
    await this.load();
  }

  /**
   * Revoking asks once; revoking one of your own tokens (perhaps the one this page uses) asks a
   * second time, in words that say you may lock yourself out. Removing yourself is not offered
   * (the server refuses it too).
   */
  private async revoke(t: TokenInfo): Promise<void> {
    if (!(await this.confirmed(this.a('edit.revokeToken', { name: t.userName }), this.a('users.revoke')))) return;
    const mine = t.userId === this.me.user.id;
    if (
      mine &&
      !(await this.confirmed(this.a('edit.ownToken'), this.a('edit.revokeMine'), { title: this.a('edit.ownTitle') }))
    )
      return;
    await this.run(() => this.client.del(`/v1/admin/tokens/${t.id}`));
    await this.load();
  }

  /** Runs the confirmed action: reset (emails a sign-in link when email is set up) or sign out everywhere. */
  private async confirm({ user, action }: Confirming): Promise<void> {
    this.done = '';
    if (action === 'signout') {
      const signout = () => this.client.post(`/v1/admin/users/${user.id}/signout-everywhere`, {});
      const ok = await this.run(async () => (await signout(), true));
      if (ok) this.done = this.a('users.signedOut', { name: user.name });
      return;
    }
    const body = { sendLink: this.me.emailEnabled, page: location.href };
    const path = `/v1/admin/users/${user.id}/reset-signin`;
    const r = await this.run(() => this.client.post<{ linkSent: boolean }>(path, body));
    if (r) this.done = this.a(r.linkSent ? 'users.resetLinkSent' : 'users.resetDone', { name: user.name });
  }

  /** A button that asks for a confirmation of `action` on `user` (the one confirmation dialog), then does it. */
  private ask(user: User, action: Confirming['action'], label: 'users.resetSignin' | 'users.signoutEverywhere') {
    const question = this.a(action === 'reset' ? 'users.confirmReset' : 'users.confirmSignout', { name: user.name });
    const ask = async () => (await this.confirmed(question, this.a(label))) && this.confirm({ user, action });
    return html`<button aria-label="${this.a(label)}: ${user.name}" @click=${ask}>${this.a(label)}</button>`;
  }

  override render() {
    if (!this.adminMessages) return nothing;
    return html`<section class="card" aria-labelledby="users-title">
      <h2 id="users-title">${this.a('nav.users')}</h2>
      <form class="row" @submit=${this.add} aria-label=${this.a('users.invite')}>
        <label class="field"><span>${this.a('contact.name')}</span><input name="name" required maxlength="200" /></label>
        <label class="field"><span>${this.a('contact.email')}</span><input name="email" type="email" required dir="ltr" /></label>
        <label class="field"><span>${this.a('users.role')}</span><select name="role">${roles.map((r) => html`<option value=${r} ?selected=${r === 'rep'}>${this.a(`role.${r}`)}</option>`)}</select></label>
        <button class="primary">${this.a('users.invite')}</button>
      </form>
      ${this.invite ? html`<p role="status">${this.a('users.inviteLink', { name: this.invite.name })} <input class="wfull" readonly aria-label=${this.a('users.invite')} .value=${this.invite.link} dir="ltr" /></p>` : nothing}
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${this.done ? html`<p role="status" class="ok">${this.done}</p>` : nothing}
      ${
        !this.users
          ? html`<p role="status">${this.a('common.loading')}</p>`
          : html`<table>
            <thead><tr><th>${this.a('contact.name')}</th><th>${this.a('contact.email')}</th><th>${this.a('users.role')}</th><th><span class="sr">${this.a('users.remove')}</span></th></tr></thead>
            <tbody>${this.users.map(
              (u) => html`<tr><td>${u.name}</td><td dir="ltr">${u.email ?? '—'}</td>
                <td><select aria-label="${this.a('users.role')}: ${u.name}" ?disabled=${u.id === this.me.user.id}
                  @change=${(e: Event) => this.run(() => this.client.patch(`/v1/admin/users/${u.id}`, { role: (e.target as HTMLSelectElement).value })).then(() => this.load())}>
                  ${roles.map((r) => html`<option value=${r} ?selected=${u.role === r}>${this.a(`role.${r}`)}</option>`)}</select></td>
                <td>${
                  u.id === this.me.user.id
                    ? nothing
                    : html`<span class="row">
                      ${this.ask(u, 'reset', 'users.resetSignin')} ${this.ask(u, 'signout', 'users.signoutEverywhere')}
                      <button aria-label="${this.a('users.remove')}: ${u.name}" @click=${() => this.removeUser(u)}>
                        ${this.a('users.remove')}
                      </button>
                    </span>`
                }</td></tr>`,
            )}</tbody>
          </table>`
      }
      <h3>${this.a('users.tokens')}</h3>
      <table>
        <thead><tr><th>${this.a('contact.name')}</th><th>${this.a('users.role')}</th><th>${this.a('users.lastUsed')}</th><th><span class="sr">${this.a('users.revoke')}</span></th></tr></thead>
        <tbody>${this.tokens.map(
          (
            t,
          ) => html`<tr><td>${t.userName}${t.label ? html` <span class="muted">(${t.label})</span>` : nothing}</td><td>${this.a(`role.${t.role}`)}</td><td>${this.date(t.lastUsedAt, true)}</td>
            <td><button @click=${() => this.revoke(t)}>${this.a('users.revoke')}</button></td></tr>`,
        )}</tbody>
      </table>
    </section>`;
  }
}

if (!customElements.get('leadline-admin-users')) customElements.define('leadline-admin-users', AdminUsersView);
