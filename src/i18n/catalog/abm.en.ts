// Messages for "abm" in English. Keys are "abm.…"; {name} is a placeholder.
export default {
} satisfies Record<string, string>;
