import { PermitType } from '@mpp/contracts';
import { canonicalJson, canonicalPermitData, signedBytes } from './canonical-permit-data';

describe('canonical permit data', () => {
  const data = canonicalPermitData({
    number: '503/0001/IZ/DPMPTSP/2026',
    type: PermitType.IZIN,
    holder: 'Apotek "Sehat" Bu Siti',
    kbli: ['47721'],
    office: '3373',
    issuedAt: new Date('2026-11-27T20:00:00Z'),
    validUntil: new Date('2031-11-27T20:00:00Z'),
  });

  it('sorts keys, drops white space and keeps arrays in order', () => {
    expect(canonicalJson({ b: 1, a: [3, 1, { d: null, c: 'x' }], ab: true })).toBe('{"a":[3,1,{"c":"x","d":null}],"ab":true,"b":1}');
  });

  it('serialises the permit data to fixed bytes whatever the field order', () => {
    expect(signedBytes(data).toString('utf8')).toBe(
      '{"holder":"Apotek \\"Sehat\\" Bu Siti","issuedAt":"2026-11-27T20:00:00.000Z","kbli":["47721"],"number":"503/0001/IZ/DPMPTSP/2026",' +
        '"office":"3373","type":"IZIN","validUntil":"2031-11-27T20:00:00.000Z"}',
    );
    const reordered = Object.fromEntries(Object.entries(data).reverse()) as unknown as typeof data;
    expect(Object.keys(reordered)[0]).toBe('validUntil');
    expect(signedBytes(reordered).equals(signedBytes(data))).toBe(true);
  });

  it('writes an absent end of validity as null', () => {
    const nib = canonicalPermitData({ ...data, type: PermitType.NIB, number: '2811260000001', kbli: ['47112', '10710'], issuedAt: new Date(0), validUntil: null });
    expect(signedBytes(nib).toString()).toContain('"kbli":["47112","10710"]');
    expect(signedBytes(nib).toString()).toContain('"validUntil":null');
  });

  it('refuses numbers JSON cannot carry', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(RangeError);
  });
});
