/**
 * The inbox store across a workspace switch: the search and the filters belong to the workspace
 * they were made in, so a new (empty) workspace does not open on 没有找到"小红书".
 */
import { describe, expect, it, vi } from 'vitest';
import { createFakeApi } from '../../helpers/fake-api';
import { EMPTY_INBOX_FILTERS } from '../../../renderer/store/inbox/selectors';

const fake = createFakeApi();
vi.mock('../../../renderer/lib/api/client', () => ({ getApi: () => fake }));
const { useInboxStore } = await import('../../../renderer/store/inbox/inbox.store');

describe('inbox store, another workspace', () => {
  it('forgets the query, the search and the filters; the same workspace with new content keeps them', () => {
    const searched = { query: '小红书', activeQuery: '小红书', terms: ['小红书'], filters: { ...EMPTY_INBOX_FILTERS, unreadOnly: true, groupSegmentId: 7 } };
    useInboxStore.setState(searched);
    useInboxStore.getState().workspaceChanged(false);
    expect(useInboxStore.getState()).toMatchObject(searched);

    useInboxStore.getState().workspaceChanged(true);
    const s = useInboxStore.getState();
    expect([s.query, s.activeQuery, s.terms, s.filters]).toEqual(['', '', [], EMPTY_INBOX_FILTERS]);
  });
});
