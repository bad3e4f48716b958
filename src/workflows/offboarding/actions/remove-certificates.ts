// Step "remove certificates": a certificate still valid on the device makes the MDM refuse to delete its record
// (DOMAIN.md). Done when the MDM no longer reports a blocking certificate.
import { commandStep } from './command-step';

export const removeCertificates = commandStep(
  'removeCertificates',
  (mdm, id, key) => mdm.removeCertificates(id, key),
  (device) => device === null || device.hasBlockingCertificate !== true,
  'removeCertificates',
);
