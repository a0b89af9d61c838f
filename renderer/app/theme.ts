import type { ThemeConfig } from 'antd';

const THEME: ThemeConfig = { token: { colorPrimary: '#1f7a5c', borderRadius: 6 } };

/** The app's theme; without antd's motion when the system asks for less of it. */
export function themeFor(reducedMotion: boolean): ThemeConfig {
  return reducedMotion ? { ...THEME, token: { ...THEME.token, motion: false } } : THEME;
}
