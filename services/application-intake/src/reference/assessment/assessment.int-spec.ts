import { IntakeHarness, startIntakeHarness } from '../../testing/intake-harness';
import { TrackApplicationService } from '../../applications/track-application/track-application.service';
import { assessApplication } from './assessment';

/** The preview the wizard shows against what the submission stores and tracking then shows (real PostgreSQL). */
describe('assessment preview against submitted applications', () => {
  let h: IntakeHarness;

  beforeAll(async () => {
    h = await startIntakeHarness();
  });
  afterAll(() => h?.close());

  it.each(['47112', '10710', '86105', '47721'])('KBLI %s: the preview gives the scale, risk and checklist the stored application has', async (kbli) => {
    // The harness files every application with Rp 50 juta capital.
    const preview = assessApplication({ kbli, capital: 50_000_000 });
    const app = await h.submitApplication({ kbli });
    const { rows } = await h.pg.query(`SELECT "risk_level", "business_scale" FROM "intake"."applications" WHERE "id" = $1`, [app.id]);
    expect(rows[0]).toEqual({ risk_level: preview.riskLevel, business_scale: preview.businessScale });
    expect(app.announced).toMatchObject({ riskLevel: preview.riskLevel, businessScale: preview.businessScale });
    const view = await h.get(TrackApplicationService).track(app.number, { trackingCode: app.code });
    expect(view.checklist).toEqual(preview.documents);
  });
});
