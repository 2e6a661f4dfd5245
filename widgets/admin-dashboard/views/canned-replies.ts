import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import type { cannedReply } from '../../../server/schemas/settings.ts';
import type { z } from 'zod';
import { AdminElement } from '../admin-element.ts';
import styles from '../admin-dashboard.styles.ts';

type Canned = z.infer<typeof cannedReply>;
const locales = ['en', 'ar', 'ur'] as const;

declare global {
  interface HTMLElementEventMap {
    'leadline-canned-change': CustomEvent<{ replies: Canned[] }>;
  }
}

/**
 * Canned replies of the support inbox: reps and owners add, edit and delete them (deleting asks first).
 *
 * @fires leadline-canned-change - with the list after every change, so the reply box offers the new ones
 */
export class AdminCannedReplies extends AdminElement {
  static override styles = styles;
  @state() private replies: Canned[] | null = null;
  /** The reply being edited; '' a new one; null none. */
  @state() private editing: string | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    const r = await this.run(() => this.client.get<{ replies: Canned[] }>('/v1/admin/canned-replies'));
    if (!r) return;
    this.replies = r.replies;
    this.dispatchEvent(
      new CustomEvent('leadline-canned-change', { detail: { replies: r.replies }, bubbles: true, composed: true }),
    );
  }

  private async save(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const body = Object.fromEntries(new FormData(e.target as HTMLFormElement).entries());
    const id = this.editing;
    const saved = await this.run(() =>
      id
        ? this.client.patch(`/v1/admin/canned-replies/${id}`, body)
        : this.client.post('/v1/admin/canned-replies', body),
    );
    if (saved !== undefined) ((this.editing = null), await this.load());
  }

  private editor(c?: Canned) {
    return html`<form
      class="stack"
      aria-label=${c ? `${this.a('edit.edit')}: ${c.title}` : this.a('edit.canned')}
      @submit=${this.save}
    >
      <div class="row">
        <label class="field grow"
          ><span>${this.a('kb.titleField')}</span
          ><input name="title" required maxlength="200" dir="auto" .value=${c?.title ?? ''}
        /></label>
        <label class="field"
          ><span>${this.a('kb.locale')}</span
          ><select name="locale">
            ${locales.map((l) => html`<option value=${l} ?selected=${(c?.locale ?? this.activeLocale) === l}>${l}</option>`)}
          </select></label
        >
      </div>
      <label class="field"
        ><span>${this.a('edit.cannedBody')}</span
        ><textarea name="body" required maxlength="10000" dir="auto" .value=${c?.body ?? ''}></textarea>
      </label>
      <div class="row">
        <button class="primary">${this.a('common.save')}</button>
        <button type="button" @click=${() => (this.editing = null)}>${this.a('common.cancel')}</button>
      </div>
    </form>`;
  }

  override render() {
    if (!this.adminMessages) return nothing;
    return html`<section class="card" aria-labelledby="canned-title">
      <div class="row spread">
        <h2 id="canned-title">${this.a('edit.canned')}</h2>
        ${this.canEdit ? html`<button class="primary" @click=${() => (this.editing = '')}>${this.a('common.add')}</button>` : nothing}
      </div>
      ${this.editing === '' ? this.editor() : nothing}
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${
        !this.replies
          ? html`<p role="status">${this.a('common.loading')}</p>`
          : !this.replies.length
            ? html`<p role="status">${this.a('common.empty')}</p>`
            : html`<ul class="plain-list">
                ${this.replies.map(
                  (c) =>
                    html`<li>
                      ${
                        this.editing === c.id
                          ? this.editor(c)
                          : html`<bdi>${c.title}</bdi> <span class="muted">(${c.locale})</span> ${
                              this.canEdit
                                ? html`<button
                                        type="button"
                                        aria-label="${this.a('edit.edit')}: ${c.title}"
                                        @click=${() => (this.editing = c.id)}
                                      >
                                        ${this.a('edit.edit')}
                                      </button>
                                      ${this.deleteButton(`/v1/admin/canned-replies/${c.id}`, c.title, () => this.load())}`
                                : nothing
                            }`
                      }
                    </li>`,
                )}
              </ul>`
      }
    </section>`;
  }
}

if (!customElements.get('leadline-admin-canned-replies'))
  customElements.define('leadline-admin-canned-replies', AdminCannedReplies);
