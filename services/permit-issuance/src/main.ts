import './tracing';
import 'reflect-metadata';
import { runHybridService } from '@mpp/messaging';
import { AppModule } from './app.module';

runHybridService(AppModule, {
  title: 'MPP permit issuance',
  description: 'Issues NIB, Sertifikat Standar and Izin by risk level, and lets anyone verify a permit.',
});
