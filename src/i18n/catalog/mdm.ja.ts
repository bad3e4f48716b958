// Messages for "mdm" in Japanese. Keys are "mdm.…"; {name} is a placeholder.
export default {
} satisfies Record<string, string>;
