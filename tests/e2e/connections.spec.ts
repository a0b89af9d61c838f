import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test, type Server } from './fixtures';
import { ConsolePage } from './pages/console.page';
import { ConnectionsPage } from './pages/connections.page';
import { callCore } from './pages/groups.page';
import { startRobotReceiver } from './robot-receiver';

const GROUP = '华东区代理商群';

/** Sets up a group through the bridge, as the app would, with the page's token. */
const createGroup = (page: Page, server: Server, input: { name: string; platform: string; groupType: 'B' | 'C' }) => callCore(page.request, server.openUrl, 'groups.create', { input });

test('connections: add a WeCom robot from its pasted webhook address, test it against a local receiver, a DingTalk address refused in Chinese, pause, delete', async ({ page, server }) => {
  const receiver = await startRobotReceiver();
  try {
    const app = new ConsolePage(page);
    const conn = new ConnectionsPage(page);
    fs.mkdirSync('test-results/screens', { recursive: true });
    await app.open(server.openUrl);
    await app.startEmpty();
    await createGroup(page, server, { name: GROUP, platform: 'wecom', groupType: 'B' });
    await createGroup(page, server, { name: '北京运营交流群', platform: 'wechat', groupType: 'C' });
    await conn.open();

    // Nothing connected yet: the empty state says what a robot is for; browser mode keeps secrets in the key file.
    await expect(conn.empty()).toContainText('还没有群机器人');
    await expect(conn.empty()).toContainText('群发');
    await expect(conn.vaultStatus()).toHaveText(/密钥保存在仅当前用户可读的密钥文件中（浏览器模式）/);
    await conn.region().screenshot({ path: 'test-results/screens/connections-empty.png', animations: 'disabled' });

    // Add: the platform first, then its guide, then the fields.
    await conn.openAdd();
    await expect(conn.guide()).toHaveCount(0);
    await expect(conn.dialog().getByRole('button', { name: '添加', exact: true })).toBeDisabled();
    await conn.choosePlatform('企业微信');
    await expect(conn.guide()).toContainText('在企业微信里创建群机器人');
    await expect(conn.guide().locator('li')).toHaveCount(5);
    await expect(conn.guide()).toContainText('群机器人');
    await expect(conn.field('Webhook 地址')).toHaveAttribute('placeholder', /qyapi\.weixin\.qq\.com\/cgi-bin\/webhook\/send\?key=/);
    await expect(conn.field('Webhook 地址')).toHaveAttribute('type', 'password');
    // WeCom robots have no secret field.
    await expect(conn.dialog().getByText('加签密钥')).toHaveCount(0);

    const key = crypto.randomUUID();
    const masked = `${key.slice(0, 3)}***${key.slice(-2)}`;
    await conn.field('名称').fill('代理商通知机器人');
    await conn.pickGroup(GROUP);
    await conn.field('Webhook 地址').fill(`https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${key}`);
    await conn.openAdvanced();
    await conn.field('接收地址').fill(receiver.baseUrl);
    await conn.dialog().screenshot({ path: 'test-results/screens/connections-add-wecom.png', animations: 'disabled' });
    await conn.submit('添加');

    // Added: a test message is offered at once; nothing is sent until asked.
    await expect(conn.dialog().getByText('已添加“代理商通知机器人”')).toBeVisible();
    await expect(conn.dialog().getByRole('button', { name: '发送测试消息' })).toBeVisible();
    expect(receiver.received).toHaveLength(0);
    // What was pasted left the page with the form.
    await expect(conn.dialog().locator('input')).toHaveCount(0);
    await conn.dialog().screenshot({ path: 'test-results/screens/connections-added.png', animations: 'disabled' });
    await conn.dialog().getByRole('button', { name: '完成' }).click();
    await expect(conn.dialog()).toBeHidden();

    // Listed with the platform, its group and the masked key; the key itself is nowhere on the page.
    const row = conn.row('代理商通知机器人');
    await expect(row).toBeVisible();
    await expect(row).toContainText('企业微信');
    await expect(row.getByTestId('robot-group')).toHaveText(GROUP);
    await expect(row.getByTestId('robot-key')).toHaveText(masked);
    await expect(row.getByTestId('robot-status')).toHaveText('启用');
    await expect(row.getByTestId('robot-last-test')).toContainText('未测试');
    await expect(row).not.toContainText('已加签');
    expect(await page.locator('body').innerText()).not.toContain(key);
    expect(await page.content()).not.toContain(key);
    await expect(conn.empty()).toHaveCount(0);

    // Test: the button is busy while sending, then the row shows success and the receiver got exactly one POST.
    receiver.hold();
    await conn.action('代理商通知机器人', '测试').click();
    await expect.poll(() => receiver.received.length).toBe(1);
    await expect(conn.action('代理商通知机器人', '测试')).toHaveClass(/ant-btn-loading/);
    await expect(conn.action('代理商通知机器人', '编辑')).toBeDisabled();
    await expect(row.getByTestId('robot-last-test')).toContainText('未测试');
    receiver.release();
    await expect(page.locator('.ant-message')).toContainText('测试消息已发出');
    await expect(row.getByTestId('robot-last-test')).toHaveAttribute('data-ok', 'true');
    await expect(row.getByTestId('robot-last-test')).toContainText('成功');
    expect(receiver.received).toHaveLength(1);
    const sent = receiver.received[0]!;
    expect(sent.method).toBe('POST');
    const url = new URL(sent.url, receiver.baseUrl);
    expect(url.pathname).toBe('/cgi-bin/webhook/send');
    expect(url.searchParams.get('key')).toBe(key);
    const body = JSON.parse(sent.body) as { msgtype: string; text: { content: string } };
    expect(body.msgtype).toBe('text');
    expect(body.text.content).toContain('连接测试');
    await conn.region().screenshot({ path: 'test-results/screens/connections-list.png', animations: 'disabled' });

    // DingTalk: the secret is asked for before anything is sent; a wrong address comes back from the core in Chinese, under its field.
    await conn.openAdd();
    await conn.choosePlatform('钉钉');
    await expect(conn.guide()).toContainText('加签');
    await expect(conn.field('Webhook 地址')).toHaveAttribute('placeholder', /oapi\.dingtalk\.com\/robot\/send\?access_token=/);
    await conn.field('名称').fill('钉钉通知');
    await conn.field('Webhook 地址').fill('https://oapi.dingtalk.com/robot/send?token=abc123');
    await conn.submit('添加');
    await expect(conn.fieldError('加签密钥')).toHaveText('钉钉机器人需要“加签”密钥（以 SEC 开头）');
    await conn.field('加签密钥').fill(`SEC${'0a1b2c3d'.repeat(8)}`);
    await conn.submit('添加');
    await expect(conn.fieldError('Webhook 地址')).toHaveText(/^请粘贴钉钉自定义机器人的 Webhook 地址（…\/robot\/send\?access_token=…）或其中的 access_token。$/);
    await expect(conn.fieldError('加签密钥')).toHaveCount(0);
    await expect(conn.dialog()).toBeVisible();
    await conn.dialog().screenshot({ path: 'test-results/screens/connections-dingtalk-error.png', animations: 'disabled' });
    await conn.dialog().getByRole('button', { name: '取消' }).click();
    await expect(conn.dialog()).toBeHidden();
    await expect(conn.list().getByRole('listitem')).toHaveCount(1);

    // Pause, then resume is offered.
    await conn.action('代理商通知机器人', '暂停').click();
    await expect(row.getByTestId('robot-status')).toHaveText('已暂停');
    await expect(conn.action('代理商通知机器人', '恢复')).toBeVisible();

    // Edit: rename; the old address is never shown, and new credentials only when asked for.
    await conn.action('代理商通知机器人', '编辑').click();
    await expect(conn.dialog()).toBeVisible();
    await expect(conn.dialog()).toContainText(masked);
    await expect(conn.field('Webhook 地址')).toHaveCount(0);
    await conn.dialog().getByText('更换 Webhook 地址和密钥').click();
    await expect(conn.field('Webhook 地址')).toHaveValue('');
    await conn.dialog().getByText('更换 Webhook 地址和密钥').click();
    await expect(conn.field('Webhook 地址')).toHaveCount(0);
    await conn.field('名称').fill('代理商通知');
    await conn.submit('保存');
    await expect(conn.dialog()).toBeHidden();
    const renamed = conn.row('代理商通知');
    await expect(renamed.getByTestId('robot-key')).toHaveText(masked);
    await expect(renamed.getByTestId('robot-last-test')).toHaveAttribute('data-ok', 'true'); // same credentials: the last test stands

    // Delete asks first; afterwards the empty state is back and nothing more reached the receiver.
    await conn.action('代理商通知', '删除').click();
    const confirm = page.locator('.ant-popconfirm:visible');
    await expect(confirm).toContainText('删除机器人“代理商通知”？');
    await confirm.getByRole('button', { name: '删除', exact: true }).click();
    await expect(conn.empty()).toBeVisible();
    await expect(conn.list()).toHaveCount(0);
    expect(receiver.received).toHaveLength(1);
  } finally {
    await receiver.close();
  }
});

test('connections: robots whose secrets the desktop app sealed are reported locked in browser mode; they cannot be tested or added here', async ({ page, server }) => {
  const app = new ConsolePage(page);
  const conn = new ConnectionsPage(page);
  await app.open(server.openUrl);
  await app.loadDemo(); // two sample robots, sealed under this workspace's key file
  // As if the desktop app had set them up: the key file sealed by the system keychain, which browser mode cannot open.
  fs.writeFileSync(path.join(path.dirname(server.db), 'secrets.key'), JSON.stringify({ v: 1, kind: 'os', key: 'c2VhbGVkIGJ5IHRoZSBPUw==' }), { mode: 0o600 });
  await conn.open();
  await expect(conn.vaultStatus()).toHaveAttribute('role', 'alert');
  await expect(conn.vaultStatus()).toContainText('这些机器人是在桌面应用中设置的');
  await expect(conn.vaultStatus()).toContainText('请在桌面应用中测试和使用它们');
  await expect(conn.region().getByRole('button', { name: '添加机器人' })).toBeDisabled();
  const rows = conn.list().getByRole('listitem');
  await expect(rows).toHaveCount(2);
  for (const name of ['示例机器人·运营通知', '示例机器人·选题会']) {
    await expect(conn.action(name, '测试')).toBeDisabled();
    await expect(conn.action(name, '恢复')).toBeEnabled();
  }
  await expect(conn.row('示例机器人·运营通知')).toContainText('钉钉');
  await expect(conn.row('示例机器人·运营通知')).toContainText('已加签');
  await expect(conn.row('示例机器人·选题会')).toContainText('飞书');
  await expect(conn.row('示例机器人·选题会')).not.toContainText('已加签');
  await conn.region().screenshot({ path: 'test-results/screens/connections-locked.png', animations: 'disabled' });
});
