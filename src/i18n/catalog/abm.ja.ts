// Messages for "abm" in Japanese. Keys are "abm.…"; {name} is a placeholder.
export default {
} satisfies Record<string, string>;
