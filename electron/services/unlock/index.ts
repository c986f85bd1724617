export {
  checkUnlockRequest,
  checkUnlockRequestFiles,
  listUnlockRequests,
  requestUnlock,
  UNLOCK_REQUEST_FILES,
  writeUnlockRequest,
  type UnlockRequestInput,
} from './request.ts';
