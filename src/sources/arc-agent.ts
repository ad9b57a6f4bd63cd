/**
 * Where the Azure Arc Connected Machine agent's binary is: auto-detection looks for it on every
 * step, while arc.ts is loaded only for a step that uses Arc.
 */
import path from 'node:path';
import type { SourceContext } from './context.js';

/** Where the agent's service binary lives when the agent is installed. */
export function arcAgentBinary(platform: NodeJS.Platform, env: SourceContext['env']): string {
  return platform === 'win32'
    ? path.win32.join(env['ProgramFiles'] ?? 'C:\\Program Files', 'AzureConnectedMachineAgent', 'himds.exe')
    : '/opt/azcmagent/bin/himds';
}
