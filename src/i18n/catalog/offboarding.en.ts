// Messages for "offboarding" in English. Keys are "offboarding.…"; {name} is a placeholder.
export default {
} satisfies Record<string, string>;
