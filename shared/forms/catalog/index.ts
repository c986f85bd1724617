import type { FormDefinition } from '../types.ts';
import { certificateRequest, sealCreation } from './certificates.ts';
import { contactChange } from './contacts.ts';
import { disasterRecovery, idcHosting } from './hosting.ts';
import { frontEndChange, ipAllocation, networkAccess, portChange } from './network.ts';
import { dataSharing, publicPlatform } from './sharing.ts';

/** The resource center's application forms, in the order of its catalogue. */
export const FORM_CATALOG: readonly FormDefinition[] = [
  networkAccess,
  ipAllocation,
  portChange,
  idcHosting,
  disasterRecovery,
  certificateRequest,
  dataSharing,
  publicPlatform,
  sealCreation,
  contactChange,
  frontEndChange,
];
