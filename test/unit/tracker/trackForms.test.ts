// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { Scalar } from '../../../src/engine/types';
import { trackForms } from '../../../src/tracker/trackForms';
import type { Stop } from '../../../src/tracker/types';
import { resetPage } from './harness';

describe('trackForms', () => {
  let stop: Stop;
  let capture: ReturnType<typeof vi.fn<(name: string, props: Record<string, Scalar>) => void>>;

  beforeEach(() => {
    capture = vi.fn();
    stop = trackForms(capture);
  });

  afterEach(() => {
    stop();
    resetPage('/');
  });

  const $ = <T extends Element>(selector: string) => document.querySelector<T>(selector)!;
  const change = (el: Element) => el.dispatchEvent(new Event('change', { bubbles: true }));
  const submit = (form: HTMLFormElement) => form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));

  test('form_focus, form_change and form_submit name the form and field by their name attribute', () => {
    document.body.innerHTML = `
      <form name="signup">
        <input name="email" type="email">
        <select name="plan"><option value="pro">Pro</option></select>
      </form>`;
    $<HTMLInputElement>('[name=email]').focus();
    change($('[name=email]'));
    change($('[name=plan]'));
    submit($('form'));
    expect(capture.mock.calls).toEqual([
      ['form_focus', { form: 'signup', field: 'email' }],
      ['form_change', { form: 'signup', field: 'email' }],
      ['form_change', { form: 'signup', field: 'plan' }],
      ['form_submit', { form: 'signup' }],
    ]);
  });

  test('falls back to the id attribute, then to an empty name', () => {
    document.body.innerHTML = `
      <form id="checkout"><textarea id="notes"></textarea><input type="text"></form>
      <input id="search">`;
    $<HTMLTextAreaElement>('#notes').focus();
    $<HTMLInputElement>('form input').focus();
    $<HTMLInputElement>('#search').focus();
    submit($('form'));
    expect(capture.mock.calls).toEqual([
      ['form_focus', { form: 'checkout', field: 'notes' }],
      ['form_focus', { form: 'checkout', field: '' }],
      ['form_focus', { form: '', field: 'search' }],
      ['form_submit', { form: 'checkout' }],
    ]);
  });

  test('a form with a control named "name" still reports its own name attribute', () => {
    document.body.innerHTML = '<form name="contact" id="contact-form"><input name="name"><input name="id"></form>';
    const form = $<HTMLFormElement>('form');
    // Browsers expose named controls as properties of their form (`form.name` is the <input>);
    // happy-dom does not, so the shadowing is reproduced here.
    for (const key of ['name', 'id']) {
      Object.defineProperty(form, key, { configurable: true, value: form.querySelector(`[name=${key}]`) });
    }
    $<HTMLInputElement>('[name=name]').focus();
    change($('[name=id]'));
    submit(form);
    expect(capture.mock.calls).toEqual([
      ['form_focus', { form: 'contact', field: 'name' }],
      ['form_change', { form: 'contact', field: 'id' }],
      ['form_submit', { form: 'contact' }],
    ]);
  });

  test('a control named "getAttribute" does not break naming its form', () => {
    document.body.innerHTML = '<form name="odd"><input name="getAttribute"></form>';
    const form = $<HTMLFormElement>('form');
    Object.defineProperty(form, 'getAttribute', { configurable: true, value: form.querySelector('input') });
    submit(form);
    delete (form as unknown as Record<string, unknown>).getAttribute;
    expect(capture.mock.calls).toEqual([['form_submit', { form: 'odd' }]]);
  });

  test('a field outside its form element uses the form it belongs to (form= attribute)', () => {
    document.body.innerHTML = '<form id="newsletter"></form><input name="email" form="newsletter">';
    $<HTMLInputElement>('input').focus();
    expect(capture.mock.calls).toEqual([['form_focus', { form: 'newsletter', field: 'email' }]]);
  });

  test('repeated focus on the same field is one event; another field in between counts again', () => {
    document.body.innerHTML = '<form name="f"><input name="a"><input name="b"></form>';
    const a = $<HTMLInputElement>('[name=a]');
    const b = $<HTMLInputElement>('[name=b]');
    a.focus();
    a.blur();
    a.focus();
    a.dispatchEvent(new FocusEvent('focusin', { bubbles: true }));
    expect(capture.mock.calls).toEqual([['form_focus', { form: 'f', field: 'a' }]]);
    b.focus();
    a.focus();
    expect(capture.mock.calls.map(([name, props]) => `${name}:${props.field}`)).toEqual([
      'form_focus:a',
      'form_focus:b',
      'form_focus:a',
    ]);
  });

  test('focus and change on non-fields are ignored', () => {
    document.body.innerHTML = '<form name="f"><button name="go">Go</button><div tabindex="0" id="d"></div></form>';
    $<HTMLButtonElement>('button').focus();
    $<HTMLDivElement>('#d').focus();
    change($('#d'));
    expect(capture).not.toHaveBeenCalled();
  });

  test('stop() removes every listener', () => {
    document.body.innerHTML = '<form name="f"><input name="a"></form>';
    stop();
    $<HTMLInputElement>('input').focus();
    change($('input'));
    submit($('form'));
    expect(capture).not.toHaveBeenCalled();
  });
});
