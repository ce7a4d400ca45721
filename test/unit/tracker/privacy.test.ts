// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { SegEvent } from '../../../src/engine/types';
import { createTracker, type Tracker } from '../../../src/tracker/createTracker';
import { trackForms } from '../../../src/tracker/trackForms';
import { resetPage, restoreHistory, restoreStubs, settle, stubGetter, useFakeClock } from './harness';

/** Every way to read what a visitor typed or chose. */
const WATCHED: Array<[object, string]> = [
  [HTMLInputElement.prototype, 'value'],
  [HTMLInputElement.prototype, 'checked'],
  [HTMLInputElement.prototype, 'defaultValue'],
  [HTMLTextAreaElement.prototype, 'value'],
  [HTMLTextAreaElement.prototype, 'defaultValue'],
  [HTMLSelectElement.prototype, 'value'],
  [HTMLSelectElement.prototype, 'selectedIndex'],
];

/** A source file of seglet's page-side code in a stack trace. */
const SEGLET_FRAME = /\/src\/(tracker|lib)\/\w+\.ts/;

interface Read {
  property: string;
  stack: string;
}

let reads: Read[] = [];
const saved: Array<[object, string, PropertyDescriptor]> = [];
let stackTraceLimit: number;

beforeEach(() => {
  stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = Infinity;
  for (const [proto, property] of WATCHED) {
    const own = Object.getOwnPropertyDescriptor(proto, property)!;
    saved.push([proto, property, own]);
    Object.defineProperty(proto, property, {
      configurable: true,
      get() {
        reads.push({ property, stack: new Error().stack ?? '' });
        return own.get!.call(this);
      },
      set(value) {
        own.set!.call(this, value);
      },
    });
  }
  reads = [];
  useFakeClock();
  resetPage('/login');
  stubGetter(document.documentElement, 'scrollHeight', () => 2000);
  stubGetter(window, 'innerHeight', () => 1000);
  stubGetter(window, 'scrollY', () => 0);
});

afterEach(() => {
  for (const [proto, property, own] of saved.splice(0)) Object.defineProperty(proto, property, own);
  Error.stackTraceLimit = stackTraceLimit;
  restoreHistory();
  restoreStubs();
  vi.useRealTimers();
  resetPage('/');
});

const SECRETS = ['hunter2-typed', 'p4ssw0rd-typed', 'my private message', 'secret-country', 'Secret'];

function buildForm(): void {
  document.body.innerHTML = `
    <form name="login" id="login-form">
      <input name="user" id="user" value="prefilled-default">
      <input type="password" name="pass">
      <textarea name="message">default text</textarea>
      <select name="country"><option value="ch">Switzerland</option><option value="secret-country">Elsewhere</option></select>
      <input type="checkbox" name="remember">
      <input type="radio" name="plan" value="gold">
      <input type="submit" value="Secret">
    </form>`;
}

/** Types like a visitor: one input event per character, the browser having updated the value. */
function type(field: HTMLInputElement | HTMLTextAreaElement, text: string): void {
  field.focus();
  for (let i = 1; i <= text.length; i++) {
    field.dispatchEvent(new KeyboardEvent('keydown', { key: text[i - 1], bubbles: true }));
    field.value = text.slice(0, i);
    field.dispatchEvent(new InputEvent('input', { data: text[i - 1], inputType: 'insertText', bubbles: true }));
  }
  field.dispatchEvent(new Event('change', { bubbles: true }));
}

/** Everything a visitor does with the form, driven through the DOM. */
async function useForm(): Promise<void> {
  const $ = <T extends Element>(selector: string) => document.querySelector<T>(selector)!;
  type($('[name=user]'), 'hunter2-typed');
  $<HTMLInputElement>('[name=user]').click();
  type($('[name=pass]'), 'p4ssw0rd-typed');
  type($('[name=message]'), 'my private message');
  const select = $<HTMLSelectElement>('[name=country]');
  select.focus();
  select.value = 'secret-country';
  select.dispatchEvent(new Event('change', { bubbles: true }));
  $<HTMLInputElement>('[name=remember]').click();
  $<HTMLInputElement>('[name=plan]').click();
  $<HTMLInputElement>('[type=submit]').click(); // submits the form (the page cancels the navigation)
  $<HTMLFormElement>('form').dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
  await settle();
  window.dispatchEvent(new Event('pagehide'));
  await settle();
}

describe('privacy: no input value is ever read', () => {
  const cancelSubmit = (e: Event) => e.preventDefault();
  beforeEach(() => window.addEventListener('submit', cancelSubmit));
  afterEach(() => window.removeEventListener('submit', cancelSubmit));

  test('the detector sees a read made from inside a seglet listener', () => {
    buildForm();
    const leaky = vi.fn((_name: string, _props: unknown) => {
      void document.querySelector<HTMLInputElement>('[name=user]')!.value;
    });
    const stop = trackForms(leaky);
    try {
      reads = [];
      document.querySelector<HTMLInputElement>('[name=user]')!.focus();
      expect(leaky).toHaveBeenCalled();
      expect(reads.filter((r) => SEGLET_FRAME.test(r.stack)).map((r) => r.property)).toEqual(['value']);
    } finally {
      stop();
    }
  });

  test('focus, typing, change, submit and clicks on inputs read no value, and no event carries one', async () => {
    // The same visit without seglet: what the DOM implementation reads on its own.
    buildForm();
    reads = [];
    await useForm();
    const baseline = reads.length;

    buildForm();
    const batches: SegEvent[][] = [];
    let tracker: Tracker | undefined;
    try {
      reads = [];
      tracker = createTracker((events) => void batches.push(events), () => {});
      await useForm();
    } finally {
      tracker?.stop();
    }

    const byseglet = reads.filter((r) => SEGLET_FRAME.test(r.stack));
    expect(byseglet.map((r) => `${r.property}\n${r.stack}`)).toEqual([]);
    expect(reads.length).toBe(baseline);

    const events = batches.flat();
    // The visit really went through seglet's form and click capture.
    expect(events.map((e) => e.name)).toEqual(expect.arrayContaining(['form_focus', 'form_change', 'form_submit', 'click', 'page_leave']));
    expect(events.filter((e) => e.name === 'form_change').map((e) => e.props!.field)).toEqual(['user', 'pass', 'message', 'country', 'remember', 'plan']);
    expect(events.filter((e) => e.name === 'click').map((e) => e.props)).toEqual([{ key: '', tag: 'input' }]);
    const json = JSON.stringify(events);
    for (const secret of [...SECRETS, 'prefilled-default', 'default text', 'gold']) {
      expect(json).not.toContain(secret);
    }
  });
});
