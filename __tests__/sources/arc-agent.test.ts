import { arcAgentBinary } from '../../src/sources/arc-agent.js';

describe("the Azure Arc agent's binary", () => {
  it('is where the platform keeps it', () => {
    expect(arcAgentBinary('linux', {})).toBe('/opt/azcmagent/bin/himds');
    expect(arcAgentBinary('win32', { ProgramFiles: 'D:\\Programs' })).toBe('D:\\Programs\\AzureConnectedMachineAgent\\himds.exe');
  });

  it('falls back to the Windows default when the environment does not say', () => {
    expect(arcAgentBinary('win32', {})).toBe('C:\\Program Files\\AzureConnectedMachineAgent\\himds.exe');
  });
});
