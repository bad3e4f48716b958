// Android Enterprise (Android Management API) adapter of the MDM port.
import { AndroidMdm, type AndroidConfig, type AndroidDeps } from './android-mdm';

export function createAndroidMdm(config: AndroidConfig, deps: AndroidDeps = {}): AndroidMdm {
  return new AndroidMdm(config, deps);
}

export { AndroidMdm, ANDROID_CAPABILITIES, operationStatus, type AndroidConfig, type AndroidDeps } from './android-mdm';
export { ANDROID_SCOPE, JWT_BEARER_GRANT, loadServiceAccount } from './service-account';
export { googleError, ANDROID_PERMISSION } from './errors';
export { toMdmDevice, emailFromTokenData, type AmapiDevice } from './mapping';
