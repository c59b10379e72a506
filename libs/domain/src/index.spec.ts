// @mpp/contracts declares class-transformer decorators, which need the Reflect metadata polyfill that a Nest
// app loads at bootstrap; load it here too.
import 'reflect-metadata';
import * as domain from './index';

describe('barrel', () => {
  it('exports the public API', () => {
    for (const name of [
      'DomainRuleError',
      'businessScaleFromCapital',
      'businessScaleFromAnnualSales',
      'findKbli',
      'searchKbli',
      'riskLevelFor',
      'KBLI_CATALOGUE_VERSION',
      'permitsForRisk',
      'isAutoVerifiable',
      'requiresHeadOfOfficeApproval',
      'isProvinceCode',
      'normalizeVillageCode',
      'regencyOfVillage',
      'isKotaCode',
      'findOffice',
      'listOffices',
      'validateNik',
      'validateNpwp',
      'IsNik',
      'IsNpwp',
      'IsKnownKbli',
      'IsKnownOffice',
      'IsVillageCode',
    ]) {
      expect(domain).toHaveProperty(name);
    }
  });
});
