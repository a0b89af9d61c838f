import { describe, expect, it } from 'vitest';
import { mergeHandlers, type AreaHandlers, type Handlers } from '../../../electron/core/registry';
import { groupsHandlers } from '../../../electron/core/groups/groups.handlers';
import { appHandlers, settingsHandlers, workspaceHandlers } from '../../../electron/core/workspace/workspace.handlers';

describe('handler registry', () => {
  it('refuses two handlers for one contract method at start-up', () => {
    expect(() => mergeHandlers(groupsHandlers, { 'groups.list': groupsHandlers['groups.list'] })).toThrow(/duplicate handler for contract method "groups.list"/);
  });

  it('is checked by the compiler: a table missing a method does not type-check', () => {
    const { 'groups.get': _dropped, ...withoutGet } = groupsHandlers;
    // @ts-expect-error -- 'groups.get' is in the contract but has no handler here; `npm run typecheck` fails if this ever compiles.
    const incomplete: Handlers = mergeHandlers(appHandlers, settingsHandlers, workspaceHandlers, withoutGet);
    // @ts-expect-error -- an area table must cover every method of its area.
    const area: AreaHandlers<'groups.'> = withoutGet;
    expect(Object.keys(incomplete)).not.toContain('groups.get');
    expect(Object.keys(area)).toHaveLength(Object.keys(groupsHandlers).length - 1);
  });
});
