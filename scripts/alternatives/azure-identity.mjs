// @azure/identity's ManagedIdentityCredential, as a Node step would use it. MSAL reaches the
// emulator through AZURE_POD_IDENTITY_AUTHORITY_HOST, its documented IMDS override.
import { ManagedIdentityCredential } from '@azure/identity';

const token = await new ManagedIdentityCredential().getToken('https://management.azure.com/.default');
if (!token?.token) process.exit(1);
