import { isUnsubscribeToken, normaliseAddress, recipientHash, unsubscribeToken } from './recipients';

describe('recipients', () => {
  const key = 'k'.repeat(32);

  it('hashes an address with the key, the same address the same way whatever its case or spacing', () => {
    const hash = recipientHash(key, 'EMAIL', ' Siti@Example.ID ');
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).toBe(recipientHash(key, 'EMAIL', 'siti@example.id'));
    expect(hash).not.toBe(recipientHash('another key of 32 characters!!!', 'EMAIL', 'siti@example.id'));
    expect(hash).not.toContain('siti');
    expect(recipientHash(key, 'WHATSAPP', '+62 812-3456-7890')).toBe(recipientHash(key, 'WHATSAPP', '+6281234567890'));
    expect(normaliseAddress('SMS', '+62 812-3456')).toBe('+628123456');
  });

  it('accepts only the token made for the application', () => {
    const id = '0b0f5c1e-6f0e-4c1a-9a55-2b8f3c0e9d11';
    const token = unsubscribeToken(key, id);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(isUnsubscribeToken(key, id, token)).toBe(true);
    expect(isUnsubscribeToken(key, '1b0f5c1e-6f0e-4c1a-9a55-2b8f3c0e9d11', token)).toBe(false);
    expect(isUnsubscribeToken(key, id, token.slice(0, -1))).toBe(false);
  });
});
