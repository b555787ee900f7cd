/** merge: add and update what the reference has; overwrite: the target becomes the reference. */
export const modes = ['merge', 'overwrite'] as const;
export type Mode = (typeof modes)[number];
