import { addListener } from '../lib/addListener';
import type { Capture, Stop } from './types';

const FIELDS = new Set(['INPUT', 'SELECT', 'TEXTAREA']);

/**
 * Names a form or field by its `name` or `id` attribute. Attributes, not properties: `form.name` is
 * shadowed by a control called "name", and a field's value is never touched.
 */
function nameOf(el: Element | null | undefined): string {
  // Through the prototype: a control named "getAttribute" shadows the form's own method.
  const attr = (name: string) => Element.prototype.getAttribute.call(el, name);
  return (el && (attr('name') || attr('id'))) || '';
}

/** Captures form focus, change and submit: which form and field, never what was typed. */
export function trackForms(capture: Capture): Stop {
  let focused: Element | null = null;
  const onField = (type: 'form_focus' | 'form_change') => (event: Event) => {
    // A listener on the document always has a target: the document itself at least.
    const el = event.target as HTMLInputElement;
    if (!FIELDS.has(el.tagName)) return;
    if (type === 'form_focus') {
      // Focus bouncing back to the same field is one focus.
      if (el === focused) return;
      focused = el;
    }
    capture(type, { form: nameOf(el.form), field: nameOf(el) });
  };
  const stops = [
    addListener(document, 'focusin', onField('form_focus')),
    addListener(document, 'change', onField('form_change')),
    addListener(document, 'submit', (event) => capture('form_submit', { form: nameOf(event.target as Element) })),
  ];
  return () => stops.forEach((stop) => stop());
}
