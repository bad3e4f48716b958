// Messages for "replacement" in Japanese. Keys are "replacement.…"; {name} is a placeholder.
export default {
} satisfies Record<string, string>;
