// Whose device it is (src/domain/authorization/ownership.ts): the rule the replace modal's submission and the
// workflows' facts steps share.
import { describe, expect, it } from 'vitest';
import { deviceOwnership } from '../../../src/domain/authorization';

const taro = { slackUserId: 'U_TARO', email: 'Taro@Example.com', personId: 'p-taro' };

describe('deviceOwnership', () => {
  it("is the subject's when a record names them (by Slack id, e-mail in any case, or Person id) and none names anyone else", () => {
    expect(deviceOwnership(taro, { ledger: { slackUserId: 'U_TARO' } }).ownership).toBe('subject');
    expect(deviceOwnership(taro, { ledger: { email: 'taro@example.com' }, mdm: [{ userEmail: 'TARO@example.com' }] }).ownership).toBe('subject');
    expect(deviceOwnership(taro, { ledger: { id: 'p-taro' } }).ownership).toBe('subject');
    expect(deviceOwnership(taro, { mdm: [{ userEmail: null, userUpn: 'taro@example.com' }] }).ownership).toBe('subject');
  });

  it("is someone else's when any record names another person, and names them", () => {
    expect(deviceOwnership(taro, { ledger: { slackUserId: 'U_TARO' }, mdm: [{ userEmail: 'jiro@example.com' }] })).toEqual({
      ownership: 'other',
      others: ['jiro@example.com'],
    });
    expect(deviceOwnership(taro, { ledger: { email: 'hana@example.com', displayName: 'Hana' } })).toEqual({ ownership: 'other', others: ['hana@example.com'] });
  });

  it("is nobody's when no record names anyone", () => {
    expect(deviceOwnership(taro, { ledger: { slackUserId: null, email: null }, mdm: [{ userEmail: null, userUpn: null }] })).toEqual({
      ownership: 'nobody',
      others: [],
    });
    expect(deviceOwnership(taro, {}).ownership).toBe('nobody');
  });
});
