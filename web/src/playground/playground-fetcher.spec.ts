import { describe, expect, it } from 'vitest';
import { isSubscriptionOperation, normalizeHeaders } from './playground-fetcher.ts';

describe('playground fetcher helpers', () => {
  const document = 'query Status { status { ok } } subscription StatusChanged { statusChanged { ok } }';

  it('sends the chosen operation over the WebSocket only when it is a subscription', () => {
    expect(isSubscriptionOperation(document, 'StatusChanged')).toBe(true);
    expect(isSubscriptionOperation(document, 'Status')).toBe(false);
    expect(isSubscriptionOperation('subscription { statusChanged { ok } }', undefined)).toBe(true);
    expect(isSubscriptionOperation('{ status { ok } }', null)).toBe(false);
    expect(isSubscriptionOperation('subscription {', undefined)).toBe(false);
  });

  it('lower-cases header names and keeps string values', () => {
    expect(normalizeHeaders({ Authorization: 'Bearer abc', 'X-Count': 3, Empty: null })).toEqual({
      authorization: 'Bearer abc',
      'x-count': '3',
    });
    expect(normalizeHeaders(undefined)).toEqual({});
  });
});
