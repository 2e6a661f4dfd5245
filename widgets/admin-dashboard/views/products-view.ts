import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import type { Product } from '../../../server/schemas/sales.ts';
import { AdminElement } from '../admin-element.ts';
import styles from '../admin-dashboard.styles.ts';

/** The product catalogue; owners add, edit and archive products (archived ones stay on past purchases). */
export class AdminProductsView extends AdminElement {
  static override styles = styles;
  @state() private products: Product[] | null = null;
  /** The product being edited in its row. */
  @state() private editing: string | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    const r = await this.run(() => this.client.get<{ products: Product[] }>('/v1/admin/products'));
    if (r) this.products = r.products;
  }

  /** A product's fields from the add or edit form, the price in minor units of its currency. */
  private body(el: HTMLFormElement) {
    const d = Object.fromEntries(new FormData(el).entries()) as Record<string, string>;
    const currency = d.currency!.trim().toUpperCase();
    const digits =
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    return {
      name: d.name,
      currency,
      price: Math.round(Number(d.price) * 10 ** digits),
      ...(d.sku && { sku: d.sku }),
      ...(d.contract && { contractMonths: Number(d.contract) }),
    };
  }

  private async add(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const el = e.target as HTMLFormElement;
    if ((await this.run(() => this.client.post('/v1/admin/products', this.body(el)))) !== undefined)
      (el.reset(), await this.load());
  }

  private async change(p: Product, body: Partial<Product>): Promise<void> {
    if ((await this.run(() => this.client.patch(`/v1/admin/products/${p.id}`, body))) !== undefined)
      ((this.editing = null), await this.load());
  }

  /** The add form's fields, or an existing product's to edit it. */
  private fields(p?: Product) {
    const major = p
      ? (
          p.price /
          10 **
            (new Intl.NumberFormat('en', { style: 'currency', currency: p.currency }).resolvedOptions()
              .maximumFractionDigits ?? 2)
        ).toString()
      : '';
    return html`<label class="field"
        ><span>${this.a('products.name')}</span><input name="name" required maxlength="200" .value=${p?.name ?? ''}
      /></label>
      <label class="field"
        ><span>${this.a('products.sku')}</span><input name="sku" maxlength="100" size="10" .value=${p?.sku ?? ''}
      /></label>
      <label class="field"
        ><span>${this.a('products.price')}</span
        ><input name="price" required inputmode="decimal" pattern="[0-9]+([.][0-9]{1,3})?" size="8" .value=${major}
      /></label>
      <label class="field"
        ><span>${this.a('purchase.currency')}</span
        ><input name="currency" required maxlength="3" size="4" .value=${p?.currency ?? this.me.site.currency}
      /></label>
      <label class="field"
        ><span>${this.a('products.contract')}</span
        ><input
          class="w6"
          name="contract"
          type="number"
          min="1"
          max="120"
          .value=${p?.contractMonths?.toString() ?? ''}
      /></label>`;
  }

  private row(p: Product, owner: boolean) {
    if (this.editing === p.id)
      return html`<tr>
        <td colspan="5">
          <form
            class="row"
            aria-label="${this.a('edit.edit')}: ${p.name}"
            @submit=${(e: SubmitEvent) => (e.preventDefault(), this.change(p, this.body(e.target as HTMLFormElement)))}
          >
            ${this.fields(p)}<button class="primary">${this.a('common.save')}</button>
            <button type="button" @click=${() => (this.editing = null)}>${this.a('common.cancel')}</button>
          </form>
        </td>
      </tr>`;
    return html`<tr class=${p.active ? '' : 'muted'}>
      <td>${p.name}${p.active ? nothing : html` <span class="muted">(${this.a('edit.archived')})</span>`}</td>
      <td dir="ltr">${p.sku ?? '—'}</td>
      <td>${this.money(p.price, p.currency)}</td>
      <td>${p.contractMonths ?? '—'}</td>
      ${
        owner
          ? html`<td>
              <button
                type="button"
                aria-label="${this.a('edit.edit')}: ${p.name}"
                @click=${() => (this.editing = p.id)}
              >
                ${this.a('edit.edit')}
              </button>
              <button
                type="button"
                aria-label="${this.a(p.active ? 'edit.archive' : 'edit.restore')}: ${p.name}"
                @click=${() => this.change(p, { active: !p.active })}
              >
                ${this.a(p.active ? 'edit.archive' : 'edit.restore')}
              </button>
            </td>`
          : nothing
      }
    </tr>`;
  }

  override render() {
    if (!this.adminMessages) return nothing;
    const owner = this.userRole === 'owner';
    return html`<section class="card" aria-labelledby="products-title">
      <h2 id="products-title">${this.a('nav.products')}</h2>
      ${
        owner
          ? html`<form class="row" @submit=${this.add}>
              ${this.fields()}
              <button class="primary">${this.a('common.add')}</button>
            </form>`
          : nothing
      }
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${
        !this.products
          ? html`<p role="status">${this.a('common.loading')}</p>`
          : !this.products.length
            ? html`<p role="status">${this.a('products.none')}</p>`
            : html`<table>
                <thead>
                  <tr>
                    <th>${this.a('products.name')}</th>
                    <th>${this.a('products.sku')}</th>
                    <th>${this.a('products.price')}</th>
                    <th>${this.a('products.contract')}</th>
                    ${owner ? html`<th><span class="sr">${this.a('edit.edit')}</span></th>` : nothing}
                  </tr>
                </thead>
                <tbody>
                  ${this.products.map((p) => this.row(p, owner))}
                </tbody>
              </table>`
      }
    </section>`;
  }
}

if (!customElements.get('leadline-admin-products')) customElements.define('leadline-admin-products', AdminProductsView);
