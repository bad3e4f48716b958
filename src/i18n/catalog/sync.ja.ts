// Messages for "sync" in Japanese. Keys are "sync.…"; {name} is a placeholder.
export default {
} satisfies Record<string, string>;
