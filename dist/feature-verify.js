'use strict';

var index = require('./action.js');

function vmOutputs({ metadata, vm }) {
    return index.checked({
        'subscription-id': [metadata.subscriptionId, index.GUID, 'a GUID'],
        'resource-group': [metadata.resourceGroupName, index.RESOURCE_GROUP_NAME, 'a resource group name'],
        'vm-name': [vm.name || metadata.name, index.VM_NAME, 'a VM name'],
        'vm-id': [vm.vmId || metadata.vmId, index.GUID, 'a GUID'],
        'vm-resource-id': [vm.id, index.VM_RESOURCE_ID, "a VM's ARM resource ID"],
        location: [vm.location || metadata.location, index.LOCATION, 'an Azure region'],
        'azure-environment': [metadata.azEnvironment, index.CLOUD_NAME, 'a cloud name']
    });
}

const ARM_BY_CLOUD = new Map([
    ['azurepubliccloud', 'https://management.azure.com'],
    ['azureusgovernmentcloud', 'https://management.usgovcloudapi.net'],
    ['azurechinacloud', 'https://management.chinacloudapi.cn']
]);
const PUBLIC_ARM = ARM_BY_CLOUD.get('azurepubliccloud');
const COMPUTE_API_VERSION = '2024-11-01';
function armEndpointFor(azEnvironment, override) {
    const arm = ARM_BY_CLOUD.get(azEnvironment.toLowerCase());
    if (arm || override)
        return { endpoint: override ?? arm, audience: `${arm ?? override}/` };
    throw new index.ActionError(`IMDS says this VM runs in the cloud '${index.inert(azEnvironment, 60)}', whose Resource Manager the action does not know ` +
        `(it knows ${[...ARM_BY_CLOUD.keys()].join(', ')}). Set 'arm-endpoint' to its https:// Resource Manager ` +
        "address (for Azure Stack Hub, e.g. https://management.<region>.<domain>), or turn 'verify' off.");
}
function isArmAudience(audience, arm) {
    const plain = (uri) => uri.replace(/\/+$/, '').toLowerCase();
    const accepted = [plain(arm)];
    if (plain(arm) === PUBLIC_ARM)
        accepted.push('https://management.core.windows.net');
    return accepted.includes(plain(audience));
}
function readVmCall(arm, resourceId, token, armAudience = `${arm}/`) {
    const url = index.urlFrom(arm, resourceId, { 'api-version': COMPUTE_API_VERSION });
    return {
        name: 'Azure Resource Manager',
        purpose: "reading the VM's record",
        request: "request for the VM's record",
        url,
        headers: { Authorization: `Bearer ${token.token}`, Accept: 'application/json' },
        credential: { name: 'the ARM token', origin: new URL(arm).origin },
        viaRunnerProxy: true,
        isTransient: (status) => status === 429 || (status >= 500 && status <= 599),
        parse: (response, { where }) => {
            let vm;
            try {
                const json = JSON.parse(response.body);
                vm = typeof json === 'object' && json !== null ? json : {};
            }
            catch {
                throw new index.ActionError(`${where} answered HTTP 200, but the VM's record is not JSON (${response.body.length} characters).`);
            }
            const properties = (typeof vm['properties'] === 'object' && vm['properties'] !== null ? vm['properties'] : {});
            const text = (value) => (typeof value === 'string' ? value : '');
            return { id: text(vm['id']) || resourceId, name: text(vm['name']), location: text(vm['location']), vmId: text(properties['vmId']) };
        },
        explain: (status, details) => {
            if (status === 401) {
                const audience = index.inert(token.audience || token.resource);
                return isArmAudience(audience, armAudience)
                    ? `The token is for ${audience}, which ARM accepts, so it is expired, from another tenant than the subscription's, ` +
                        'or otherwise invalid: check that the identity belongs to the tenant of the subscription.'
                    : `The token was issued for ${audience}, but ARM at ${arm} only accepts tokens for ${armAudience}.`;
            }
            if (status === 403 && /AuthorizationFailed/i.test(details)) {
                const who = token.objectId ? `object ID ${index.inert(token.objectId, 40)}` : `client ID ${index.inert(token.clientId, 40)}`;
                const scaleSet = /^(.*\/virtualMachineScaleSets\/[^/]+)\/virtualMachines\/[^/]+$/i.exec(resourceId)?.[1];
                return (`The identity (${who}) can get tokens but lacks Microsoft.Compute/virtualMachines/read on this VM. Grant it the ` +
                    `Reader role on the ${scaleSet ? 'scale set' : 'VM'}: az role assignment create --assignee-object-id ` +
                    `${index.inert(token.objectId, 40) || '<object-id>'} --assignee-principal-type ServicePrincipal --role Reader --scope ` +
                    `${scaleSet ?? resourceId}. Role assignments can take a few minutes to apply.`);
            }
            if (status === 404) {
                return `ARM has no resource ${resourceId}, the ID IMDS gave for this VM: check that the VM still exists and that the identity's tenant holds its subscription.`;
            }
            return undefined;
        }
    };
}

const INSTANCE_API_VERSION = '2021-02-01';
const REQUIRED_FIELDS = ['subscriptionId', 'resourceGroupName', 'name', 'vmId', 'resourceId', 'location', 'azEnvironment'];
function instanceMetadataCall(base = index.IMDS_ORIGIN) {
    return {
        name: 'IMDS',
        purpose: 'reading the instance metadata',
        request: 'instance metadata request',
        url: index.urlFrom(base, '/metadata/instance/compute', { 'api-version': INSTANCE_API_VERSION }),
        headers: { Metadata: 'true' },
        isTransient: index.isTransientForImds,
        parse: (response, { where }) => {
            let compute = {};
            try {
                const json = JSON.parse(response.body);
                if (typeof json === 'object' && json !== null)
                    compute = json;
            }
            catch {
                throw new index.ActionError(`${where} answered HTTP 200, but its instance metadata is not JSON (${response.body.length} characters).`);
            }
            const missing = REQUIRED_FIELDS.filter((field) => !Object.hasOwn(compute, field) || typeof compute[field] !== 'string' || compute[field] === '');
            if (missing.length > 0) {
                throw new index.ActionError(`${where} answered HTTP 200, but its instance metadata lacks ${missing.join(', ')}.`);
            }
            if (!index.VM_RESOURCE_ID.test(compute['resourceId'])) {
                throw new index.ActionError(`${where} answered HTTP 200, but its instance metadata's resourceId '${index.inert(compute['resourceId'])}' is not the ARM ID of a ` +
                    'VM (/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Compute/virtualMachines/<name>) or of a scale set ' +
                    'instance, so verify does not know which record to read and sends the token nowhere. Something other than IMDS may be answering at its address.');
            }
            return Object.fromEntries(REQUIRED_FIELDS.map((field) => [field, compute[field]]));
        }
    };
}

async function verifyOnArm(inputs, token, ctx) {
    if (token.source !== 'imds' && token.source !== 'vm-extension') {
        throw new index.ActionError(`verify reads the runner VM's own record, which IMDS describes; the token came from ${token.source}, which is not an Azure VM. ` +
            "Turn 'verify' off here, and prove the token with a call the workflow makes anyway.");
    }
    const metadata = await index.callWithRetries(instanceMetadataCall(index.imdsThatGave(token)), ctx);
    const { endpoint: arm, audience } = armEndpointFor(metadata.azEnvironment, inputs.armEndpoint);
    let armToken = token;
    if (!isArmAudience(token.audience || token.resource, audience)) {
        ctx.log.info(`The token is for ${index.inert(token.resource)}; getting a separate token for ${audience} to verify with (it is not handed over).`);
        armToken = await index.getToken({ ...inputs, source: token.source, resource: audience }, ctx);
    }
    const vm = await index.callWithRetries(readVmCall(arm, metadata.resourceId, armToken, audience), ctx);
    return { metadata, arm, vm };
}

const feature = {
    name: 'Verification',
    run: async (inputs, token, ctx) => verifiedResult(await verifyOnArm(inputs, token, ctx))
};
function verifiedResult(verified) {
    const { values, dropped } = vmOutputs(verified);
    const warning = index.droppedWarning(dropped, "the VM's record");
    const stated = (value) => value || 'not stated';
    const shown = (value) => value || '—';
    return {
        outputs: Object.entries(values),
        warnings: warning ? [warning] : [],
        log: [
            `Verified: this identity read the runner VM's own record from ${verified.arm}.`,
            `  VM:       ${stated(values['vm-name'])} (VM ID ${stated(values['vm-id'])}), ${stated(values['location'])}, ${stated(values['azure-environment'])}`,
            `  resource: ${stated(values['vm-resource-id'] ?? verified.metadata.resourceId)}`
        ],
        summary: {
            headline: '✅ verified',
            rows: [
                ['Verified VM', `${shown(values['vm-name'])} (VM ID ${shown(values['vm-id'])})`],
                ['VM resource ID', shown(values['vm-resource-id'])],
                ['Location', shown(values['location'])],
                ['Cloud', `${shown(values['azure-environment'])} (${verified.arm})`]
            ]
        }
    };
}

exports.feature = feature;
exports.verifiedResult = verifiedResult;
//# sourceMappingURL=feature-verify.js.map
