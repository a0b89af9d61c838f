/**
 * Connections: how the console reaches groups — today the send-only group robots (WeCom,
 * DingTalk, Feishu webhooks) whose keys are sealed in the workspace vault; later the live
 * connectors. The wire formats and rate queues are in channels/.
 *
 * Owns the table `robots`. No events or jobs of its own (the outbox sends through these; the
 * broadcasts read which robots serve their groups, and keep the platform's locks, through the
 * repository functions exported below).
 * Other areas use only what this file exports.
 */
export { connectionsHandlers } from './connections.handlers';
export { addRobot, robotChannel } from './robots.service';
export { activeRobotsOfGroups, extendRobotLock, robotLockedUntil } from './robots.repo';
