export { checkUnlockRequest, requestUnlock, UNLOCK_REQUEST_FILES, writeUnlockRequest, type UnlockRequestInput } from './request.ts';
