import { z } from 'zod';
import { userSchema } from '../../shared/domain/user';

/** §1 login; the legacy platform sends no refresh token. */
export const loginAnswerSchema = z.object({
  access_token: z.string().min(10).max(8192),
  refresh_token: z.string().min(10).max(8192).optional().nullable(),
  token_type: z.string().optional(),
  expires_in: z.number().positive().optional(),
  user: userSchema,
});

/** §1 refresh: tokens rotate. */
export const refreshAnswerSchema = z.object({
  access_token: z.string().min(10).max(8192),
  refresh_token: z.string().min(10).max(8192),
  expires_in: z.number().positive().optional(),
});

/** §5 health: always HTTP 200; the state is in the body. */
export const healthAnswerSchema = z.object({
  status: z.string(),
  service: z.string().optional(),
  version: z.string().optional(),
  environment: z.string().optional(),
});
