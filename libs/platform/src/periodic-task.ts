import { Logger } from '@nestjs/common';
import { errorText } from './errors';

/**
 * A background pass run every `everyMs`, one at a time: a tick while a pass still runs is skipped. A failing
 * pass is logged and the next tick tries again; `stop()` clears the timer and waits for the running pass, so
 * that a service shuts down between passes, not inside one.
 */
export class PeriodicTask {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly what: string,
    private readonly pass: () => Promise<unknown>,
    private readonly logger: Logger,
  ) {}

  start(everyMs: number): void {
    this.timer = setInterval(() => {
      this.running ??= this.pass()
        .then(() => undefined)
        .catch((err) => this.logger.warn(`${this.what} failed: ${errorText(err)}`))
        .finally(() => (this.running = undefined));
    }, everyMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
