import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Descriptions, Drawer, Dropdown, Empty, Flex, Form, Input, Popconfirm, Select, Skeleton, Space, Table, Tabs, Tag, Typography } from 'antd';
import { DeleteOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { MemberDetailDto } from '../../../shared/api/roster';
import type { Platform } from '../../../shared/domain/enums';
import type { AutoTag } from '../../../shared/domain/roster';
import { formatCount } from '../../i18n';
import { errorText } from '../../lib/errors';
import { useMemberStore } from '../../store/roster/member.store';
import { useRosterStore } from '../../store/roster/roster.store';
import { changedFields, evidenceText, tagsByGroup, TAG_ORDER, type EvidenceT, type GroupTags } from '../../store/roster/selectors';
import { PLATFORM_COLORS, TAG_COLORS } from '../../lib/labels';
import { formatAgo, formatDay, formatFullTime } from '../../lib/time';
import { Time } from '../../lib/Time';
import { MessageText } from '../inbox/MessageText';
import { fieldName, optionName } from './format';
import { Sparkline } from './Sparkline';

type Detail = MemberDetailDto;

/** Wraps an action: errors become a message in the user's language, success an optional one. */
function useAct() {
  const { message } = App.useApp();
  return async (fn: () => Promise<unknown>, ok?: string) => {
    try {
      await fn();
      if (ok) void message.success(ok);
    } catch (e) {
      void message.error(errorText(e));
    }
  };
}

function Labels({ d }: { d: Detail }) {
  const { t } = useTranslation();
  const labels = useRosterStore((s) => s.labels);
  const setLabel = useMemberStore((s) => s.setLabel);
  const act = useAct();
  const mine = new Set(d.member.labelIds);
  const byId = new Map(labels.map((l) => [l.id, l]));
  const others = labels.filter((l) => !mine.has(l.id));
  return (
    <Space size={[4, 4]} wrap data-testid="member-labels">
      {d.member.labelIds.map((id) => {
        const l = byId.get(id);
        if (!l) return null;
        return (
          <Tag
            key={id}
            color={l.color}
            closable
            closeIcon={<span aria-label={t('roster.drawer.removeLabel', { name: l.name })}>×</span>}
            onClose={(e) => {
              e.preventDefault();
              void act(() => setLabel(id, false));
            }}
          >
            {l.name}
          </Tag>
        );
      })}
      {others.length > 0 && (
        <Select<number | null>
          size="small"
          value={null}
          placeholder={t('roster.drawer.addLabelPlaceholder')}
          aria-label={t('roster.drawer.addLabel')}
          style={{ width: 130 }}
          showSearch={{ optionFilterProp: 'label' }}
          options={others.map((l) => ({ value: l.id, label: l.name, color: l.color }))}
          optionRender={(o) => <Tag color={o.data.color}>{o.label}</Tag>}
          onChange={(id) => id !== null && void act(() => setLabel(id, true))}
        />
      )}
    </Space>
  );
}

function GroupTagsBlock({ g }: { g: GroupTags }) {
  const { t, i18n } = useTranslation();
  const setOverride = useMemberStore((s) => s.setOverride);
  const act = useAct();
  const tr: EvidenceT = (key, params) => t(key, params);
  const present = new Set(g.tags.map((x) => x.tag));
  const settable = TAG_ORDER.filter((x) => !present.has(x));
  const override = (tag: AutoTag, state: 'on' | 'off' | null) => act(() => setOverride(g.groupId, tag, state), t('roster.drawer.overrideSaved'));
  return (
    <div style={{ marginBottom: 8 }} data-testid="group-tags" data-group={g.groupName}>
      <Flex justify="space-between" align="center" gap={8}>
        <Space size={6}>
          <Typography.Text strong>{g.groupName}</Typography.Text>
          {!g.current && <Tag>{t('roster.drawer.leftGroup')}</Tag>}
        </Space>
        {g.current && settable.length > 0 && (
          <Dropdown
            trigger={['click']}
            menu={{
              items: settable.map((tag) => ({ key: tag, label: t('roster.drawer.setTag', { tag: t(`roster.tag.${tag}`) }) })),
              onClick: ({ key }) => void override(key as AutoTag, 'on'),
            }}
          >
            <Button size="small" type="link">
              {t('roster.drawer.setTagMenu')}
            </Button>
          </Dropdown>
        )}
      </Flex>
      {g.tags.map((x) => (
        <div key={x.tag} className="qz-evidence" data-testid="tag-evidence" data-tag={x.tag}>
          <Flex justify="space-between" align="center" gap={8}>
            <Space size={4}>
              <Tag color={TAG_COLORS[x.tag]}>{t(`roster.tag.${x.tag}`)}</Tag>
              {x.source === 'manual' && <Tag variant="outlined">{t('roster.drawer.manual')}</Tag>}
            </Space>
            <Space size={0}>
              {g.on.includes(x.tag) && (
                <Button size="small" type="link" onClick={() => void override(x.tag, null)}>
                  {t('roster.drawer.undoOverride')}
                </Button>
              )}
              <Button size="small" type="link" danger onClick={() => void override(x.tag, 'off')}>
                {t('roster.drawer.notTag', { tag: t(`roster.tag.${x.tag}`) })}
              </Button>
            </Space>
          </Flex>
          <div className="qz-evidence-text">{evidenceText(x, tr, (ms) => formatDay(ms, i18n.language))}</div>
        </div>
      ))}
      {g.off.map((tag) => (
        <div key={`off-${tag}`} className="qz-evidence" data-testid="tag-off" data-tag={tag}>
          <Flex justify="space-between" align="center" gap={8}>
            <Typography.Text type="secondary">{t('roster.drawer.offNote', { tag: t(`roster.tag.${tag}`) })}</Typography.Text>
            <Button size="small" type="link" onClick={() => void override(tag, null)}>
              {t('roster.drawer.undoOverride')}
            </Button>
          </Flex>
        </div>
      ))}
    </div>
  );
}

function Overview({ d }: { d: Detail }) {
  const { t, i18n } = useTranslation();
  const groups = useMemo(() => tagsByGroup(d), [d]);
  const withTags = groups.filter((g) => g.tags.length > 0 || g.off.length > 0);
  const rest = groups.filter((g) => g.tags.length === 0 && g.off.length === 0 && g.current);
  const a = d.activity;
  return (
    <Flex orientation="vertical" gap={8}>
      <section>
        <Typography.Title level={5}>{t('roster.drawer.tagsTitle')}</Typography.Title>
        {withTags.length === 0 && <Typography.Paragraph type="secondary">{t('roster.drawer.noTags')}</Typography.Paragraph>}
        {withTags.map((g) => (
          <GroupTagsBlock key={g.groupId} g={g} />
        ))}
        {rest.map((g) => (
          <GroupTagsBlock key={g.groupId} g={g} />
        ))}
      </section>
      <section>
        <Typography.Title level={5}>{t('roster.drawer.activity', { day: d.sparkline[d.sparkline.length - 1]?.day ?? '' })}</Typography.Title>
        <Sparkline points={d.sparkline} />
        <Flex justify="space-between" style={{ fontSize: 12, color: 'rgba(0,0,0,0.45)' }}>
          <span>{d.sparkline[0]?.day}</span>
          <span>{d.sparkline[d.sparkline.length - 1]?.day}</span>
        </Flex>
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
          {t('roster.drawer.activitySummary', { total: formatCount(a.messages), n30: formatCount(a.n30), days: a.days30, replies: formatCount(a.repliesReceived), mentions: formatCount(a.mentionsReceived) })}
        </Typography.Paragraph>
      </section>
      <section>
        <Typography.Title level={5}>{t('roster.drawer.memberships')}</Typography.Title>
        <Table
          size="small"
          rowKey="groupId"
          pagination={false}
          dataSource={d.memberships}
          columns={[
            { title: t('roster.drawer.group'), dataIndex: 'groupName', ellipsis: true },
            { title: t('roster.drawer.role'), dataIndex: 'role', width: 76, render: (r: Detail['memberships'][number]['role']) => <Tag color={r === 'member' ? 'default' : 'gold'}>{t(`roster.role.${r}`)}</Tag> },
            { title: t('roster.drawer.joined'), dataIndex: 'joinedAt', width: 104, render: (v: string | null) => (v ? formatDay(v, i18n.language, true) : t('roster.drawer.unknown')) },
            { title: t('roster.drawer.left'), dataIndex: 'leftAt', width: 104, render: (v: string | null) => (v ? formatDay(v, i18n.language, true) : '—') },
            {
              title: t('roster.drawer.messages'),
              key: 'messages',
              width: 116,
              align: 'right',
              render: (_: unknown, m: Detail['memberships'][number]) => `${formatCount(m.activity.n30)} / ${formatCount(m.activity.messages)}`,
            },
          ]}
        />
      </section>
    </Flex>
  );
}

function Profile({ d }: { d: Detail }) {
  const { t, i18n } = useTranslation();
  const fields = useRosterStore((s) => s.fields);
  const setFields = useMemberStore((s) => s.setFields);
  const addNote = useMemberStore((s) => s.addNote);
  const deleteNote = useMemberStore((s) => s.deleteNote);
  const act = useAct();
  const [form] = Form.useForm<Record<string, string | undefined>>();
  const [note, setNote] = useState('');
  const [saving, setSaving] = useState(false);

  // The stored values, again whenever they change (not at every refresh of the drawer, which would drop typing).
  const stored = JSON.stringify(d.member.fields);
  useEffect(() => {
    const values = JSON.parse(stored) as Record<string, string>;
    form.resetFields();
    form.setFieldsValue(Object.fromEntries(fields.map((f) => [f.key, values[f.key]])));
  }, [form, fields, d.member.id, stored]);

  const save = async () => {
    setSaving(true);
    await act(() => setFields(changedFields(d.member.fields, form.getFieldsValue())), t('roster.drawer.fieldsSaved'));
    setSaving(false);
  };

  return (
    <Flex orientation="vertical" gap={20}>
      <section>
        <Typography.Title level={5}>{t('roster.drawer.fields')}</Typography.Title>
        <Form form={form} layout="horizontal" labelCol={{ span: 6 }} wrapperCol={{ span: 18 }} onFinish={() => void save()} data-testid="member-fields">
          {fields.map((f) => (
            <Form.Item key={f.key} name={f.key} label={fieldName(t, f)}>
              {f.kind === 'choice' ? (
                <Select allowClear placeholder={t('roster.drawer.choose')} options={f.options.map((o) => ({ value: o, label: optionName(t, f, o) }))} />
              ) : (
                <Input maxLength={500} allowClear />
              )}
            </Form.Item>
          ))}
          <Form.Item wrapperCol={{ offset: 6, span: 18 }}>
            <Button type="primary" htmlType="submit" loading={saving}>
              {t('roster.drawer.saveFields')}
            </Button>
          </Form.Item>
        </Form>
      </section>
      <section>
        <Typography.Title level={5}>{t('roster.drawer.notes')}</Typography.Title>
        <Input.TextArea value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('roster.drawer.notePlaceholder')} aria-label={t('roster.drawer.notes')} autoSize={{ minRows: 2, maxRows: 6 }} maxLength={5000} />
        <Button
          style={{ marginTop: 8 }}
          disabled={!note.trim()}
          onClick={() =>
            void act(async () => {
              await addNote(note.trim());
              setNote('');
            }, t('roster.drawer.noteAdded'))
          }
        >
          {t('roster.drawer.addNote')}
        </Button>
        <div style={{ marginTop: 12 }} data-testid="member-notes">
          {d.notes.length === 0 && <Typography.Text type="secondary">{t('roster.drawer.noNotes')}</Typography.Text>}
          {d.notes.map((n) => (
            <div key={n.id} className="qz-note">
              <Flex justify="space-between" align="center">
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {formatFullTime(n.createdAt, i18n.language)}
                </Typography.Text>
                <Popconfirm title={t('roster.drawer.deleteNoteConfirm')} okText={t('roster.drawer.deleteNote')} okButtonProps={{ danger: true }} cancelText={t('form.cancel')} onConfirm={() => act(() => deleteNote(n.id))}>
                  <Button size="small" type="text" icon={<DeleteOutlined aria-hidden />} aria-label={t('roster.drawer.deleteNote')} />
                </Popconfirm>
              </Flex>
              <div className="qz-note-text">{n.text}</div>
            </div>
          ))}
        </div>
      </section>
    </Flex>
  );
}

function Messages({ d }: { d: Detail }) {
  const { t, i18n } = useTranslation();
  return (
    <Flex orientation="vertical" gap={20}>
      <section>
        <Typography.Title level={5}>{t('roster.drawer.recent')}</Typography.Title>
        {d.recent.length === 0 && <Typography.Text type="secondary">{t('roster.drawer.noRecent')}</Typography.Text>}
        {d.recent.map((m) => (
          <div key={m.id} className="qz-member-msg" data-testid="member-message">
            <div className="qz-member-msg-meta">
              <span>{m.groupName}</span>
              <Time iso={m.sentAt} />
            </div>
            <div className="qz-member-msg-text">
              <MessageText text={m.text} />
            </div>
          </div>
        ))}
      </section>
      <section>
        <Typography.Title level={5}>{t('roster.drawer.nicknames')}</Typography.Title>
        {d.nicknames.map((n, i) => (
          <div key={`${n.name}-${i}`} style={{ padding: '4px 0' }}>
            <Typography.Text strong>{n.name}</Typography.Text>{' '}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {n.groupName ? `${t('roster.drawer.nicknameIn', { group: n.groupName })} · ` : ''}
              {formatDay(n.firstSeenAt, i18n.language)} – {formatDay(n.lastSeenAt, i18n.language)}
            </Typography.Text>
          </div>
        ))}
      </section>
    </Flex>
  );
}

/** One member: labels, tags per group with their evidence and overrides, activity, profile, notes, messages. */
export function MemberDrawer() {
  const { t, i18n } = useTranslation();
  const openId = useMemberStore((s) => s.openId);
  const d = useMemberStore((s) => s.detail);
  const loading = useMemberStore((s) => s.loading);
  const error = useMemberStore((s) => s.error);
  const close = useMemberStore((s) => s.close);
  const platform = d?.member.platform as Platform | undefined;

  return (
    <Drawer
      open={openId !== null}
      onClose={close}
      size={640}
      mask={false}
      destroyOnHidden
      rootClassName="qz-member"
      styles={{ body: { paddingTop: 8 } }}
      title={
        d ? (
          <Space>
            <span data-testid="member-name">{d.member.name}</span>
            {platform && <Tag color={PLATFORM_COLORS[platform] ?? 'default'}>{t(`platform.${platform}`, { defaultValue: d.member.platform })}</Tag>}
          </Space>
        ) : null
      }
    >
      {error ? (
        <Alert type="error" showIcon title={t('roster.drawer.loadFailed')} description={error} />
      ) : loading && !d ? (
        <Skeleton active paragraph={{ rows: 10 }} />
      ) : d ? (
        <div data-testid="member-drawer">
          <Descriptions
            column={1}
            size="small"
            items={[
              { key: 'id', label: t('roster.drawer.platformId'), children: <Typography.Text copyable>{d.member.platformUserId}</Typography.Text> },
              { key: 'labels', label: t('roster.drawer.labels'), children: <Labels d={d} /> },
              ...(d.asOf ? [{ key: 'asOf', label: t('roster.col.tags'), children: <Typography.Text type="secondary">{t('roster.drawer.asOf', { time: formatFullTime(d.asOf, i18n.language), ago: formatAgo(d.asOf) })}</Typography.Text> }] : []),
            ]}
          />
          <Tabs
            items={[
              { key: 'overview', label: t('roster.drawer.tabOverview'), children: <Overview d={d} /> },
              { key: 'profile', label: t('roster.drawer.tabProfile'), children: <Profile d={d} /> },
              { key: 'messages', label: t('roster.drawer.tabMessages'), children: <Messages d={d} /> },
            ]}
          />
        </div>
      ) : (
        <Empty />
      )}
    </Drawer>
  );
}
