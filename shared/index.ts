export * from './errors';
export * from './events';
export * from './domain';
export * from './api';
