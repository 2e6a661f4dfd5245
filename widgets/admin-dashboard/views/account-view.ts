import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { MySessions } from '../../../server/schemas/signin.ts';
import { AdminElement } from '../admin-element.ts';
import styles from '../admin-dashboard.styles.ts';

/** Everyone: where I am signed in (device, last use; revoke), my password, signing out. */
export class AdminAccountView extends AdminElement {
  static override styles = styles;
  /** Ends this browser's session (set by `<leadline-admin>` when it holds one; null with a host-page token). */
  @property({ attribute: false }) signOut: (() => void) | null = null;
  @state() private account: MySessions | null = null;
  @state() private saved = false;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    await this.run(async () => {
      this.account = await this.client.get<MySessions>('/v1/admin/me/sessions');
    });
  }

  private async revoke(id: number): Promise<void> {
    await this.run(() => this.client.del(`/v1/admin/me/sessions/${id}`));
    await this.load();
  }

  private async setPassword(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const d = new FormData(form);
    this.saved = false;
    const body = {
      password: String(d.get('password')),
      ...(d.has('current') && { current: String(d.get('current')) }),
    };
    const done = await this.run(async () => (await this.client.put('/v1/admin/me/password', body), true));
    if (done) {
      form.reset();
      this.saved = true;
      await this.load();
    }
  }

  private currentMark() {
    return html` <strong>(${this.a('account.current')})</strong>`;
  }

  override render() {
    if (!this.adminMessages) return nothing;
    const a = this.account;
    return html`<section class="card" aria-labelledby="account-title">
      <h2 id="account-title">${this.a('nav.account')}</h2>
      <p class="muted">${this.a('auth.as', { name: this.me.user.name, role: this.a(`role.${this.userRole}`) })}</p>
      ${this.signOut ? html`<p><button @click=${this.signOut}>${this.a('auth.signOut')}</button></p>` : nothing}
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      <h3 id="sessions-title">${this.a('account.sessions')}</h3>
      ${
        !a
          ? html`<p role="status">${this.a('common.loading')}</p>`
          : html`<table aria-labelledby="sessions-title">
              <thead>
                <tr>
                  <th>${this.a('account.device')}</th>
                  <th>${this.a('users.lastUsed')}</th>
                  <th><span class="sr">${this.a('users.revoke')}</span></th>
                </tr>
              </thead>
              <tbody>
                ${a.sessions.map(
                  (s) =>
                    html`<tr>
                      <td dir="auto">
                        ${s.device ?? this.a('account.unknownDevice')}${s.current ? this.currentMark() : nothing}
                      </td>
                      <td>${this.date(s.lastUsedAt, true)}</td>
                      <td>
                        ${
                          s.current
                            ? nothing
                            : html`<button
                                @click=${() => this.revoke(s.id)}
                                aria-label="${this.a('users.revoke')}: ${s.device ?? this.a('account.unknownDevice')}"
                              >
                                ${this.a('users.revoke')}
                              </button>`
                        }
                      </td>
                    </tr>`,
                )}
              </tbody>
            </table>`
      }
      <h3 id="password-title">${this.a('auth.password')}</h3>
      <form class="row" @submit=${this.setPassword} aria-labelledby="password-title">
        <p class="muted wfull">${this.a('account.passwordHelp')}</p>
        ${
          a?.hasPassword
            ? html`<label class="field"
                ><span>${this.a('account.currentPassword')}</span
                ><input name="current" type="password" required autocomplete="current-password" dir="ltr"
              /></label>`
            : nothing
        }
        <label class="field"
          ><span>${this.a('account.newPassword')}</span
          ><input
            name="password"
            type="password"
            required
            minlength="10"
            maxlength="256"
            autocomplete="new-password"
            dir="ltr"
        /></label>
        <button class="primary">${this.a('common.save')}</button>
      </form>
      ${this.saved ? html`<p role="status" class="ok">${this.a('account.passwordSaved')}</p>` : nothing}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'leadline-admin-account': AdminAccountView;
  }
}

if (!customElements.get('leadline-admin-account')) customElements.define('leadline-admin-account', AdminAccountView);
