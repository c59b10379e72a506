// @mpp/contracts declares class-transformer decorators, which need the Reflect metadata polyfill that a Nest
// app loads at bootstrap; load it here too.
import 'reflect-metadata';
import { findOffice, listOffices, officeCodeViolations, OFFICES } from './offices';
import { findProvince, isKotaCode } from './regions';

describe('offices', () => {
  it.each([
    ['3373', 'DPMPTSP Kota Salatiga', 'Kota Salatiga', '33', 'Jawa Tengah', 'Asia/Jakarta'],
    ['3314', 'DPMPTSP Kabupaten Sragen', 'Kabupaten Sragen', '33', 'Jawa Tengah', 'Asia/Jakarta'],
    ['3372', 'DPMPTSP Kota Surakarta', 'Kota Surakarta', '33', 'Jawa Tengah', 'Asia/Jakarta'],
    ['3273', 'DPMPTSP Kota Bandung', 'Kota Bandung', '32', 'Jawa Barat', 'Asia/Jakarta'],
    ['3510', 'DPMPTSP Kabupaten Banyuwangi', 'Kabupaten Banyuwangi', '35', 'Jawa Timur', 'Asia/Jakarta'],
    ['6571', 'DPMPTSP Kota Tarakan', 'Kota Tarakan', '65', 'Kalimantan Utara', 'Asia/Makassar'],
    ['7371', 'DPMPTSP Kota Makassar', 'Kota Makassar', '73', 'Sulawesi Selatan', 'Asia/Makassar'],
  ])('%s is %s', (code, name, regencyName, provinceCode, provinceName, timezone) => {
    const office = findOffice(code);
    expect(office).toEqual({ code, name, regencyName, provinceCode, timezone });
    expect(findProvince(provinceCode)?.name).toBe(provinceName);
  });

  it('every office is consistent with its code', () => {
    for (const o of OFFICES) {
      expect(o.code).toMatch(/^\d{4}$/);
      expect(o.provinceCode).toBe(o.code.slice(0, 2));
      expect(o.regencyName.startsWith(isKotaCode(o.code) ? 'Kota ' : 'Kabupaten ')).toBe(true);
    }
  });

  it('findOffice returns undefined for unknown codes', () => {
    expect(findOffice('9999')).toBeUndefined();
    expect(findOffice(' 3373 ')?.code).toBe('3373');
  });

  it('listOffices returns a copy', () => {
    const list = listOffices();
    list.pop();
    expect(listOffices()).toHaveLength(OFFICES.length);
    expect(OFFICES.length).toBeGreaterThanOrEqual(7);
  });

  it('officeCodeViolations', () => {
    expect(officeCodeViolations('3373')).toEqual([]);
    expect(officeCodeViolations('337')[0].rule).toBe('office.format');
    expect(officeCodeViolations('9999')[0].rule).toBe('office.unknown');
  });
});
