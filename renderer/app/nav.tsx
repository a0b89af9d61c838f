import type { ReactNode } from 'react';
import {
  AppstoreOutlined,
  BarChartOutlined,
  BookOutlined,
  CalendarOutlined,
  ImportOutlined,
  InboxOutlined,
  NotificationOutlined,
  SettingOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import type { Route } from '../store/route/route.store';

// aria-hidden: otherwise the icon's own label ("appstore") becomes part of the menu item's name.
export const NAV: { route: Route; icon: ReactNode }[] = [
  { route: 'inbox', icon: <InboxOutlined aria-hidden /> },
  { route: 'groups', icon: <AppstoreOutlined aria-hidden /> },
  { route: 'roster', icon: <TeamOutlined aria-hidden /> },
  { route: 'broadcasts', icon: <NotificationOutlined aria-hidden /> },
  { route: 'calendar', icon: <CalendarOutlined aria-hidden /> },
  { route: 'cases', icon: <BookOutlined aria-hidden /> },
  { route: 'health', icon: <BarChartOutlined aria-hidden /> },
  { route: 'imports', icon: <ImportOutlined aria-hidden /> },
  { route: 'settings', icon: <SettingOutlined aria-hidden /> },
];
