// Messages for "ledger" in Japanese. Keys are "ledger.…"; {name} is a placeholder.
export default {
} satisfies Record<string, string>;
