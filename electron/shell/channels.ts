export const CALL_CHANNEL = 'qunzhu:call';
export const EVENT_CHANNEL = 'qunzhu:event';
