// The only way the board puts anything on the page: elements built with `h`, text as text nodes.
// Nothing here (or anywhere in web/) parses HTML, so a title such as `<img src=x onerror=…>` can
// only ever show its characters. The lint forbids innerHTML and its relatives under web/.

/** What `h` accepts as children: nodes, text (strings and numbers), and nothing (skipped). */
export type Child = Node | string | number | null | undefined | false | readonly Child[];

/** Attributes (set with `setAttribute`, values as text), a class list and event listeners. */
export interface Properties {
  readonly class?: string | readonly (string | false | null | undefined)[];
  readonly attributes?: Readonly<Record<string, string | number | boolean | null | undefined>>;
  readonly on?: {
    readonly [Type in keyof HTMLElementEventMap]?: (event: HTMLElementEventMap[Type]) => void;
  };
}

/**
 * Append `children` to `parent`: strings become text nodes (never markup).
 *
 * @example
 * ```ts
 * append(document.body, 'Title: ', workPackage.title); // shows `<img …>` literally
 * ```
 */
export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, ...(child as readonly Child[]));
    else if (child instanceof Node) parent.appendChild(child);
    else parent.appendChild(document.createTextNode(String(child)));
  }
}

/**
 * Create an element with properties and children. Attribute values `false`, `null` and
 * `undefined` leave the attribute out; `true` sets it empty.
 *
 * @example
 * ```ts
 * h('button', { class: 'primary', attributes: { type: 'button' }, on: { click: approve } }, 'Approve');
 * ```
 */
export function h<Tag extends keyof HTMLElementTagNameMap>(
  tag: Tag,
  properties: Properties = {},
  ...children: Child[]
): HTMLElementTagNameMap[Tag] {
  const element = document.createElement(tag);
  const classes = properties.class;
  if (classes !== undefined) {
    const list = typeof classes === 'string' ? [classes] : classes;
    for (const name of list)
      if (typeof name === 'string' && name !== '') element.classList.add(...name.split(' '));
  }
  for (const [name, value] of Object.entries(properties.attributes ?? {})) {
    if (value === false || value === null || value === undefined) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const [type, listener] of Object.entries(properties.on ?? {})) {
    element.addEventListener(type, listener as EventListener);
  }
  append(element, ...children);
  return element;
}

/**
 * Replace every child of `parent` with `children`.
 *
 * @example
 * ```ts
 * replaceChildren(main, h('p', {}, 'Loading…'));
 * ```
 */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, ...children);
}
