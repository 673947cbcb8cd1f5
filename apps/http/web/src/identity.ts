// Who is acting: the person's actor name (kept in localStorage: it is not a secret) and, when the
// server requires one, its bearer token (kept in sessionStorage only, never in a URL, gone when
// the tab closes). The server says whether it needs a token in the page's
// <meta name="kittyhost-token-required">; a 401 asks again.
import { h } from './dom.js';

const ACTOR_KEY = 'kittyhost-board.actor';
const TOKEN_KEY = 'kittyhost-board.token';

/** Dispatched on `document` whenever the identity is saved (the header shows the name). */
export const IDENTITY_CHANGED = 'kittyhost-identity-changed';

/** Storage that may be unavailable (privacy modes): reads give null, writes are dropped. */
function read(storage: () => Storage, key: string): string | null {
  try {
    return storage().getItem(key);
  } catch {
    return null;
  }
}

function write(storage: () => Storage, key: string, value: string | null): void {
  try {
    if (value === null) storage().removeItem(key);
    else storage().setItem(key, value);
  } catch {
    // storage unavailable: the page asks again next time
  }
}

/** The person's name and token. */
export interface Identity {
  readonly actor: string;
  readonly token: string | null;
}

/**
 * The identity of the person using the board, kept between actions.
 *
 * @example
 * ```ts
 * const identity = new IdentityStore(document);
 * if (identity.current() === null) await askIdentity(identity);
 * ```
 */
export class IdentityStore {
  /** Whether the server requires a bearer token for mutations. */
  readonly tokenRequired: boolean;

  constructor(document: Document) {
    this.tokenRequired =
      document.querySelector('meta[name="kittyhost-token-required"]')?.getAttribute('content') ===
      'true';
  }

  get actor(): string | null {
    const actor = read(() => localStorage, ACTOR_KEY);
    return actor === null || actor.trim() === '' ? null : actor;
  }

  get token(): string | null {
    return read(() => sessionStorage, TOKEN_KEY);
  }

  /** The complete identity, or `null` when something must still be asked. */
  current(): Identity | null {
    const actor = this.actor;
    const token = this.token;
    if (actor === null || (this.tokenRequired && (token === null || token === ''))) return null;
    return { actor, token };
  }

  save(actor: string, token: string | null): void {
    write(() => localStorage, ACTOR_KEY, actor.trim());
    if (token !== null) write(() => sessionStorage, TOKEN_KEY, token);
    document.dispatchEvent(new Event(IDENTITY_CHANGED));
  }

  /** After a 401: the token is wrong, ask again. */
  forgetToken(): void {
    write(() => sessionStorage, TOKEN_KEY, null);
  }
}

/**
 * Ask for the actor name (and the token when the server needs one) in a modal dialog. Resolves
 * with the saved identity, or `null` when the person closes the dialog.
 *
 * @example
 * ```ts
 * const who = identity.current() ?? (await askIdentity(identity, 'Who is approving?'));
 * ```
 */
export function askIdentity(store: IdentityStore, reason?: string): Promise<Identity | null> {
  const actorInput = h('input', {
    attributes: {
      id: 'identity-actor',
      name: 'actor',
      type: 'text',
      required: true,
      autocomplete: 'username',
      maxlength: 200,
      spellcheck: 'false',
      value: store.actor ?? '',
    },
  });
  const tokenInput = h('input', {
    attributes: {
      id: 'identity-token',
      name: 'token',
      type: 'password',
      required: true,
      autocomplete: 'current-password',
    },
  });
  const problem = h('p', { class: 'form-error', attributes: { role: 'alert' } });
  const form = h(
    'form',
    { attributes: { method: 'dialog' } },
    h('h2', { attributes: { id: 'identity-heading' } }, 'Who are you?'),
    reason === undefined ? null : h('p', {}, reason),
    h(
      'p',
      { class: 'hint' },
      'Your name is recorded as the actor of every change you make from this board.',
    ),
    h('label', { attributes: { for: 'identity-actor' } }, 'Your name'),
    actorInput,
    store.tokenRequired
      ? [
          h('label', { attributes: { for: 'identity-token' } }, 'Server token'),
          tokenInput,
          h(
            'p',
            { class: 'hint' },
            'This server needs its bearer token for changes. It is kept for this tab only.',
          ),
        ]
      : null,
    problem,
    h(
      'div',
      { class: 'form-buttons' },
      h('button', { class: 'primary', attributes: { type: 'submit', value: 'save' } }, 'Continue'),
      h(
        'button',
        { attributes: { type: 'button', value: 'cancel', 'data-close': true } },
        'Not now',
      ),
    ),
  );
  const dialog = h(
    'dialog',
    { class: 'identity', attributes: { 'aria-labelledby': 'identity-heading' } },
    form,
  );
  document.body.append(dialog);
  return new Promise((resolve) => {
    let result: Identity | null = null;
    form.addEventListener('submit', (event) => {
      const actor = actorInput.value.trim();
      const token = store.tokenRequired ? tokenInput.value : null;
      if (actor === '' || (store.tokenRequired && token === '')) {
        event.preventDefault();
        problem.textContent = actor === '' ? 'Your name is required.' : 'The token is required.';
        return;
      }
      store.save(actor, token);
      result = { actor, token: token ?? store.token };
    });
    dialog.querySelector('[data-close]')?.addEventListener('click', () => dialog.close());
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(result);
    });
    dialog.showModal();
    (actorInput.value === '' ? actorInput : store.tokenRequired ? tokenInput : actorInput).focus();
  });
}
