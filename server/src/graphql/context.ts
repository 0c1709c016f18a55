import type { Logger } from 'pino';
import type { StatusService } from '../modules/status/status.service.js';

/** Services a resolver may call. Built once per process, shared by requests. */
export interface Services {
  status: StatusService;
}

/** Per-request context: identity (later), per-request loaders (later), services. */
export interface GraphQLContext {
  requestId: string;
  logger: Logger;
  services: Services;
}
