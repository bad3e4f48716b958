// Messages for "core" in English. Keys are "core.…"; {name} is a placeholder.
export default {} satisfies Record<string, string>;
