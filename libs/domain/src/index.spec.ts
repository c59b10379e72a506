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
      // regions (Kepmendagri 300.2.2-2138/2025 list)
      'findRegency',
      'findDistrict',
      'isVillageCode',
      'villageExists',
      'validateVillageCode',
      'listRegencies',
      'listDistricts',
      'listVillageCodes',
      'regionDataInfo',
      'RETIRED_REGENCY_CODES',
      // KBLI
      'assessRisk',
      'KBLI_CATALOGUE',
      // working days and the SLA clock
      'isWorkingDay',
      'addWorkingDays',
      'workingDaysBetween',
      'localDate',
      'endOfLocalDay',
      'startClock',
      'pauseClock',
      'resumeClock',
      'resetClock',
      'dueAt',
      'isOverdue',
      'consumedWorkingDays',
      'remainingWorkingDays',
    ]) {
      expect(domain).toHaveProperty(name);
    }
  });
});
