import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import type { KbArticleAdmin, MdNode } from '../../../server/schemas/kb.ts';
import { renderNodes } from '../../internal/markdown-node.ts';
import { AdminElement } from '../admin-element.ts';
import styles from '../admin-dashboard.styles.ts';

type Draft = { id?: number; locale: 'en' | 'ar' | 'ur'; title: string; body: string; tags: string; published: boolean };
const empty = (): Draft => ({ locale: 'en', title: '', body: '', tags: '', published: true });

/** Knowledge base: articles per locale, a Markdown editor with a live preview from the chat's own node tree. */
export class AdminKbView extends AdminElement {
  static override styles = styles;
  @state() private articles: KbArticleAdmin[] | null = null;
  @state() private draft: Draft | null = null;
  @state() private preview: MdNode[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    const r = await this.run(() => this.client.get<{ articles: KbArticleAdmin[] }>('/v1/admin/kb'));
    if (r) this.articles = r.articles;
  }

  private edit(a?: KbArticleAdmin): void {
    this.draft = a
      ? { id: a.id, locale: a.locale, title: a.title, body: a.body, tags: a.tags.join(', '), published: a.published }
      : empty();
    this.refreshPreview(0);
  }

  private set(patch: Partial<Draft>): void {
    this.draft = { ...this.draft!, ...patch };
    if (patch.body !== undefined) this.refreshPreview();
  }

  private refreshPreview(delay = 300): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(async () => {
      const body = this.draft?.body ?? '';
      const r = await this.client.post<{ body: MdNode[] }>('/v1/admin/kb/preview', { body }).catch(() => null);
      if (r && body === this.draft?.body) this.preview = r.body;
    }, delay);
  }

  private async save(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const d = this.draft!;
    const body = {
      locale: d.locale,
      title: d.title,
      body: d.body,
      tags: d.tags
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean),
      published: d.published,
    };
    const saved = await this.run(() =>
      d.id
        ? this.client.patch<KbArticleAdmin>(`/v1/admin/kb/${d.id}`, body)
        : this.client.post<KbArticleAdmin>('/v1/admin/kb', body),
    );
    if (saved)
      ((this.draft = { ...d, id: saved.id }), this.toast(this.a('common.saved'), e.submitter), await this.load());
  }

  override render() {
    if (!this.adminMessages) return nothing;
    const d = this.draft;
    return html`<section class="card" aria-labelledby="kb-title">
      <div class="row spread">
        <h2 id="kb-title">${this.a('nav.kb')}</h2>
        ${this.canEdit ? html`<button class="primary" @click=${() => this.edit()}>${this.a('kb.new')}</button>` : nothing}
      </div>
      ${
        d
          ? html`<form class="card" @submit=${this.save} aria-label=${this.a('kb.editor')}>
            <div class="row">
              <label class="field"><span>${this.a('kb.locale')}</span><select @change=${(e: Event) => this.set({ locale: (e.target as HTMLSelectElement).value as Draft['locale'] })}>
                ${(['en', 'ar', 'ur'] as const).map((l) => html`<option value=${l} ?selected=${d.locale === l}>${l}</option>`)}</select></label>
              <label class="field grow"><span>${this.a('kb.titleField')}</span><input required maxlength="200" dir="auto" .value=${d.title} @input=${(e: Event) => this.set({ title: (e.target as HTMLInputElement).value })} /></label>
              <label class="field"><span>${this.a('kb.tags')}</span><input .value=${d.tags} @input=${(e: Event) => this.set({ tags: (e.target as HTMLInputElement).value })} /></label>
              <label class="row"><input type="checkbox" .checked=${d.published} @change=${(e: Event) => this.set({ published: (e.target as HTMLInputElement).checked })} /> ${this.a('kb.published')}</label>
            </div>
            <div class="cols-16">
              <label class="field"><span>${this.a('kb.body')}</span><textarea class="tall" dir="auto" .value=${d.body} @input=${(e: Event) => this.set({ body: (e.target as HTMLTextAreaElement).value })}></textarea></label>
              <div class="field"><span>${this.a('kb.preview')}</span>
                <article class="card preview" aria-live="polite" lang=${d.locale} dir=${d.locale === 'en' ? 'ltr' : 'rtl'}><h3>${d.title}</h3>${renderNodes(this.preview)}</article></div>
            </div>
            <div class="row"><button class="primary">${this.a('common.save')}</button><button type="button" @click=${() => (this.draft = null)}>${this.a('common.cancel')}</button></div>
          </form>`
          : nothing
      }
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${
        !this.articles
          ? html`<p role="status">${this.a('common.loading')}</p>`
          : !this.articles.length
            ? html`<p role="status">${this.a('kb.none')}</p>`
            : html`<table><thead><tr><th>${this.a('kb.titleField')}</th><th>${this.a('kb.locale')}</th><th>${this.a('kb.helpful')}</th><th>${this.a('tickets.updated')}</th>${this.canEdit ? html`<th><span class="sr">${this.a('edit.delete')}</span></th>` : nothing}</tr></thead>
              <tbody>${this.articles.map(
                (a) => html`<tr>
                <td>${this.canEdit ? html`<button class="link" @click=${() => this.edit(a)}>${a.title}</button>` : a.title}${a.published ? nothing : html` <span class="muted">(${this.a('kb.draft')})</span>`}</td>
                <td>${a.locale}</td><td>👍 ${a.helpfulYes} · 👎 ${a.helpfulNo}</td><td>${this.date(a.updatedAt)}</td>
                ${this.canEdit ? html`<td>${this.deleteButton(`/v1/admin/kb/${a.id}`, a.title, () => this.load())}</td>` : nothing}</tr>`,
              )}</tbody></table>`
      }
    </section>`;
  }
}

if (!customElements.get('leadline-admin-kb')) customElements.define('leadline-admin-kb', AdminKbView);
