import './tracing';
import 'reflect-metadata';
import { runHybridService } from '@mpp/messaging';
import { AppModule } from './app.module';

runHybridService(AppModule, {
  title: 'MPP application intake',
  description: 'Receives UMKM business-permit applications and tells entrepreneurs where they stand.',
});
