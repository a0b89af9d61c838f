/**
 * Broadcasts (群发): the composer's plan (targets, caps per group and platform, quiet hours,
 * previews exactly as they arrive), templates, pictures, recurring schedules and the crash-safe
 * outbox that sends through robot channels with an idempotency key per target, then the report.
 *
 * Owns the tables `broadcasts`, `broadcast_targets`, `broadcast_log`, `broadcast_schedules`,
 * `broadcast_templates` and `broadcast_images`; the event `broadcast.progress`; the outbox and the
 * scheduler (timers in the core's thread, one of each per open workspace).
 * Other areas use only what this file exports.
 */
export { broadcastsHandlers } from './broadcasts.handlers';
export { Outbox } from './outbox';
export { BroadcastScheduler } from './broadcast-scheduler';
export { createBroadcast } from './broadcasts.service';
export { saveTemplate, starterTemplates } from './broadcast-templates.service';
export { createSchedule, setSchedulePaused } from './broadcast-schedules.service';
