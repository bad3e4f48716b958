import { z } from 'zod';
import { int, serviceUrl } from '../fields';

/**
 * CLOMO MDM. CLOMO publishes no API: every action becomes a guided manual task (the exact CLOMO PANEL clicks)
 * that a helpdesk member carries out and confirms in Slack. Used when MDM_PROVIDER includes "clomo".
 */
export const clomoSection = z.object({
  /** The company's CLOMO PANEL address, linked from every task (optional) */
  CLOMO_PANEL_URL: serviceUrl('https://yours.clomo.example (the CLOMO PANEL address)'),
  /** Licenses bought; 0 = unknown until the helpdesk answers (the answer is kept in the Setting table) */
  CLOMO_LICENSE_TOTAL: int(0, 0),
});
