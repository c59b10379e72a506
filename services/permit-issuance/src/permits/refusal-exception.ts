import { ConflictException, ForbiddenException, HttpException, NotFoundException } from '@nestjs/common';
import type { Refusal } from './lifecycle';

/** The HTTP answer to a refused transition: 404 for another office's subject (as for none), 403, or 409. */
export function refusalException(refusal: Refusal): HttpException {
  switch (refusal.kind) {
    case 'hidden':
      return new NotFoundException(refusal.message);
    case 'forbidden':
      return new ForbiddenException(refusal.message);
    case 'conflict':
      return new ConflictException(refusal.message);
  }
}
