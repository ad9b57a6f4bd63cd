/**
 * Where the Azure Arc Connected Machine agent keeps its files: auto-detection looks for its
 * binary on every step, while the rest of arc.ts is loaded only for a step that uses Arc.
 */
import path from 'node:path';
import type { SourceContext } from './context.js';

export function arcTokensFolder(platform: NodeJS.Platform, env: SourceContext['env']): string {
  return platform === 'win32'
    ? path.win32.join(env['ProgramData'] ?? 'C:\\ProgramData', 'AzureConnectedMachineAgent', 'Tokens')
    : '/var/opt/azcmagent/tokens';
}

/** Where the agent's service binary lives when the agent is installed. */
export function arcAgentBinary(platform: NodeJS.Platform, env: SourceContext['env']): string {
  return platform === 'win32'
    ? path.win32.join(env['ProgramFiles'] ?? 'C:\\Program Files', 'AzureConnectedMachineAgent', 'himds.exe')
    : '/opt/azcmagent/bin/himds';
}
