export * from './enums';
export * from './group';
export * from './workspace';
export * from './message';
export * from './roster';
