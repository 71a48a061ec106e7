import { z } from 'zod';

/** Who someone is on the team: agents take payments, supervisors also watch, admins also manage. */
export const Role = z.enum(['agent', 'supervisor', 'admin'], {
  message: 'The role must be agent, supervisor or admin.',
});
export type Role = z.infer<typeof Role>;

/** A person's name as an invite carries it: shown to the team, 1 to 80 characters. */
export const PersonName = z
  .string()
  .trim()
  .min(1, 'Give the person’s name, for example "Ana Ruiz".')
  .max(80, 'A name may be up to 80 characters.');
