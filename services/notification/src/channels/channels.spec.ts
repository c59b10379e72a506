import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { backoffMs } from '../deliveries/delivery-dispatcher';
import { HttpGatewaySender } from './http-gateway.sender';
import { PermanentDeliveryError, TransientDeliveryError } from './message-channel';
import { classifySmtpError } from './smtp-email.sender';

describe('classifySmtpError', () => {
  it('takes an SMTP 5xx reply and a refused envelope as permanent, a 4xx reply and connection trouble as transient', () => {
    expect(classifySmtpError({ responseCode: 550, message: '550 mailbox unavailable' })).toBeInstanceOf(PermanentDeliveryError);
    expect(classifySmtpError({ code: 'EENVELOPE', message: 'No recipients defined' })).toBeInstanceOf(PermanentDeliveryError);
    expect(classifySmtpError({ responseCode: 451, message: '451 try later' })).toBeInstanceOf(TransientDeliveryError);
    expect(classifySmtpError({ code: 'ECONNECTION', message: 'connect ECONNREFUSED' })).toBeInstanceOf(TransientDeliveryError);
    expect(classifySmtpError(new Error('socket hang up'))).toBeInstanceOf(TransientDeliveryError);
  });
});

describe('backoffMs', () => {
  it('doubles from the base up to the maximum, with at most 20 % less for jitter', () => {
    expect([1, 2, 3, 4, 10].map((a) => backoffMs(a, 1000, 5000, () => 1))).toEqual([1000, 2000, 4000, 5000, 5000]);
    expect(backoffMs(2, 1000, 5000, () => 0)).toBe(1600);
  });
});

describe('HttpGatewaySender (against a local gateway)', () => {
  let server: Server;
  let url: string;
  const received: { auth?: string; body: unknown }[] = [];
  let answer = { status: 200, body: '{"id":"wa-1"}' };

  beforeAll(async () => {
    server = createServer((req, res) => {
      let data = '';
      req.on('data', (c) => (data += c));
      req.on('end', () => {
        received.push({ auth: req.headers.authorization, body: JSON.parse(data) });
        res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/send`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const message = { to: '+6281234567890', subject: 's', text: 't', html: 'h', sms: 'MPP: permohonan A diterima', reference: 'd-1' };

  it('posts the short text with the bearer token and keeps the provider id', async () => {
    answer = { status: 200, body: '{"id":"wa-1"}' };
    await expect(new HttpGatewaySender('WHATSAPP', url, 'gateway-token-123456').send(message)).resolves.toEqual({ providerId: 'wa-1' });
    expect(received.at(-1)).toEqual({
      auth: 'Bearer gateway-token-123456',
      body: { channel: 'whatsapp', to: '+6281234567890', text: 'MPP: permohonan A diterima', reference: 'd-1' },
    });
  });

  it('takes 4xx as permanent, 429 and 5xx and no answer as transient', async () => {
    const sender = new HttpGatewaySender('SMS', url, undefined);
    answer = { status: 400, body: '{"error":"invalid number"}' };
    await expect(sender.send(message)).rejects.toBeInstanceOf(PermanentDeliveryError);
    answer = { status: 429, body: '' };
    await expect(sender.send(message)).rejects.toBeInstanceOf(TransientDeliveryError);
    answer = { status: 503, body: '' };
    await expect(sender.send(message)).rejects.toBeInstanceOf(TransientDeliveryError);
    await expect(new HttpGatewaySender('SMS', 'http://127.0.0.1:9/send', undefined).send(message)).rejects.toBeInstanceOf(TransientDeliveryError);
  });
});
