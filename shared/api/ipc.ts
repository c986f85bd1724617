/** Electron IPC channels of the desktop shell: one for calls, one for events; nothing else crosses. */
export const IPC_CALL_CHANNEL = 'sealdesk:call';
export const IPC_EVENT_CHANNEL = 'sealdesk:event';
