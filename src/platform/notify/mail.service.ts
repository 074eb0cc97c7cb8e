import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { createTransport, Transporter } from 'nodemailer';

import { notificationsConfig, NotificationsConfig } from 'src/platform/config/namespaces';

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

/** Sends e-mail through SMTP (nodemailer). Without SMTP_URL it logs the mail instead, for development. */
@Injectable()
export class MailService implements OnApplicationShutdown {
  private readonly logger = new Logger(MailService.name);
  private readonly transport?: Transporter;

  constructor(@Inject(notificationsConfig.KEY) private readonly config: NotificationsConfig) {
    if (config.smtpUrl) {
      // Bounded timeouts: the sender holds its notification_log claim (a transaction) while the server answers,
      // and a hung server should fail the job, which bull retries later.
      this.transport = createTransport(
        { url: config.smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 },
        { from: config.smtpFrom },
      );
    }
  }

  async send(mail: Mail): Promise<void> {
    if (!this.transport) {
      this.logger.log({ to: mail.to, subject: mail.subject }, 'SMTP_URL not set: e-mail not sent');
      return;
    }
    await this.transport.sendMail({ from: this.config.smtpFrom, ...mail });
  }

  onApplicationShutdown(): void {
    this.transport?.close();
  }
}
