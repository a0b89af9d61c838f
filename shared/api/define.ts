import type { z } from 'zod';

/** A contract method: a zod schema for its one request object and one for its JSON-safe result. */
export interface MethodSpec<Req extends z.ZodType = z.ZodType, Res extends z.ZodType = z.ZodType> {
  req: Req;
  res: Res;
}

export function method<Req extends z.ZodType, Res extends z.ZodType>(req: Req, res: Res): MethodSpec<Req, Res> {
  return { req, res };
}
