import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import type { Segment, SegmentDefinition, SegmentRule } from '../../../server/schemas/segments.ts';
import { AdminElement } from '../admin-element.ts';
import styles from '../admin-dashboard.styles.ts';

type Field = SegmentRule['field'];
const fields: Field[] = [
  'stage',
  'tag',
  'email',
  'name',
  'company',
  'source',
  'campaign',
  'affiliate',
  'custom',
  'company_name',
  'company_domain',
  'company_industry',
  'company_size',
  'company_custom',
  'event',
  'purchases',
  'revenue',
];
const opsOf = (f: Field): string[] =>
  f === 'stage'
    ? ['is', 'is_not']
    : f === 'tag'
      ? ['has', 'has_not']
      : f === 'event'
        ? ['did', 'did_not']
        : f === 'purchases' || f === 'revenue'
          ? ['gte', 'lte']
          : ['is', 'is_not', 'contains', 'exists', 'not_exists'];
const blank = (field: Field): SegmentRule => {
  const op = opsOf(field)[0]!;
  if (field === 'stage') return { field, op: 'is', value: 'lead' };
  if (field === 'purchases' || field === 'revenue') return { field, op: 'gte', value: 1 };
  if (field === 'custom' || field === 'company_custom') return { field, key: 'plan', op: 'is', value: '' };
  return { field, op, value: '' } as SegmentRule;
};

/** Segments: rules over fields, stage, tags, events and purchases, with a live member count. */
export class AdminSegmentsView extends AdminElement {
  static override styles = styles;
  @state() private segments: Segment[] | null = null;
  @state() private editing: { id?: string; name: string; definition: SegmentDefinition } | null = null;
  @state() private count: number | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    const r = await this.run(() => this.client.get<{ segments: Segment[] }>('/v1/admin/segments'));
    if (r) this.segments = r.segments;
  }

  private edit(s?: Segment): void {
    this.editing = s
      ? { id: s.id, name: s.name, definition: structuredClone(s.definition) }
      : { name: '', definition: { match: 'all', rules: [blank('stage')] } };
    this.recount();
  }

  private change(mutate: (d: SegmentDefinition) => void): void {
    const next = structuredClone(this.editing!);
    mutate(next.definition);
    this.editing = next;
    this.recount();
  }

  private recount(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(async () => {
      const r = await this.client
        .post<{ count: number }>('/v1/admin/segments/preview', this.editing!.definition)
        .catch(() => null);
      this.count = r?.count ?? null;
    }, 250);
  }

  private async save(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const s = this.editing!;
    const saved = await this.run(() =>
      s.id
        ? this.client.patch<Segment>(`/v1/admin/segments/${s.id}`, s)
        : this.client.post<Segment>('/v1/admin/segments', s),
    );
    if (saved) ((this.editing = null), await this.load());
  }

  private renderRule(r: SegmentRule, i: number) {
    const set = (patch: Record<string, unknown>) => this.change((d) => Object.assign(d.rules[i]!, patch));
    const value = 'value' in r ? r.value : '';
    return html`<li class="row">
      <select aria-label=${this.a('segments.field')} @change=${(e: Event) => this.change((d) => (d.rules[i] = blank((e.target as HTMLSelectElement).value as Field)))}>
        ${fields.map((f) => html`<option value=${f} ?selected=${r.field === f}>${this.a(`segments.field.${f}`)}</option>`)}</select>
      ${r.field === 'custom' || r.field === 'company_custom' ? html`<input aria-label=${this.a('segments.key')} dir="ltr" size="10" .value=${r.key} @input=${(e: Event) => set({ key: (e.target as HTMLInputElement).value })} />` : nothing}
      <select aria-label=${this.a('segments.op')} @change=${(e: Event) => set({ op: (e.target as HTMLSelectElement).value })}>
        ${opsOf(r.field).map((o) => html`<option value=${o} ?selected=${r.op === o}>${this.a(`segments.op.${o as 'is'}`)}</option>`)}</select>
      ${
        r.field === 'stage'
          ? html`<select aria-label=${this.a('segments.value')} @change=${(e: Event) => set({ value: (e.target as HTMLSelectElement).value })}>
            ${(['lead', 'prospect', 'customer', 'lost'] as const).map((s) => html`<option value=${s} ?selected=${value === s}>${this.a(`stage.${s}`)}</option>`)}</select>`
          : r.op === 'exists' || r.op === 'not_exists'
            ? nothing
            : html`<input aria-label=${this.a('segments.value')} dir="auto" size="14" type=${r.field === 'purchases' || r.field === 'revenue' ? 'number' : 'text'} .value=${String(value ?? '')}
              @input=${(e: Event) => set({ value: r.field === 'purchases' || r.field === 'revenue' ? Number((e.target as HTMLInputElement).value) : (e.target as HTMLInputElement).value })} />`
      }
      ${
        r.field === 'event'
          ? html`<input class="w6" aria-label=${this.a('segments.withinDays')} type="number" min="1" placeholder=${this.a('segments.withinDays')} .value=${String(r.withinDays ?? '')}
          @input=${(e: Event) => set({ withinDays: Number((e.target as HTMLInputElement).value) || undefined })} />`
          : nothing
      }
      <button type="button" aria-label="${this.a('users.remove')} ${i + 1}" ?disabled=${this.editing!.definition.rules.length === 1} @click=${() => this.change((d) => d.rules.splice(i, 1))}>×</button>
    </li>`;
  }

  override render() {
    if (!this.adminMessages) return nothing;
    const s = this.editing;
    return html`<section class="card" aria-labelledby="segments-title">
      <div class="row spread"><h2 id="segments-title">${this.a('nav.segments')}</h2>
        ${this.canEdit ? html`<button class="primary" @click=${() => this.edit()}>${this.a('segments.new')}</button>` : nothing}</div>
      ${
        s
          ? html`<form class="card" @submit=${this.save} aria-label=${this.a('segments.editor')}>
            <div class="row">
              <label class="field grow"><span>${this.a('segments.name')}</span><input required maxlength="200" dir="auto" .value=${s.name} @input=${(e: Event) => (this.editing = { ...s, name: (e.target as HTMLInputElement).value })} /></label>
              <label class="field"><span>${this.a('segments.match')}</span><select @change=${(e: Event) => this.change((d) => (d.match = (e.target as HTMLSelectElement).value as 'all'))}>
                <option value="all" ?selected=${s.definition.match === 'all'}>${this.a('segments.all')}</option><option value="any" ?selected=${s.definition.match === 'any'}>${this.a('segments.any')}</option></select></label>
            </div>
            <ol class="plain-list">${s.definition.rules.map((r, i) => this.renderRule(r, i))}</ol>
            <div class="row">
              <button type="button" @click=${() => this.change((d) => d.rules.push(blank('tag')))}>${this.a('segments.addRule')}</button>
              <output aria-live="polite">${this.count === null ? '' : this.plural('contacts.count', this.count)}</output>
              <button class="primary">${this.a('common.save')}</button>
            </div>
          </form>`
          : nothing
      }
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${
        !this.segments
          ? html`<p role="status">${this.a('common.loading')}</p>`
          : !this.segments.length
            ? html`<p role="status">${this.a('segments.none')}</p>`
            : html`<table><thead><tr><th>${this.a('segments.name')}</th><th>${this.a('segments.members')}</th>${this.canEdit ? html`<th><span class="sr">${this.a('edit.delete')}</span></th>` : nothing}</tr></thead>
              <tbody>${this.segments.map(
                (
                  g,
                ) => html`<tr><td>${this.canEdit ? html`<button class="link" @click=${() => this.edit(g)}>${g.name}</button>` : g.name}</td>
                <td><a href="#/contacts?segment=${g.id}">${this.plural('contacts.count', g.count)}</a></td>
                ${this.canEdit ? html`<td>${this.deleteButton(`/v1/admin/segments/${g.id}`, g.name, () => this.load())}</td>` : nothing}</tr>`,
              )}</tbody></table>`
      }
    </section>`;
  }
}

if (!customElements.get('leadline-admin-segments')) customElements.define('leadline-admin-segments', AdminSegmentsView);
