import { arcAgentBinary, arcTokensFolder } from '../../src/sources/arc-agent.js';

describe('the Azure Arc agent', () => {
  it('keeps its keys and its binary where the platform says', () => {
    expect(arcTokensFolder('linux', {})).toBe('/var/opt/azcmagent/tokens');
    expect(arcTokensFolder('win32', { ProgramData: 'D:\\Data' })).toBe('D:\\Data\\AzureConnectedMachineAgent\\Tokens');
    expect(arcAgentBinary('linux', {})).toBe('/opt/azcmagent/bin/himds');
    expect(arcAgentBinary('win32', { ProgramFiles: 'D:\\Programs' })).toBe('D:\\Programs\\AzureConnectedMachineAgent\\himds.exe');
  });

  it('falls back to the Windows defaults when the environment does not say', () => {
    expect(arcTokensFolder('win32', {})).toBe('C:\\ProgramData\\AzureConnectedMachineAgent\\Tokens');
    expect(arcAgentBinary('win32', {})).toBe('C:\\Program Files\\AzureConnectedMachineAgent\\himds.exe');
  });
});
