import { DataSource, EntityManager } from 'typeorm';
import { AuditTrail } from './audit-trail';

describe('AuditTrail', () => {
  const dataSource = { options: { schema: 'intake' } } as unknown as DataSource;

  it('refuses to record outside the transaction of the change it records', async () => {
    const manager = { queryRunner: undefined } as unknown as EntityManager;
    await expect(
      new AuditTrail(dataSource).record(manager, { action: 'x', subjectType: 'application', subjectId: '1' }),
    ).rejects.toThrow('inside the transaction');
  });

  it('records the system as actor when none is given, in the service schema', async () => {
    const query = jest.fn();
    const manager = { queryRunner: { isTransactionActive: true }, query } as unknown as EntityManager;
    await new AuditTrail(dataSource).record(manager, { action: 'permits.issued', subjectType: 'application', subjectId: 'MPP-1', office: '3373' }, 'permit-issuance');
    const [sql, params] = query.mock.calls[0];
    expect(sql).toContain('"intake"."audit_log"');
    expect(params.slice(0, 7)).toEqual(['3373', 'system', 'permit-issuance', null, 'permits.issued', 'application', 'MPP-1']);
  });
});
