import { AppError } from '../../shared/errors';
import type { Method, Req, Res } from '../../shared/api';
import type { Core } from '../core/create-core';

/** A typed call into the core that throws the AppError of a failed envelope. */
export async function call<M extends Method>(core: Core, method: M, req: Req<M>): Promise<Res<M>> {
  const env = await core.call(method, req);
  if (!env.ok) throw AppError.fromDto(env.error);
  return env.value as Res<M>;
}
