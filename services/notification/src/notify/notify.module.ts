import { Module, OnApplicationShutdown, Inject } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { HttpGatewaySender } from '../channels/http-gateway.sender';
import { Channel, MESSAGE_SENDERS, MessageSender } from '../channels/message-channel';
import { SmtpEmailSender } from '../channels/smtp-email.sender';
import { DeliveriesHttpController } from '../deliveries/deliveries.http.controller';
import { DeliveryDispatcher } from '../deliveries/delivery-dispatcher';
import { OfficerDirectory } from '../offices/officer-directory';
import { TemplateRegistry } from '../templates/template-registry';
import { UnsubscribeHttpController } from '../unsubscribe/unsubscribe.http.controller';
import { ContactRetention } from './contact-retention';
import { NotificationsService } from './notifications.service';
import { WorkflowEventsConsumer } from './workflow-events.consumer';

/** The adapters of the configured channels: email always, the WhatsApp/SMS gateway when MESSAGE_GATEWAY_URL is set. */
function senders(config: ConfigService): MessageSender[] {
  const list: MessageSender[] = [new SmtpEmailSender(config.getOrThrow<string>('SMTP_URL'), config.getOrThrow<string>('NOTIFY_FROM'))];
  const gateway = config.get<string>('MESSAGE_GATEWAY_URL');
  if (gateway) {
    const channel: Channel = config.get<string>('MESSAGE_GATEWAY_CHANNEL') === 'sms' ? 'SMS' : 'WHATSAPP';
    list.push(new HttpGatewaySender(channel, gateway, config.get<string>('MESSAGE_GATEWAY_TOKEN')));
  }
  return list;
}

@Module({
  controllers: [WorkflowEventsConsumer, UnsubscribeHttpController, DeliveriesHttpController],
  providers: [
    NotificationsService,
    DeliveryDispatcher,
    ContactRetention,
    OfficerDirectory,
    // Every template is checked here, at start-up: a missing field stops the service before it consumes.
    { provide: TemplateRegistry, inject: [ConfigService], useFactory: (config: ConfigService) => new TemplateRegistry(config.get<string>('NOTIFY_TEMPLATES_DIR')) },
    { provide: MESSAGE_SENDERS, inject: [ConfigService], useFactory: senders },
  ],
  exports: [DeliveryDispatcher, ContactRetention, TemplateRegistry],
})
export class NotifyModule implements OnApplicationShutdown {
  constructor(@Inject(MESSAGE_SENDERS) private readonly senders: MessageSender[]) {}

  onApplicationShutdown(): void {
    for (const sender of this.senders) if (sender instanceof SmtpEmailSender) sender.close();
  }
}
