// Messages for "mdm" in English. Keys are "mdm.…"; {name} is a placeholder.
export default {
} satisfies Record<string, string>;
