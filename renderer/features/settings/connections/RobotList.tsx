import { useEffect, useReducer, type ReactNode } from 'react';
import { CheckCircleFilled, CloseCircleFilled, SafetyOutlined } from '@ant-design/icons';
import { Alert, App, Button, Flex, Popconfirm, Space, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { RobotDto } from '../../../../shared/api/connections';
import { useConnectionsStore } from '../../../store/connections/connections.store';
import { reasonKey, robotStatus } from '../../../store/connections/selectors';
import { PLATFORM_COLORS } from '../../../lib/labels';
import { formatFullTime, formatShortTime } from '../../../lib/time';

interface ListProps {
  robots: RobotDto[];
  /** The secrets cannot be read here: nothing that needs them (a test) may run. */
  locked: boolean;
  onEdit(robot: RobotDto): void;
}

export function RobotList({ robots, locked, onEdit }: ListProps) {
  const { t } = useTranslation();
  return (
    <div role="list" aria-label={t('connections.list')}>
      {robots.map((r, i) => (
        <RobotRow key={r.id} robot={r} locked={locked} onEdit={onEdit} last={i === robots.length - 1} />
      ))}
    </div>
  );
}

/** One "label：value" on a robot's second line. */
function Detail({ label, testId, ok, children }: { label: string; testId?: string; ok?: boolean | null; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <span data-testid={testId} data-ok={ok === null || ok === undefined ? undefined : String(ok)}>
      <Typography.Text type="secondary">
        {label}
        {t('connections.colon')}
      </Typography.Text>
      {children}
    </span>
  );
}

/** "16:35" in the reader's language, always 24-hour. */
function clockTime(iso: string, lang: string): string {
  return new Date(iso).toLocaleTimeString(lang, { hour: '2-digit', minute: '2-digit', hour12: false });
}

function RobotRow({ robot, locked, onEdit, last }: { robot: RobotDto; locked: boolean; onEdit(r: RobotDto): void; last: boolean }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const busy = useConnectionsStore((s) => s.busy[robot.id]);
  const actionError = useConnectionsStore((s) => s.actionErrors[robot.id]);
  const test = useConnectionsStore((s) => s.test);
  const pause = useConnectionsStore((s) => s.pause);
  const remove = useConnectionsStore((s) => s.remove);
  const clearError = useConnectionsStore((s) => s.clearError);
  const status = robotStatus(robot, Date.now());

  // A platform lock ends on its own: draw the row again when it does.
  const [, redraw] = useReducer((n: number) => n + 1, 0);
  const until = status.kind === 'locked' ? status.until : null;
  useEffect(() => {
    if (!until) return;
    const timer = setTimeout(redraw, Math.min(Date.parse(until) - Date.now() + 500, 2 ** 31 - 1));
    return () => clearTimeout(timer);
  }, [until]);

  const reason = (code: string | null) => t(`connections.reason.${reasonKey(code, robot.platform)}`);

  const onTest = async () => {
    const result = await test(robot.id);
    if (!result) return; // the row shows why
    if (result.ok) void message.success(t('connections.testSent'));
    else void message.error(t('connections.testFailed', { reason: reason(result.code) }));
  };

  const onPause = async () => {
    const next = await pause(robot.id, !robot.paused);
    if (next) void message.success(t(next.paused ? 'connections.pausedMsg' : 'connections.resumedMsg', { name: next.name }));
  };

  const onRemove = async () => {
    if (await remove(robot.id)) void message.success(t('connections.removed', { name: robot.name }));
  };

  const lastTest = robot.lastTest;
  return (
    <div role="listitem" aria-label={robot.name} data-testid="robot-row" data-robot-id={robot.id} style={{ padding: '12px 0', borderBottom: last ? undefined : '1px solid #f0f0f0' }}>
      <Flex justify="space-between" align="start" gap={16} wrap>
        <Flex orientation="vertical" gap={6} style={{ minWidth: 0, flex: '1 1 360px' }}>
          <Space size={8} wrap>
            <Tag color={PLATFORM_COLORS[robot.platform]} style={{ marginInlineEnd: 0 }}>
              {t(`platform.${robot.platform}`)}
            </Tag>
            <Typography.Text strong data-testid="robot-name">
              {robot.name}
            </Typography.Text>
            {robot.signed && (
              <Tooltip title={t('connections.signedHint')}>
                <Tag icon={<SafetyOutlined aria-hidden />} color="success" style={{ marginInlineEnd: 0 }}>
                  {t('connections.signed')}
                </Tag>
              </Tooltip>
            )}
            <span data-testid="robot-status" data-status={status.kind}>
              {status.kind === 'active' && (
                <Tag color="green" style={{ marginInlineEnd: 0 }}>
                  {t('connections.status.active')}
                </Tag>
              )}
              {status.kind === 'paused' && (
                <Tag color="default" style={{ marginInlineEnd: 0 }}>
                  {t('connections.status.paused')}
                </Tag>
              )}
              {status.kind === 'locked' && (
                <Tooltip title={t('connections.lockedHint')}>
                  <Tag color="orange" style={{ marginInlineEnd: 0 }}>
                    {t('connections.status.locked', { time: clockTime(status.until, i18n.language) })}
                  </Tag>
                </Tooltip>
              )}
            </span>
          </Space>
          <Flex wrap gap="4px 20px">
            <Detail label={t('connections.group')}>
              {robot.groupName !== null ? (
                <Typography.Text data-testid="robot-group">{robot.groupName}</Typography.Text>
              ) : (
                <Typography.Text type="secondary" data-testid="robot-group">
                  {t('connections.noGroup')}
                </Typography.Text>
              )}
            </Detail>
            <Detail label={t('connections.key')}>
              <Typography.Text code data-testid="robot-key">
                {robot.masked}
              </Typography.Text>
            </Detail>
            <Detail label={t('connections.lastTest')} testId="robot-last-test" ok={lastTest ? lastTest.ok : null}>
              {!lastTest ? (
                <Typography.Text type="secondary">{t('connections.never')}</Typography.Text>
              ) : (
                <Tooltip title={formatFullTime(lastTest.at, i18n.language)}>
                  <span>
                    <Typography.Text type="secondary">
                      <time dateTime={lastTest.at}>{formatShortTime(lastTest.at, i18n.language)}</time>
                    </Typography.Text>{' '}
                    {lastTest.ok ? (
                      <Typography.Text type="success">
                        <CheckCircleFilled aria-hidden /> {t('connections.testOk')}
                      </Typography.Text>
                    ) : (
                      <Typography.Text type="danger">
                        <CloseCircleFilled aria-hidden /> {reason(lastTest.reason)}
                      </Typography.Text>
                    )}
                  </span>
                </Tooltip>
              )}
            </Detail>
          </Flex>
        </Flex>
        <Space size={8}>
          <Button size="small" type="primary" ghost loading={busy === 'test'} disabled={locked || (busy !== undefined && busy !== 'test')} onClick={() => void onTest()}>
            {t('connections.action.test')}
          </Button>
          {/* Pausing is instant: no spinner, only the other buttons wait. */}
          <Button size="small" disabled={busy !== undefined} onClick={() => void onPause()}>
            {t(robot.paused ? 'connections.action.resume' : 'connections.action.pause')}
          </Button>
          <Button size="small" disabled={busy !== undefined} onClick={() => onEdit(robot)}>
            {t('connections.action.edit')}
          </Button>
          <Popconfirm
            title={t('connections.removeConfirm', { name: robot.name })}
            description={<div style={{ maxWidth: 280 }}>{t('connections.removeHint')}</div>}
            okText={t('connections.action.remove')}
            okButtonProps={{ danger: true }}
            cancelText={t('connections.form.cancel')}
            onConfirm={() => onRemove()}
          >
            <Button size="small" danger loading={busy === 'remove'} disabled={busy !== undefined && busy !== 'remove'}>
              {t('connections.action.remove')}
            </Button>
          </Popconfirm>
        </Space>
      </Flex>
      {actionError && <Alert type="error" showIcon closable={{ onClose: () => clearError(robot.id) }} title={actionError} style={{ marginTop: 8 }} data-testid="robot-error" />}
    </div>
  );
}
