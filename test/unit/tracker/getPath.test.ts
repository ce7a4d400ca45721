// @vitest-environment happy-dom
import { afterEach, describe, expect, test } from 'vitest';
import { getPath } from '../../../src/tracker/getPath';
import { getReferrerOrigin } from '../../../src/tracker/getReferrerOrigin';
import { resetPage, restoreStubs, stubGetter } from './harness';

afterEach(() => {
  restoreStubs();
  resetPage('/');
});

describe('getPath', () => {
  test('keeps the path and drops every other query parameter', () => {
    resetPage('/shop/item?id=42&email=a%40b.c');
    expect(getPath()).toBe('/shop/item');
  });

  test('keeps utm_* parameters, in order, and nothing else', () => {
    resetPage('/landing?gclid=xyz&utm_source=news&q=secret&utm_campaign=spring');
    expect(getPath()).toBe('/landing?utm_source=news&utm_campaign=spring');
  });

  test('drops a plain anchor hash', () => {
    resetPage('/docs/intro?ref=x#section-2');
    expect(getPath()).toBe('/docs/intro');
  });

  test('keeps a hash route (#/ or #!/) without its own query', () => {
    resetPage('/app/#/cart?coupon=SECRET');
    expect(getPath()).toBe('/app/#/cart');
    resetPage('/app/#!/orders/7');
    expect(getPath()).toBe('/app/#!/orders/7');
  });
});

describe('getReferrerOrigin', () => {
  test('keeps only the origin of the referrer', () => {
    stubGetter(document, 'referrer', () => 'https://news.example.org/a/b?x=1#y');
    expect(getReferrerOrigin()).toBe('https://news.example.org');
  });

  test('is empty without a referrer or with an unparsable one', () => {
    stubGetter(document, 'referrer', () => '');
    expect(getReferrerOrigin()).toBe('');
    restoreStubs();
    stubGetter(document, 'referrer', () => 'not a url');
    expect(getReferrerOrigin()).toBe('');
  });
});
