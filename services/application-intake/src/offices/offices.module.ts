import { Injectable, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { OFFICES } from '@mpp/domain';
import { OfficesHttpController } from './offices.http.controller';
import { OfficesService } from './offices.service';

/** On the first start of an installation, the seeded offices are created (and announced). */
@Injectable()
class SeedOffices implements OnApplicationBootstrap {
  private readonly logger = new Logger('Offices');

  constructor(private readonly offices: OfficesService) {}

  async onApplicationBootstrap(): Promise<void> {
    const created = await this.offices.seed(OFFICES.map(({ code, name, timezone }) => ({ code, name, timezone })));
    if (created.length) this.logger.log(`seeded offices ${created.join(', ')}`);
  }
}

@Module({
  controllers: [OfficesHttpController],
  providers: [OfficesService, SeedOffices],
  exports: [OfficesService],
})
export class OfficesModule {}
