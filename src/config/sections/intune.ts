import { z } from 'zod';
import { int, optionalString, serviceUrl, urlWithDefault } from '../fields';

/**
 * Microsoft Intune through Microsoft Graph (app-only, client credentials). Used when MDM_PROVIDER includes
 * "intune". The app registration needs the application permissions DeviceManagementManagedDevices.Read.All
 * (lookups), DeviceManagementManagedDevices.ReadWrite.All (delete) and
 * DeviceManagementManagedDevices.PrivilegedOperations.All (wipe, retire, sync, lost mode).
 */
export const intuneSection = z.object({
  /** Entra ID tenant id (GUID) or verified domain */
  INTUNE_TENANT_ID: optionalString(),
  INTUNE_CLIENT_ID: optionalString(),
  INTUNE_CLIENT_SECRET: optionalString(),
  /** Graph service root; the adapter appends /v1.0 (and /beta for lost mode). National clouds differ. */
  INTUNE_GRAPH_URL: urlWithDefault('https://graph.microsoft.com'),
  /** Full token endpoint; empty means https://login.microsoftonline.com/{INTUNE_TENANT_ID}/oauth2/v2.0/token */
  INTUNE_TOKEN_URL: serviceUrl('https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token'),
  /**
   * Device seats the company tracks for Intune. Intune is licensed per user (up to 15 devices each) and Graph
   * exposes no device-seat count, so free seats are only known when this is set (used = MDM-enrolled devices).
   * 0 = unknown.
   */
  INTUNE_LICENSE_TOTAL: int(0, 0),
});
