// When an old device's MDM license counts as released for the new device (replacement-with-zero-mdm-licenses.ja.txt,
// "iPhoneのMDM解除と初期化の関係性"; clomo-remove-ios-device.ja.txt, 4-1): its record is gone from the MDM and a
// seat is free. Never "the free count went up": at some vendors a greyed-out record already frees its seat
// before it is deleted, and a step restarted after its delete measures a baseline that already includes the
// freed seat — both would wait for a rise that never comes (issue 13, items 9 and 21).

/** The record is gone and the new device can take a seat (`freeNow` null: the vendor does not count seats). */
export function licenseReleased(recordGone: boolean, freeNow: number | null): boolean {
  return recordGone && (freeNow === null || freeNow > 0);
}
