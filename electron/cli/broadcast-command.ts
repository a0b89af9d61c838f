/**
 * `qunzhu broadcast send` and `qunzhu broadcast report`: the same plan, outbox and report as the
 * composer. `--dry-run` prints the plan (each target with its mode, the caps' decision and the
 * planned time) and stores nothing; a real send runs the outbox until every robot target is
 * settled and prints the report's counts and the manual checklist.
 */
import { AppError } from '../../shared/errors';
import type { Req } from '../../shared/api';
import type { Core } from '../core/create-core';
import { call } from './call';

export interface SendOptions {
  /** The body; or, with `template`, nothing. */
  text?: string | undefined;
  /** A saved template's or a starter's name: its body, format and title are sent. */
  template?: string | undefined;
  name?: string | undefined;
  segment?: string | undefined;
  groups: string[];
  all: boolean;
  dryRun: boolean;
  /** The number of target groups, repeated: required over the confirmation threshold. */
  confirm?: number | undefined;
  /** Longest wait for the robots, in seconds. */
  waitSeconds: number;
}

async function targeting(core: Core, o: SendOptions): Promise<Req<'broadcasts.plan'>['targeting']> {
  const chosen = [o.segment !== undefined, o.groups.length > 0, o.all].filter(Boolean).length;
  if (chosen !== 1) throw new AppError('BAD_REQUEST', '请只选一种目标：--segment、--group 或 --all / choose exactly one of --segment, --group, --all');
  if (o.all) return { all: true };
  if (o.segment !== undefined) {
    const segments = await call(core, 'segments.list', { target: 'groups' });
    const s = segments.find((x) => x.name === o.segment || String(x.id) === o.segment);
    if (!s) throw new AppError('NOT_FOUND', `找不到群分组 / no such group segment: ${o.segment}`);
    return { segmentId: s.id };
  }
  const groups = await call(core, 'groups.list', { archived: 'all' });
  return {
    groupIds: o.groups.map((g) => {
      const found = /^\d+$/.test(g) ? groups.find((x) => x.id === Number(g)) : groups.find((x) => x.name === g);
      if (!found) throw new AppError('NOT_FOUND', `找不到群 / no such group: ${g}`);
      return found.id;
    }),
  };
}

/** The message: --text as plain text, or a template by name (a saved one before a starter of the same name). */
async function message(core: Core, o: SendOptions): Promise<{ name: string; format: 'text' | 'markdown'; title?: string; body: string }> {
  if (o.template === undefined) return { name: o.name ?? o.text!.slice(0, 20), format: 'text', body: o.text! };
  const all = await call(core, 'broadcasts.listTemplates', {});
  const found = all.find((x) => x.name === o.template);
  if (!found) throw new AppError('NOT_FOUND', `找不到模板 / no such template: ${o.template}（可用 / available: ${all.map((x) => x.name).join('、')}）`);
  return { name: o.name ?? found.name, format: found.format, ...(found.title ? { title: found.title } : {}), body: found.body };
}

export async function runBroadcastSend(core: Core, o: SendOptions, write: (s: string) => void, progress: (s: string) => void): Promise<void> {
  const draft = { ...(await message(core, o)), targeting: await targeting(core, o) };
  const plan = await call(core, 'broadcasts.plan', draft);
  if (o.dryRun) {
    write(
      JSON.stringify(
        {
          dryRun: true,
          at: plan.at,
          summary: plan.summary,
          targets: plan.targets.map((x) => ({ groupId: x.groupId, group: x.groupName, platform: x.platform, mode: x.mode, decision: x.decision, reasons: x.reasons, plannedAt: x.plannedAt, text: x.text, delivery: x.delivery, checks: x.checks })),
        },
        null,
        2,
      ),
    );
    return;
  }
  const count = plan.targets.length;
  if (count > plan.confirmOver && o.confirm !== count) throw new AppError('CONFIRM_NEEDED', `将发往 ${count} 个群（超过 ${plan.confirmOver} 个）：确认无误请加 --confirm ${count} / ${count} groups: add --confirm ${count}`);
  const { id } = await call(core, 'broadcasts.create', { ...draft, confirmTargets: count });
  const deadline = Date.now() + o.waitSeconds * 1000;
  let report = await call(core, 'broadcasts.report', { id });
  const open = () => report.targets.filter((x) => x.status === 'queued' || x.status === 'sending').length;
  let last = -1;
  while (open() > 0 && Date.now() < deadline) {
    if (open() !== last) progress(`还在发送 / sending: ${(last = open())}`);
    await new Promise((r) => setTimeout(r, 250));
    report = await call(core, 'broadcasts.report', { id });
  }
  write(
    JSON.stringify(
      {
        id,
        counts: report.broadcast.counts,
        stillSending: open(),
        failed: report.targets.filter((x) => x.status === 'failed').map((x) => ({ group: x.groupName, error: x.error })),
        manual: report.targets.filter((x) => x.status === 'manual-pending' || x.status === 'awaiting-owner').map((x) => ({ group: x.groupName, platform: x.platform, mode: x.mode, text: x.text })),
      },
      null,
      2,
    ),
  );
}
