import { BadRequestException, Injectable, NestMiddleware, PayloadTooLargeException } from '@nestjs/common';
import { raw } from 'express';
import type { NextFunction, Request, Response } from 'express';

/** Largest certificate PDF accepted for verification. */
export const MAX_PDF_BYTES = 5 * 1024 * 1024;

const parsePdf = raw({ type: 'application/pdf', limit: MAX_PDF_BYTES });

/**
 * Reads an `application/pdf` body into a Buffer on the routes it is applied to (the global parser only
 * reads JSON, up to 100 kB). Errors are thrown, so that they answer in the platform's error format.
 */
@Injectable()
export class PdfBodyMiddleware implements NestMiddleware {
  async use(req: Request, res: Response, next: NextFunction): Promise<void> {
    await new Promise<void>((resolve, reject) =>
      parsePdf(req, res, (err?: unknown) => {
        if (!err) return resolve();
        const type = (err as { type?: string }).type;
        reject(
          type === 'entity.too.large'
            ? new PayloadTooLargeException(`body: a PDF of at most ${MAX_PDF_BYTES / 1024 / 1024} MB`)
            : new BadRequestException('body: could not be read as a PDF'),
        );
      }),
    );
    next();
  }
}
