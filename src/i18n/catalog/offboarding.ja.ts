// Messages for "offboarding" in Japanese. Keys are "offboarding.…"; {name} is a placeholder.
export default {
} satisfies Record<string, string>;
