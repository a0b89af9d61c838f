/**
 * Broadcasts (群发): the composer's plan (targets, caps per group and platform, quiet hours,
 * previews exactly as they arrive), templates, pictures, recurring schedules and the crash-safe
 * outbox that sends through robot channels with an idempotency key per target, then the report.
 *
 * Owns the tables `broadcasts`, `broadcast_targets`, `broadcast_log`, `broadcast_templates` and
 * `broadcast_images`; the event `broadcast.progress`; the outbox and the one scheduler (timers in
 * the core's thread, one of each per open workspace), which runs the sources it is given (the
 * calendar's due entries and auto-send columns, which recurring broadcasts are now).
 * Other areas use only what this file exports.
 */
export { broadcastsHandlers, type RecurringMethods } from './broadcasts.handlers';
export { Outbox } from './outbox';
export { BroadcastScheduler, type DueSource } from './broadcast-scheduler';
export { createBroadcast } from './broadcasts.service';
export { saveTemplate, starterTemplates } from './broadcast-templates.service';
// For the calendar, whose entries become broadcasts at their slots.
export { capsOf, checkConfirmed, listBroadcastRows, getBroadcastSettings, planBroadcast, previewBroadcast, resolveTargets, type BroadcastDeps, type Targeting } from './broadcasts.service';
export { hasError } from './broadcast-delivery';
export { mustGetImage } from './broadcast-images.service';
export { STARTER_TEMPLATES } from './starter-templates';
export { countsByStatus as targetCountsOf, planGroups as groupBasics } from './broadcasts.repo';
