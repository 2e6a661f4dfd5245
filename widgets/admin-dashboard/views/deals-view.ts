import { css, html, nothing, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import type { User } from '../../../server/schemas/sales.ts';
import { AdminElement } from '../admin-element.ts';
import styles from '../admin-dashboard.styles.ts';
import { onLive, type LiveUpdate } from '../live.ts';
import {
  dropIndex,
  groupByStage,
  keyboardMove,
  moveInColumns,
  placeOf,
  sortStages,
  totalsAfterMove,
  type BoardMove,
} from './deals-board.ts';
import { dealsApi, type Deal, type Pipeline, type Stage, type StageTotals } from './deals-api.ts';

const PAGE = 25;
type Filters = { owner: string; closeMonth: string; source: string };

/**
 * The deals board: a column per stage of the chosen pipeline (count, total and weighted amount), cards in the
 * server's order, filters applied at once. A card moves by drag and drop, by its "Move…" menu, or by Alt+arrow keys
 * (left/right: the neighbouring stage on screen, which flips right-to-left; up/down: its place in the column). Moves
 * are optimistic: the card and the totals move at once and go back, with a message, when the server refuses. Under
 * 640 px one column shows at a time, chosen with a stage switcher that shows the counts.
 */
export class AdminDealsView extends AdminElement {
  static override styles = [
    styles,
    css`
      .board {
        display: flex;
        gap: 0.75rem;
        overflow-x: auto;
        padding-block-end: 0.5rem;
        align-items: start;
      }
      .column {
        flex: 0 0 16.5rem;
        background: #f4f5f8;
        border-radius: var(--_radius);
        padding: 0.5rem;
        display: grid;
        gap: 0.5rem;
      }
      .column.over {
        outline: 2px dashed var(--_accent);
      }
      .column header {
        display: grid;
        gap: 0.1rem;
      }
      .column h3 {
        display: flex;
        justify-content: space-between;
        gap: 0.5rem;
      }
      .totals {
        font-size: 0.85rem;
        color: var(--_muted);
        margin: 0;
      }
      ul.cards {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: 0.5rem;
        min-block-size: 3rem;
      }
      li.deal {
        background: #fff;
        border: 1px solid var(--_line);
        border-radius: var(--_radius);
        padding: 0.5rem;
        display: grid;
        gap: 0.2rem;
        cursor: grab;
        position: relative;
      }
      li.deal.dragging {
        opacity: 0.5;
      }
      li.drop {
        block-size: 0;
        border-block-start: 3px solid var(--_accent);
        border-radius: 2px;
      }
      li.deal .amount {
        font-weight: 600;
      }
      li.deal > button {
        justify-self: start;
      }
      .moves {
        display: grid;
        gap: 0.25rem;
        margin: 0;
        padding: 0;
        list-style: none;
      }
      .moves button {
        inline-size: 100%;
        text-align: start;
      }
      .switcher {
        display: none;
      }
      .won {
        border-inline-start: 4px solid #14532d;
      }
      dialog {
        max-inline-size: min(32rem, calc(100vw - 2rem));
        border: 1px solid #ccc;
        border-radius: var(--_radius);
      }
      dialog::backdrop {
        background: rgb(0 0 0 / 0.4);
      }
      @media (max-width: 639.98px) {
        .switcher {
          display: grid;
        }
        .board {
          overflow: visible;
        }
        .column {
          flex: 1 1 100%;
        }
        .column:not(.shown) {
          display: none;
        }
      }
    `,
  ];
  @state() private pipelines: Pipeline[] | null = null;
  @state() private pipelineId = '';
  @state() private filters: Filters = { owner: '', closeMonth: '', source: '' };
  @state() private columns = new Map<string, Deal[]>();
  @state() private cursors: Record<string, string | null> = {};
  @state() private totals: Record<string, StageTotals> = {};
  @state() private users: User[] = [];
  @state() private lostReasons: string[] = [];
  /** The stage shown under 640 px. */
  @state() private shown = '';
  @state() private menuFor = '';
  @state() private dragging = '';
  @state() private dropAt: BoardMove | null = null;
  @state() private announcement = '';
  /** The lost-reason dialog's deal and its answer. */
  @state() private asking: { deal: Deal; resolve: (reason: string | null) => void } | null = null;
  @state() private wonDeal: Deal | null = null;
  private offLive: (() => void) | undefined;
  private reloadTimer: ReturnType<typeof setTimeout> | undefined;
  private focusAfter = '';
  /** Deals this board moved in the last seconds: their live echoes need no reload. */
  private ownMoves = new Set<string>();

  private get server() {
    return dealsApi(this.client);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.offLive = onLive(this.client, this.onLive);
    void this.start();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.offLive?.();
    clearTimeout(this.reloadTimer);
  }

  /**
   * Another user's change reaches this board: reload once for a burst (never in the middle of a drag or a question).
   * The board's own moves are already shown.
   */
  private onLive = (e: LiveUpdate) => {
    if (e.type === 'deal.updated' && (e.data.pipelineId !== this.pipelineId || this.ownMoves.has(e.data.dealId)))
      return;
    if (e.type !== 'sync' && e.type !== 'deal.updated') return;
    clearTimeout(this.reloadTimer);
    this.reloadTimer = setTimeout(() => !this.dragging && !this.asking && void this.load(), 300);
  };

  private async start(): Promise<void> {
    const r = await this.run(() => Promise.all([this.server.pipelines(), this.client.team()]));
    if (!r) return;
    [{ pipelines: this.pipelines, lostReasons: this.lostReasons }, this.users] = r;
    this.pipelineId = this.pipelines[0]?.id ?? '';
    await this.load();
  }

  private get pipeline(): Pipeline | undefined {
    return this.pipelines?.find((p) => p.id === this.pipelineId);
  }

  private get stages(): Stage[] {
    return sortStages(this.pipeline?.stages ?? []);
  }

  /** Every column's first page and the totals, for the pipeline and filters as they are now. */
  private async load(): Promise<void> {
    const stages = this.stages;
    if (!stages.length) return;
    const { pipelineId, filters } = this;
    const page = await this.run(() => this.server.deals({ pipeline: pipelineId, ...filters, limit: PAGE }));
    // A newer choice of pipeline or filters wins over an older answer.
    if (!page || pipelineId !== this.pipelineId || filters !== this.filters) return;
    this.columns = groupByStage(stages, page.deals);
    this.cursors = page.cursors;
    this.totals = page.totals;
    if (!stages.some((s) => s.id === this.shown)) this.shown = stages[0]!.id;
  }

  /** The server's totals after a move (its sums are the truth; the board's own were a forecast). */
  private async refreshTotals(): Promise<void> {
    const page = await this.server.deals({ pipeline: this.pipelineId, ...this.filters, limit: 1 }).catch(() => null);
    if (page && !this.dragging) this.totals = page.totals;
  }

  private async more(stage: Stage, button: Element): Promise<void> {
    const cursor = this.cursors[stage.id];
    if (!cursor) return;
    const page = await this.run(() =>
      this.server.deals({ pipeline: this.pipelineId, ...this.filters, stage: stage.id, limit: PAGE, cursor }),
    );
    if (!page) return;
    const seen = new Set(this.columns.get(stage.id)?.map((d) => d.id));
    const columns = new Map(this.columns);
    columns.set(stage.id, [...(columns.get(stage.id) ?? []), ...page.deals.filter((d) => !seen.has(d.id))]);
    this.columns = columns;
    this.cursors = { ...this.cursors, [stage.id]: page.cursors[stage.id] ?? null };
    this.toast(this.a('deals.loaded'), button);
  }

  private filter(name: keyof Filters, value: string): void {
    this.filters = { ...this.filters, [name]: value.trim() };
    void this.load();
  }

  /** Asks why the deal was lost (the site's list); null when the user cancels. */
  private askReason(deal: Deal): Promise<string | null> {
    return new Promise((resolve) => (this.asking = { deal, resolve }));
  }

  private answerReason(reason: string | null): void {
    const asking = this.asking;
    this.asking = null;
    asking?.resolve(reason);
  }

  /**
   * Moves `deal` to `move` at once (cards, totals, announcement, focus), then tells the server; a refusal puts
   * everything back and says why next to `near`. A lost stage first asks the reason; a won stage then offers a purchase.
   */
  private async moveTo(deal: Deal, move: BoardMove, near: Element | null): Promise<void> {
    const from = this.stages.find((s) => s.id === deal.stageId);
    const to = this.stages.find((s) => s.id === move.stageId);
    if (!from || !to || !this.canEdit) return;
    const at = placeOf(this.columns, deal.id);
    if (at && at.stageId === move.stageId && at.index === move.index) return;
    this.menuFor = '';
    let lostReason: string | undefined;
    if (to.kind === 'lost' && from.id !== to.id) {
      const reason = await this.askReason(deal);
      if (reason === null) return this.focusCard(deal.id);
      lostReason = reason;
    }
    const before = { columns: this.columns, totals: this.totals };
    const rect = near?.getBoundingClientRect() ?? null;
    this.columns = moveInColumns(this.columns, deal.id, to.id, move.index);
    this.totals = totalsAfterMove(this.totals, deal, from, to, this.me.site.currency);
    this.shown = to.id;
    this.announcement =
      from.id === to.id
        ? this.a('deals.movedPlace', { n: this.number(move.index + 1) })
        : this.a('deals.moved', { stage: to.name });
    this.focusCard(deal.id);
    this.ownMoves.add(deal.id);
    setTimeout(() => this.ownMoves.delete(deal.id), 3000);
    const saved = await this.run(() =>
      this.server.move(deal.id, {
        stageId: to.id,
        position: move.index,
        ...(lostReason !== undefined && { lostReason }),
      }),
    );
    if (!saved) {
      this.columns = before.columns;
      this.totals = before.totals;
      this.announcement = this.a('deals.moveFailed');
      this.toast(`${this.a('deals.moveFailed')} ${this.error}`, rect);
      return this.focusCard(deal.id);
    }
    this.replace(saved);
    void this.refreshTotals();
    // A won deal with a contact can become its purchase (the server needs the contact to record one).
    if (to.kind === 'won' && from.id !== to.id && saved.contactId) this.wonDeal = saved;
  }

  /** The server's copy of a deal, in its place on the board. */
  private replace(deal: Deal): void {
    const columns = new Map(this.columns);
    for (const [id, list] of columns)
      if (list.some((d) => d.id === deal.id))
        columns.set(
          id,
          list.map((d) => (d.id === deal.id ? deal : d)),
        );
    this.columns = columns;
  }

  private focusCard(id: string): void {
    this.focusAfter = id;
    this.requestUpdate();
  }

  protected override updated(changed: Map<PropertyKey, unknown>): void {
    super.updated(changed);
    if (this.focusAfter) {
      this.renderRoot.querySelector<HTMLElement>(`li.deal[data-id="${this.focusAfter}"]`)?.focus();
      this.focusAfter = '';
    }
    const dialog = this.renderRoot.querySelector('dialog');
    if (dialog && !dialog.open) dialog.showModal();
  }

  private onCardKey(e: KeyboardEvent, deal: Deal): void {
    if (e.target !== e.currentTarget) return;
    if (e.key === 'Enter') return void (location.hash = `#/deals/${deal.id}`);
    if (!e.altKey) return;
    const rtl = getComputedStyle(this).direction === 'rtl';
    const move = keyboardMove(e.key, rtl, this.stages, this.columns, deal.id);
    if (!move) return;
    e.preventDefault();
    void this.moveTo(deal, move, e.currentTarget as Element);
  }

  private onDragStart(e: DragEvent, deal: Deal): void {
    if (!this.canEdit || !e.dataTransfer) return;
    e.dataTransfer.setData('text/plain', deal.id);
    e.dataTransfer.effectAllowed = 'move';
    this.dragging = deal.id;
  }

  private onDragOver(e: DragEvent, stage: Stage): void {
    if (!this.dragging) return;
    e.preventDefault();
    if (e.dataTransfer) e.dataTransfer.dropEffect = 'move';
    const list = e.currentTarget as HTMLElement;
    const cards = [...list.querySelectorAll<HTMLElement>('li.deal')].map((c) => {
      const r = c.getBoundingClientRect();
      return { id: c.dataset.id!, middle: r.top + r.height / 2 };
    });
    const index = dropIndex(cards, e.clientY, this.dragging);
    if (this.dropAt?.stageId !== stage.id || this.dropAt.index !== index) this.dropAt = { stageId: stage.id, index };
  }

  private onDrop(e: DragEvent): void {
    e.preventDefault();
    const id = e.dataTransfer?.getData('text/plain') || this.dragging;
    const move = this.dropAt;
    this.endDrag();
    const deal = [...this.columns.values()].flat().find((d) => d.id === id);
    if (deal && move) void this.moveTo(deal, move, e.currentTarget as Element);
  }

  private endDrag = () => {
    this.dragging = '';
    this.dropAt = null;
  };

  private async createPurchase(deal: Deal, near: Element): Promise<void> {
    const made = await this.run(() => this.server.purchase(deal.id));
    this.wonDeal = null;
    this.toast(made ? this.a('deal.purchaseMade') : this.error, near);
  }

  private renderCard(deal: Deal, stage: Stage): TemplateResult {
    const owner = this.users.find((u) => u.id === deal.ownerId);
    const who = [deal.contact?.name ?? deal.contact?.email, deal.company?.name].filter(Boolean).join(' · ');
    const open = this.menuFor === deal.id;
    const at = placeOf(this.columns, deal.id);
    const size = this.columns.get(stage.id)?.length ?? 0;
    return html`<li class="deal ${this.dragging === deal.id ? 'dragging' : ''}" data-id=${deal.id} tabindex="0"
      draggable=${this.canEdit ? 'true' : 'false'} aria-labelledby="t-${deal.id}"
      aria-describedby=${this.canEdit ? 'move-help' : nothing}
      @keydown=${(e: KeyboardEvent) => this.onCardKey(e, deal)}
      @dragstart=${(e: DragEvent) => this.onDragStart(e, deal)} @dragend=${this.endDrag}>
      <a id="t-${deal.id}" href="#/deals/${deal.id}" draggable="false">${this.bdi(deal.title)}</a>
      ${who ? html`<span class="muted">${this.bdi(who)}</span>` : nothing}
      <span class="amount">${this.money(deal.amount, deal.currency)}</span>
      <span class="muted">${deal.closeDate ? this.closeDate(deal.closeDate) : '—'}${owner ? html` · ${this.bdi(owner.name)}` : nothing}</span>
      ${
        this.canEdit
          ? html`<button type="button" class="link" aria-expanded=${open} aria-controls="m-${deal.id}"
            aria-label="${this.a('deals.move')}: ${deal.title}"
            @click=${() => (this.menuFor = open ? '' : deal.id)}>${this.a('deals.move')}</button>
          ${
            open
              ? html`<ul class="moves" id="m-${deal.id}" @keydown=${(e: KeyboardEvent) => e.key === 'Escape' && ((this.menuFor = ''), this.focusCard(deal.id))}>
                ${this.stages
                  .filter((s) => s.id !== stage.id)
                  .map(
                    (s) =>
                      html`<li><button type="button" @click=${(e: Event) => this.moveTo(deal, { stageId: s.id, index: 0 }, e.target as Element)}>${this.a('deals.moveTo', { stage: s.name })}</button></li>`,
                  )}
                ${at && at.index > 0 ? html`<li><button type="button" @click=${(e: Event) => this.moveTo(deal, { stageId: stage.id, index: at.index - 1 }, e.target as Element)}>${this.a('deals.up')}</button></li>` : nothing}
                ${at && at.index < size - 1 ? html`<li><button type="button" @click=${(e: Event) => this.moveTo(deal, { stageId: stage.id, index: at.index + 1 }, e.target as Element)}>${this.a('deals.down')}</button></li>` : nothing}
              </ul>`
              : nothing
          }`
          : nothing
      }
    </li>`;
  }

  /** A YYYY-MM-DD date as the locale writes it (a calendar date: no time zone shift). */
  private closeDate(ymd: string): TemplateResult {
    const [y, m, d] = ymd.split('-').map(Number);
    const text = new Intl.DateTimeFormat(this.activeLocale, { dateStyle: 'medium', timeZone: 'UTC' }).format(
      Date.UTC(y!, m! - 1, d),
    );
    return html`<time datetime=${ymd}>${text}</time>`;
  }

  private renderColumn(stage: Stage): TemplateResult {
    const deals = this.columns.get(stage.id) ?? [];
    const t = this.totals[stage.id] ?? { count: 0, amount: 0, weighted: 0, otherCurrencies: {} };
    // Other currencies are never converted: they follow the site currency's figure, each in its own.
    const others = (key: 'amount' | 'weighted') =>
      Object.entries(t.otherCurrencies).map(([code, o]) => ` + ${this.money(o[key], code)}`);
    const cur = this.me.site.currency;
    const drop = this.dropAt?.stageId === stage.id ? this.dropAt.index : -1;
    const shownCards = deals.filter((d) => d.id !== this.dragging);
    const indicator = html`<li class="drop" aria-hidden="true"></li>`;
    return html`<section class="column ${stage.id === this.shown ? 'shown' : ''} ${drop >= 0 ? 'over' : ''} ${stage.kind}"
      aria-labelledby="s-${stage.id}" data-stage=${stage.id}>
      <header>
        <h3 id="s-${stage.id}"><bdi>${stage.name}</bdi><span class="count">${this.number(t.count)}</span></h3>
        <p class="totals">${this.a('deals.total')}: <span class="total">${this.money(t.amount, cur)}${others('amount')}</span></p>
        <p class="totals">${this.a('deals.weighted')}: <span class="weighted">${this.money(t.weighted, cur)}${others('weighted')}</span></p>
      </header>
      <ul class="cards" aria-labelledby="s-${stage.id}"
        @dragover=${(e: DragEvent) => this.onDragOver(e, stage)} @drop=${this.onDrop}>
        ${deals.map((d) => html`${drop >= 0 && shownCards[drop]?.id === d.id ? indicator : nothing}${this.renderCard(d, stage)}`)}
        ${drop >= 0 && drop >= shownCards.length ? indicator : nothing}
      </ul>
      ${deals.length ? nothing : html`<p class="muted">${this.a('deals.emptyColumn')}</p>`}
      ${
        this.cursors[stage.id]
          ? html`<button type="button" @click=${(e: Event) => this.more(stage, e.target as Element)}
            aria-label="${this.a('common.more')}: ${stage.name}">${this.a('common.more')}</button>`
          : nothing
      }
    </section>`;
  }

  private renderFilters(): TemplateResult {
    const f = this.filters;
    const pipelines = this.pipelines ?? [];
    return html`<div class="row">
      ${
        pipelines.length > 1
          ? html`<label class="field"><span>${this.a('deals.pipeline')}</span>
            <select @change=${(e: Event) => ((this.pipelineId = (e.target as HTMLSelectElement).value), this.load())}>
              ${pipelines.map((p) => html`<option value=${p.id} ?selected=${p.id === this.pipelineId}>${p.name}</option>`)}
            </select></label>`
          : nothing
      }
      <label class="field"><span>${this.a('contacts.owner')}</span>
        <select name="owner" @change=${(e: Event) => this.filter('owner', (e.target as HTMLSelectElement).value)}>
          <option value="">${this.a('common.all')}</option>
          ${this.users.filter((u) => u.role === 'owner' || u.role === 'rep').map((u) => html`<option value=${u.id} ?selected=${f.owner === String(u.id)}>${u.name}</option>`)}
        </select></label>
      <label class="field"><span>${this.a('deals.closeMonth')}</span>
        <input name="closeMonth" type="month" .value=${f.closeMonth}
          @change=${(e: Event) => this.filter('closeMonth', (e.target as HTMLInputElement).value)} /></label>
      <label class="field"><span>${this.a('contact.source')}</span>
        <input name="source" dir="ltr" maxlength="100" .value=${f.source}
          @change=${(e: Event) => this.filter('source', (e.target as HTMLInputElement).value)} /></label>
    </div>`;
  }

  private renderDialogs(): TemplateResult | typeof nothing {
    if (this.asking) {
      const { deal } = this.asking;
      return html`<dialog class="confirm" aria-labelledby="lost-title" @cancel=${(e: Event) => (e.preventDefault(), this.answerReason(null))}>
        <form method="dialog" class="stack" @submit=${(e: SubmitEvent) => {
          e.preventDefault();
          const d = new FormData(e.target as HTMLFormElement);
          this.answerReason(String(d.get('reason') ?? '').trim());
        }}>
          <h2 id="lost-title">${this.ah('deals.lostTitle', { title: this.bdi(deal.title) })}</h2>
          <label class="field"><span>${this.a('deals.lostReason')}</span>
            ${
              this.lostReasons.length
                ? html`<select name="reason" required autofocus>
                  ${this.lostReasons.map((r) => html`<option value=${r}>${r}</option>`)}</select>`
                : html`<input name="reason" maxlength="200" autofocus />`
            }</label>
          <div class="row">
            <button type="button" @click=${() => this.answerReason(null)}>${this.a('common.cancel')}</button>
            <button class="primary">${this.a('deals.markLost')}</button>
          </div>
        </form>
      </dialog>`;
    }
    const won = this.wonDeal;
    if (!won) return nothing;
    return html`<dialog class="confirm" aria-labelledby="won-title" aria-describedby="won-text" @cancel=${() => (this.wonDeal = null)}>
      <h2 id="won-title">${this.a('deals.wonTitle')}</h2>
      <p id="won-text">${this.ah('deals.wonText', { title: this.bdi(won.title), amount: this.money(won.amount, won.currency) })}</p>
      <div class="row">
        <button type="button" autofocus @click=${() => ((this.wonDeal = null), this.focusCard(won.id))}>${this.a('deals.notNow')}</button>
        <button type="button" class="primary" @click=${(e: Event) => this.createPurchase(won, e.target as Element)}>${this.a('deal.createPurchase')}</button>
      </div>
    </dialog>`;
  }

  override render() {
    if (!this.adminMessages) return nothing;
    if (!this.pipelines)
      return html`<p role=${this.error ? 'alert' : 'status'} class=${this.error ? 'error' : ''}>${this.error || this.a('common.loading')}</p>`;
    const owner = this.userRole === 'owner';
    if (!this.pipelines.length)
      return html`<section class="card empty" aria-labelledby="deals-title">
        <h2 id="deals-title">${this.a('nav.deals')}</h2>
        <p>${this.a(owner ? 'deals.noPipelines' : 'deals.noPipelinesAsk')}</p>
        ${owner ? html`<p><a href="#/pipelines">${this.a('pipelines.setUp')}</a></p>` : nothing}
      </section>`;
    const stages = this.stages;
    const none = stages.every((s) => !(this.totals[s.id]?.count ?? 0));
    const filtered = Object.values(this.filters).some(Boolean);
    return html`<section class="card" aria-labelledby="deals-title">
      <div class="row spread">
        <h2 id="deals-title">${this.a('nav.deals')}</h2>
        <span class="row">
          ${this.canEdit ? html`<a class="button" href="#/deals/new?pipeline=${this.pipelineId}">${this.a('deals.new')}</a>` : nothing}
          ${owner ? html`<a href="#/pipelines">${this.a('pipelines.edit')}</a>` : nothing}
        </span>
      </div>
      ${this.renderFilters()}
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${none && !this.loading ? html`<p class="muted empty-board">${this.a(filtered ? 'deals.noneFiltered' : 'deals.none')}</p>` : nothing}
      <p id="move-help" class="sr">${this.a('deals.keys')}</p>
      <label class="field switcher"><span>${this.a('deals.stage')}</span>
        <select @change=${(e: Event) => (this.shown = (e.target as HTMLSelectElement).value)}>
          ${stages.map((s) => html`<option value=${s.id} ?selected=${s.id === this.shown}>${this.a('deals.stageCount', { stage: s.name, n: this.number(this.totals[s.id]?.count ?? 0) })}</option>`)}
        </select></label>
      <div class="board scroller" role="group" aria-labelledby="deals-title" @dragend=${this.endDrag}>${stages.map((s) => this.renderColumn(s))}</div>
      <p class="sr" aria-live="polite">${this.announcement}</p>
    </section>
    ${this.renderDialogs()}`;
  }
}

if (!customElements.get('leadline-admin-deals')) customElements.define('leadline-admin-deals', AdminDealsView);
