// Snipe-IT assets (AssetsTransformer output) → the port's LedgerDevice.
import type { LedgerDevice, LedgerStatus } from '../../../ports/ledger';
import { reverseStatus } from '../config-maps';
import type { CustomFieldKey, SnipeItSettings } from './settings';

export interface SnipeAsset {
  id: number;
  name?: string | null;
  asset_tag?: string | null;
  serial?: string | null;
  model?: { id: number; name: string } | null;
  manufacturer?: { id: number; name: string } | null;
  status_label?: { id: number; name: string; status_type?: string; status_meta?: string } | null;
  assigned_to?: { id: number; name?: string; username?: string; email?: string | null; type?: string } | null;
  notes?: string | null;
  custom_fields?: Record<string, { field: string; value: string | null }> | [];
}

export interface SnipeUser {
  id: number;
  name?: string;
  username?: string;
  email?: string | null;
}

/** Snipe-IT status meta → our status, for labels SNIPEIT_STATUS_MAP does not name. */
const BY_META: Record<string, LedgerStatus> = { deployed: 'in_use', deployable: 'in_stock', pending: 'repair', undeployable: 'repair', archived: 'retired' };

export function customValue(asset: SnipeAsset, settings: SnipeItSettings, key: CustomFieldKey): string | null {
  const column = settings.customFields[key];
  if (!column || !asset.custom_fields || Array.isArray(asset.custom_fields)) return null;
  for (const f of Object.values(asset.custom_fields)) if (f?.field === column) return f.value === '' ? null : (f.value ?? null);
  return null;
}

/** Snipe-IT keeps notes and the model's name as HTML-escaped text (Laravel's e()); undo the common entities. */
export function unescapeHtml(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return value
    .replace(/&quot;/g, '"')
    .replace(/&#0?39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

export function toLedgerDevice(asset: SnipeAsset, settings: SnipeItSettings): LedgerDevice {
  const label = asset.status_label;
  const status = reverseStatus(settings.statusIds, label?.id) ?? BY_META[label?.status_meta ?? ''] ?? 'in_stock';
  const assignee = asset.assigned_to && (asset.assigned_to.type ?? 'user') === 'user' ? asset.assigned_to : null;
  return {
    id: String(asset.id),
    serial: asset.serial || null,
    assetNumber: asset.asset_tag || null,
    platform: customValue(asset, settings, 'platform'),
    manufacturer: unescapeHtml(asset.manufacturer?.name) ?? null,
    model: unescapeHtml(asset.model?.name) ?? null,
    os: customValue(asset, settings, 'os'),
    status,
    assignedTo: assignee
      ? { id: String(assignee.id), email: assignee.email ?? null, displayName: unescapeHtml(assignee.name) ?? assignee.username ?? null }
      : null,
    source: customValue(asset, settings, 'source') ?? 'ledger',
    mdmSource: customValue(asset, settings, 'mdmSource'),
    mdmDeviceId: customValue(asset, settings, 'mdmDeviceId'),
    notes: unescapeHtml(asset.notes) || null,
    raw: asset,
  };
}
