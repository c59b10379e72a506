import { startTestKafka, stopTestKafka } from '@mpp/testing';
import { application, call, RunningPlatform, startPlatform } from './support/platform';

/**
 * Nothing lost while Kafka is away: the services keep serving HTTP, submissions wait in the outbox, and
 * everything flows once the broker is back.
 */
describe('a Kafka outage', () => {
  let platform: RunningPlatform;

  beforeAll(async () => {
    platform = await startPlatform();
  });

  afterAll(async () => {
    startTestKafka({ keepData: true }); // whatever happened, leave a broker for the next suite
    await platform?.stop();
  });

  it('keeps HTTP serving, holds events in the outbox, and delivers them when the broker returns', async () => {
    stopTestKafka();
    let tracked = { applicationNumber: '', trackingCode: '' };
    try {
      const ready = await call(`${platform.intake}/health/ready`);
      expect(ready.status).toBe(503);
      expect(ready.body.error.kafka.status).toBe('down');
      expect((await call(`${platform.intake}/health/live`)).status).toBe(200);

      const submitted = await call(`${platform.intake}/api/v1/applications`, { body: application({ nik: '3373011203850401' }) });
      expect(submitted.status).toBe(201);
      tracked = submitted.body;
      const waiting = await call(`${platform.intake}/api/v1/applications/${tracked.applicationNumber}`, { headers: { 'x-tracking-code': tracked.trackingCode } });
      expect(waiting.body.status).toBe('SUBMITTED');
    } finally {
      startTestKafka({ keepData: true });
    }
    const deadline = Date.now() + 120_000;
    let status = '';
    while (Date.now() < deadline && status !== 'ISSUED') {
      await new Promise((r) => setTimeout(r, 500));
      const view = await call(`${platform.intake}/api/v1/applications/${tracked.applicationNumber}`, { headers: { 'x-tracking-code': tracked.trackingCode } });
      status = view.body.status;
    }
    expect(status).toBe('ISSUED');
  });
});
