// Where each domain rule comes from: the three source documents in ../shared/seeds/ (Japanese) and the page that
// restates them in English (../shared/DOMAIN.md). Rules carry one of these as data so that a plan can say *why*
// it warns ("CLOMO guide, 4:デバイス情報を削除する") and a reader can check the rule against its source
// (test/domain/sources.test.ts checks that every section named here is in its document).

/** The seed documents, by file name (../shared/seeds/). */
export type SourceDocument = 'clomo-remove-ios-device.ja.txt' | 'replacement-with-zero-mdm-licenses.ja.txt' | 'josys-mdm-master-sync.ja.txt';

export interface SourceRef {
  /** the seed document the rule is read from; null for a check of the bot's own that no document states */
  document: SourceDocument | null;
  /** the section heading, exactly as the document writes it (or what the rule rests on, when no document) */
  section: string;
  /** where DOMAIN.md restates it: its "## " heading, then " › " and the part of that section */
  notes: string;
}

const CLOMO = 'clomo-remove-ios-device.ja.txt';
const ZERO_LICENSES = 'replacement-with-zero-mdm-licenses.ja.txt';
const JOSYS = 'josys-mdm-master-sync.ja.txt';
const REMOVING = 'Removing an iOS device from an MDM (clomo-remove-ios-device.ja.txt)';
const REPLACING = 'Replacement of a broken or lost iPhone when free MDM licenses are zero (replacement-with-zero-mdm-licenses.ja.txt)';
const SYNC = 'Ledger master sync from MDM (josys-mdm-master-sync.ja.txt)';
const WARNINGS = 'Warnings the bot must raise, in the thread, before acting';

/** Every section a rule cites, named once. */
export const SOURCES = {
  clomoDecisionTable: { document: CLOMO, section: '1:必要な操作を確認する', notes: `${REMOVING} › Decision table` },
  clomoDeletingRecord: { document: CLOMO, section: '4:デバイス情報を削除する', notes: `${REMOVING} › Deleting the device record` },
  clomoDeletingGreyedRecord: {
    document: CLOMO,
    section: '4-2:取消線(グレーアウト)表示のデバイス情報を削除する',
    notes: `${REMOVING} › Deletion can be refused`,
  },
  clomoAdeUnassign: { document: CLOMO, section: '5:ADE の割り当てを解除する', notes: `${REMOVING} › For ADE devices` },
  clomoWipe: { document: CLOMO, section: '2-2:CLOMO PANEL から [ デバイスの初期化 ] コマンドを実行する', notes: `${REMOVING} › Wipe, two ways` },
  clomoNoWipe: { document: CLOMO, section: '3:デバイスの初期化を実施しない場合', notes: `${REMOVING} › Decision table (no wipe)` },
  zeroLicensesDepUnassign: { document: ZERO_LICENSES, section: 'iPhoneのMDM解除と初期化の関係性', notes: `${REPLACING} › Fact 5` },
  appleActivationLock: {
    document: null,
    section: "Apple's Activation Lock (Find My): a wipe keeps it, only the Apple Account or the MDM's bypass code removes it",
    notes: WARNINGS,
  },
  zeroLicensesAbm: { document: ZERO_LICENSES, section: 'MDMライセンス数0の場合のABMについて', notes: `${REPLACING} › Facts 1–3` },
  zeroLicensesDeleteWithoutWipe: { document: ZERO_LICENSES, section: 'iPhoneのMDM解除と初期化の関係性', notes: `${REPLACING} › Fact 4` },
  zeroLicensesAndroid: { document: ZERO_LICENSES, section: 'MDM製品による違いと注意点', notes: `${REPLACING} › Fact 4` },
  josysFields: { document: JOSYS, section: '連携される項目', notes: `${SYNC} › Field rules (user = primary user, MDM wins)` },
  josysMatching: { document: JOSYS, section: 'デバイス情報の同期・更新手順', notes: `${SYNC} › Matching (not found → a new ledger device)` },
  vendorNotes: { document: null, section: "the MDM adapter's own list (MdmPort.destructiveNotes)", notes: WARNINGS },
  botLedgerCheck: { document: null, section: 'the ledger and the MDMs describe the same devices', notes: WARNINGS },
} as const satisfies Record<string, SourceRef>;
