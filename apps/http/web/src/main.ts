// The board page: `/` lists the features, `/features/{S}` and `/missions/{m}` show one kanban,
// live over its event stream. Everything on the page is built as DOM nodes with text (dom.ts).
import type { BoardKind } from './actions.js';
import { EnvelopeError, readData } from './api.js';
import { applyLaneEvent } from './apply-event.js';
import { BoardView, boardSummary, leaseDeadline } from './board-view.js';
import { DetailsDialog } from './details.js';
import { h, replaceChildren } from './dom.js';
import { IDENTITY_CHANGED, IdentityStore, askIdentity } from './identity.js';
import { featureList } from './list-view.js';
import { LiveBoard, type LinkState } from './live.js';
import type { FeatureBoard, FeatureListing } from './view-model.js';

/** Ages on the cards are re-derived locally this often (no request is made). */
const AGE_TICK_MS = 30_000;

const meta = (name: string): string =>
  document.querySelector(`meta[name="${name}"]`)?.getAttribute('content') ?? '';

function route(pathname: string): { kind: BoardKind; slug: string } | 'list' | null {
  if (pathname === '/' || pathname === '') return 'list';
  const match = /^\/(features|missions)\/([^/]+)\/?$/.exec(pathname);
  if (match === null) return null;
  try {
    return {
      kind: match[1] === 'features' ? 'feature' : 'mission',
      slug: decodeURIComponent(match[2] ?? ''),
    };
  } catch {
    return null;
  }
}

function failureText(error: unknown): string {
  return error instanceof EnvelopeError ? `${error.code}: ${error.message}` : String(error);
}

const LINK_TEXT: Readonly<Record<LinkState, string>> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
};

function header(
  identity: IdentityStore,
  crumbs: readonly (HTMLElement | string)[],
  extra: HTMLElement | null,
): HTMLElement {
  const who = h('button', { class: 'who', attributes: { type: 'button' } });
  const showWho = (): void => {
    const actor = identity.actor;
    replaceChildren(who, actor === null ? 'Set your name' : ['Acting as ', h('strong', {}, actor)]);
  };
  who.addEventListener('click', () => void askIdentity(identity));
  document.addEventListener(IDENTITY_CHANGED, showWho);
  showWho();
  return h(
    'header',
    { class: 'top' },
    h(
      'nav',
      { class: 'crumbs', attributes: { 'aria-label': 'Breadcrumb' } },
      h('a', { class: 'brand', attributes: { href: '/' } }, 'Kitty Host'),
      crumbs.map((crumb) => [
        h('span', { class: 'sep', attributes: { 'aria-hidden': 'true' } }, ' / '),
        crumb,
      ]),
    ),
    h('div', { class: 'top-right' }, extra, who),
  );
}

async function showList(app: HTMLElement, identity: IdentityStore): Promise<void> {
  document.title = 'Features · Kitty Host';
  const main = h(
    'main',
    { attributes: { id: 'main' } },
    h('h1', {}, 'Features'),
    h('p', { class: 'loading' }, 'Loading…'),
  );
  replaceChildren(app, header(identity, [], null), main);
  try {
    const listing = await readData<FeatureListing>('/v1/features');
    replaceChildren(main, h('h1', {}, 'Features'), featureList(listing));
  } catch (error) {
    replaceChildren(
      main,
      h('h1', {}, 'Features'),
      h('p', { class: 'form-error', attributes: { role: 'alert' } }, failureText(error)),
    );
  }
  app.setAttribute('data-ready', 'list');
}

async function showBoard(
  app: HTMLElement,
  identity: IdentityStore,
  kind: BoardKind,
  slug: string,
): Promise<void> {
  const base = `/v1/${kind}s/${encodeURIComponent(slug)}`;
  const link = h(
    'p',
    { class: 'link link--connecting', attributes: { role: 'status', 'aria-live': 'polite' } },
    LINK_TEXT.connecting,
  );
  const banner = h('div', { class: 'banner', attributes: { role: 'alert', hidden: true } });
  const title = h('h1', {}, slug);
  const summary = h('p', { class: 'board-summary' });
  const lanes = h('div', { class: 'board', attributes: { 'aria-label': 'Lanes' } });
  const problem = h('p', { class: 'form-error', attributes: { role: 'alert', hidden: true } });
  const crumb = h('span', { attributes: { 'aria-current': 'page' } }, slug);
  replaceChildren(
    app,
    header(identity, [crumb], link),
    banner,
    h('main', { attributes: { id: 'main' } }, title, summary, problem, lanes),
  );
  document.title = `${slug} · Kitty Host`;

  const details = new DetailsDialog({ kind, identity, version: meta('kittyhost-version') });
  const view = new BoardView(lanes, {
    kind,
    onOpen: (wpId) => {
      if (view.board !== null) details.open(wpId, view.board);
    },
  });
  const live = new LiveBoard<FeatureBoard>({
    load: () => readData<FeatureBoard>(`${base}/board`),
    streamUrl: (lastEventId) =>
      `${base}/events?${lastEventId === null ? 'replay=true' : `last_event_id=${encodeURIComponent(lastEventId)}`}`,
    lastEventIdOf: (board) => board.last_event_id,
    staleAt: leaseDeadline,
    apply: (board, type, data) => {
      if (type !== 'status') return null;
      try {
        return applyLaneEvent(board, JSON.parse(data));
      } catch {
        return null;
      }
    },
    onBoard: (board) => {
      problem.hidden = true;
      replaceChildren(title, board.title);
      replaceChildren(crumb, board.title);
      document.title = `${board.title} · Kitty Host`;
      summary.textContent = boardSummary(board);
      view.render(board);
      details.update(board);
      app.setAttribute('data-ready', 'board');
      app.setAttribute('data-last-event', board.last_event_id ?? '');
    },
    onLink: (state) => {
      link.className = `link link--${state}`;
      link.textContent = LINK_TEXT[state];
      app.setAttribute('data-link', state);
      banner.hidden = state !== 'reconnecting';
      banner.textContent =
        state === 'reconnecting'
          ? 'The connection to the server was lost. Reconnecting… — the board may be out of date until it is back.'
          : '';
    },
    onError: (error) => {
      problem.hidden = false;
      problem.textContent = `The board could not be read: ${failureText(error)}`;
    },
  });
  try {
    await live.start();
  } catch (error) {
    problem.hidden = false;
    problem.textContent = failureText(error);
    app.setAttribute('data-ready', 'error');
    return;
  }
  // Local arithmetic only (no request): keeps "12m" on the cards true while nothing happens.
  setInterval(() => view.tick(), AGE_TICK_MS);
}

function start(): void {
  const app = document.getElementById('app');
  if (app === null) return;
  const identity = new IdentityStore(document);
  const where = route(location.pathname);
  if (where === 'list') void showList(app, identity);
  else if (where === null) {
    replaceChildren(
      app,
      header(identity, [], null),
      h(
        'main',
        { attributes: { id: 'main' } },
        h('h1', {}, 'Not found'),
        h('p', {}, h('a', { attributes: { href: '/' } }, 'All features')),
      ),
    );
  } else void showBoard(app, identity, where.kind, where.slug);
}

start();
