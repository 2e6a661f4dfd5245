import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { AdminElement } from '../admin-element.ts';
import styles from '../admin-dashboard.styles.ts';
import { dealsApi, type Deal, type Pipeline } from './deals-api.ts';

/**
 * A contact's deals on the contact page (title, stage, amount, close date; each a link to the deal) and a
 * "New deal" link that starts the deal form with this contact (the list's `contact` filter, in every pipeline).
 */
export class AdminContactDeals extends AdminElement {
  static override styles = styles;
  @property({ attribute: 'contact-id' }) contactId = '';
  @state() private deals: Deal[] | null = null;
  @state() private pipelines: Pipeline[] = [];

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    const api = dealsApi(this.client);
    await this.run(async () => {
      const { pipelines } = await api.pipelines();
      const pages = await Promise.all(
        pipelines.map((p) => api.deals({ pipeline: p.id, contact: this.contactId, limit: 200 })),
      );
      this.pipelines = pipelines;
      this.deals = pages.flatMap((p) => p.deals);
    });
  }

  override render() {
    if (!this.adminMessages) return nothing;
    const stage = (d: Deal) =>
      this.pipelines.find((p) => p.id === d.pipelineId)?.stages.find((s) => s.id === d.stageId)?.name;
    return html`<section class="card" aria-labelledby="contact-deals-title">
      <div class="row spread">
        <h3 id="contact-deals-title">${this.a('deals.ofContact')}</h3>
        ${this.canEdit ? html`<a href="#/deals/new?contact=${this.contactId}">${this.a('deals.new')}</a>` : nothing}
      </div>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${
        !this.deals
          ? html`<p role="status">${this.a('common.loading')}</p>`
          : this.deals.length
            ? html`<ul class="plain-list">${this.deals.map(
                (d) => html`<li><a href="#/deals/${d.id}">${this.bdi(d.title)}</a>
                  <span class="muted">· ${this.bdi(stage(d))} · ${this.money(d.amount, d.currency)}</span></li>`,
              )}</ul>`
            : html`<p class="muted">${this.a('deals.noneOfContact')}</p>`
      }
    </section>`;
  }
}

if (!customElements.get('leadline-admin-contact-deals'))
  customElements.define('leadline-admin-contact-deals', AdminContactDeals);
