import { Logger } from '@nestjs/common';
import { PeriodicTask } from './periodic-task';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('PeriodicTask', () => {
  it('runs one pass at a time, logs a failing pass and goes on, and stops after the running pass', async () => {
    const logger = { warn: jest.fn() } as unknown as Logger;
    let running = 0;
    let most = 0;
    let passes = 0;
    const task = new PeriodicTask('test pass', async () => {
      running++;
      most = Math.max(most, running);
      passes++;
      await sleep(35); // longer than the interval: ticks meanwhile are skipped
      running--;
      if (passes === 1) throw new Error('broker away');
    }, logger);

    task.start(10);
    await sleep(150);
    await task.stop();
    const stoppedAt = passes;

    expect(most).toBe(1);
    expect(passes).toBeGreaterThanOrEqual(2);
    expect(running).toBe(0); // stop() waited for the pass in progress
    expect(logger.warn).toHaveBeenCalledWith('test pass failed: broker away');
    await sleep(50);
    expect(passes).toBe(stoppedAt);
  });
});
