import { html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import type { ContactPage, MergePreview } from '../../../server/schemas/contacts.ts';
import type { AdminKey } from '../../locales/admin/admin-en.ts';
import { AdminElement } from '../admin-element.ts';
import styles from '../admin-dashboard.styles.ts';

declare global {
  interface HTMLElementEventMap {
    'leadline-merged': CustomEvent<void>;
  }
}

/**
 * Merges a duplicate (found by its email) into this contact: the confirmation shows the
 * server's preview — how many browsers, submissions, activities, purchases… move — and the
 * duplicate is deleted only after the user confirms.
 *
 * @fires leadline-merged - after the merge, so the contact page loads again
 */
export class AdminMergePanel extends AdminElement {
  static override styles = styles;
  @property({ attribute: 'contact-id' }) contactId = '';

  private async merge(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const el = e.target as HTMLFormElement;
    const email = String(new FormData(el).get('email') ?? '')
      .trim()
      .toLowerCase();
    const page = await this.run(() =>
      this.client.get<ContactPage>(`/v1/admin/contacts?q=${encodeURIComponent(email)}&limit=20`),
    );
    if (!page) return;
    const dup = page.contacts.find((c) => c.email === email && c.id !== this.contactId);
    if (!dup) return void (this.error = this.a('edit.mergeNotFound'));
    const preview = await this.run(() =>
      this.client.get<MergePreview>(`/v1/admin/contacts/${this.contactId}/merge-preview?from=${dup.id}`),
    );
    if (!preview) return;
    const from = preview.from.email ?? preview.from.name ?? preview.from.id;
    const details = Object.entries(preview.moves)
      .filter(([, n]) => n > 0)
      .map(([table, n]) => this.a(`edit.moves.${table}` as AdminKey, { n }));
    if (
      !(await this.confirmed(this.a('edit.mergeAsk', { from }), this.a('edit.mergeNow'), {
        title: this.a('edit.merge'),
        details,
      }))
    )
      return;
    const merged = await this.run(() =>
      this.client.post(`/v1/admin/contacts/${this.contactId}/merge`, { from: dup.id }),
    );
    if (merged === undefined) return;
    el.reset();
    this.dispatchEvent(new CustomEvent('leadline-merged', { bubbles: true, composed: true }));
  }

  override render() {
    if (!this.adminMessages || !this.canEdit) return nothing;
    return html`<section class="card" aria-labelledby="merge-title">
      <h3 id="merge-title">${this.a('edit.merge')}</h3>
      <form class="row" @submit=${this.merge}>
        <label class="field grow"
          ><span>${this.a('edit.mergeFrom')}</span
          ><input name="email" type="email" required dir="ltr" autocomplete="off"
        /></label>
        <button>${this.a('edit.mergePreview')}</button>
      </form>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
    </section>`;
  }
}

if (!customElements.get('leadline-admin-merge')) customElements.define('leadline-admin-merge', AdminMergePanel);
