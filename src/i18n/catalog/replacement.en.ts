// Messages for "replacement" in English. Keys are "replacement.…"; {name} is a placeholder.
export default {
} satisfies Record<string, string>;
