import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { RevokePermitRequest } from '../revoke-permit/revoke-permit.dto';
import { DenyApprovalRequest } from './approval.dto';

describe.each([
  ['deny', DenyApprovalRequest],
  ['revoke', RevokePermitRequest],
])('%s reason', (_name, type) => {
  const problems = async (body: object) => (await validate(plainToInstance(type, body))).map((e) => e.property);

  it('needs 10 to 1000 characters after trimming', async () => {
    expect(await problems({ reason: 'Lokasi tidak sesuai tata ruang.' })).toEqual([]);
    expect(await problems({ reason: '   short    ' })).toEqual(['reason']);
    expect(await problems({ reason: 'x'.repeat(1001) })).toEqual(['reason']);
    expect(await problems({})).toEqual(['reason']);
    expect(await problems({ reason: 42 })).toEqual(['reason']);
  });

  it('trims the reason', () => {
    expect(plainToInstance(type, { reason: '  Lokasi tidak sesuai.  ' }).reason).toBe('Lokasi tidak sesuai.');
  });
});
