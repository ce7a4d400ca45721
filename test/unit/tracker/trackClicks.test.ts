// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { Scalar } from '../../../src/engine/types';
import { getClickKey } from '../../../src/tracker/getClickKey';
import { trackClicks } from '../../../src/tracker/trackClicks';
import type { Stop } from '../../../src/tracker/types';
import { resetPage } from './harness';

function el(html: string): HTMLElement {
  const template = document.createElement('template');
  template.innerHTML = html.trim();
  return template.content.firstElementChild as HTMLElement;
}

describe('getClickKey', () => {
  test('prefers data-seglet-key, then id, then name, then aria-label, then text', () => {
    const all = 'data-seglet-key="k" id="i" name="n" aria-label="a"';
    expect(getClickKey(el(`<button ${all}>Text</button>`))).toBe('k');
    expect(getClickKey(el('<button id="i" name="n" aria-label="a">Text</button>'))).toBe('i');
    expect(getClickKey(el('<button name="n" aria-label="a">Text</button>'))).toBe('n');
    expect(getClickKey(el('<button aria-label="a">Text</button>'))).toBe('a');
    expect(getClickKey(el('<button>Text</button>'))).toBe('Text');
  });

  test('skips empty or blank attributes', () => {
    expect(getClickKey(el('<button data-seglet-key="" id="  " name="n">Text</button>'))).toBe('n');
  });

  test('collapses whitespace in the text and keeps at most 40 characters', () => {
    expect(getClickKey(el('<a href="/">\n  Add \t to\n\n cart  </a>'))).toBe('Add to cart');
    const long = 'word '.repeat(30);
    const key = getClickKey(el(`<button>${long}</button>`));
    expect(key).toHaveLength(40);
    expect(key).toBe(long.trim().replace(/\s+/g, ' ').slice(0, 40));
  });

  test('uses the text of child elements', () => {
    expect(getClickKey(el('<button><span>Buy</span> <b>now</b></button>'))).toBe('Buy now');
  });

  test('an input is named by its attributes only, never by its value', () => {
    expect(getClickKey(el('<input type="submit" value="Secret">'))).toBe('');
    expect(getClickKey(el('<input type="submit" value="Secret" name="go">'))).toBe('go');
  });
});

describe('trackClicks', () => {
  let stop: Stop;
  let capture: ReturnType<typeof vi.fn<(name: string, props: Record<string, Scalar>, at?: number) => void>>;
  // A click on a link would navigate happy-dom; the page cancels it after seglet has seen it.
  const cancel = (e: Event) => e.preventDefault();

  beforeEach(() => {
    resetPage('/products/shoes?sort=price');
    capture = vi.fn();
    stop = trackClicks(capture);
    window.addEventListener('click', cancel);
  });

  afterEach(() => {
    stop();
    window.removeEventListener('click', cancel);
    resetPage('/');
  });

  function click(target: Element): void {
    target.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
  }

  function add(html: string): HTMLElement {
    document.body.insertAdjacentHTML('beforeend', html.trim());
    return document.body.lastElementChild as HTMLElement;
  }

  test('a click is stamped when the browser saw it, not when a busy page handled it', () => {
    const button = add('<button id="late">Late</button>');
    const event = new MouseEvent('click', { bubbles: true });
    const before = Date.now();
    Object.defineProperty(event, 'timeStamp', { value: performance.now() - 400 });
    button.dispatchEvent(event);
    const after = Date.now();
    expect(capture.mock.calls[0]![2]).toBeGreaterThanOrEqual(before - 401);
    expect(capture.mock.calls[0]![2]).toBeLessThanOrEqual(after - 399);
  });

  test('a button click captures its key and tag, without href', () => {
    click(add('<button id="buy">Buy now</button>'));
    expect(capture.mock.calls.map((c) => c.slice(0, 2))).toEqual([['click', { key: 'buy', tag: 'button' }]]);
  });

  test('a same-origin link carries its path only: no query, no hash', () => {
    click(add('<a href="/checkout/step-1?coupon=SECRET#top">Checkout</a>'));
    expect(capture.mock.calls.map((c) => c.slice(0, 2))).toEqual([['click', { key: 'Checkout', tag: 'a', href: '/checkout/step-1' }]]);
  });

  test('relative and absolute same-origin links resolve against the page', () => {
    click(add('<a href="boots">Boots</a>'));
    click(add(`<a href="${location.origin}/about?x=1">About</a>`));
    expect(capture.mock.calls.map(([, props]) => props.href)).toEqual(['/products/boots', '/about']);
  });

  test('a cross-origin link has no href at all', () => {
    click(add('<a href="https://partner.example.net/deal?id=7" id="partner">Deal</a>'));
    expect(capture).toHaveBeenCalledTimes(1);
    const props = capture.mock.calls[0]![1];
    expect(props).toEqual({ key: 'partner', tag: 'a' });
    expect(props).not.toHaveProperty('href');
  });

  test('a mailto: or javascript: link has no href', () => {
    click(add('<a href="mailto:someone@example.com">Mail</a>'));
    click(add('<a href="javascript:void 0">Open</a>'));
    expect(capture.mock.calls.map(([, props]) => props)).toEqual([
      { key: 'Mail', tag: 'a' },
      { key: 'Open', tag: 'a' },
    ]);
  });

  test('a malformed href is still a click, and nothing is thrown into the page', () => {
    const link = add('<a href="http://" id="broken">Broken</a>');
    expect(() => click(link)).not.toThrow();
    expect(capture.mock.calls.map((c) => c.slice(0, 2))).toEqual([['click', { key: 'broken', tag: 'a' }]]);
  });

  test('clicks on non-clickable elements are ignored', () => {
    click(add('<p id="intro">Some <em>text</em></p>'));
    click(add('<div class="card">Card</div>'));
    click(add('<a name="anchor-without-href">Anchor</a>'));
    click(document.body);
    expect(capture).not.toHaveBeenCalled();
  });

  test('a click on a child uses the enclosing button', () => {
    const button = add('<button data-seglet-key="add-to-cart"><span class="icon">+</span><span>Add</span></button>');
    click(button.querySelector('span')!);
    expect(capture.mock.calls.map((c) => c.slice(0, 2))).toEqual([['click', { key: 'add-to-cart', tag: 'button' }]]);
  });

  test('a click on a child of a link uses the link and its href', () => {
    const link = add('<a href="/sale"><img alt=""><span>Sale</span></a>');
    click(link.querySelector('img')!);
    expect(capture.mock.calls.map((c) => c.slice(0, 2))).toEqual([['click', { key: 'Sale', tag: 'a', href: '/sale' }]]);
  });

  test('[role=button] and [data-seglet-key] elements count as clickable', () => {
    click(add('<div role="button" aria-label="Close dialog">×</div>'));
    click(add('<li data-seglet-key="headline-3">Story</li>'));
    expect(capture.mock.calls.map((c) => c.slice(0, 2))).toEqual([
      ['click', { key: 'Close dialog', tag: 'div' }],
      ['click', { key: 'headline-3', tag: 'li' }],
    ]);
  });

  test('input buttons are clickable and named without reading their value', () => {
    click(add('<input type="submit" value="Secret">'));
    click(add('<input type="button" value="Other" name="other">'));
    expect(capture.mock.calls.map((c) => c.slice(0, 2))).toEqual([
      ['click', { key: '', tag: 'input' }],
      ['click', { key: 'other', tag: 'input' }],
    ]);
  });

  test('a page that stops propagation does not hide the click', () => {
    const button = add('<button id="x">X</button>');
    button.addEventListener('click', (e) => e.stopPropagation());
    click(button);
    expect(capture).toHaveBeenCalledTimes(1);
  });

  test('stop() removes the listener', () => {
    const button = add('<button id="x">X</button>');
    stop();
    click(button);
    expect(capture).not.toHaveBeenCalled();
  });
});
