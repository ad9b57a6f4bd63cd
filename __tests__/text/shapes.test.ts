import { RESOURCE_GROUP_NAME, VM_RESOURCE_ID } from '../../src/text/shapes.js';

const SUBSCRIPTION = '/subscriptions/00000000-0000-0000-0000-00000000bbbb';

describe('shapes', () => {
  it.each([
    [`${SUBSCRIPTION}/resourceGroups/rg-runners/providers/Microsoft.Compute/virtualMachines/vm-1`, true],
    [`${SUBSCRIPTION}/resourceGroups/grüppe-ünïcode/providers/Microsoft.Compute/virtualMachines/vm-1`, true],
    [`${SUBSCRIPTION}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/runners/virtualMachines/3`, true],
    [`${SUBSCRIPTION}/resourceGroups/rg\u2028x/providers/Microsoft.Compute/virtualMachines/vm-1`, false],
    [`${SUBSCRIPTION}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-1/../../x`, false],
    [`@127.0.0.1:8443${SUBSCRIPTION}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-1`, false]
  ])('VM_RESOURCE_ID on %j is %s, Unicode letters in the group included', (id, ok) => {
    expect(VM_RESOURCE_ID.test(id)).toBe(ok);
  });

  it.each([
    ['rg-runners', true],
    ['Gruppe_(prod).1', true],
    ['日本語のグループ', true],
    ['ends-with-dot.', false],
    ['has space', false],
    ['x'.repeat(91), false]
  ])('RESOURCE_GROUP_NAME on %j is %s', (name, ok) => {
    expect(RESOURCE_GROUP_NAME.test(name)).toBe(ok);
  });
});
