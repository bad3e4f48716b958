// Small readers for values as vendors send them, shared by the adapters' mappers.

/** An ISO timestamp → Date; absent or unreadable → null (a vendor's bad date must not fail a lookup). */
export function parseDate(value: string | null | undefined): Date | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** The MdmDevice fields no vendor device record carries (VPP licenses, auto-installed apps and certificates
 *  are per-app or per-profile data the APIs keep elsewhere): the port reads them as unknown. */
export const NOT_IN_DEVICE_RECORD = { vppLicenseCount: null, autoInstalledAppCount: null, hasBlockingCertificate: null } as const;
