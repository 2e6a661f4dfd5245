import { html, nothing, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import type { StageInput } from '../../../server/schemas/deals.ts';
import { AdminElement } from '../admin-element.ts';
import styles from '../admin-dashboard.styles.ts';
import { dealsApi, type Pipeline } from './deals-api.ts';
import { sortStages } from './deals-board.ts';

const stageKinds = ['open', 'won', 'lost'] as const;
/** A stage taken out of the pipeline, and where its deals go (a stage of the same kind). */
type Removed = { id: string; name: string; kind: StageInput['kind']; moveTo: string };
type Draft = { name: string; stages: StageInput[]; removed: Removed[] };

/**
 * Owners edit pipelines: a pipeline's name and its stages in board order (name, probability, kind), moved up or
 * down, added and removed (the server refuses to remove a stage that still holds deals, and says so), and new
 * pipelines, which start with the default stages.
 */
export class AdminPipelinesView extends AdminElement {
  static override styles = styles;
  @state() private pipelines: Pipeline[] | null = null;
  /** The pipeline being edited, as it will be sent. */
  @state() private draft: (Draft & { id: string }) | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    const r = await this.run(() => dealsApi(this.client).pipelines());
    if (r) this.pipelines = r.pipelines;
  }

  private edit(p: Pipeline): void {
    const stages = sortStages(p.stages).map(({ id, name, probability, kind }) => ({ id, name, probability, kind }));
    this.draft = { id: p.id, name: p.name, stages, removed: [] };
  }

  private change(i: number, patch: Partial<StageInput>): void {
    const d = this.draft!;
    this.draft = { ...d, stages: d.stages.map((s, j) => (i === j ? { ...s, ...patch } : s)) };
  }

  /** Moves stage `i` by `by` places and keeps focus on the same button of the moved row when it still exists. */
  private shift(i: number, by: -1 | 1, e: Event): void {
    const d = this.draft!;
    const stages = [...d.stages];
    const [s] = stages.splice(i, 1);
    stages.splice(i + by, 0, s!);
    this.draft = { ...d, stages };
    const which = (e.target as HTMLElement).dataset.dir;
    void this.updateComplete.then(() =>
      this.renderRoot
        .querySelector<HTMLButtonElement>(`tr:nth-child(${i + by + 1}) button[data-dir="${which}"]`)
        ?.focus(),
    );
  }

  /** Takes stage `i` out; a stage that exists keeps a note of where its deals will go. */
  private removeStage(i: number): void {
    const d = this.draft!;
    const s = d.stages[i]!;
    const stages = d.stages.filter((_, j) => j !== i);
    const moveTo = stages.find((o) => o.id && o.kind === s.kind)?.id ?? '';
    const removed = s.id ? [...d.removed, { id: s.id, name: s.name, kind: s.kind, moveTo }] : d.removed;
    this.draft = { ...d, stages, removed };
  }

  /** Removes the stages taken out (their deals moved first, each move in the deals' history), then saves the rest. */
  private async save(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const d = this.draft!;
    const saved = await this.run(async () => {
      for (const r of d.removed)
        await this.client.del(`/v1/admin/pipelines/${d.id}/stages/${r.id}${r.moveTo ? `?moveTo=${r.moveTo}` : ''}`);
      return this.client.patch(`/v1/admin/pipelines/${d.id}`, { name: d.name, stages: d.stages });
    });
    if (saved !== undefined) ((this.draft = null), this.toast(this.a('common.saved'), e.submitter), await this.load());
  }

  private async add(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const name = String(new FormData(form).get('name') ?? '').trim();
    if ((await this.run(() => this.client.post('/v1/admin/pipelines', { name }))) !== undefined)
      (form.reset(), await this.load());
  }

  private renderDraft(d: Draft): TemplateResult {
    const last = d.stages.length - 1;
    return html`<form class="stack" @submit=${this.save} aria-label="${this.a('edit.edit')}: ${d.name}">
      <label class="field"><span>${this.a('pipelines.name')}</span>
        <input required maxlength="100" .value=${d.name} @input=${(e: Event) => (this.draft = { ...this.draft!, name: (e.target as HTMLInputElement).value })} /></label>
      <table>
        <thead><tr><th>${this.a('pipelines.stage')}</th><th>${this.a('deal.probability')}</th><th>${this.a('pipelines.kind')}</th><th><span class="sr">${this.a('pipelines.order')}</span></th></tr></thead>
        <tbody>${d.stages.map(
          (s, i) => html`<tr>
            <td><input required maxlength="100" aria-label="${this.a('pipelines.stage')} ${i + 1}" .value=${s.name}
              @input=${(e: Event) => this.change(i, { name: (e.target as HTMLInputElement).value })} /></td>
            <td><input class="w5" type="number" min="0" max="100" aria-label="${this.a('deal.probability')}: ${s.name}"
              .value=${String(s.probability ?? '')} ?disabled=${s.kind !== 'open'}
              @input=${(e: Event) => this.change(i, { probability: Number((e.target as HTMLInputElement).value) })} /></td>
            <td><select aria-label="${this.a('pipelines.kind')}: ${s.name}" @change=${(e: Event) => this.change(i, { kind: (e.target as HTMLSelectElement).value as StageInput['kind'] })}>
              ${stageKinds.map((k) => html`<option value=${k} ?selected=${s.kind === k}>${this.a(`deal.status.${k}`)}</option>`)}</select></td>
            <td class="row">
              <button type="button" data-dir="up" ?disabled=${i === 0} aria-label="${this.a('deals.up')}: ${s.name}" @click=${(e: Event) => this.shift(i, -1, e)}>↑</button>
              <button type="button" data-dir="down" ?disabled=${i === last} aria-label="${this.a('deals.down')}: ${s.name}" @click=${(e: Event) => this.shift(i, 1, e)}>↓</button>
              <button type="button" class="delete" aria-label="${this.a('edit.delete')}: ${s.name}"
                @click=${() => this.removeStage(i)}>${this.a('edit.delete')}</button>
            </td></tr>`,
        )}</tbody>
      </table>
      ${d.removed.map(
        (r, i) => html`<label class="field"><span>${this.ah('pipelines.moveDeals', { stage: this.bdi(r.name) })}</span>
          <select @change=${(e: Event) => {
            const removed = d.removed.map((x, j) =>
              i === j ? { ...x, moveTo: (e.target as HTMLSelectElement).value } : x,
            );
            this.draft = { ...this.draft!, removed };
          }}>${d.stages
            .filter((s) => s.id && s.kind === r.kind)
            .map(
              (s) => html`<option value=${s.id!} ?selected=${s.id === r.moveTo}>${s.name}</option>`,
            )}</select></label>`,
      )}
      <p class="muted">${this.a('pipelines.rules')}</p>
      <div class="row">
        <button type="button" @click=${() => (this.draft = { ...this.draft!, stages: [...d.stages, { name: '', probability: 50, kind: 'open' }] })}>${this.a('pipelines.addStage')}</button>
        <button class="primary">${this.a('common.save')}</button>
        <button type="button" @click=${() => (this.draft = null)}>${this.a('common.cancel')}</button>
      </div>
    </form>`;
  }

  override render() {
    if (!this.adminMessages) return nothing;
    const list = this.pipelines;
    return html`<p><a href="#/deals">← ${this.a('deal.back')}</a></p>
      <section class="card" aria-labelledby="pipelines-title">
        <h2 id="pipelines-title">${this.a('pipelines.title')}</h2>
        ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
        ${
          !list
            ? html`<p role="status">${this.a('common.loading')}</p>`
            : list.map((p) =>
                this.draft?.id === p.id
                  ? this.renderDraft(this.draft)
                  : html`<div class="row spread"><h3>${this.bdi(p.name)}</h3>
                    <span class="muted">${sortStages(p.stages)
                      .map((s) => s.name)
                      .join(' → ')}</span>
                    ${this.userRole === 'owner' ? html`<button type="button" aria-label="${this.a('edit.edit')}: ${p.name}" @click=${() => this.edit(p)}>${this.a('edit.edit')}</button>` : nothing}</div>`,
              )
        }
        ${
          this.userRole === 'owner'
            ? html`<form class="row" @submit=${this.add}>
              <label class="field grow"><span>${this.a('pipelines.new')}</span><input name="name" required maxlength="100" /></label>
              <button class="primary">${this.a('common.add')}</button></form>`
            : nothing
        }
      </section>`;
  }
}

if (!customElements.get('leadline-admin-pipelines'))
  customElements.define('leadline-admin-pipelines', AdminPipelinesView);
