// Messages for "sync" in English. Keys are "sync.…"; {name} is a placeholder.
export default {
} satisfies Record<string, string>;
