export const WEB_SHELL_BUNDLE: string;
export function webShellIsCurrent(): boolean;
export function buildWebShell(): Promise<void>;
