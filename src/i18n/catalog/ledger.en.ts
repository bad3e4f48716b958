// Messages for "ledger" in English. Keys are "ledger.…"; {name} is a placeholder.
export default {
} satisfies Record<string, string>;
